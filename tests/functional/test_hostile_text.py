"""Names, notes and lock holders from files are shown exactly as written, on every screen."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import tomli_w

from bb_tui.tui.dialogs.in_use import InUseScreen
from bb_tui.tui.screens.participant.dig_deeper import IndicatorScreen
from bb_tui.tui.screens.participant.enabler import EnablerScreen
from bb_tui.tui.screens.participant.evidence import EvidenceScreen
from bb_tui.tui.screens.participant.overview import OverviewScreen
from bb_tui.tui.screens.participant.reflections import ReflectionsScreen
from bb_tui.tui.screens.participant.start import StartScreen
from tests.support.piloting import notifications, run_test, screen_text, wait_until

NAME = "[/b]Ann[TODO]\\[/"
ORGANISATION = "[@click=app.quit]x \\n [b]"
EVIDENCE = "[/] close [red]red[/red] \\ [link=x]y[/link]"
REFLECTION = "[bold]not bold[/bold] [@click=app.quit]x"
HOLDER = "[@click=app.quit]q [/b] someone"
ODD_KEY = "[b]odd"


def write_hostile(folder: Path) -> Path:
    path = folder / "hostile.toml"
    path.write_text(
        tomli_w.dumps(
            {
                "format": "bb-session",
                "format_version": 1,
                "framework": "beyond-boundaries-london-2022",
                ODD_KEY: "kept",
                "participant": {"name": NAME, "organisation": ORGANISATION, "level": "strategic"},
                "scores": {"leadership": 2},
                "evidence": {"leadership": EVIDENCE},
                "reflections": {"purpose-priorities": REFLECTION},
            }
        ),
        "utf-8",
    )
    return path


def hold_with_hostile_holder(path: Path) -> int:
    """Take the in-use lock as another bb-tui would, with a hostile description."""
    fd = os.open(path.parent / f".{path.name}.inuse", os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    os.ftruncate(fd, 0)
    os.write(fd, HOLDER.encode())
    return fd


async def test_hostile_text_is_literal_on_every_screen(demo_dir, make_app):
    path = write_hostile(demo_dir)
    lock_fd = hold_with_hostile_holder(path)
    app = make_app(Path("demo"))
    try:
        async with run_test(app, size=(120, 40)) as pilot:
            assert isinstance(app.screen, StartScreen)
            text = screen_text(app)
            assert NAME in text and ORGANISATION in text

            app.open_session(path)
            await pilot.pause()
            assert isinstance(app.screen, InUseScreen)
            assert HOLDER in screen_text(app)
            await pilot.press("o")  # open anyway
            assert await wait_until(pilot, lambda: isinstance(app.screen, OverviewScreen))
            assert NAME in screen_text(app)
            assert any(ODD_KEY in n for n in notifications(app))  # the unknown-key warning

            await pilot.press("enter", "p")  # the first unscored enabler, then back to the first
            assert isinstance(app.screen, EnablerScreen)
            text = screen_text(app)
            assert NAME in text and EVIDENCE in text

            await pilot.press("d")
            assert isinstance(app.screen, IndicatorScreen)
            assert NAME in screen_text(app)
            await pilot.press("escape", "e")
            assert isinstance(app.screen, EvidenceScreen)
            text = screen_text(app)
            assert NAME in text and EVIDENCE in text

            await pilot.press("escape", "escape", "r")
            assert isinstance(app.screen, ReflectionsScreen)
            text = screen_text(app)
            assert NAME in text and REFLECTION in text

            await pilot.press("escape", "escape")
            assert isinstance(app.screen, StartScreen)
            assert app.is_running  # no [@click=app.quit] was ever acted on
    finally:
        os.close(lock_fd)
