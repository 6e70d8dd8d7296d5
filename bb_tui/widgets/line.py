"""A one-purpose Static that repaints only when its text really changes."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class Line(Static):
    """Each repaint crosses a possibly slow SSH link, so an unchanged text is not sent again."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._shown: tuple | None = None

    def show(self, text: Text) -> None:
        key = (text.plain, tuple(text.spans), str(text.style))
        if key != self._shown:
            self._shown = key
            self.update(text)
