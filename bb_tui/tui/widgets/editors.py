"""Text editors for evidence, reflections and the new-session form, built one way."""

from __future__ import annotations

import time

from textual.widgets import Input, TextArea

TEXT_CAP = 20_000  # characters one note can be typed up to; longer text from a file is kept whole


class CappedTextArea(TextArea):
    """A TextArea that stops adding typed or pasted text at `cap` characters, with a message.

    Text already longer (written elsewhere, up to the file size limit) loads and is kept whole:
    it can be read, moved through and shortened, never cut.
    """

    def __init__(self, text: str = "", *, cap: int = TEXT_CAP, **kwargs) -> None:
        super().__init__(text, **kwargs)
        self.cap = cap
        self._warned = 0.0

    def _replace_via_keyboard(self, insert, start, end):
        if self.read_only or not insert:
            return super()._replace_via_keyboard(insert, start, end)
        length = len(self.text) - len(self.get_text_range(start, end))
        room = self.cap - length
        if len(insert) > room:
            self._warn(length)
            if room <= 0:
                return None
            insert = insert[:room]
        return super()._replace_via_keyboard(insert, start, end)

    def _warn(self, length: int) -> None:
        now = time.monotonic()
        if now - self._warned < 3:  # once for a burst of keys, not once per key
            return
        self._warned = now
        if length > self.cap:
            message = (f"This note is {length:,} characters, longer than the {self.cap:,} that "
                       "can be typed: nothing more is added; what is there is kept whole.")
        else:
            message = f"A note holds up to {self.cap:,} typed characters: the rest was not added."
        self.notify(message, severity="warning", timeout=5, markup=False)


def text_area(text: str, *, blink: bool, read_only: bool = False, **kwargs) -> TextArea:
    """A plain-text, soft-wrapping editor: whatever is typed is kept literally, up to TEXT_CAP."""
    area = CappedTextArea(text, soft_wrap=True, read_only=read_only,
                          highlight_cursor_line=False, **kwargs)
    area.cursor_blink = blink
    return area


def line_input(*, blink: bool, **kwargs) -> Input:
    field = Input(**kwargs)
    field.cursor_blink = blink
    return field
