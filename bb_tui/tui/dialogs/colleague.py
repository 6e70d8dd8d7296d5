"""Asked before opening a session file someone else owns (a colleague's, on a shared server)."""

from __future__ import annotations

import os
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from bb_tui.storage.safesave import user_name
from bb_tui.storage.textsafe import one_line
from bb_tui.tui.widgets.keybar import KeyBar


def colleague_owner(path: Path) -> str | None:
    """The user owning the session file (followed through links), or None when it is ours."""
    try:
        uid = os.stat(path).st_uid
    except OSError:
        return None
    return None if uid == os.geteuid() else user_name(uid)


class ColleagueScreen(ModalScreen[str | None]):
    """Open a colleague's session read-only, open it anyway, or cancel."""

    CSS_PATH = "dialogs.tcss"
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

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text("A colleague's session", style="bold"), classes="dialog-title")
            message = Text(f"This is {self.person}'s session (file owned by {self.owner}).\n\n")
            message.append("Open it read-only to look without changing anything.")
            yield Static(message)
            with Horizontal(classes="buttons"):
                yield Button("Read-only (r)", id="read-only", variant="primary")
                yield Button("Open anyway (o)", id="anyway")
                yield Button("Cancel (esc)", id="cancel")
        yield KeyBar(show_command_palette=False)  # this dialog's keys, not the screen's beneath

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_choose("" if event.button.id == "cancel" else event.button.id)

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice or None)
