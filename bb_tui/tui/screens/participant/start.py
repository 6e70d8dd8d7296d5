"""The start screen: the sessions in the sessions folder, and starting a new one.

A small folder is read before the first paint (one complete frame). A big one is read by a
thread worker that touches no widgets: it posts batches of read files (and their rows) as
messages, and the screen appends them, so the list is usable while it fills.
"""

from __future__ import annotations

import time
from pathlib import Path

from rich.text import Text
from textual import events, getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from bb_tui.core.framework import Framework
from bb_tui.core.listing import (
    Entry,
    Found,
    Listing,
    ReadCache,
    SamePerson,
    count_up_to,
    quick_first,
    same_person,
    scan_sessions,
    session_paths,
)
from bb_tui.render.progress import progress
from bb_tui.storage.archive import archived
from bb_tui.storage.errors import shown_path
from bb_tui.tui.glyphs import marks
from bb_tui.tui.runtime.watch import FolderChanged, FolderWatcher
from bb_tui.tui.scoring_app import ScoringApp
from bb_tui.tui.widgets.keybar import KeyBar
from bb_tui.tui.widgets.line import PartsLine
from bb_tui.tui.widgets.lists import KeyList
from bb_tui.tui.widgets.score import cells

NEW = "new"
SMALL = 50  # folders of up to this many files are read before the first paint...
QUICK_BYTES = 256 * 1024  # ...but no more new bytes than this; larger files in the background
BATCH = 200  # files per message from the background scan...
BATCH_SECONDS = 0.1  # ...or fewer, when this long has passed since the last one

Widths = tuple[int, int, int, int]


class ScanBatch(Message):
    """Files read by the background scan, in folder order, with the rows of the sessions."""

    def __init__(
        self,
        scan: int,
        total: int,
        found: list[Found],
        rows: list[Option],
        widths: Widths,
        done: bool,
    ) -> None:
        super().__init__()
        self.scan, self.total, self.found, self.rows = scan, total, found, rows
        self.widths, self.done = widths, done


def same_person_note(entry: Entry, same: SamePerson) -> Text:
    """The second line of a row whose person has another file here: which one merge counts."""
    others = len(same.files) - 1
    note = Text(f"  {marks().same} {len(same.files)} files for this person: ", style="italic")
    if same.counts(entry.path):
        others_text = "the other" if others == 1 else f"the other {others}"
        note.append(f"merge counts this one, not {others_text}", style="bold italic")
    else:
        note.append(
            f"merge counts {shown_path(same.counted.name)}, not this one", style="bold italic"
        )
    note.no_wrap, note.overflow = True, "ellipsis"
    return note


def session_row(
    entry: Entry, framework: Framework, widths: Widths, same: SamePerson | None = None
) -> Option:
    """One session's row: plain Rich text, safe to build in the scan's thread."""
    name_w, org_w, level_w, progress_w = widths
    session = entry.session
    name = Text(session.participant.name)
    if entry.is_conflict_copy:
        name.append(" (conflict copy)", style="italic")
    row = cells(
        (name, name_w),
        (session.participant.organisation or "–", org_w),
        (session.participant.level or "–", level_w),
        (
            progress(session, framework),
            progress_w,
        ),
    )
    if same is not None:
        row.append("\n").append_text(same_person_note(entry, same))
    return Option(row, id=str(entry.path))


def broken_row(path: Path, problem: str) -> Option:
    line = Text(f"{marks().broken} ", style="bold")
    line.append(f"{shown_path(path.name)}: {problem}")  # names come from others too
    return Option(line, id=f"broken:{path}", disabled=True)


