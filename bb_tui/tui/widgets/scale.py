"""The five level descriptors beside keys 1-5, plus "skip", with the current choice marked."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from bb_tui.core.framework import Scale
from bb_tui.core.session import SKIPPED
from bb_tui.tui.glyphs import marks

SKIP_KEY = 0


class LevelRow(Static):
    """One choice; when chosen it is marked "▶ [4]" and reversed, not only coloured."""

    chosen: reactive[bool] = reactive(False, layout=False)

    class Picked(Message):
        def __init__(self, value: int) -> None:
            super().__init__()
            self.value = value

    def __init__(self, value: int, label: str, chosen_label: str) -> None:
        super().__init__(classes="level-row")
        self.value, self.label, self.chosen_label = value, label, chosen_label

    def render(self) -> Text:
        if self.chosen:  # reverse video drawn here: no restyle, no layout, one line repainted
            text = Text.assemble(
                f"{marks().chosen} ",
                f"[{self.value}]",
                " ",
                self.chosen_label,
                style="reverse bold",
                end="",
            )
            text.pad_right(max(self.content_size.width - text.cell_len, 0))
            return text
        return Text.assemble(f"   {self.value}  ", self.label)

    def on_click(self) -> None:
        self.post_message(self.Picked(self.value))


class ScalePicker(Widget):
    """Rows for 1..5 and 0 (skip); `state` is the score, "skipped" or None."""

    def __init__(self, scale: Scale, state: int | str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scale = scale
        self.state = state

    def compose(self) -> ComposeResult:
        chosen = SKIP_KEY if self.state == SKIPPED else self.state
        for level in self.scale.levels:
            row = LevelRow(level.score, level.descriptor, level.descriptor)
            row.set_reactive(LevelRow.chosen, level.score == chosen)
            yield row
        row = LevelRow(
            SKIP_KEY,
            "Skip: I have no knowledge or experience of this area",
            "Skipped: no knowledge or experience of this area",
        )
        row.set_reactive(LevelRow.chosen, chosen == SKIP_KEY)
        yield row

    def show(self, state: int | str | None) -> None:
        self.state = state
        chosen = SKIP_KEY if state == SKIPPED else state
        for row in self.query(LevelRow):
            row.chosen = row.value == chosen
