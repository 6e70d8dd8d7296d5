"""The bar at the top of the session screens: who, progress, and whether it is saved; a second
line when another window has the session open too (the app's `window_note`)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.message import Message
from textual.widget import Widget

from bb_tui.core.editing import OpenSession
from bb_tui.render.fit import cut_words
from bb_tui.tui.glyphs import marks


class SessionBar(Widget):
    """Participant and progress on the left, save state on the right; repaints only on change."""

    class Noted(Message):
        """The second line came or went: a screen that fits its parts to the height re-fits."""

    def __init__(self, open_session: OpenSession, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.open_session = open_session
        self._shown: tuple[object, ...] | None = None

    def on_mount(self) -> None:
        self.sync()

    def save_state(self) -> tuple[str, bool]:
        """What to say about saving, and whether it is a problem; quiet when all is well."""
        current = self.open_session
        report = current.saver.last_report if current.saver is not None else None
        if current.read_only:
            return "read-only", True
        if getattr(self.app, "saving_to_leave", False):  # the app saves before closing it
            return f"saving{marks().more}", False
        if report is not None and report.conflict:  # the second line names the copy
            return "! saving to a conflict copy", True
        if report is not None and not report.ok:
            return "! NOT SAVED – retrying", True
        return f"{marks().saved} autosave", False

    def note(self) -> str:
        """The second line, fitted to the width ("" for none)."""
        note = getattr(self.app, "window_note", None)
        if note is None or getattr(self.app, "current", None) is not self.open_session:
            return ""
        return str(note(max(self.size.width, 40)))

    def sync(self) -> None:
        """Repaint only when progress or save state changed: every byte crosses the SSH link."""
        key = (
            self.open_session.session.progress(self.open_session.framework),
            self.save_state(),
            self.note(),
        )
        if key != self._shown:
            self._shown = key
            self.set_class(key[1][1], "-problem")
            if self.has_class("-noted") != bool(key[2]):
                self.set_class(bool(key[2]), "-noted")
                self.post_message(self.Noted())
            self.refresh(layout=True)

    def render(self) -> Text:
        session = self.open_session.session
        framework = self.open_session.framework
        enablers, indicators = session.progress(framework)
        state = Text(self.save_state()[0])
        left = Text(session.participant.name, style="bold")
        left.append(
            f"  {enablers}/{len(framework.enablers)} enablers"
            f" · {indicators}/{len(framework.indicators)} indicators"
        )
        width = self.size.width
        room = width - state.cell_len - 1
        if left.cell_len > room:
            left.truncate(max(room, 0), overflow="ellipsis")
        left.append(" " * max(width - left.cell_len - state.cell_len, 1))
        left.append_text(state)
        note = self.note()
        if note:  # fitted to the width (render/notices.py); a very long file name is cut
            left.append("\n" + cut_words(note, width), style="italic")
        return left
