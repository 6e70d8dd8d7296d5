"""A radio group where moving chooses, as in a browser: the arrow keys select, not only highlight.

Textual's RadioSet moves a highlight with the arrows and needs enter or space to choose, so a
person who arrows to "Operational" and saves still gets the first choice.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import RadioSet

from bb_tui.tui.widgets.marks import MarkedRadioButton


class ChoiceSet(RadioSet):
    """One of `choices` ((value, label) pairs); `value` is the chosen one's value."""

    def __init__(self, choices: Sequence[tuple[str, str]], value: str = "", **kwargs) -> None:
        self.values = [v for v, _ in choices]
        chosen = value if value in self.values else self.values[0]
        super().__init__(
            *(MarkedRadioButton(Text(label), value=v == chosen) for v, label in choices), **kwargs
        )
        self._moving_chooses = False

    def on_mount(self) -> None:
        # RadioSet's own mount handler runs after this one and highlights the first button:
        # only once it has, start on the chosen one and let moving choose.
        self.call_later(self._ready)

    def _ready(self) -> None:
        if self.pressed_index >= 0:
            self._selected = self.pressed_index
        self._moving_chooses = True

    @property
    def value(self) -> str:
        index = self.pressed_index
        return self.values[index] if index >= 0 else ""

    def action_next_button(self) -> None:
        super().action_next_button()
        self._choose_highlighted()

    def action_previous_button(self) -> None:
        super().action_previous_button()
        self._choose_highlighted()

    def _choose_highlighted(self) -> None:
        if self._moving_chooses and self._selected is not None:
            button = self._nodes[self._selected]
            if isinstance(button, MarkedRadioButton) and not button.value:
                button.value = True
