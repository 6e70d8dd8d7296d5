"""Group results: the sessions folder merged, as radar and spread charts, tables and the dig-deeper list.

The screen holds the keys, which view is shown, and what every view renders from: the merged
files (collection), their figures (results) and how they are figured (thresholds, groups, names).
Each view renders itself: chart_views + chart_panel (1-4), dig (5), files (6), numbers (t).
Work happens off the UI thread: the merge worker here (bb_tui.core.collection, bb_tui.core.stats)
and the chart worker in chart_panel (bb_tui.render.charts; plotext is imported there, the first
time a chart is drawn). Workers only post messages; the handlers change the widgets.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import ContentSwitcher, OptionList
from textual.worker import get_current_worker

from bb_tui.tui.keymap import ScreenContext
from bb_tui.tui.messages import DocumentSaved
from bb_tui.tui.runtime.watch import FolderChanged, FolderWatcher
from bb_tui.tui.screens.group.background import FirstPaint, shared_reads
from bb_tui.tui.screens.group.results.add_path import AddPathField, Sources
from bb_tui.tui.screens.group.results.bars import VIEW_NAMES, VIEWS, StatusLine, ViewsBar
from bb_tui.tui.screens.group.results.chart_panel import ChartKey, ResultsChart
from bb_tui.tui.screens.group.results.chart_views import (
    ChartChoice,
    IndicatorsView,
    RadarView,
    SpreadView,
    ThemesView,
)
from bb_tui.tui.screens.group.results.dig import DigDeeperList, dig_table
from bb_tui.tui.screens.group.results.empty import SHOWN_REASONS, nothing_merged
from bb_tui.tui.screens.group.results.files import FilesView
from bb_tui.tui.screens.group.results.thresholds import FolderThresholds
from bb_tui.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from bb_tui.core.autosave import SaveReport
    from bb_tui.core.collection import Collection, Outcome
    from bb_tui.core.editing import OpenPartnership, OpenPartnerships
    from bb_tui.core.framework import Framework
    from bb_tui.core.readcache import ParseCache
    from bb_tui.core.stats import ClaimNote, Results, Thresholds
    from bb_tui.render.charts import Chart, Table

    # What the figures are computed with: framework, thresholds, overlay, names hidden, choices.
    Settings = tuple[Framework, Thresholds, str | None, bool, list[tuple[str, str, str]]]

OVERLAYS = (None, "level", "organisation", "sector")
BodyView = TypeVar("BodyView", bound=Widget)
RANGE_KINDS = ("minmax", "middle", "none")


def figure(
    collection: Collection,
    framework: Framework,
    thresholds: Thresholds,
    by: str | None,
    anonymous: bool,
    choices: Iterable[tuple[str, str, str]] = (),
) -> Results:
    """The figures for a collection with the folder's thresholds and choices (runs in a worker)."""
    from bb_tui.core.stats import compute

    return compute(
        collection, framework, thresholds=thresholds, by=by, anonymous=anonymous, choices=choices
    )


