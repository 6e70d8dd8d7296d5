"""A checkbox whose mark shows its state without colour (NO_COLOR, 16 colours, screen readers).

Textual draws the same inner character for on and off and tells them apart by colour alone.
"""

from __future__ import annotations

from textual.widgets import Checkbox


class MarkedCheckbox(Checkbox):
    """A checkbox showing X when on and a blank when off."""

    BUTTON_INNER = " "  # off; Textual's public class attribute, set per box as it changes

    def watch_value(self) -> None:
        self.BUTTON_INNER = "X" if self.value else " "
        super().watch_value()
