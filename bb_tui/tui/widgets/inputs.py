"""One-line inputs, built one way (apart from the editors: a form of inputs need not load
TextArea)."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input


def line_input(*, blink: bool, **kwargs: Any) -> Input:
    field = Input(**kwargs)
    field.cursor_blink = blink
    return field
