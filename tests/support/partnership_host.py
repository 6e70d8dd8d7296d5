"""A bare app hosting one partnership panel, as the real app pushes it; shared by the panel tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.app import App

from bb_tui.core.framework import Framework, load_framework
from bb_tui.core.partnership import FILE_NAME, load_partnership
from tests.support.piloting import workers_done

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "sessions" / "demo"
BROKEN = REPO / "tests" / "data" / "partnership" / "broken"
FW = load_framework()


@dataclass(frozen=True)
class Context:
    """Stands in for actions.ScreenContext: what a registered screen is given."""

    framework: Framework
    sessions_dir: Path
    session_path: Path | None = None
    ascii: bool = False
    anonymous: bool = False


class PanelHost(App):
    """A bare app showing one panel, as the real app pushes it."""

    def __init__(self, screen_class, folder: Path, **kwargs) -> None:
        super().__init__()
        self.cursor_blink = False  # as the real app in tests: stable snapshots
        self.panel = screen_class(Context(FW, folder, **kwargs))

    def on_mount(self) -> None:
        self.push_screen(self.panel)


def saved(folder: Path):
    return load_partnership(folder / FILE_NAME, FW)


async def settle(pilot) -> None:
    await workers_done(pilot.app)
    await pilot.pause()
