"""A one-purpose Static that repaints only when its text really changes."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class Line(Static):
    """Each repaint crosses a possibly slow SSH link, so an unchanged text is not sent again."""

    def __init__(self, text: Text | None = None, **kwargs) -> None:
        super().__init__(text or Text(), **kwargs)
        self._shown = _key(text) if text is not None else None

    def show(self, text: Text) -> None:
        if _key(text) != self._shown:
            self._shown = _key(text)
            height = self.styles.height
            one_line = height is not None and height.is_cells and height.value == 1
            self.update(text, layout=not one_line)  # a fixed line: repaint, no layout pass


def _key(text: Text) -> tuple:
    return (text.plain, tuple(text.spans), str(text.style), text.no_wrap)
