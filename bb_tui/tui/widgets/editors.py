"""Text editors for evidence, reflections and the partnership's notes, built one way.

Every editor stops adding text at the limit a file may hold in one field (MAX_TEXT_CHARS), so
whatever is typed can be saved and read again; a file holding more is refused when it is read.
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
