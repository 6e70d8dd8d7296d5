"""Help for the current screen (F1 or ?): what it is for, and every key that works on it."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from bb_tui.tui.scoring_app import ScoringApp
from bb_tui.tui.widgets.keybar import KeyBar


def screen_help(screen: Screen[Any]) -> str:
    """A screen's own guide: its help_text() method, else its HELP_TEXT."""
    method = getattr(screen, "help_text", None)
    return method() if callable(method) else getattr(screen, "HELP_TEXT", "")


def key_table(screen: Screen[Any]) -> Table:
    """The screen's keys then the app-wide ones, keys of one action grouped ("0 / s")."""
    app = screen.app
    assert isinstance(app, ScoringApp)  # help is one of bb-tui's app-wide actions
    scale = app.framework.scale
    rows: dict[str, tuple[list[str], str]] = {}
    for binding in Binding.make_bindings(getattr(screen, "BINDINGS", [])):
        if not binding.description:
            continue
        if binding.action.startswith("score("):
            low, high = max(scale.min, 1), min(scale.max, 9)
            rows["Score"] = (
                [f"{low}-{high}"],
                f"Your score from {low} to {high}, against the "
                "level descriptors shown beside the keys",
            )
            continue
        keys, tip = rows.setdefault(binding.description, ([], binding.tooltip or ""))
        display = app.get_key_display(Binding(binding.key, ""))
        if display not in keys:
            keys.append(display)
    listed = {key for keys, _ in rows.values() for key in keys}
    for action in app.ACTIONS:  # the app-wide actions of this app's role
        if action.keys:
            keys = [app.get_key_display(Binding(k, "")) for k in action.keys.split(",")]
            if set(keys) <= listed:  # the screen names this key already (F4 on the sessions list)
                continue
            rows.setdefault(action.description, (keys, action.help))
    rows.setdefault("Commands", (["^p"], "Jump to an enabler, a screen or a command by name"))
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True, style="bold")
    table.add_column(no_wrap=True)
    table.add_column()
    for name, (keys, tip) in rows.items():
        table.add_row(Text(" / ".join(keys)), Text(name), Text(tip, style="dim"))
    return table


class HelpScreen(ModalScreen[None]):
    """Shown over the screen it explains; any of escape, F1, ? or q closes it."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding(
            "escape,f1,question_mark,q", "close", "Close", id="help.close", tooltip="Close the help"
        ),
    ]

    def __init__(self, about: Screen[Any]) -> None:
        super().__init__()
        self.about = about

    def compose(self) -> ComposeResult:
        title = getattr(self.about, "HELP_TITLE", None) or type(self.about).__doc__ or ""
        with VerticalScroll(id="help-dialog"):
            yield Static(
                Text(f"Help · {title.strip().splitlines()[0]}", style="bold"),
                classes="dialog-title",
            )
            yield Static(key_table(self.about), classes="help-keys")
            yield Static(Text(screen_help(self.about)), classes="help-text")
            yield Static(Text("Escape, F1 or ? closes this help.", style="dim"))
        yield KeyBar(show_command_palette=False)  # this dialog's keys, not the screen's beneath

    def action_close(self) -> None:
        self.dismiss(None)