class StartScreen(Screen[None]):
    """Resume a session (name, organisation, level, progress) or start a new one."""

    app = getters.app(ScoringApp)  # self.app, typed (bb_tui/tui/scoring_app.py)

    HELP_TITLE = "Sessions"
    HELP_TEXT = (
        "Each participant scores in their own session file. Choose yours and press "
        "enter, or press n to start a new one (name, organisation, level and sector). "
        "A person with two files here is marked on both rows, with the one a merge "
        "counts. "
        "a archives your highlighted session (only its owner can): it moves into the folder's "
        "archive/ folder, never deleted, and merge leaves it out; u lists the archived ones and "
        "brings one back. "
        "F4 shows the group results for the folder; F6 to F10 open the partnership panels. "
        "Files that are not valid sessions are listed with the reason, and left alone."
    )
    BINDINGS = [
        Binding(
            "n",
            "new",
            "New session",
            id="start.new",
            tooltip="Start a new session: name, organisation, level, sector",
        ),
        Binding(
            "a",
            "archive",
            "Archive",
            id="start.archive",
            tooltip="Move your highlighted session into the folder's archive/ (never deleted)",
        ),
        Binding(
            "u",
            "archived",
            "Archived",
            show=False,
            id="start.archived",
            tooltip="The archived sessions: bring one back into the list",
        ),
        Binding(
            "r,f5",
            "reload",
            "Refresh",
            id="start.refresh",
            tooltip="Read the sessions folder again",
        ),
        # The facilitator's way in: shown here, where the folder is chosen (f6-f10 are in help).
        Binding(
            "f4",
            "app.open_screen('results')",
            "Group results",
            id="start.results",
            tooltip="Merge the sessions in this folder: charts, where to dig deeper",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.listing: Listing | None = None
        self.reads = ReadCache()  # a file is read again only once it has changed
        self.scanning = False  # a background scan is filling the list
        self._later: list[Path] | None = None  # a small folder's large files, read in the scan
        self._follow: tuple[Path, int | None] | None = None  # (session, if still at this row)
        self._stale = False
        self._built_for = 0  # the terminal width the rows were laid out for
        self._scan = 0  # the current scan; batches of older ones are dropped
        self._started = 0  # the last scan given a worker
        self._read = 0
        self._total: int | None = None  # files to read, once the scan has listed them
        self._restore: tuple[int, int | None] | None = None  # (row, if still at this row)
        self._last_opened: Path | None = None  # the session opened from here: its row after
        self.watcher: FolderWatcher | None = None  # live: a colleague's save updates the list
        # `score FILE` shows the overview first: the list is read when it is first shown
        self._deferred = self.app.open_path is not None

    def compose(self) -> ComposeResult:
        """Built with its rows, so a small folder's first paint is complete."""
        if self._deferred:
            yield Static(id="app-title")
            yield PartsLine(id="folder")
            yield Static(id="columns")
            yield KeyList(id="sessions")
            yield KeyBar()
            return
        self._begin()
        about, header, options, highlight = self._content()
        yield Static(self._title(), id="app-title")
        yield PartsLine(about, id="folder")
        yield Static(header, id="columns")
        sessions = KeyList(*options, id="sessions")
        sessions.highlighted = highlight
        yield sessions
        yield KeyBar()

    def on_mount(self) -> None:
        self.call_after_refresh(self._scan_rest)  # the first frame before the scan's thread

    def on_screen_resume(self) -> None:
        if self._deferred and self.app.current is None:  # shown for the first time
            self._deferred = False
            self.query_one("#app-title", Static).update(self._title())
            self.reload()
            self._watch_folder()
        elif self._stale:
            self.reload()  # back from a session: its progress has changed

    def on_screen_suspend(self) -> None:
        self._stale = True
        current = self.app.current
        self._last_opened = current.path if current is not None else None

    def on_resize(self) -> None:
        if not self._deferred and self.app.size.width != self._built_for:
            self.show_listing()

    def reload(self) -> None:
        self._stale = False
        keep = self.query_one("#sessions", OptionList).highlighted
        if self._restore is not None:
            keep = self._restore[0]  # still waiting for that row: keep waiting
        self._begin()
        closed, opened, self._last_opened = self._row_of(self._last_opened), self._last_opened, None
        self.show_listing(keep if closed is None else closed)
        if closed is None and opened is not None and self._later:
            self._follow = (opened, self.query_one("#sessions", OptionList).highlighted)
        self._scan_rest()

    def _row_of(self, path: Path | None) -> int | None:
        """The row of the session at `path` (by the file it names), if it is listed yet."""
        if path is None or self.listing is None:
            return None
        try:
            wanted = path.resolve()
        except OSError:
            return None
        for row, entry in enumerate(self.listing.sessions, start=1):  # row 0: new session
            if entry.path.resolve() == wanted:
                return row
        return None

    def _begin(self) -> None:
        """A fresh listing: read now if the folder is small, else leave it to _scan_rest."""
        folder = Path(self.app.sessions_dir)
        self._scan += 1
        self._restore = None
        self.listing = Listing(folder, folder.is_dir())
        self._read, self._total = 0, None
        self._later, self._follow = None, None
        # Counting stops at SMALL + 1: a big folder is not even listed before the first paint.
        self.scanning = self.listing.exists and count_up_to(folder, SMALL + 1) > SMALL
        if self.listing.exists and not self.scanning:
            paths = session_paths(folder)
            now, later = quick_first(paths, self.app.framework, self.reads, QUICK_BYTES)
            for found in scan_sessions(folder, self.app.framework, now, self.reads):
                self.listing.add(found)
            self._read, self._total = len(now), len(paths)
            if later:
                self._later, self.scanning = later, True

    def _scan_rest(self) -> None:
        if not self.scanning or self._scan == self._started:
            return
        self._started = self._scan
        assert self.listing is not None  # made by _begin
        later, total = self._later, self._total  # taken here: the worker touches no screen state
        args = (self._scan, self.listing.folder, self.app.framework, self._widths(), later, total)
        self.run_worker(
            lambda: self._read_in_background(*args),
            name="sessions scan",
            group="sessions-scan",
            thread=True,
            exclusive=True,
        )

    def _read_in_background(
        self,
        scan: int,
        folder: Path,
        framework: Framework,
        widths: Widths,
        later: list[Path] | None = None,
        total: int | None = None,
    ) -> None:
        """In the worker's thread: read the files (all, or only `later`), post them in batches;
        no widgets here."""
        worker = get_current_worker()
        paths = session_paths(folder) if later is None else later
        total = len(paths) if later is None or total is None else total
        self.post_message(ScanBatch(scan, total, [], [], widths, done=False))  # the total
        found: list[Found] = []
        rows: list[Option] = []
        sent = time.monotonic()
        for item in scan_sessions(folder, framework, paths, self.reads):
            if worker.is_cancelled:
                return
            found.append(item)
            if isinstance(item, Entry):
                rows.append(session_row(item, framework, widths))
            if len(found) >= BATCH or time.monotonic() - sent >= BATCH_SECONDS:
                self.post_message(ScanBatch(scan, total, found, rows, widths, done=False))
                found, rows, sent = [], [], time.monotonic()
        self.post_message(ScanBatch(scan, total, found, rows, widths, done=True))

    def on_scan_batch(self, batch: ScanBatch) -> None:
        """Append a batch: the cursor and scroll stay where they are."""
        batch.stop()
        if batch.scan != self._scan:
            return  # from a scan since replaced
        assert self.listing is not None  # made by _begin, with the scan
        for item in batch.found:
            self.listing.add(item)
        self._read += len(batch.found)
        self._total = batch.total
        widths = self._widths()
        rows = batch.rows
        if batch.widths != widths:  # resized while it was read
            framework = self.app.framework
            rows = [session_row(e, framework, widths) for e in batch.found if isinstance(e, Entry)]
        if self._later is not None:  # the rest of a small folder: in folder order once read
            if batch.done:
                self._finish_later()
            else:
                self.query_one("#folder", PartsLine).show_parts(self._about())
            return
        if batch.done:
            self.scanning = False
            if same_person(self.listing.sessions):  # rows marked once every file is known
                self.show_listing()
                self.query_one("#folder", PartsLine).show_parts(self._about())
                return
            rows = rows + [broken_row(path, problem) for path, problem in self.listing.broken]
        option_list = self.query_one("#sessions", OptionList)
        option_list.add_options(rows)
        self._apply_restore(option_list)
        self.query_one("#folder", PartsLine).show_parts(self._about())

    def _finish_later(self) -> None:
        """Every file read: the list in folder order, the cursor on the same session, or on
        the session just closed if it has not been moved since."""
        option_list = self.query_one("#sessions", OptionList)
        row = option_list.highlighted
        wanted = option_list.get_option_at_index(row).id if row is not None else None
        follow = self._follow[0] if self._follow and self._follow[1] == row else None
        self.scanning, self._later, self._follow = False, None, None
        assert self.listing is not None  # made by _begin, with the scan
        self.listing.sort()
        self.show_listing()
        ids = [option_list.get_option_at_index(i).id for i in range(option_list.option_count)]
        closed = self._row_of(follow)
        if closed is not None:
            option_list.highlighted = closed
        elif wanted in ids:
            option_list.highlighted = ids.index(wanted)

    def _apply_restore(self, option_list: OptionList) -> None:
        """Move to the wanted row once it is listed, unless the cursor has been moved since."""
        if self._restore is None:
            return
        row, still_at = self._restore
        if option_list.highlighted != still_at:
            self._restore = None
        elif row < option_list.option_count:
            option_list.highlighted = row
            self._restore = None

    def _widths(self) -> Widths:
        self._built_for = self.app.size.width
        width = max(self._built_for, 62) - 4  # the list's padding
        name, level, progress = 22, 11, 14
        return name, max(width - name - level - progress - 6, 10), level, progress

    def _title(self) -> Text:
        return Text("bb-tui · " + self.app.framework.title, no_wrap=True, overflow="ellipsis")

    @on(events.Mount)
    def _watch_folder(self) -> None:
        if self._deferred:
            return  # started when the list is first shown
        self.watcher = FolderWatcher(
            Path(self.app.sessions_dir), lambda: self.post_message(FolderChanged())
        ).start()
        self.query_one("#folder", PartsLine).show_parts(self._about())

    @on(events.Unmount)
    def _stop_watching(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()

    def on_folder_changed(self, message: FolderChanged) -> None:
        """A file in the folder changed: list it again (changed files only), keeping the cursor."""
        message.stop()
        if self.app.screen is not self:  # is_current is also true for the screen just beneath
            self._stale = True  # listed again on coming back
        elif not self.scanning:
            self.reload()

    def _about(self) -> list[Text | str]:
        """The folder line's parts, joined by " · " (on two lines when too wide)."""
        listing = self.listing
        assert listing is not None  # made by _begin, before the line is first shown
        if self.scanning:  # the count first: a long folder name is cut at the end
            about = Text(f"Reading sessions{marks().more}", style="bold")
            if self._total is not None:
                about.append(f" {self._read:,} of {self._total:,}")
            about.append(f" · in {listing.folder}")
            about.no_wrap, about.overflow = True, "ellipsis"
            parts: list[Text | str] = [about]
        else:
            parts = [Text(f"Sessions in {listing.folder}", style="bold")]
        if not listing.exists:
            parts.append("not there yet: made with the first new session")
        elif not self.scanning:
            sessions = len(listing.sessions)
            counts = [f"{sessions:,} session{'s' * (sessions != 1)}"]
            if listing.broken:
                counts.append(f"{len(listing.broken):,} not readable")
            others = listing.others - listing.partnership  # the partnership file is expected
            if listing.partnership:
                counts.append("the partnership file")
            if others:
                counts.append(f"{others:,} other file{'s' * (others != 1)} skipped")
            parts.append(", ".join(counts))
            stored = len(archived(listing.folder))
            if stored:
                parts.append(f"{stored:,} archived (u)")
            people = len({same.counted for same in same_person(listing.sessions).values()})
            if people:
                parts.append(
                    Text(f"{people} {'person' if people == 1 else 'people'} with 2+ files", "bold")
                )
        if self.watcher is not None and self.watcher.label:
            parts.append(Text(self.watcher.label, style="dim"))
        return parts

    def _content(self) -> tuple[list[Text | str], Text, list[Option], int]:
        """The folder line, the column headings, the rows so far, and the row to highlight."""
        listing = self.listing
        assert listing is not None  # made by _begin, before the list is first shown
        framework = self.app.framework
        widths = self._widths()
        name_w, org_w, level_w, progress_w = widths
        header = cells(
            ("Name", name_w), ("Organisation", org_w), ("Level", level_w), ("Progress", progress_w)
        )
        options = [Option(Text(f"+ Start a new session{marks().more}", style="bold"), id=NEW)]
        same = {} if self.scanning else same_person(listing.sessions)
        options += [
            session_row(entry, framework, widths, same.get(entry.path))
            for entry in listing.sessions
        ]
        if not self.scanning:  # broken files come last, so only once all are read
            options += [broken_row(path, problem) for path, problem in listing.broken]
        highlight = 1 if listing.sessions else 0
        if self.scanning and not listing.sessions:
            self._restore = (1, 0)  # the first session, once it is read
        return self._about(), header, options, highlight

    def show_listing(self, keep: int | None = None) -> None:
        about, header, options, highlight = self._content()
        self.query_one("#folder", PartsLine).show_parts(about)
        self.query_one("#columns", Static).update(header)
        option_list = self.query_one("#sessions", OptionList)
        keep = option_list.highlighted if keep is None else keep
        option_list.clear_options()
        option_list.add_options(options)
        option_list.highlighted = highlight if keep is None else min(keep, len(options) - 1)
        if self.scanning and keep is not None and keep >= len(options):
            self._restore = (keep, option_list.highlighted)  # not read yet: once it is

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._open(event.option.id)

    def _open(self, option_id: str | None) -> None:
        if option_id == NEW:
            self.action_new()
        elif option_id and not option_id.startswith("broken:"):
            path = Path(option_id)
            opening = Text(f"Opening {shown_path(path.name)}{marks().more}", style="bold")
            opening.no_wrap, opening.overflow = True, "ellipsis"
            self.query_one("#folder", PartsLine).show_parts([opening])
            self.app.open_session(path, background=True, done=self._opened)

    def _opened(self) -> None:
        """The session chosen has been read (or could not be): the folder line again."""
        for line in self.query("#folder").results(PartsLine):  # none if the list is not built
            line.show_parts(self._about())

    def action_new(self) -> None:
        from bb_tui.tui.dialogs.new_session import NewSessionScreen

        self.app.push_screen(NewSessionScreen(self.listing.sessions if self.listing else ()))

    def action_reload(self) -> None:
        self.reload()

    def action_archive(self) -> None:
        from bb_tui.storage.archive import archive_session
        from bb_tui.storage.errors import BBError

        option_list = self.query_one("#sessions", OptionList)
        row = option_list.highlighted
        option_id = option_list.get_option_at_index(row).id if row is not None else None
        if not option_id or option_id == NEW or option_id.startswith("broken:"):
            self.notify("Choose a session to archive", severity="warning", markup=False)
            return
        path = Path(option_id)
        current = self.app.current
        if current is not None and current.path.resolve() == path.resolve():
            self.notify(f"{shown_path(path.name)} is open: close it first", markup=False)
            return
        try:
            moved = archive_session(path)
        except BBError as exc:
            self.notify(exc.line(), severity="error", timeout=10, markup=False)
            return
        self.notify(
            f"{shown_path(path.name)} archived as {shown_path(moved)}; u brings it back",
            timeout=8,
            markup=False,
        )
        self.reload()

    def action_archived(self) -> None:
        from bb_tui.tui.dialogs.archived import ArchivedScreen

        def brought_back(path: Path | None) -> None:
            if path is not None:
                self.notify(f"{shown_path(path.name)} is back in the list", markup=False)
                self.reload()

        self.app.push_screen(ArchivedScreen(Path(self.app.sessions_dir)), brought_back)
