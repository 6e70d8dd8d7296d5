"""Progress board: who has finished how much of the scoring, live, for the facilitator.

One row per person merge counts (enablers and indicators scored or skipped); with names hidden,
only how many people have done how many enablers. Updates when a session in the folder is saved
(runtime.watch), reading only the files that changed (core.readcache).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable
from textual.worker import get_current_worker

from bb_tui.core.readcache import ParseCache
from bb_tui.render.board import Board, board
from bb_tui.tui.runtime.watch import FolderChanged, FolderWatcher
from bb_tui.tui.screens.group.background import shared_reads
from bb_tui.tui.widgets.keybar import KeyBar
from bb_tui.tui.widgets.line import PartsLine

if TYPE_CHECKING:
    from bb_tui.core.collection import Collection, Outcome
    from bb_tui.core.framework import Framework
    from bb_tui.tui.keymap import ScreenContext


class ProgressScreen(Screen[None]):
    """Who has finished how much: enablers and indicators per person, or counts with names hidden."""

    HELP_TITLE = "Progress board"
    HELP_TEXT = (
        "How far each person in the sessions folder has got: enablers and indicators "
        "scored or skipped, theme reflections written, when their file was last saved; "
        "then their name and organisation. It updates by itself as people save. a hides names: then only "
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
        def __init__(self, collection: Collection) -> None:
            super().__init__()
            self.collection = collection

    def __init__(
        self, context: ScreenContext, *, anonymous: bool | None = None, name: str | None = None
    ) -> None:
        super().__init__(name=name)
        self.framework = context.framework
        self.folder = Path(context.sessions_dir)
        self.anonymous = bool(
            getattr(context, "anonymous", False) if anonymous is None else anonymous
        )
        self.collection: Collection | None = None
        self.board: Board | None = None
        self.watcher: FolderWatcher | None = None

    @property
    def reads(self) -> ParseCache[Outcome]:
        """The app's parse cache, shared with the other group screens: a huge file is parsed once."""
        return shared_reads(self.app)

    def compose(self) -> ComposeResult:
        yield PartsLine(id="progress-summary")
        yield DataTable(id="progress-table", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(PartsLine).show_parts(["Reading the session files..."])
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
    def _read(self, folder: Path, framework: Framework) -> None:
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
        first, *rest = b.summary(self.anonymous)
        summary: list[Text | str] = [Text(first, style="bold"), *rest]
        if self.watcher is not None and self.watcher.label:
            summary.append(Text(self.watcher.label, style="dim"))
        self.query_one(PartsLine).show_parts(summary)
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        if self.anonymous:
            table.add_columns("Enablers done", "People")
            for done, count in b.counts():
                table.add_row(done, count)
        else:
            width = (table.size.width or self.app.size.width) - 2  # the scrollbar's room
            headings, widths, rows = b.table(width)
            for heading, size in zip(headings, widths):
                table.add_column(heading, width=size)
            for cells in rows:
                table.add_row(*(Text(cell) for cell in cells))
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    def on_resize(self) -> None:
        self.show()
