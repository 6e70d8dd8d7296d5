"""Whose file counts for a person claimed by session files of more than one account (Group results, c).

The choice is saved in the folder's partnership file ([[same_person]], docs/merging.md).
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from bb_tui.core.stats import ClaimNote
from bb_tui.render import words
from bb_tui.tui.widgets.keybar import KeyBar


class ClaimScreen(ModalScreen[str | None]):
    """One button per account that claims the person; the one chosen is dismissed with."""

    CSS_PATH = "dialogs.tcss"
    HELP_TITLE = "Whose file counts"
    HELP_TEXT = (
        "Files of more than one account name this person, so none of them counts. Choose the "
        "account whose file is really theirs: it is saved in the folder's partnership file and "
        "every merge, report and export of the folder uses it."
    )
    BINDINGS = [
        *(
            Binding(str(n), f"choose({n - 1})", show=False, id=f"claim.account_{n}")
            for n in range(1, 10)
        ),
        Binding("escape", "choose(-1)", "Cancel", id="claim.cancel", tooltip="Choose nothing"),
    ]

    def __init__(self, claim: ClaimNote) -> None:
        super().__init__()
        self.claim = claim

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(words.claim_line(self.claim), style="bold"), classes="dialog-title")
            yield Static(Text("Whose file counts for them?"))
            for n, (file, account) in enumerate(self.claim.files[:9], start=1):
                label = f"{n}  {account}'s file: {Path(file).name}"
                yield Button(Text(label), id=f"account-{n - 1}")  # plain text, never markup
        yield KeyBar(show_command_palette=False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_choose(int((event.button.id or "-1").rsplit("-", 1)[-1]))

    def action_choose(self, index: int) -> None:
        files = self.claim.files
        self.dismiss(files[index][1] if 0 <= index < min(len(files), 9) else None)
