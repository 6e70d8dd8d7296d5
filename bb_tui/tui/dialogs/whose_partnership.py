"""Asked once a run, on first use, when the folder's partnership.toml is someone else's."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from bb_tui.core.partnership import (
    FILE_NAME,
    IGNORE,
    MINE,
    USE,
    PartnershipChoice,
    own_file_name,
)
from bb_tui.storage.textsafe import clean_text
from bb_tui.tui.widgets.keybar import KeyBar


class WhosePartnershipScreen(ModalScreen[str]):
    """Use someone else's partnership.toml (u), ignore it (i, esc), or keep one's own (k)."""

    CSS_PATH = "dialogs.tcss"
    AUTO_FOCUS = "#ignore"  # enter takes the safe choice
    HELP_TITLE = "Whose partnership file?"
    HELP_TEXT = (
        "The partnership file is the facilitator's. Anyone in the group can put a file named "
        "partnership.toml in the sessions folder, so one that is not yours (nor the folder "
        "owner's) is not used until you say so. bb-tui check-folder names it and how to "
        "remove it."
    )
    BINDINGS = [
        Binding(
            "u",
            f"choose('{USE}')",
            "Use it",
            id="whose_partnership.use",
            tooltip="Show its decisions; your changes are saved in your own file beside it",
        ),
        Binding(
            "i,escape",
            f"choose('{IGNORE}')",
            "Ignore it",
            id="whose_partnership.ignore",
            tooltip="Show no partnership decisions this run; nothing is saved",
        ),
        Binding(
            "k",
            f"choose('{MINE}')",
            "Keep mine",
            id="whose_partnership.mine",
            tooltip="Start your own partnership file beside it, used from now on",
        ),
    ]

    def __init__(self, choice: PartnershipChoice) -> None:
        super().__init__()
        self.choice = choice

    def compose(self) -> ComposeResult:
        who, own = clean_text(self.choice.foreign or "someone"), own_file_name()
        with Vertical(id="dialog"):
            yield Static(Text("Whose partnership file?", style="bold"), classes="dialog-title")
            yield Static(
                Text(
                    f"{FILE_NAME} in this folder is {who}'s, "
                    f"{clean_text(self.choice.not_whose)}. Anyone in the group can put a file "
                    "there, so it may not hold what the partnership agreed.\n"
                )
            )
            for key, head, rest in (
                ("u", "Use it", f"show {who}'s decisions; your changes go to {own}"),
                ("i", "Ignore it", "show none this time; nothing is saved"),
                ("k", "Keep mine", f"your own {own} beside it, used from now on"),
            ):
                yield Static(Text.assemble((f"{key}  {head}: ", "bold"), rest))
            yield Static(
                Text("\nAsked once a run. bb-tui check-folder says how to remove it."),
                classes="hint",
            )
            with Horizontal(classes="buttons"):
                yield Button("Use it (u)", id=USE)
                yield Button("Ignore (i)", id=IGNORE, variant="primary")
                yield Button("Keep mine (k)", id=MINE)
        yield KeyBar(show_command_palette=False)  # this dialog's keys, not the screen's beneath

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_choose(event.button.id or IGNORE)

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)
