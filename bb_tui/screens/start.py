"""The start screen: the sessions in the sessions folder, and starting a new one."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from bb_tui.errors import shown_path
from bb_tui.sessionlist import Listing, list_sessions
from bb_tui.widgets.keybar import KeyBar
from bb_tui.widgets.lists import KeyList
from bb_tui.widgets.score import cells

NEW = "new"


class StartScreen(Screen):
    """Resume a session (name, organisation, level, progress) or start a new one."""

    HELP_TITLE = "Sessions"
    HELP_TEXT = ("Each participant scores in their own session file. Choose yours and press "
                 "enter, or press n to start a new one (name, organisation and level). "
                 "F4 shows the group results for the folder; F6 to F10 open the partnership panels. "
                 "Files that are not valid sessions are listed with the reason, and left alone.")
    BINDINGS = [
        Binding("n", "new", "New session", id="start.new",
                tooltip="Start a new session: name, organisation, level"),
        Binding("r,f5", "reload", "Refresh", id="start.refresh",
                tooltip="Read the sessions folder again"),
        # The facilitator's way in: shown here, where the folder is chosen (f6-f10 are in help).
        Binding("f4", "app.open_screen('results')", "Group results", id="start.results",
                tooltip="Merge the sessions in this folder: charts, where to dig deeper"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.listing: Listing | None = None
        self._stale = False
        self._built_for = 0   # the terminal width the rows were laid out for

    def compose(self) -> ComposeResult:
        """Built with its rows, so the first paint is complete: no second frame at start-up."""
        self.listing = list_sessions(self.app.sessions_dir, self.app.framework)
        about, header, options, highlight = self._content()
        yield Static(Text("bb-tui · " + self.app.framework.title, no_wrap=True,
                          overflow="ellipsis"), id="app-title")
        yield Static(about, id="folder")
        yield Static(header, id="columns")
        sessions = KeyList(*options, id="sessions")
        sessions.highlighted = highlight
        yield sessions
        yield KeyBar()

    def on_screen_resume(self) -> None:
        if self._stale:
            self.reload()   # back from a session: its progress has changed

    def on_screen_suspend(self) -> None:
        self._stale = True

    def on_resize(self) -> None:
        if self.app.size.width != self._built_for:
            self.show_listing()

    def reload(self) -> None:
        self._stale = False
        self.listing = list_sessions(self.app.sessions_dir, self.app.framework)
        self.show_listing()

    def _widths(self) -> tuple[int, int, int, int]:
        self._built_for = self.app.size.width
        width = max(self._built_for, 62) - 4   # the list's padding
        name, level, progress = 22, 11, 14
        return name, max(width - name - level - progress - 6, 10), level, progress

    def _content(self) -> tuple[Text, Text, list[Option], int]:
        """The folder line, the column headings, the rows, and the row to highlight."""
        listing = self.listing
        framework = self.app.framework
        name_w, org_w, level_w, progress_w = self._widths()
        about = Text(f"Sessions in {listing.folder}", style="bold")
        counts = [f"{len(listing.sessions)} session{'s' * (len(listing.sessions) != 1)}"]
        if listing.broken:
            counts.append(f"{len(listing.broken)} not readable")
        if listing.others:
            counts.append(f"{listing.others} other file{'s' * (listing.others != 1)} skipped")
        if listing.exists:
            about.append(" · " + ", ".join(counts))
        else:
            about.append(" · not there yet: made with the first new session")
        about.no_wrap, about.overflow = True, "ellipsis"
        header = cells(("Name", name_w), ("Organisation", org_w), ("Level", level_w),
                       ("Progress", progress_w))
        options = [Option(Text("+ Start a new session…", style="bold"), id=NEW)]
        for entry in listing.sessions:
            session = entry.session
            enablers, indicators = session.progress(framework)
            name = Text(session.participant.name)
            if entry.is_conflict_copy:
                name.append(" (conflict copy)", style="italic")
            options.append(Option(cells(
                (name, name_w), (session.participant.organisation or "–", org_w),
                (session.participant.level or "–", level_w),
                (f"{enablers}/{len(framework.enablers)} · {indicators}/"
                 f"{len(framework.indicators)}", progress_w),
            ), id=str(entry.path)))
        for path, problem in listing.broken:
            line = Text("✗ ", style="bold")
            line.append(f"{shown_path(path.name)}: {problem}")  # names come from others too
            options.append(Option(line, id=f"broken:{path}", disabled=True))
        return about, header, options, 1 if listing.sessions else 0

    def show_listing(self) -> None:
        about, header, options, highlight = self._content()
        self.query_one("#folder", Static).update(about)
        self.query_one("#columns", Static).update(header)
        option_list = self.query_one("#sessions", OptionList)
        keep = option_list.highlighted
        option_list.clear_options()
        option_list.add_options(options)
        option_list.highlighted = highlight if keep is None else min(keep, len(options) - 1)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._open(event.option.id)

    def _open(self, option_id: str | None) -> None:
        if option_id == NEW:
            self.action_new()
        elif option_id and not option_id.startswith("broken:"):
            self.app.open_session(Path(option_id))

    def action_new(self) -> None:
        from bb_tui.screens.new_session import NewSessionScreen

        self.app.push_screen(NewSessionScreen())

    def action_reload(self) -> None:
        self.reload()
