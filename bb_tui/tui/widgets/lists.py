"""An OptionList that also moves with j/k, for the lists of sessions, enablers and indicators."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList


class KeyList(OptionList):
    """OptionList plus vim-style j/k, with enter shown in the Footer as "Open"."""

    BINDINGS = [
        Binding("enter", "select", "Open", id="list.open", tooltip="Open the highlighted item"),
        Binding("j", "cursor_down", "Down", show=False, id="list.down", tooltip="Next item"),
        Binding("k", "cursor_up", "Up", show=False, id="list.up", tooltip="Previous item"),
    ]


class PlainKeyList(KeyList):
    """A KeyList whose enter does nothing worth showing."""

    BINDINGS = [Binding("enter", "select", "", show=False, id="list.select")]