class ResultsScreen(Screen[None]):
    """Group results for the sessions folder: radar and spread charts, tables, where to dig deeper."""

    CSS_PATH = "results.tcss"
    # Nothing focused on opening: the chart takes no keys, and the hidden path field must not
    # take the screen's; the table and the dig-deeper list take focus when shown.
    AUTO_FOCUS = ""
    HELP_TITLE = "Group results"
    HELP_TEXT = (
        "Every session file in the folder is merged: bad files are listed under Files with the "
        "reason, duplicates are counted once (docs/merging.md). Skipped and not-yet-scored items "
        "are left out of every figure.\n\n"
        "1-6 switch views: the radar of all enablers (group mean, with the range of scores along "
        "each axis), one theme, one enabler's indicators, the spread of every score, the list of "
        "where to dig deeper (enter opens that enabler's indicators) and the files merged. "
        "[ and ] step through themes and enablers. t shows the numbers behind a chart as a table. "
        "g overlays subgroups (strategic / operational, then organisations, then sectors: local "
        "authority, health...); a subgroup under the "
        "framework's minimum size is pooled with others so no one can be singled out. "
        "+ and - move the low threshold, > and < the polarised gap, for this view only; s saves "
        "them as the partnership's, in the folder's partnership file (only its [analysis] values "
        "change; comments and layout stay), so every screen, merge, report and export uses them. "
        "An enabler or indicator fewer people scored than the minimum group size is too few to "
        "call. a hides every name. "
        "o adds another folder or file. c chooses whose file counts for a person claimed by "
        "session files of two accounts (saved in the partnership file)."
    )

    BINDINGS = [
        *(
            Binding(
                str(n),
                f"view('{v}')",
                VIEW_NAMES[v],
                show=False,
                id=f"results.view_{v}",
                tooltip=f"Show {VIEW_NAMES[v].lower()}",
            )
            for n, v in enumerate(VIEWS, start=1)
        ),
        Binding(
            "t",
            "toggle_table",
            "Table",
            id="results.table",
            tooltip="Show the numbers behind this chart as a table, or the chart again",
        ),
        Binding(
            "right_square_bracket",
            "step(1)",
            "Next",
            key_display="]",
            id="results.next",
            tooltip="The next theme or enabler",
        ),
        Binding(
            "left_square_bracket",
            "step(-1)",
            "Previous",
            key_display="[",
            show=False,
            id="results.previous",
            tooltip="The previous theme or enabler",
        ),
        Binding(
            "g",
            "cycle_groups",
            "Groups",
            id="results.groups",
            tooltip="Overlay subgroups: by level, organisation, sector, or none",
        ),
        Binding(
            "m",
            "cycle_range",
            "Range",
            show=False,
            id="results.range",
            tooltip="Range along each radar axis: lowest-highest, middle half, or none",
        ),
        Binding(
            "a",
            "toggle_anonymous",
            "Names",
            id="results.anonymous",
            tooltip="Hide or show every participant's name",
        ),
        Binding(
            "plus,equals_sign",
            "low(1)",
            "Low +",
            show=False,
            id="results.low_up",
            tooltip="Raise the low-score threshold",
        ),
        Binding(
            "minus",
            "low(-1)",
            "Low -",
            show=False,
            id="results.low_down",
            tooltip="Lower the low-score threshold",
        ),
        Binding(
            "greater_than_sign",
            "gap(1)",
            "Gap +",
            show=False,
            id="results.gap_up",
            tooltip="Widen the gap that counts as polarised",
        ),
        Binding(
            "less_than_sign",
            "gap(-1)",
            "Gap -",
            show=False,
            id="results.gap_down",
            tooltip="Narrow the gap that counts as polarised",
        ),
        Binding(
            "s",
            "save_thresholds",
            "Save",
            id="results.save_thresholds",
            tooltip="Save the thresholds shown as the partnership's (in partnership.toml)",
        ),
        Binding(
            "x",
            "app.open_screen('export')",
            "Export",
            id="results.export",
            tooltip="Write the board report and spreadsheets for the sessions folder",
        ),
        Binding(
            "o",
            "add_path",
            "Add",
            id="results.add",
            tooltip="Add another folder or session file to the merge",
        ),
        Binding(
            "p",
            "progress",
            "Progress",
            id="results.progress",
            tooltip="Who has finished how much of the scoring (live)",
        ),
        Binding(
            "r", "reload", "Reload", show=False, id="results.reload", tooltip="Read the files again"
        ),
        Binding(
            "c",
            "choose_claim",
            "Whose file",
            show=False,
            id="results.claim",
            tooltip="For a person claimed by two accounts, choose whose file counts",
        ),
        Binding("escape", "back", "Back", id="results.back", tooltip="Close the results"),
    ]

    class Merged(Message):
        """A merge finished off the UI thread (collection and results, or an error line);
        `live`: the refresh after a change in the folder."""

        def __init__(
            self,
            collection: Collection | None,
            results: Results | None,
            error: str = "",
            live: bool = False,
        ) -> None:
            super().__init__()
            self.collection, self.results, self.error = collection, results, error
            self.live = live

    def __init__(self, context: ScreenContext, *, name: str | None = None) -> None:
        """`context` is a keymap.ScreenContext: framework, sessions_dir, ascii."""
        super().__init__(name=name)
        self.framework = context.framework
        self.sources = Sources([Path(context.sessions_dir)])
        self.thresholds = FolderThresholds(self.framework)
        self.overlay: str | None = None
        self.anonymous = bool(getattr(context, "anonymous", False))
        self.force_ascii = bool(getattr(context, "ascii", False))
        self.collection: Collection | None = None
        self.results: Results | None = None
        self.error = ""
        self.view = "radar"
        self.table_mode = False
        self.range_kind = "minmax"
        self.charts: dict[str, ChartChoice] = {
            "radar": RadarView(self.framework),
            "themes": ThemesView(self.framework),
            "indicators": IndicatorsView(self.framework),
            "spread": SpreadView(self.framework),
        }
        self._resize_timer: Timer | None = None
        self._document: OpenPartnership | None = None  # the folder's partnership document, shared
        self._documents: OpenPartnerships | None = None
        self.thresholds_problem = ""  # why nudges cannot be saved, if they cannot
        self.first_paint = FirstPaint()  # the first merge starts once the screen has painted
        self.watcher: FolderWatcher | None = None
        self._stale = False  # the folder changed while another screen was in front
        self._refreshing = False  # a live refresh is running: changes meanwhile wait for it
        self._again = False  # the folder changed during that refresh: one more after it
        self._one_merge = threading.Lock()  # a merge never reads beside another

    @property
    def reads(self) -> ParseCache[Outcome]:
        """The app's parse cache: a merge after one save, or from another screen, reads only what changed."""
        return shared_reads(self.app)

    @property
    def paths(self) -> list[Path]:
        return self.sources.paths

    # ------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield ViewsBar(id="results-views")
        with ContentSwitcher(initial="results-chart", id="results-body"):
            yield ResultsChart(id="results-chart")  # the other views: when first shown (_body)
        # the add-a-path field (o) is mounted here, hidden, the first time it is opened
        yield StatusLine(id="results-status")
        yield KeyBar()

    def on_mount(self) -> None:
        self._open_thresholds()
        self.query_one(ResultsChart).show_message("Reading the session files...")
        self._show_views()
        self._show_status()
        self.first_paint.arm(self)
        self.merge(list(self.paths))
        self.watch_folder()

    # ------------------------------------------------------------ live (a colleague saved)

    def watch_folder(self) -> None:
        folder = self.paths[0] if self.paths else None
        if folder is not None and folder.is_dir():
            self.watcher = FolderWatcher(folder, lambda: self.post_message(FolderChanged()))
            self.watcher.start()
            self._show_status()

    @on(events.Unmount)
    def _stop_watching(self) -> None:
        self.first_paint.release()
        if self.watcher is not None:
            self.watcher.stop()

    def on_folder_changed(self, message: FolderChanged) -> None:
        """Merge again (changed files only): the view, cursor and any open field stay as they are.
        Told at most once a second, and less often after a slow refresh (the watcher's throttle).
        A refresh is never replaced by the next (under a storm none would be shown): changes
        during it are read once it is shown.
        Behind another screen (progress, a dialog), read once on coming back."""
        message.stop()
        if self.app.screen is not self:  # is_current is also true for the screen just beneath
            self._stale = True
        elif self._refreshing:
            self._again = True
        elif self.collection is not None or self.error:  # not while the first merge reads
            self._refreshing = True
            if self.watcher is not None:
                self.watcher.throttle.began()
            self._merge(list(self.paths), None, self._settings(), self.reads, live=True)

    @property
    def ascii(self) -> bool:
        from bb_tui.render.charts import braille_ok

        return self.force_ascii or not braille_ok()

    # ------------------------------------------------------------ merging (worker)

    def _settings(self) -> Settings:
        """What the figures are computed with, taken on the UI thread for a worker."""
        return (
            self.framework,
            self.thresholds.resolved(),
            self.overlay,
            self.anonymous,
            self._choices(),
        )

    def _choices(self) -> list[tuple[str, str, str]]:
        """Whose file counts for a person claimed by several accounts (the partnership file)."""
        return self._document.partnership.choices() if self._document is not None else []

    def action_choose_claim(self) -> None:
        """Ask whose file counts for the first person claimed by several accounts."""
        from bb_tui.tui.dialogs.claim import ClaimScreen

        results = self.results
        if results is None or not results.claims:
            self.notify("Nobody here is claimed by more than one account.", markup=False)
            return
        if results.anonymous:
            self.notify("Show names (a) to choose whose file counts.", markup=False)
            return
        claim = results.claims[0]
        self.app.push_screen(ClaimScreen(claim), lambda account: self._save_choice(claim, account))

    def _save_choice(self, claim: ClaimNote, account: str | None) -> None:
        """Save the choice in the partnership file at once, then count that account's file."""
        document = self._document
        if not account:
            return
        if document is None or document.read_only:
            self.notify(
                f"Not saved: {self.thresholds_problem or 'no partnership file can be written'}",
                severity="error",
                markup=False,
            )
            return
        for notice in document.claim():
            self.notify(
                notice, title="Partnership file", severity="warning", timeout=12, markup=False
            )
        with document.edit() as partnership:
            partnership.choose(claim.person, claim.organisation, account)
        report = document.save_now()
        if report is not None and not report.ok:
            self.notify(report.message, severity="error", timeout=10, markup=False)
            return
        self.notify(
            f"{claim.person}: {account}'s file counts (saved in {document.path.name}).",
            markup=False,
        )
        self.refigure()

    # ------------------------------------------------------------ the folder's thresholds

    def _open_thresholds(self) -> None:
        """The thresholds saved in the folder's partnership file, through the app's shared document."""
        from bb_tui.core.editing import OpenPartnerships
        from bb_tui.storage.errors import BBError

        shared = getattr(self.app, "partnerships", None)
        if not isinstance(shared, OpenPartnerships):
            return
        try:  # someone else's partnership.toml is not read: saving a nudge asks first
            self._document, notices = shared.attach(self.paths[0], self._heard)
        except BBError as exc:
            self.thresholds_problem = exc.line()
            return
        self._documents, self.thresholds_problem = shared, ""
        for notice in notices:
            self.notify(f"warning: {notice}", severity="warning", timeout=8, markup=False)
        self.thresholds.saved = dict(self._document.partnership.analysis)

    def _heard(self, report: SaveReport) -> None:
        """A background save of the shared document (the writer thread): told on the UI thread."""
        self.post_message(DocumentSaved(report))

    def on_document_saved(self, message: DocumentSaved) -> None:
        if not message.report.ok:
            self.notify(message.report.message, severity="error", timeout=8, markup=False)

    def _ask_whose(self) -> bool:
        """Before the first save this run into a folder whose partnership.toml is someone else's:
        ask (use it, ignore it, keep mine), then open the file chosen and save. True if asking."""
        from bb_tui.core.editing import OpenPartnerships

        shared = getattr(self.app, "partnerships", None)
        question = shared.question(self.paths[0]) if isinstance(shared, OpenPartnerships) else None
        if question is None or shared is None:
            return False
        from bb_tui.tui.dialogs.whose_partnership import WhosePartnershipScreen

        def answered(answer: str | None) -> None:
            shared.answer(self.paths[0], answer)
            self._open_thresholds()  # the nudges shown stay over the file chosen
            self._save_thresholds()
            self._show_status()
            self.refigure()

        self.app.push_screen(WhosePartnershipScreen(question), answered)
        return True

    def _save_thresholds(self) -> None:
        """Write the thresholds shown into the partnership file's [analysis]; one line if that fails."""
        values = self.thresholds.to_save()
        if not values:
            self.thresholds.shown.clear()
            self.notify("Thresholds already saved: nothing to write", timeout=4, markup=False)
            return
        if self._document is None and self._ask_whose():
            return
        document = self._document
        if document is None or document.read_only:
            why = self.thresholds_problem or (
                document.why_read_only if document else "no partnership file is open"
            )
            self.notify(
                f"Thresholds used here only, not saved: {why}",
                severity="warning",
                timeout=8,
                markup=False,
            )
            return
        for notice in document.claim():
            self.notify(
                notice, title="Partnership file", severity="warning", timeout=12, markup=False
            )
        report = document.save_analysis(values)
        if report is not None and not report.ok:
            self.notify(report.message, severity="error", timeout=10, markup=False)
            return
        self.thresholds.saved = dict(document.partnership.analysis)
        self.thresholds.shown.clear()
        self.notify(f"Thresholds saved in {document.path.name}", timeout=4, markup=False)

    def on_unmount(self) -> None:
        if self._document is not None and self._documents is not None:
            self._documents.detach(self._document, self._heard)

    def on_screen_resume(self) -> None:
        """Thresholds changed elsewhere (another terminal, a panel) are picked up on return, and
        a change to the folder meanwhile."""
        if self._document is None:
            self._open_thresholds()  # a panel may have asked whose partnership.toml to use
        if self._document is not None:
            choices = self._choices()
            self._document.read_again_if_changed()
            saved = dict(self._document.partnership.analysis)
            if saved != self.thresholds.saved or choices != self._choices():
                self.thresholds.saved = saved
                self._show_status()
                self.refigure()
        if self._stale:  # after refigure: the merge replaces it, with the same settings
            self._stale = False
            self.merge(list(self.paths))

    def merge(self, paths: list[Path], base: Collection | None = None) -> None:
        """Read the files (adding to `base` when given) and compute the figures; posts Merged."""
        self._merge(paths, base, self._settings(), self.reads)

    @work(thread=True, exclusive=True, group="results-merge")
    def _merge(
        self,
        paths: list[Path],
        base: Collection | None,
        settings: Settings,
        reads: ParseCache[Outcome],
        live: bool = False,
    ) -> None:
        from bb_tui.core.collection import collect

        self.first_paint.wait()  # the screen answers its key first; figures follow
        with self._one_merge:  # one at a time: a merge replaced while it waited does nothing
            if get_current_worker().is_cancelled:
                return
            try:
                collection = collect(paths, self.framework, cache=reads)
                if base is not None:
                    collection = base.union(collection)
                results = figure(collection, *settings)
            except Exception as exc:  # noqa: BLE001 - reported on the screen, never a crash
                error = f"{type(exc).__name__}: {exc}"
                self.post_message(self.Merged(None, None, error, live=live))
                return
        if not get_current_worker().is_cancelled:  # a newer merge replaced this one
            self.post_message(self.Merged(collection, results, live=live))

    def refigure(self) -> None:
        """Figures again from the same files (thresholds, groups or names changed)."""
        if self.collection is not None:
            self._refigure(self.collection, self._settings())
        elif not self.error:  # still reading: read again with the new settings (this replaces it)
            self.merge(list(self.paths))

    @work(thread=True, exclusive=True, group="results-merge")
    def _refigure(self, collection: Collection, settings: Settings) -> None:
        try:
            results = figure(collection, *settings)
        except ValueError as exc:
            self.post_message(self.Merged(collection, None, str(exc)))
            return
        if not get_current_worker().is_cancelled:  # a newer choice (names hidden?) replaced it
            self.post_message(self.Merged(collection, results))

    def on_results_screen_merged(self, message: Merged) -> None:
        self.error = message.error
        if message.collection is not None:
            self.collection = message.collection
        if message.results is not None:
            self.results = message.results
        self.query_one(ResultsChart).forget()
        self._show_status()
        self._show_view()
        if self._refreshing:  # done, or replaced by a key's merge (that may not have read it)
            self._refreshing = False
            self._again = self._again or not message.live
            if self.watcher is not None:
                self.watcher.throttle.done()  # a slow refresh: the next waits longer
        if self._again and self.watcher is not None:
            self._again = False
            self.watcher.changed()  # read again when the throttle allows

    # ------------------------------------------------------------ showing a view

    def _show_view(self) -> None:
        self._show_views()
        self.query_one(ResultsChart).want_nothing()  # a chart view wants its chart again below
        switcher = self.query_one(ContentSwitcher)
        if self.view == "files":
            files = self._body(FilesView, "results-files")
            files.show(self.paths, self.results, self.collection, self.error)
            switcher.current = "results-files"
            if not self._typing_path():  # arrows scroll the list; a screen with something to
                files.focus()  # focus and nothing focused holds keys (runtime/keyhold)
            return
        if self.results is None or self.results.participants == 0:
            message = (
                f"Could not merge: {self.error}"
                if self.error and self.results is None
                else "Reading the session files..."
                if self.collection is None
                else nothing_merged(self.paths, self.collection, self.results, SHOWN_REASONS)
                or "No session could be merged: see Files (6) for why."
            )
            self.query_one(ResultsChart).show_message(message)
            switcher.current = "results-chart"
            return
        if self.view == "dig":
            self._show_dig()
            return
        # Sized once the layout has taken in what changed with it (the status line may have
        # grown a line): a chart drawn for the old size stayed a line too tall.
        self.call_after_refresh(self._want_chart)

    def _want_chart(self) -> None:
        if self.view not in self.charts or self.results is None or not self.results.participants:
            return  # another view, or no figures, since
        charts = self.query(ResultsChart)
        if not charts:  # closed since: Textual runs its pending calls after its widgets went
            return
        chart = charts.first().want(*self._chart_request())
        if chart is not None:
            self._show_chart(chart)

    def _chart_request(self) -> tuple[ChartKey, Callable[[], Chart]]:
        """The key a chart is kept under, and how to draw it (in the worker)."""
        assert self.results is not None  # asked for only once there are figures (_show_view)
        body = self.query_one(ContentSwitcher).size
        width = max(40, (body.width or 80) - 2)  # the chart's padding
        room = body.height or 23  # title, drawing and legend (the chart counts its legend rows)
        choice = self.charts[self.view]
        key = (
            self.view,
            choice.index,
            self.range_kind,
            self.ascii,
            width,
            room,
            id(self.results),
        )
        draw = partial(
            choice.draw,
            self.results,
            choice.index,
            width=width,
            room=room,
            ascii=self.ascii,
            range_kind=self.range_kind,
        )
        return key, draw

    @on(ResultsChart.Drawn)
    def _chart_drawn(self, message: ResultsChart.Drawn) -> None:
        self._show_chart(message.chart)

    def _show_chart(self, chart: Chart) -> None:
        if self.table_mode:
            self._show_numbers(chart.table)
        else:
            self.query_one(ResultsChart).show_chart(chart)
            self.query_one(ContentSwitcher).current = "results-chart"

    def _show_dig(self) -> None:
        assert self.results is not None  # shown only once there are figures (_show_view)
        if self.table_mode:
            self._show_numbers(dig_table(self.results))
            return
        options = self._body(DigDeeperList, "results-dig")
        options.show(self.results)
        self.query_one(ContentSwitcher).current = "results-dig"
        if not self._typing_path():  # a live refresh leaves typing alone
            options.focus()

    def _body(self, kind: type[BodyView], view_id: str) -> BodyView:
        """The view of this kind in the body, mounted (hidden) the first time it is wanted: only
        the chart is composed when the screen opens, the view most people stay with; the table,
        the list and the files cost the opening a third more to compose and style."""
        switcher = self.query_one(ContentSwitcher)
        for child in switcher.children:
            if isinstance(child, kind):
                return child
        view = kind(id=view_id)
        view.display = False  # until made current, as the switcher's other views
        switcher.mount(view)
        return view

    def _show_numbers(self, table: Table) -> None:
        from bb_tui.tui.screens.group.results.numbers import NumbersView  # a DataTable: when asked

        numbers = self._body(NumbersView, "results-numbers")
        numbers.show(table)
        self.query_one(ContentSwitcher).current = "results-numbers"
        if not self._typing_path():  # a live refresh leaves typing alone
            numbers.focus_table()

    def _show_views(self) -> None:
        choice = self.charts.get(self.view)
        self.query_one(ViewsBar).show(self.view, choice.subject() if choice else "")

    def _show_status(self) -> None:
        self.query_one(StatusLine).show(
            self.results,
            self.thresholds.describe(),
            self.overlay,
            self.anonymous,
            live=self.watcher.label if self.watcher else "",
        )

    # ------------------------------------------------------------ actions

    def action_view(self, view: str) -> None:
        self.view = view
        self._show_view()

    def action_toggle_table(self) -> None:
        if self.view == "files":
            return
        self.table_mode = not self.table_mode
        self._show_view()

    def action_step(self, delta: int) -> None:
        choice = self.charts.get(self.view)
        if choice is not None and choice.step(delta):
            self._show_view()

    def action_cycle_groups(self) -> None:
        self.overlay = OVERLAYS[(OVERLAYS.index(self.overlay) + 1) % len(OVERLAYS)]
        self._show_status()
        self.refigure()

    def action_cycle_range(self) -> None:
        self.range_kind = RANGE_KINDS[(RANGE_KINDS.index(self.range_kind) + 1) % len(RANGE_KINDS)]
        self._show_status()
        self._show_view()

    def action_toggle_anonymous(self) -> None:
        self.anonymous = not self.anonymous
        self._show_status()
        self.refigure()

    def action_low(self, direction: int) -> None:
        self.thresholds.nudge_low(direction)  # the view only: s saves
        self._show_status()
        self.refigure()

    def action_gap(self, direction: int) -> None:
        self.thresholds.nudge_gap(direction)
        self._show_status()
        self.refigure()

    def action_save_thresholds(self) -> None:
        self._save_thresholds()
        self._show_status()

    def _typing_path(self) -> bool:
        """The add-a-path field is open."""
        return any(field.display for field in self.query(AddPathField))

    def action_add_path(self) -> None:
        fields = self.query(AddPathField)
        if fields:
            field = fields.first()
        else:  # above the status line, as a screen that composed it would have it
            field = AddPathField(self.sources, id="results-add")
            self.mount(field, before=self.query_one(StatusLine))
        field.open()

    def action_progress(self) -> None:
        from bb_tui.tui.screens.group.progress import ProgressScreen

        context = ScreenContext(self.framework, self.paths[0], None)
        self.app.push_screen(ProgressScreen(context, anonymous=self.anonymous))

    def action_reload(self) -> None:
        self.merge(list(self.paths))

    def action_back(self) -> None:
        if self._typing_path():
            self.query_one(AddPathField).close()
            return
        self.app.pop_screen()

    @on(AddPathField.Closed)
    def _path_added(self, message: AddPathField.Closed) -> None:
        self.query_one(ContentSwitcher).focus()
        if message.path is not None:
            self.merge([message.path], base=self.collection)

    @on(OptionList.OptionSelected, "#results-dig")
    def _dig_selected(self, event: OptionList.OptionSelected) -> None:
        ids = [e.id for e in self.framework.enablers]
        if event.option.id in ids:
            self.charts["indicators"].index = ids.index(event.option.id)
            self.view = "indicators"
            self._show_view()

    def on_resize(self) -> None:
        if self._resize_timer is not None:
            self._resize_timer.stop()
        self._resize_timer = self.set_timer(0.15, self._redraw_after_resize)

    def on_results_chart_resized(self) -> None:
        """The chart's room changed with the terminal still the same size (a status line that
        grew): drawn again for it now; a terminal being resized redraws once it stops."""
        if self._resize_timer is None and self.view in self.charts:
            self._show_view()

    def _redraw_after_resize(self) -> None:
        self._resize_timer = None
        if self.view in self.charts:
            self._show_view()
