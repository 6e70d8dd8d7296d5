"""One-purpose Statics: a line that repaints only when its text changes, and a status line of
parts that goes on to a second line between parts, never mid-word."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Static

from bb_tui.render.fit import flow


class Line(Static):
    """Each repaint crosses a possibly slow SSH link, so an unchanged text is not sent again."""

    def __init__(self, text: Text | None = None, **kwargs: Any) -> None:
        super().__init__(text or Text(), **kwargs)
        self._shown = _key(text) if text is not None else None

    def show(self, text: Text) -> None:
        if _key(text) != self._shown:
            self._shown = _key(text)
            height = self.styles.height
            one_line = height is not None and height.is_cells and height.value == 1
            self.update(text, layout=not one_line)  # a fixed line: repaint, no layout pass


def _key(text: Text) -> tuple[object, ...]:
    return (text.plain, tuple(text.spans), str(text.style), text.no_wrap)


class PartsLine(Static):
    """A status line of parts joined by " · ", on a second line (between parts) when too wide."""

    DEFAULT_CSS = "PartsLine { height: auto; }"
    SEPARATOR = " · "

    def __init__(self, parts: list[Text | str] | None = None, **kwargs: Any) -> None:
        super().__init__(markup=False, **kwargs)
        self._parts = [part if isinstance(part, Text) else Text(part) for part in parts or ()]
        self._lines = 0  # lines drawn: a layout pass only when that changes

    def show_parts(self, parts: list[Text | str]) -> None:
        self._parts = [part if isinstance(part, Text) else Text(part) for part in parts]
        if self.is_mounted:
            self._draw()

    def on_mount(self) -> None:
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        width = self.content_region.width or self.app.size.width - 2
        text = Text()
        lines = flow([p.plain for p in self._parts], width, self.SEPARATOR)
        for n, line in enumerate(lines):
            if n:
                text.append("\n")
            text.append(Text(self.SEPARATOR).join(self._parts[i] for i in line))
        self.update(text, layout=len(lines) != self._lines)
        self._lines = len(lines)
