"""Who a participant is: name, organisation, level and sector, in one form.

`ProfileForm` is the form (the new-session dialog uses it too); `ProfileScreen` edits the open
session's profile, saved through its autosave like any other edit.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static

from bb_tui.core.framework import Framework
from bb_tui.core.listing import Entry, find_person, list_sessions, same_person
from bb_tui.core.session import NAME_MAX, ORGANISATION_MAX, Participant
from bb_tui.render.plain import LEVEL_CHOICES, TWO_FILES, clash_line, sector_choices
from bb_tui.storage.errors import shown_path
from bb_tui.storage.textsafe import one_line
from bb_tui.tui.scoring_app import ScoringApp
from bb_tui.tui.widgets.choices import ChoiceSet
from bb_tui.tui.widgets.inputs import line_input
from bb_tui.tui.widgets.keybar import KeyBar


def clash_text(others: list[Entry], framework: Framework) -> Text:
    """One line on the existing session(s) of the same person: the one merge counts first."""
    same = same_person(others)
    counted = (
        next((e for e in others if e.path == same[e.path].counted), others[0])
        if same
        else others[0]
    )
    person = counted.session.participant
    enablers = counted.session.progress(framework)[0]
    file = f"{shown_path(counted.path.name)} ({enablers}/{len(framework.enablers)} enablers)"
    return Text(clash_line(person.name, person.organisation, len(others), file))


WidgetType = TypeVar("WidgetType", bound=Widget)


def hidden(widget: WidgetType) -> WidgetType:
    """`widget`, not displayed until shown: hidden before it is mounted, a dialog is laid out
    once, not again after hiding it."""
    widget.display = False
    return widget


class ProfileForm(ModalScreen[None]):
    """Name, organisation, level and sector fields; subclasses add what the form is for."""

    app = getters.app(ScoringApp)  # self.app, typed (bb_tui/tui/scoring_app.py)

    CSS_PATH = ["dialogs.tcss", "profile.tcss"]

    def compose_fields(self, person: Participant) -> ComposeResult:
        framework: Framework = self.app.framework
        blink = self.app.cursor_blink
        with Vertical(id="form"):
            with Horizontal(classes="field"):
                yield Label("Name")
                yield line_input(
                    id="name",
                    value=person.name,
                    max_length=NAME_MAX,
                    blink=blink,
                    compact=True,
                    placeholder="required",
                )
            with Horizontal(classes="field"):
                yield Label("Organisation")
                yield line_input(
                    id="organisation",
                    value=person.organisation,
                    max_length=ORGANISATION_MAX,
                    blink=blink,
                    compact=True,
                )
            with Horizontal(classes="field"):
                yield Label("Level")
                yield ChoiceSet(LEVEL_CHOICES, person.level, id="level", compact=True)
            if framework.sectors:
                with Horizontal(classes="field"):
                    yield Label("Sector")
                    yield ChoiceSet(
                        sector_choices(framework),
                        person.sector,
                        id="sector",
                        compact=True,
                        columns=1,
                    )
                yield Static(self._sector_about(person.sector), id="sector-about", classes="hint")

    def _sector_about(self, sector_id: str) -> Text:
        sector = self.app.framework.sector(sector_id)
        return Text(
            sector.description if sector else "Your sector, to compare findings across agencies."
        )

    def values(self) -> tuple[str, str, str, str]:
        """(name, organisation, level, sector) as typed and chosen, cleaned."""
        sectors = self.query(ChoiceSet).filter("#sector")
        return (
            one_line(self.query_one("#name", Input).value),
            one_line(self.query_one("#organisation", Input).value),
            self.query_one("#level", ChoiceSet).value,
            sectors.first().value if sectors else "",
        )

    def on_choice_set_changed(self, event: ChoiceSet.Changed) -> None:
        if event.choice_set.id == "sector":
            self.query_one("#sector-about", Static).update(self._sector_about(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.focus_next()

    def error(self, message: str | Text) -> None:
        error = self.query_one("#error", Static)
        error.update(message if isinstance(message, Text) else Text(message))
        error.display = True


class ProfileScreen(ProfileForm):
    """Change the open session's name, organisation, level or sector."""

    HELP_TITLE = "Your profile"
    HELP_TEXT = (
        "Your name, organisation, level and sector, as the facilitator compares groups "
        "(strategic or operational; across agencies). Arrow keys choose in a list. "
        "ctrl+s saves to your session file, as every change is saved."
    )
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="profile.cancel", tooltip="Close unchanged"),
        Binding("ctrl+s", "save", "Save", id="profile.save", tooltip="Save the profile"),
    ]

    def __init__(self, look_in_folder: bool = True) -> None:
        super().__init__()
        self.opened = self.app.current_session
        self.look_in_folder = look_in_folder  # a participant's seat reads no other file
        self._confirmed: tuple[str, str] | None = None  # the identity a clash was accepted for

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text("Your profile", style="bold"), classes="dialog-title")
            yield from self.compose_fields(self.opened.session.participant)
            yield Static(Text(f"Saved in {shown_path(self.opened.path)}"), classes="hint")
            yield Static(id="error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Save", id="save", variant="primary", compact=True)
                yield hidden(Button("Save anyway", id="anyway", compact=True, classes="clash-only"))
                yield Button("Cancel", id="cancel", compact=True)
        yield KeyBar(show_command_palette=False)  # this dialog's keys, not the screen's beneath

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "anyway":
            self.action_save(confirmed=True)
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _clash(self, name: str, organisation: str) -> list[Entry]:
        """Other files in this session's folder for the person now named."""
        if not self.look_in_folder:
            return []
        if find_person([Entry(self.opened.path, self.opened.session)], name, organisation):
            return []  # the same person as before: nothing new to check
        folder = Path(self.opened.path).parent
        entries = list_sessions(folder, self.app.framework).sessions
        return [
            e
            for e in find_person(entries, name, organisation)
            if e.path.resolve() != Path(self.opened.path).resolve()
        ]

    def action_save(self, confirmed: bool = False) -> None:
        name, organisation, level, sector = self.values()
        if not name:
            self.error("Please enter your name.")
            self.query_one("#name", Input).focus()
            return
        others = [] if confirmed else self._clash(name, organisation)
        if others:
            message = clash_text(others, self.app.framework)
            message.append(f" Save anyway, or change the name: {TWO_FILES}")
            self.error(message)
            self.query_one("#anyway").display = True
            return
        from bb_tui.core.editing import ReadOnlyError  # loaded with the open session

        current = self.opened
        try:
            # saved by the session's autosave, like any edit
            current.set_profile(name=name, organisation=organisation, level=level, sector=sector)
        except ReadOnlyError:
            self.dismiss(None)
            self.app.report_read_only()
            return
        except ValueError as exc:
            self.error(str(exc))
            return
        self.dismiss(None)
