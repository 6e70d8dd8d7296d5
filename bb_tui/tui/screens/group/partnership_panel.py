"""Base for the panels that edit the partnership file: one load path, one save path, one-line errors."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from bb_tui.core.partnership import PartnershipFile
from bb_tui.storage.errors import BBError, ConflictError

NOTE_SAVE_DELAY = 0.4  # seconds of quiet typing before a note is saved


class PartnershipPanel(Screen):
    """A screen editing the partnership file of one folder.

    The file on disk is the truth: it is (re)read when the panel is shown and saved after every
    change. When it cannot be read, the panel is read-only and says why; the file is never touched.
    """

    CSS_PATH = "partnership.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="partnership.back", tooltip="Close this panel"),
    ]

    class ResultsReady(Message):
        """Group figures for the folder, computed off the UI thread (results is None on failure)."""

        def __init__(self, results, error: str = "") -> None:
            super().__init__()
            self.results, self.error = results, error

    def __init__(self, context, *, name: str | None = None) -> None:
        """`context` is an actions.ScreenContext: framework, sessions_dir, ascii (anonymous optional)."""
        super().__init__(name=name)
        self.context = context
        self.framework = context.framework
        self.folder = Path(context.sessions_dir)
        self.anonymous = bool(getattr(context, "anonymous", False))
        self.file: PartnershipFile | None = None
        self.load_error: str | None = None
        self.results = None
        self._note_timer: Timer | None = None
        self.unsaved = False  # a save failed: what is on screen is newer than the file
        self._warned = False  # told that leaving now loses unsaved changes
        self._load()

    # ------------------------------------------------------------ loading

    def _load(self) -> None:
        try:
            self.file = PartnershipFile.in_folder(self.folder, self.framework)
            self.load_error = None
        except BBError as exc:
            self.file, self.load_error = None, exc.line()

    @property
    def partnership(self):
        return self.file.partnership if self.file else None

    def on_mount(self) -> None:
        """Say once which unknown keys were found (they are kept when the file is saved)."""
        for warning in self.file.partnership.warnings if self.file else []:
            self.notify(f"warning: {warning}", severity="warning", timeout=8, markup=False)

    def status_bar(self) -> Static:
        return Static(self._status_text(), id="partnership-status", markup=False)

    def _status_text(self) -> Text:
        if self.load_error:
            return Text(f"Read-only: {self.load_error}", style="bold reverse")
        assert self.file is not None
        p = self.file.partnership
        short = Path(self.file.path.parent.name) / self.file.path.name
        where = f"{short}" if self.file.exists else f"{short}: created on the first change"
        return Text(f"{p.round + ' · ' if p.round else ''}{where}", style="dim")

    def _show_status(self, text: Text | None = None) -> None:
        try:
            self.query_one("#partnership-status", Static).update(text or self._status_text())
        except Exception:  # noqa: BLE001 - not mounted yet
            pass

    def on_screen_resume(self) -> None:
        """Pick up changes saved by another panel or another terminal (never over unsaved work)."""
        if self._note_timer is None and not self.unsaved:
            self._load()
            self.refresh_panel()
            self._show_status()

    def refresh_panel(self) -> None:
        """Redraw the panel from self.partnership; subclasses override."""

    @work(thread=True, exclusive=True, group="results")
    def load_results(self) -> None:
        """Merge the folder's session files and compute the group figures; posts ResultsReady."""
        from bb_tui.core.collection import collect
        from bb_tui.core.stats import compute

        try:
            results = compute(collect([self.folder], self.framework), self.framework,
                              anonymous=self.anonymous)
        except (BBError, OSError, ValueError) as exc:
            self.post_message(self.ResultsReady(None, str(exc)))
            return
        self.post_message(self.ResultsReady(results))

    # ------------------------------------------------------------ saving

    def can_edit(self) -> bool:
        if self.file is None:
            self.notify(f"Not changed: {self.load_error}. Fix or move the file, then reopen.",
                        severity="error", timeout=8, markup=False)
            return False
        return True

    def save(self) -> bool:
        """Write the partnership file now; report failures in one line. True when saved."""
        if self._note_timer is not None:
            self._note_timer.stop()
            self._note_timer = None
        if self.file is None:
            return False
        try:
            self.file.save()
        except ConflictError as exc:
            self.unsaved = False  # our version is safe in the conflict copy
            self.notify(exc.line(), severity="error", timeout=12, markup=False)
            self._load()  # show what is on disk; our version is in the conflict copy
            self.refresh_panel()
            self._show_status()
            return False
        except BBError as exc:
            self.unsaved = True
            self.notify(exc.line(), severity="error", timeout=10, markup=False)
            self._show_status(Text(f"NOT SAVED: {exc.line()}", style="bold reverse"))
            return False
        self.unsaved = False
        self._show_status()
        return True

    def save_soon(self) -> None:
        """Save after a short pause (typing in a note)."""
        if self._note_timer is not None:
            self._note_timer.stop()
        self._note_timer = self.set_timer(NOTE_SAVE_DELAY, self.save)

    def flush(self) -> None:
        if self._note_timer is not None:
            self.save()

    def on_screen_suspend(self) -> None:
        self.flush()

    def on_unmount(self) -> None:
        self.flush()

    def action_back(self) -> None:
        self.flush()
        if self.unsaved and not self.save() and not self._warned:
            self._warned = True
            self.notify("The last changes are NOT saved (see above). Fix the folder and press any "
                        "key that changes something to save again; esc again leaves without them.",
                        severity="error", timeout=12, markup=False)
            return
        if len(self.app.screen_stack) > 1:
            self.dismiss()
