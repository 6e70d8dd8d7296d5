"""Asked when a session is already open in another copy of bb-tui (its in-use lock is held)."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from bb_tui.storage.errors import shown_path
from bb_tui.tui.widgets.keybar import KeyBar


class OpenChoiceScreen(ModalScreen[str | None]):
    """Read-only, open anyway or cancel: the choice before opening a session someone else has.

    Dismissed with "read-only", "anyway" or None. Subclasses give the heading, the message and
    their own BINDINGS (r, o, escape calling `choose`)."""

    CSS_PATH = "dialogs.tcss"
    heading = ""

    def message(self) -> Text:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(self.heading, style="bold"), classes="dialog-title")
            yield Static(self.message())
            with Horizontal(classes="buttons"):
                yield Button("Read-only (r)", id="read-only", variant="primary")
                yield Button("Open anyway (o)", id="anyway")
                yield Button("Cancel (esc)", id="cancel")
        yield KeyBar(show_command_palette=False)  # this dialog's keys, not the screen's beneath

    def on_button_pressed(self, event: Button.Pressed) -> None:
        choice = event.button.id or ""
        self.action_choose("" if choice == "cancel" else choice)

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice or None)


class InUseScreen(OpenChoiceScreen):
    """Open read-only, open anyway (saves stay conflict-safe), or cancel."""

    heading = "This session is already open"
    HELP_TITLE = "A session open twice"
    HELP_TEXT = (
        "Someone (perhaps you, in another window) has this session open. Read-only "
        "shows it without changing it. Open anyway lets you edit too: a save never "
        "overwrites the other copy's changes; if both change it, your version is kept "
        "as a conflict copy beside the file and you are told where."
    )
    BINDINGS = [
        Binding(
            "r",
            "choose('read-only')",
            "Read-only",
            id="inuse.read_only",
            tooltip="Open without changing anything",
        ),
        Binding(
            "o",
            "choose('anyway')",
            "Open anyway",
            id="inuse.anyway",
            tooltip="Open and edit; conflicting saves go to a conflict copy",
        ),
        Binding("escape", "choose('')", "Cancel", id="inuse.cancel", tooltip="Do not open it"),
    ]

    def __init__(self, path: Path, holder: str) -> None:
        super().__init__()
        self.path, self.holder = path, holder

    def message(self) -> Text:
        message = Text(f"{shown_path(self.path.name)} is open in {self.holder}.\n\n")
        message.append(
            "If that is you in another window, close it there. Opening it here "
            "too is safe: a save never overwrites the other copy's changes; if "
            "both change it, this copy's version is kept as a conflict copy "
            "beside the file."
        )
        return message
