"""Asked before opening a session file someone else owns (a colleague's, on a shared server)."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding

from bb_tui.storage.textsafe import one_line
from bb_tui.tui.dialogs.in_use import OpenChoiceScreen


class ColleagueScreen(OpenChoiceScreen):
    """Open a colleague's session read-only, open it anyway, or cancel."""

    heading = "A colleague's session"
    HELP_TITLE = "A colleague's session"
    HELP_TEXT = (
        "This session file belongs to another user. Read-only shows it without "
        "changing anything. Open anyway lets you change their scores (the folder "
        "allows it); do so only if they asked you to."
    )
    BINDINGS = [
        Binding(
            "r",
            "choose('read-only')",
            "Read-only",
            id="colleague.read_only",
            tooltip="Open without changing anything",
        ),
        Binding(
            "o",
            "choose('anyway')",
            "Open anyway",
            id="colleague.anyway",
            tooltip="Open and edit a colleague's session",
        ),
        Binding("escape", "choose('')", "Cancel", id="colleague.cancel", tooltip="Do not open it"),
    ]

    def __init__(self, name: str, owner: str) -> None:
        super().__init__()
        self.person, self.owner = one_line(name) or "someone", one_line(owner)

    def message(self) -> Text:
        message = Text(f"This is {self.person}'s session (file owned by {self.owner}).\n\n")
        message.append("Open it read-only to look without changing anything.")
        return message
