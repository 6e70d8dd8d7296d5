"""The new-session form: name, organisation, level and sector; the file name is derived safely.

Starting a session with a name that already has one here (case, spacing and accents folded; the
organisation is not needed) offers to open that one: a second file is made only when chosen, and
says what merge does with two.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from bb_tui.core.listing import Entry, find_name, find_person, same_person
from bb_tui.core.session import Participant, SessionFile, new_session, slugify
from bb_tui.render.plain import LEVEL_CHOICES, TWO_FILES
from bb_tui.storage.errors import BBError, shown_path
from bb_tui.tui.dialogs.profile import ProfileForm, clash_text, hidden
from bb_tui.tui.widgets.keybar import KeyBar

__all__ = ["LEVEL_CHOICES", "NewSessionScreen"]


def free_name(folder: Path, name: str) -> Path:
    """The file SessionFile.create would make now: the name's slug, numbered if taken."""
    base = slugify(name)
    for n in range(1, 10_000):
        path = folder / (f"{base}.toml" if n == 1 else f"{base}-{n}.toml")
        if not path.exists() and not path.is_symlink():
            return path
    return folder / f"{base}.toml"


class NewSessionScreen(ProfileForm):
    """Start a session for a new participant; the file is created at once and never clobbers."""

    HELP_TITLE = "Starting a new session"
    HELP_TEXT = (
        "Your name is required; organisation, level and sector help the facilitator "
        "compare groups (strategic or operational; across agencies). Arrow keys choose "
        "in a list. The file is named after you, in the sessions folder; an existing "
        "file is never overwritten. If you already have a session here, open it: a "
        "second file for the same person is made only if you choose it."
    )
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="new.cancel", tooltip="Close without creating"),
        Binding("ctrl+s", "create", "Create", id="new.create", tooltip="Create the session"),
    ]

    def __init__(self, entries: Sequence[Entry] = ()) -> None:
        super().__init__()
        self.entries = entries  # the sessions listed in the folder (read so far)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text("Start a new session", style="bold"), classes="dialog-title")
            yield from self.compose_fields(Participant(""))  # no level or sector chosen for you
            yield Static(self._file_name_line(""), id="file-name", classes="hint")
            yield Static(id="error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Create", id="create", variant="primary", compact=True)
                # shown on a clash; hidden before they are mounted (no second layout)
                yield hidden(Button("Open it", id="open", variant="primary", compact=True))
                yield hidden(Button("Create a second file", id="second", compact=True))
                yield Button("Cancel", id="cancel", compact=True)
        yield KeyBar(show_command_palette=False)  # this dialog's keys, not the screen's beneath

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def _show_clash_buttons(self, clash: bool) -> None:
        self.query_one("#create").display = not clash
        self.query_one("#open").display = clash
        self.query_one("#second").display = clash

    def on_input_changed(self, event: Input.Changed) -> None:
        self._show_file_name()
        self._show_clash_buttons(False)
        self.query_one("#error", Static).display = False
        self.query_one("#file-name").display = True

    def _existing(self) -> list[Entry]:
        return find_name(self.entries, self.values()[0])

    def _show_file_name(self) -> None:
        self.query_one("#file-name", Static).update(self._file_name_line(self.values()[0]))

    def _file_name_line(self, name: str) -> Text:
        """The file a session for `name` would be, or the session(s) that name has already."""
        existing = find_name(self.entries, name)
        if existing:
            line = clash_text(existing, self.app.framework)
            line.stylize("bold")
            return line
        path = free_name(Path(self.app.sessions_dir), name)
        line = Text(f"File: {shown_path(path)} · arrows choose · ctrl+s creates")
        line.no_wrap, line.overflow = True, "ellipsis"
        return line

    def on_button_pressed(self, event: Button.Pressed) -> None:
        actions: dict[str, Callable[[], None]] = {
            "create": self.action_create,
            "open": self.action_open_existing,
            "second": lambda: self.action_create(second=True),
        }
        actions.get(event.button.id or "", self.action_cancel)()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_open_existing(self) -> None:
        existing = self._existing()
        if not existing:
            return
        same = same_person(existing)  # of several, the one merge counts
        path = same[existing[0].path].counted if same else existing[0].path
        self.dismiss(None)
        self.app.open_session(path)

    def _two_files(self, existing: list[Entry]) -> str:
        """What merge does with the new file beside the existing one(s)."""
        name, organisation, _, _ = self.values()
        if find_person(existing, name, organisation):
            return TWO_FILES
        return "merge counts both, as two people (the organisation given differs)."

    def action_create(self, second: bool = False) -> None:
        name, organisation, level, sector = self.values()
        if not name:
            self.error("Please enter your name.")
            self.query_one("#name", Input).focus()
            return
        existing = self._existing()
        if existing and not second:  # a second file for one person only when chosen
            message = clash_text(existing, self.app.framework)
            message.append(f" Open it, or create a second file: {self._two_files(existing)}")
            self.error(message)
            self._show_clash_buttons(True)
            self.query_one("#file-name").display = False
            self.query_one("#open", Button).focus()
            return
        app = self.app
        try:
            file = SessionFile.create(
                app.sessions_dir,
                new_session(app.framework, name, organisation, level, sector=sector),
                app.framework,
            )
        except (BBError, OSError) as exc:
            self.error(exc.line() if isinstance(exc, BBError) else f"cannot create: {exc}")
            return
        self.dismiss(None)
        app.open_created(file)
        if existing:
            app.notify(
                f"A second file for {name}: {file.path.name}. "
                + self._two_files(existing).capitalize(),
                title="Two files for one person",
                severity="warning",
                timeout=12,
                markup=False,
            )
