"""One choice of a few, where moving chooses, as in a browser: the arrow keys select.

One focusable widget that draws its choices itself (a RadioSet of RadioButtons was 11 widgets
for a profile form, restyled several times each as a dialog opened: ~100 ms of its key).
Looks like Textual's radio buttons: "▐●▌ Label", the mark (`marks().radio`) shows the chosen one
without colour, and the chosen label is highlighted like a cursor.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from bb_tui.tui.glyphs import marks


class ChoiceSet(Widget, can_focus=True):
    """One of `choices` ((value, label) pairs); `value` is the chosen one's value.

    `columns` choices a line (None: all on one line), each column an equal share of the width.
    """

    DEFAULT_CSS = """
    ChoiceSet {
        border: tall $border-blurred;
        background: $surface;
        padding: 0 1;
        height: auto;
        width: 1fr;
        pointer: pointer;
        text-wrap: nowrap;
        &.-textual-compact {
            border: none !important;
            padding: 0;
        }
        &:focus {
            border: tall $border;
            background-tint: $foreground 5%;
        }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,right", "move(1)", "Next choice", show=False),
        Binding("up,left", "move(-1)", "Previous choice", show=False),
        Binding("enter,space", "move(0)", "Choose", show=False),  # already chosen: kept
    ]

    compact: reactive[bool] = reactive(False, toggle_class="-textual-compact")

    class Changed(Message):
        """Another choice was made (keys or mouse); `value` is its value."""

        def __init__(self, choice_set: ChoiceSet, value: str, index: int) -> None:
            super().__init__()
            self.choice_set = choice_set
            self.value = value
            self.index = index

        @property
        def control(self) -> ChoiceSet:
            return self.choice_set

    def __init__(
        self,
        choices: Sequence[tuple[str, str]],
        value: str = "",
        *,
        columns: int | None = None,
        compact: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.values = [v for v, _ in choices]
        self.labels = [Text(label) for _, label in choices]  # untrusted: never markup
        self.columns = max(1, columns or len(self.values))
        self._index = self.values.index(value) if value in self.values else 0
        self._hover: int | None = None
        self.compact = compact

    @property
    def value(self) -> str:
        return self.values[self._index]

    @value.setter
    def value(self, value: str) -> None:
        if value in self.values:
            self._choose(self.values.index(value))

    def _choose(self, index: int) -> None:
        if index != self._index:
            self._index = index
            self.refresh()
            self.post_message(self.Changed(self, self.value, index))

    def action_move(self, step: int) -> None:
        self._choose((self._index + step) % len(self.values))

    # ------------------------------------------------------------------ layout

    def _cells(self, width: int) -> list[tuple[int, int]]:
        """(x, width) of each column: equal shares of `width`, as 1fr columns."""
        n = self.columns
        edges = [width * i // n for i in range(n + 1)]
        return [(edges[i], edges[i + 1] - edges[i]) for i in range(n)]

    def _at(self, x: int, y: int) -> int | None:
        for column, (left, width) in enumerate(self._cells(self.content_size.width)):
            if left <= x < left + width:
                index = y * self.columns + column
                return index if 0 <= index < len(self.values) else None
        return None

    def get_content_width(self, container: Size, viewport: Size) -> int:
        widest = max(label.cell_len for label in self.labels) + 5
        return widest * min(self.columns, len(self.values))

    @property
    def rows(self) -> int:
        return -(-len(self.values) // self.columns)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self.rows

    # ------------------------------------------------------------------ drawing

    def _styles(self) -> tuple[Style, Style, Style, Style]:
        """The mark's box off and on, the chosen label, a hovered label: from the theme, as
        Textual's radio buttons take them (no component classes: each is one more node to
        style, several times, as a dialog opens)."""
        theme = self.app.theme_variables
        base = self.background_colors[1]

        def colour(name: str) -> Color:
            return base + Color.parse(theme[name])

        panel = colour("panel")
        button = Style(color=colour("panel-darken-2").rich_color, bgcolor=panel.rich_color)
        chosen = Style(color=colour("text-success").rich_color, bgcolor=panel.rich_color)
        if self.has_focus:
            back = colour("block-cursor-background")
            cursor = Style.parse(theme.get("block-cursor-text-style", "bold")) + Style(
                color=back.get_contrast_text(0.87).rich_color, bgcolor=back.rich_color
            )
        else:
            cursor = Style(bgcolor=colour("block-cursor-blurred-background").rich_color)
        hover = Style(bgcolor=colour("block-hover-background").rich_color)
        return button, chosen, cursor, hover

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def render(self) -> Text:
        button, chosen, cursor, hover = self._styles()
        radio = marks().radio
        cells = self._cells(self.content_size.width)
        lines = []
        for row in range(self.rows):
            line = Text(no_wrap=True, end="")
            for column, (_, width) in enumerate(cells):
                index = row * self.columns + column
                if index >= len(self.values):
                    break
                on = index == self._index
                inner = chosen if on else button
                side = Style(color=inner.bgcolor)
                cell = Text.assemble(
                    ("▐", side), (radio if on else " ", inner), ("▌", side), no_wrap=True
                )
                label = Text(" ", end="") + self.labels[index] + Text(" ")
                if on:
                    label.stylize(cursor)
                elif index == self._hover:
                    label.stylize(hover)
                cell.append_text(label)
                cell.truncate(width, overflow="ellipsis", pad=True)
                line.append_text(cell)
            lines.append(line)
        return Text("\n", no_wrap=True).join(lines)

    # ------------------------------------------------------------------ mouse

    def on_click(self, event: events.Click) -> None:
        self.focus()
        offset = event.get_content_offset(self)
        if offset is not None:
            index = self._at(offset.x, offset.y)
            if index is not None:
                self._choose(index)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        offset = event.get_content_offset(self)
        hover = self._at(offset.x, offset.y) if offset is not None else None
        if hover != self._hover:
            self._hover = hover
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()
