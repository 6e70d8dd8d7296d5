"""The new-session form: name, organisation and level; the file name is derived safely."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioSet, Static

from bb_tui.core.session import SessionFile, new_session, slugify
from bb_tui.storage.errors import BBError
from bb_tui.storage.textsafe import one_line
from bb_tui.tui.widgets.editors import line_input
from bb_tui.tui.widgets.marks import MarkedRadioButton

LEVEL_CHOICES = (("strategic", "Strategic"), ("operational", "Operational"), ("", "Not stated"))


class NewSessionScreen(ModalScreen[None]):
    """Start a session for a new participant; the file is created at once and never clobbers."""

    CSS_PATH = "dialogs.tcss"
    HELP_TITLE = "Starting a new session"
    HELP_TEXT = ("Your name is required; organisation and level help the facilitator compare "
                 "groups (strategic or operational). The file is named after you, in the "
                 "sessions folder; an existing file is never overwritten.")
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="new.cancel", tooltip="Close without creating"),
        Binding("ctrl+s", "create", "Create", id="new.create", tooltip="Create the session"),
    ]

    def compose(self) -> ComposeResult:
        blink = self.app.cursor_blink
        with Vertical(id="dialog"):
            yield Static(Text("Start a new session", style="bold"), classes="dialog-title")
            yield Label("Your name (required)")
            yield line_input(id="name", max_length=120, blink=blink)
            yield Label("Organisation")
            yield line_input(id="organisation", max_length=200, blink=blink)
            yield Label("Level")
            with RadioSet(id="level"):
                for n, (_value, label) in enumerate(LEVEL_CHOICES):
                    yield MarkedRadioButton(label, value=n == 0)
            yield Static(id="file-name", classes="hint")
            yield Static(Text("Tab: next field · ctrl+s or Create: start · escape: cancel"),
                         classes="hint")
            yield Static(id="error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Create", id="create", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()
        self._show_file_name("")

    def _error(self, message: str) -> None:
        error = self.query_one("#error", Static)
        error.update(Text(message))
        error.display = True

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "name":
            self._show_file_name(event.value)

    def _show_file_name(self, name: str) -> None:
        folder = self.app.sessions_dir
        self.query_one("#file-name", Static).update(
            Text(f"File: {folder / (slugify(one_line(name)) + '.toml')}"
                 " (a number is added if taken)"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "name":
            self.query_one("#organisation", Input).focus()
        else:
            self.query_one("#level", RadioSet).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "create":
            self.action_create()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_create(self) -> None:
        name = one_line(self.query_one("#name", Input).value)
        if not name:
            self._error("Please enter your name.")
            self.query_one("#name", Input).focus()
            return
        organisation = one_line(self.query_one("#organisation", Input).value)
        index = self.query_one("#level", RadioSet).pressed_index
        level = LEVEL_CHOICES[index][0] if index >= 0 else ""
        app = self.app
        try:
            file = SessionFile.create(app.sessions_dir, new_session(app.framework, name,
                                                                    organisation, level),
                                      app.framework)
        except (BBError, OSError) as exc:
            self._error(exc.line() if isinstance(exc, BBError) else f"cannot create: {exc}")
            return
        self.dismiss(None)
        app.open_created(file)
