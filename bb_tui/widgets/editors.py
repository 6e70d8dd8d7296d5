"""Text editors for evidence, reflections and the new-session form, built one way."""

from __future__ import annotations

from textual.widgets import Input, TextArea


def text_area(text: str, *, blink: bool, read_only: bool = False, **kwargs) -> TextArea:
    """A plain-text, soft-wrapping editor: whatever is typed is kept literally."""
    area = TextArea(text, soft_wrap=True, read_only=read_only, highlight_cursor_line=False,
                    **kwargs)
    area.cursor_blink = blink
    return area


def line_input(*, blink: bool, **kwargs) -> Input:
    field = Input(**kwargs)
    field.cursor_blink = blink
    return field
