"""The add-path field (o): another folder or session file to merge, and the paths merged so far."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from textual import on
from textual.message import Message
from textual.widgets import Input


@dataclass
class Sources:
    """The folders and files merged, the sessions folder first."""

    paths: list[Path] = field(default_factory=list)

    def check(self, raw: str) -> tuple[Path | None, str]:
        """The path typed, expanded, or an error line naming it."""
        path = Path(raw).expanduser()
        if not path.exists():
            return None, f"{raw}: no such file or folder"
        return path, ""


class AddPathField(Input):
    """Hidden until opened; Enter checks the path and posts Closed, with the path when it is new."""

    class Closed(Message):
        """The field closed: `path` was added to the sources, or None (empty, missing, cancelled)."""

        def __init__(self, path: Path | None) -> None:
            super().__init__()
            self.path = path

    def __init__(self, sources: Sources, *, id: str | None = None) -> None:
        super().__init__(
            placeholder="A folder or session file to add, then Enter (Escape cancels)", id=id
        )
        self.sources = sources
        self.display = False

    def open(self) -> None:
        self.display = True
        self.value = ""
        self.focus()

    def close(self, path: Path | None = None) -> None:
        self.display = False
        self.post_message(self.Closed(path))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        raw = event.value.strip()
        if not raw:
            self.close()
            return
        path, error = self.sources.check(raw)
        if path is None:
            self.close()
            self.notify(error, severity="error", markup=False)
            return
        self.sources.paths.append(path)
        self.close(path)
        self.notify(f"Adding {raw}...", markup=False)
