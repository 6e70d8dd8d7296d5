"""Messages posted to the app from other threads (the autosave writer, the input reader)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from bb_tui.core.autosave import SaveReport


@dataclass
class SaveReported(Message):
    """A save finished (or failed); sent from the autosave thread."""

    report: SaveReport


class InputEnded(Message):
    """Standard input reached its end (not a terminal hang-up, which exits at once)."""


@dataclass
class DocumentSaved(Message, bubble=False):
    """A background save of a partnership document finished (or failed); sent to the panel on top."""

    report: SaveReport
