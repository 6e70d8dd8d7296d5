"""Text editors for evidence, reflections and the partnership's notes, built one way.

Every editor stops adding text at the limit a file may hold in one field (MAX_TEXT_CHARS), so
whatever is typed can be saved and read again; a file holding more is refused when it is read.
An editor knows the text its screen last handed on to be saved (`handed`), so a save taken in
from another window replaces only text that is already the session's, never fresh typing.
"""

from __future__ import annotations

import time
from typing import Any

from textual.widgets import TextArea
from textual.widgets.text_area import Edit, EditResult

from bb_tui.render.plain import note_cap
from bb_tui.storage.tomlio import MAX_TEXT_CHARS


class CappedTextArea(TextArea):
    """A TextArea that stops adding typed or pasted text at `cap` characters, with a message."""

    def __init__(self, text: str = "", *, cap: int = MAX_TEXT_CHARS, **kwargs: Any) -> None:
        super().__init__(text, **kwargs)
        self.cap = cap
        self._warned = 0.0
        self.handed = text  # the text last handed on to be saved (set by the screen) or shown

    @property
    def typing(self) -> bool:
        """Text typed here that the screen has not handed on yet (its Changed is on its way)."""
        return self.text != self.handed

    def show_saved(self, text: str) -> None:
        """Show `text`, read from the file (another window's save), keeping the cursor where it
        was, or at the end when it was there. The caller checks `typing` first."""
        if text != self.text.strip():  # as the session keeps it: a trailing space is no change
            at_end = self.cursor_location == self.document.end
            where = self.cursor_location
            with self.prevent(TextArea.Changed):  # the session's own text: nothing to hand on
                self.load_text(text)  # (a Changed handled late would hand on a key typed meanwhile)
            self.move_cursor(self.document.end if at_end else where)  # clamped to the new text
        self.handed = self.text

    def edit(self, edit: Edit) -> EditResult:
        """Every change passes here (TextArea's public edit): an insert is cut to the room left."""
        if edit.text:
            replaced = len(self.get_text_range(edit.from_location, edit.to_location))
            room = self.cap - (len(self.text) - replaced)
            if len(edit.text) > room:
                self._warn()
                if room <= 0:
                    return EditResult(end_location=self.cursor_location, replaced_text="")
                edit.text = edit.text[:room]
        return super().edit(edit)

    def _warn(self) -> None:
        now = time.monotonic()
        if now - self._warned < 3:  # once for a burst of keys, not once per key
            return
        self._warned = now
        self.notify(note_cap(self.cap), severity="warning", timeout=5, markup=False)


def text_area(text: str, *, blink: bool, read_only: bool = False, **kwargs: Any) -> CappedTextArea:
    """A plain-text, soft-wrapping editor: whatever is typed is kept literally, up to the cap."""
    area = CappedTextArea(
        text, soft_wrap=True, read_only=read_only, highlight_cursor_line=False, **kwargs
    )
    area.cursor_blink = blink
    return area
