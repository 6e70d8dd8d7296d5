"""Progress board: who has finished how much of the scoring, live, for the facilitator.

One row per person merge counts (enablers and indicators scored or skipped); with names hidden,
only how many people have done how many enablers. Updates when a session in the folder is saved
(runtime.watch), reading only the files that changed (core.readcache).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static
from textual.worker import get_current_worker

from bb_tui.core.readcache import ParseCache
from bb_tui.tui.runtime.watch import FolderChanged, FolderWatcher
from bb_tui.tui.screens.group.background import shared_reads


@dataclass(frozen=True)
class Board:
    """What the board shows: rows of (name, organisation, enablers, indicators), or counts."""

    enablers: int  # in the framework
    indicators: int
    people: tuple[tuple[str, str, int, int], ...]  # empty when anonymous
    done: tuple[int, ...]  # enablers done, one per person (any order)
    not_read: int  # files rejected

    @property
    def finished(self) -> int:
        return sum(1 for n in self.done if n == self.enablers)


def board(collection, framework, anonymous: bool) -> Board:
    """The board for a merged folder (people as merge counts them, and those who started a
    session with nothing scored yet, sorted by name)."""
    progress = [
        (
            p.session.participant.name,
            p.session.participant.organisation,
            *p.session.progress(framework),
        )
        for p in (*collection.participants, *collection.started)
    ]
    return Board(
        len(framework.enablers),
        len(framework.indicators),
        () if anonymous else tuple(sorted(progress, key=lambda r: (r[0].casefold(), r))),
        tuple(row[2] for row in progress),
        len(collection.rejected),
    )


class ProgressScreen(Screen):
    """Who has finished how much: enablers and indicators per person, or counts with names hidden."""

    HELP_TITLE = "Progress board"
    HELP_TEXT = (
        "How far each person in the sessions folder has got: enablers and indicators "
        "scored or skipped. It updates by itself as people save. a hides names: then only "
        "how many people have done how many enablers is shown."
    )
    BINDINGS = [
        Binding(
            "a",
            "toggle_anonymous",
            "Names",
            id="progress.anonymous",
            tooltip="Hide or show every participant's name",
        ),
        Binding("escape", "app.pop_screen", "Back", id="progress.back", tooltip="Close the board"),
    ]
    DEFAULT_CSS = """
    ProgressScreen #progress-summary { height: auto; padding: 0 1; }
    ProgressScreen DataTable { height: 1fr; }
    """

    class Read(Message):
        def __init__(self, collection) -> None:
            super().__init__()
            self.collection = collection

    def __init__(self, context, *, anonymous: bool | None = None, name: str | None = None) -> None:
        super().__init__(name=name)
        self.framework = context.framework
        self.folder = Path(context.sessions_dir)
        self.anonymous = bool(
            getattr(context, "anonymous", False) if anonymous is None else anonymous
        )
        self.collection = None
        self.board: Board | None = None
        self.watcher: FolderWatcher | None = None

    @property
    def reads(self) -> ParseCache:
        """The app's parse cache, shared with the other group screens: a huge file is parsed once."""
        return shared_reads(self.app)

    def compose(self) -> ComposeResult:
        yield Static(Text("Reading the session files..."), id="progress-summary")
        yield DataTable(id="progress-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.watcher = FolderWatcher(self.folder, lambda: self.post_message(FolderChanged()))
        self.watcher.start()
        self.read()

    @on(events.Unmount)
    def _stop_watching(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()

    def on_folder_changed(self, message: FolderChanged) -> None:
        message.stop()
        self.read()

    def read(self) -> None:
        self._read(self.folder, self.framework)

    @work(thread=True, exclusive=True, group="progress-read")
    def _read(self, folder: Path, framework) -> None:
        from bb_tui.core.collection import collect

        collection = collect([folder], framework, cache=self.reads)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Read(collection))

    def on_progress_screen_read(self, message: Read) -> None:
        self.collection = message.collection
        self.show()

    def action_toggle_anonymous(self) -> None:
        self.anonymous = not self.anonymous
        self.show()

    def show(self) -> None:
        if self.collection is None:
            return
        b = self.board = board(self.collection, self.framework, self.anonymous)
        summary = Text(f"{len(b.done)} {'person' if len(b.done) == 1 else 'people'}", style="bold")
        summary.append(f" · {b.finished} finished all {b.enablers} enablers")
        if b.not_read:
            summary.append(f" · {b.not_read} file{'s' * (b.not_read != 1)} not readable")
        summary.append(" · names hidden" if self.anonymous else " · names shown")
        if self.watcher is not None and self.watcher.label:
            summary.append(f" · {self.watcher.label}", style="dim")
        self.query_one("#progress-summary", Static).update(summary)
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        if self.anonymous:
            table.add_columns("Enablers done", "People")
            for n in range(b.enablers, -1, -1):
                count = b.done.count(n)
                if count:
                    table.add_row(f"{n}/{b.enablers}", str(count))
        else:
            table.add_columns("Name", "Organisation", "Enablers", "Indicators")
            for person, organisation, enablers, indicators in b.people:
                table.add_row(
                    Text(person),
                    Text(organisation or "-"),
                    f"{enablers}/{b.enablers}",
                    f"{indicators}/{b.indicators}",
                )
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
