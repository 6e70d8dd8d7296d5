"""The folder's archived sessions: one chosen is brought back into the sessions folder."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from bb_tui.storage.archive import ARCHIVE, archived, restore_session
from bb_tui.storage.errors import BBError, shown_path
from bb_tui.tui.widgets.keybar import KeyBar


class ArchivedScreen(ModalScreen[Path | None]):
    """Choose an archived session to bring back; dismissed with its new path, or None."""

    CSS_PATH = "dialogs.tcss"
    HELP_TITLE = "Archived sessions"
    HELP_TEXT = (
        "Sessions archived from the list are kept in the folder's archive/ folder, never "
        "deleted, and left out of every merge. Choose one and press enter to bring it back "
        "into the list (only its owner can). A name already taken gets a number."
    )
    BINDINGS = [
        Binding("escape", "cancel", "Close", id="archived.cancel", tooltip="Bring nothing back"),
    ]

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def compose(self) -> ComposeResult:
        names = archived(self.folder)
        with Vertical(id="dialog"):
            yield Static(Text("Archived sessions", style="bold"), classes="dialog-title")
            if names:
                yield Static(
                    Text(f"In {shown_path(self.folder / ARCHIVE)} · enter brings one back")
                )
                yield OptionList(*(Option(Text(shown_path(n)), id=n) for n in names), id="archived")
            else:
                yield Static(Text(f"Nothing archived in {shown_path(self.folder)}."))
            yield Static(id="error", classes="error")
        yield KeyBar(show_command_palette=False)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        try:
            path = restore_session(self.folder, str(event.option.id))
        except BBError as exc:
            self.query_one("#error", Static).update(Text(exc.line()))
            return
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)
