"""Base for the panels that edit the partnership file: one shared open document, one-line errors."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from rich.text import Text
from textual import events, on, work
from textual.app import App
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import get_current_worker

from bb_tui.core.editing import OpenPartnership, OpenPartnerships
from bb_tui.core.listing import count_up_to
from bb_tui.storage.errors import BBError
from bb_tui.tui.messages import DocumentSaved
from bb_tui.tui.runtime.watch import FolderChanged, FolderWatcher
from bb_tui.tui.screens.group.background import FirstPaint, shared_reads

if TYPE_CHECKING:
    from bb_tui.core.autosave import SaveReport
    from bb_tui.core.collection import Outcome
    from bb_tui.core.partnership import Partnership, PartnershipChoice
    from bb_tui.core.readcache import ParseCache
    from bb_tui.core.stats import Results
    from bb_tui.tui.keymap import ScreenContext

# A host app that does not hold partnership documents itself (a test's bare App) gets one set.
_HOSTED: WeakKeyDictionary[App[Any], OpenPartnerships] = WeakKeyDictionary()


class PartnershipPanel(Screen[None]):
    """A screen editing the partnership file of one folder.

    The app holds the folder's open document (read and locked by the first panel, shared by every
    panel, autosaved, flushed on hang-up); a decision (a key) is saved at once, typing shortly after.
    When the file cannot be read, the panel is read-only and says why; the file is never touched.
    """

    CSS_PATH = "partnership.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="partnership.back", tooltip="Close this panel"),
    ]

    class ResultsReady(Message):
        """Group figures for the folder, computed off the UI thread (results is None on failure)."""

        def __init__(self, results: Results | None, error: str = "") -> None:
            super().__init__()
            self.results, self.error = results, error

    def __init__(self, context: ScreenContext, *, name: str | None = None) -> None:
        """`context` is an actions.ScreenContext: framework, sessions_dir, ascii (anonymous optional)."""
        super().__init__(name=name)
        self.context = context
        self.framework = context.framework
        self.folder = Path(context.sessions_dir)
        self.anonymous = bool(getattr(context, "anonymous", False))
        self.results: Results | None = None
        self.load_error: str | None = None
        self._document: OpenPartnership | None = None
        self._documents: OpenPartnerships | None = None  # None until the document is asked for
        self._notices: list[str] = []
        self._warned = False  # told that leaving now loses unsaved changes
        self._failing = False  # told that saving fails
        self.first_paint = FirstPaint()  # the merge starts once the panel has painted
        self.watcher: FolderWatcher | None = None
        self._live_problem: str | None = None  # told once while the file stays broken
        # Whose partnership.toml to ask about before opening it.
        self._question: PartnershipChoice | None = None
        self._wants_results = False  # the panel shows figures: load them again after the answer
        self._opening = True  # not yet resumed: its mount has just drawn it from the document

    # ------------------------------------------------------------ the document

    @property
    def document(self) -> OpenPartnership | None:
        """The folder's open partnership document, shared (None when it cannot be read)."""
        if self._documents is None:
            self._open_document()
        return self._document

    @property
    def reads(self) -> ParseCache[Outcome]:
        """The app's parse cache: a merge after one save, or in another panel, reads only what changed."""
        return shared_reads(self.app)

    @property
    def partnership(self) -> Partnership | None:
        return self.document.partnership if self.document is not None else None

    @property
    def open_partnership(self) -> Partnership:
        """The partnership, where `editable` or `can_edit()` has said it may be changed."""
        assert self.document is not None
        return self.document.partnership

    def _open_document(self) -> None:
        shared = getattr(self.app, "partnerships", None)
        if not isinstance(shared, OpenPartnerships):
            shared = _HOSTED.setdefault(self.app, OpenPartnerships(self.framework))
        self._documents = shared
        self._question = shared.question(self.folder)  # someone else's file: asked on mount
        if self._question is not None:
            self._document, self.load_error = None, self._question.reason
            return
        try:
            self._document, self._notices = shared.attach(self.folder, self._heard)
        except BBError as exc:
            self._document, self.load_error = None, exc.line()

    @on(events.Mount)
    def _ask_whose(self) -> None:
        """The first use this run of a folder whose partnership.toml is someone else's: ask."""
        if self.document is None and self._question is not None:
            from bb_tui.tui.dialogs.whose_partnership import WhosePartnershipScreen

            self.app.push_screen(WhosePartnershipScreen(self._question), self._answered)

    def _answered(self, answer: str | None) -> None:
        if self._documents is None:
            return
        self._documents.answer(self.folder, answer)
        self._question, self._documents, self.load_error = None, None, None
        self._tell_notices()  # what opening it found
        self.redraw()
        if self._wants_results:
            self.load_results()  # with its thresholds

    def _heard(self, report: SaveReport) -> None:
        """A background save finished (the writer thread): handled on the UI thread."""
        self.post_message(DocumentSaved(report))

    def on_mount(self) -> None:
        self._tell_notices()

    def _tell_notices(self) -> None:
        """Say once what opening the file found (unknown keys kept, a planted lock, whose)."""
        for notice in self._notices if self.document is not None else []:
            self.notify(f"warning: {notice}", severity="warning", timeout=8, markup=False)
        self._notices = []

    def on_unmount(self) -> None:
        if self._document is not None and self._documents is not None:
            self._documents.detach(self._document, self._heard)  # the last one out saves, closes

    # ------------------------------------------------------------ live (a colleague saved)

    @on(events.Mount)
    def _watch_folder(self) -> None:
        self.watcher = FolderWatcher(self.folder, lambda: self.post_message(FolderChanged()))
        self.watcher.start()
        self._show_status()
        self.first_paint.arm(self)

    @on(events.Unmount)
    def _stop_watching(self) -> None:
        self.first_paint.release()
        if self.watcher is not None:
            self.watcher.stop()

    def on_folder_changed(self, message: FolderChanged) -> None:
        """The partnership file or a session changed: read it again (never over unsaved work)
        and redraw only if it did change; the figures again if the panel shows them."""
        message.stop()
        if not self.is_current:
            return  # on_screen_resume reads it again on coming back
        document = self.document
        if document is not None:
            before = document.file.fingerprint
            problem = document.read_again_if_changed()
            if problem and problem != self._live_problem:
                self.notify(
                    f"{problem}; showing the version read earlier",
                    severity="warning",
                    timeout=10,
                    markup=False,
                )
            self._live_problem = problem
            if document.file.fingerprint != before:
                self.redraw()
        if self.results is not None:
            self.load_results()

    # ------------------------------------------------------------ drawing

    def status_bar(self) -> Static:
        return Static(self._status_text(), id="partnership-status", markup=False)

    def _status_text(self) -> Text:
        document = self.document
        if document is None:
            return Text(f"Read-only: {self.load_error}", style="bold reverse")
        if document.failing and document.saver is not None and document.saver.last_report:
            return Text(f"NOT SAVED: {document.saver.last_report.message}", style="bold reverse")
        p, path, choice = document.partnership, document.path, document.file.choice
        short = Path(path.parent.name) / path.name
        where = f"{short}" if document.exists else f"{short}: created on the first change"
        if choice is not None and choice.foreign and not choice.saves:
            where = f"{choice.foreign}'s partnership.toml: not used, nothing is saved"
        elif choice is not None and (choice.foreign or choice.beside_used):
            whose = f"{choice.foreign}'s " if choice.foreign else ""
            if choice.source not in (None, path):
                where += f" (from {whose}partnership.toml)"
            else:
                where += f" ({whose}partnership.toml not used)"
        if document.read_only:
            where += " (read-only)"
        live = f" · {self.watcher.label}" if self.watcher and self.watcher.label else ""
        return Text(f"{p.round + ' · ' if p.round else ''}{where}{live}", style="dim")

    def _show_status(self) -> None:
        self.query_one("#partnership-status", Static).update(self._status_text())

    def redraw(self) -> None:
        """Redraw the panel and its status line from the document, once its widgets exist."""
        if self.is_mounted:
            self.refresh_panel()
            self._show_status()

    def refresh_panel(self) -> None:
        """Redraw the panel from self.partnership (widgets exist); subclasses override."""

    def prepare_to_show(self) -> None:
        """Slow first-time work that showing the figures needs, done in the merge's thread so
        the UI thread does not wait for it; subclasses override."""

    def on_screen_resume(self) -> None:
        """Pick up a save made in another terminal (never over unsaved work) and other panels' edits.
        Not on opening: the panel was drawn from the document just read, when it was mounted."""
        if self._opening:
            self._opening = False
            return
        problem = self.document.read_again_if_changed() if self.document is not None else None
        if problem:
            self.notify(
                f"{problem}; showing the version read earlier",
                severity="warning",
                timeout=10,
                markup=False,
            )
        self.redraw()

    def load_results(self) -> None:
        """Merge the folder's session files and compute the group figures; posts ResultsReady."""
        self._wants_results = True
        self._load_results(self.reads, self.anonymous)  # as asked now, not when the thread runs

    @work(thread=True, exclusive=True, group="results")
    def _load_results(self, reads: ParseCache[Outcome], anonymous: bool) -> None:
        from bb_tui.core.collection import collect
        from bb_tui.core.stats import compute

        self.first_paint.wait()  # the panel answers its key first; figures follow
        document = self._document  # its [analysis]: the folder's thresholds
        try:
            results = compute(
                collect([self.folder], self.framework, cache=reads),
                self.framework,
                anonymous=anonymous,
                partnership=document.partnership if document else None,
            )
        except (BBError, OSError, ValueError) as exc:
            self.post_message(self.ResultsReady(None, str(exc)))
            return
        self.prepare_to_show()
        if not get_current_worker().is_cancelled:  # a newer load (names hidden?) replaced this one
            self.post_message(self.ResultsReady(results))

    # ------------------------------------------------------------ editing and saving

    @property
    def editable(self) -> bool:
        """A document is open and may be changed (quietly: for typing and drawing)."""
        return self.document is not None and not self.document.read_only and not self.needs_consent

    @property
    def needs_consent(self) -> bool:
        """The first save would create the file in a folder holding no sessions: ask first."""
        document = self.document
        if document is None or document.exists or getattr(document, "creation_agreed", False):
            return False
        return count_up_to(self.folder, 1) == 0

    def _ask_consent(self) -> None:
        from bb_tui.tui.dialogs.create_partnership import CreatePartnershipScreen

        assert self.document is not None  # asked only about an open document (can_edit)

        def chosen(yes: bool | None) -> None:
            if yes and self.document is not None:
                self.document.creation_agreed = True  # on the shared document: asked once
                self.redraw()
                self.notify("Press the key again to make the change.", markup=False)

        self.app.push_screen(CreatePartnershipScreen(self.document.path), chosen)

    def can_edit(self) -> bool:
        document = self.document
        if document is None:
            self.notify(
                f"Not changed: {self.load_error}. Fix or move the file, then reopen.",
                severity="error",
                timeout=8,
                markup=False,
            )
            return False
        if self.needs_consent and not document.read_only:
            self._ask_consent()
            return False
        if document.read_only:
            self.notify(
                f"Not changed: {document.why_read_only}.",
                severity="error",
                timeout=8,
                markup=False,
            )
            return False
        return True

    @contextmanager
    def typing(self) -> Iterator[Partnership]:
        """Typing in a note or a field: the change is written shortly, off the UI thread."""
        assert self.document is not None
        for notice in self.document.claim():  # the first change takes the in-use lock
            self.notify(
                notice, title="Partnership file", severity="warning", timeout=12, markup=False
            )
        with self.document.edit() as partnership:
            yield partnership

    @contextmanager
    def deciding(self) -> Iterator[Partnership]:
        """A decision (a key): the change is written at once."""
        with self.typing() as partnership:
            yield partnership
        self.save()

    def save(self) -> bool:
        """Write what is pending now; report failures in one line. True when it is on disk."""
        if self.document is None:
            return False
        return self._show_report(self.document.save_now(), asked=True)

    def flush(self) -> None:
        """Leaving a note, a field or the panel: write what was typed now."""
        if self.document is not None and self.document.unsaved and not self.document.failing:
            self.save()

    def on_document_saved(self, message: DocumentSaved) -> None:
        self._show_report(message.report)

    def _show_report(self, report: SaveReport | None, asked: bool = False) -> bool:
        """Tell how a save went (`asked`: a key did it, so a failure is told again)."""
        document = self.document
        if report is None or document is None:
            return report is None
        if report.conflict:
            # our version is safe in the conflict copy; show what is on disk and go on from it
            self.notify(report.message, severity="error", timeout=12, markup=False)
            problem = document.after_conflict()
            if problem:
                self.notify(problem, severity="error", timeout=12, markup=False)
            self._failing = False
            self.redraw()
            return False
        if not report.ok:
            if asked or not self._failing:
                self.notify(report.message, severity="error", timeout=10, markup=False)
            self._failing = True
            self._show_status()
            return False
        if self._failing:
            self.notify(f"Saved {document.path.name} again; nothing was lost.", markup=False)
        self._failing = False
        self._show_status()
        return True

    def on_screen_suspend(self) -> None:
        self.flush()

    def action_back(self) -> None:
        self.flush()
        failing = self.document is not None and self.document.failing
        if failing and not self.save() and not self._warned:
            self._warned = True
            self.notify(
                "The last changes are NOT saved (see above). Fix the folder and press any "
                "key that changes something to save again; esc again leaves without them.",
                severity="error",
                timeout=12,
                markup=False,
            )
            return
        if len(self.app.screen_stack) > 1:
            self.dismiss()
