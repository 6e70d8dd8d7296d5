"""Group results: the sessions folder merged, as radar and spread charts, tables and the dig-deeper list.

The work happens off the UI thread: one worker merges the files and computes the figures
(bb_tui.core.collection, bb_tui.core.stats), another draws the chart (bb_tui.render.charts; plotext is imported there,
the first time a chart is drawn). Workers only post messages; the handlers here change the screen.
"""

from __future__ import annotations

import re
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import (
    ContentSwitcher,
    DataTable,
    Footer,
    Input,
    OptionList,
    Static,
)
from textual.widgets.option_list import Option

from bb_tui.tui.widgets.chart_view import ChartView

VIEWS = ("radar", "themes", "indicators", "spread", "dig", "files")
VIEW_NAMES = {"radar": "Radar", "themes": "Themes", "indicators": "Indicators",
              "spread": "Spread", "dig": "Dig deeper", "files": "Files"}
CHART_VIEWS = ("radar", "themes", "indicators", "spread")
OVERLAYS = (None, "level", "organisation")
RANGE_KINDS = ("minmax", "middle", "none")
_NUMBER = re.compile(r"^[-0-9.]*$")   # numbers, ranges like 1-5, and "-" for none
MAX_OVERLAY = 6           # subgroups drawn on a radar; all of them are in its table
LOW_STEP = 0.25


class ResultsScreen(Screen):
    """Group results for the sessions folder: radar and spread charts, tables, where to dig deeper."""

    CSS_PATH = "results.tcss"
    HELP_TITLE = "Group results"
    HELP_TEXT = (
        "Every session file in the folder is merged: bad files are listed under Files with the "
        "reason, duplicates are counted once (docs/merging.md). Skipped and not-yet-scored items "
        "are left out of every figure.\n\n"
        "1-6 switch views: the radar of all enablers (group mean, with the range of scores along "
        "each axis), one theme, one enabler's indicators, the spread of every score, the list of "
        "where to dig deeper (enter opens that enabler's indicators) and the files merged. "
        "[ and ] step through themes and enablers. t shows the numbers behind a chart as a table. "
        "g overlays subgroups (strategic / operational, then organisations); a subgroup under the "
        "framework's minimum size is pooled with others so no one can be singled out. "
        "+ and - move the low threshold, > and < the polarised gap. a hides every name. "
        "o adds another folder or file."
    )

    BINDINGS = [
        *(Binding(str(n), f"view('{v}')", VIEW_NAMES[v], show=False, id=f"results.view_{v}",
                  tooltip=f"Show {VIEW_NAMES[v].lower()}") for n, v in enumerate(VIEWS, start=1)),
        Binding("t", "toggle_table", "Table", id="results.table",
                tooltip="Show the numbers behind this chart as a table, or the chart again"),
        Binding("right_square_bracket", "step(1)", "Next", key_display="]", id="results.next",
                tooltip="The next theme or enabler"),
        Binding("left_square_bracket", "step(-1)", "Previous", key_display="[", show=False,
                id="results.previous", tooltip="The previous theme or enabler"),
        Binding("g", "cycle_groups", "Groups", id="results.groups",
                tooltip="Overlay subgroups: by level, by organisation, or none"),
        Binding("m", "cycle_range", "Range", show=False, id="results.range",
                tooltip="Range along each radar axis: lowest-highest, middle half, or none"),
        Binding("a", "toggle_anonymous", "Names", id="results.anonymous",
                tooltip="Hide or show every participant's name"),
        Binding("plus,equals_sign", "low(1)", "Low +", show=False, id="results.low_up",
                tooltip="Raise the low-score threshold"),
        Binding("minus", "low(-1)", "Low -", show=False, id="results.low_down",
                tooltip="Lower the low-score threshold"),
        Binding("greater_than_sign", "gap(1)", "Gap +", show=False, id="results.gap_up",
                tooltip="Widen the gap that counts as polarised"),
        Binding("less_than_sign", "gap(-1)", "Gap -", show=False, id="results.gap_down",
                tooltip="Narrow the gap that counts as polarised"),
        Binding("x", "app.open_screen('export')", "Export", id="results.export",
                tooltip="Write the board report and spreadsheets for the sessions folder"),
        Binding("o", "add_path", "Add", id="results.add",
                tooltip="Add another folder or session file to the merge"),
        Binding("r", "reload", "Reload", show=False, id="results.reload",
                tooltip="Read the files again"),
        Binding("escape", "back", "Back", id="results.back", tooltip="Close the results"),
    ]

    class Merged(Message):
        """A merge finished off the UI thread (collection and results, or an error line)."""

        def __init__(self, collection, results, error: str = "") -> None:
            super().__init__()
            self.collection, self.results, self.error = collection, results, error

    class Drawn(Message):
        """A chart finished drawing off the UI thread."""

        def __init__(self, key: tuple, chart) -> None:
            super().__init__()
            self.key, self.chart = key, chart

    def __init__(self, context, *, name: str | None = None) -> None:
        """`context` is an actions.ScreenContext: framework, sessions_dir, ascii."""
        super().__init__(name=name)
        self.framework = context.framework
        self.paths: list[Path] = [Path(context.sessions_dir)]
        self.force_ascii = bool(getattr(context, "ascii", False))
        self.anonymous = bool(getattr(context, "anonymous", False))
        self.collection = None
        self.results = None
        self.error = ""
        self.view = "radar"
        self.table_mode = False
        self.theme_index = 0
        self.enabler_index = 0
        self.spread_index = -1           # -1: all enablers; else one enabler's indicators
        self.overlay: str | None = None
        self.range_kind = "minmax"
        self.low: float | None = None    # None: the framework's threshold
        self.gap: int | None = None
        self._charts: dict[tuple, object] = {}
        self._wanted: tuple | None = None
        self._resize_timer: Timer | None = None

    # ------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Static(id="results-views", markup=False)
        with ContentSwitcher(initial="results-chart", id="results-body"):
            yield ChartView(id="results-chart")
            yield DataTable(id="results-table", cursor_type="row", zebra_stripes=True)
            yield OptionList(id="results-dig")
            with VerticalScroll(id="results-files"):
                yield Static(id="results-files-text", markup=False)
        yield Input(placeholder="A folder or session file to add, then Enter (Escape cancels)",
                    id="results-add")
        yield Static(id="results-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#results-add", Input).display = False
        self.query_one(ChartView).show_message("Reading the session files...")
        self._show_views()
        self._show_status()
        self.merge(list(self.paths))

    @property
    def ascii(self) -> bool:
        from bb_tui.render.charts import braille_ok

        return self.force_ascii or not braille_ok()

    # ------------------------------------------------------------ merging (worker)

    @work(thread=True, exclusive=True, group="results-merge")
    def merge(self, paths: list[Path], base=None) -> None:
        """Read the files (adding to `base` when given) and compute the figures; posts Merged."""
        from bb_tui.core.collection import collect

        try:
            collection = collect(paths, self.framework)
            if base is not None:
                collection = base.union(collection)
            results = self._compute(collection)
        except Exception as exc:  # noqa: BLE001 - reported on the screen, never a crash
            self.post_message(self.Merged(None, None, f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(self.Merged(collection, results))

    @work(thread=True, exclusive=True, group="results-merge")
    def refigure(self) -> None:
        """Figures again from the same files (thresholds, groups or names changed)."""
        if self.collection is None:
            return
        try:
            results = self._compute(self.collection)
        except ValueError as exc:
            self.post_message(self.Merged(self.collection, None, str(exc)))
            return
        self.post_message(self.Merged(self.collection, results))

    def _compute(self, collection):
        from bb_tui.core.stats import compute

        return compute(collection, self.framework, low=self.low, gap=self.gap, by=self.overlay,
                       anonymous=self.anonymous)

    def on_results_screen_merged(self, message: Merged) -> None:
        self.error = message.error
        if message.collection is not None:
            self.collection = message.collection
        if message.results is not None:
            self.results = message.results
        self._charts.clear()
        self._show_status()
        self._show_view()

    # ------------------------------------------------------------ drawing (worker)

    def _chart_key(self) -> tuple | None:
        body = self.query_one("#results-body").size
        width = max(40, (body.width or 80) - 2)            # the chart's padding
        height = max(10, (body.height or 20) - 3)          # its title and two legend lines
        index = {"themes": self.theme_index, "indicators": self.enabler_index,
                 "spread": self.spread_index}.get(self.view, 0)
        return (self.view, index, self.range_kind, self.ascii, width, height, id(self.results))

    @work(thread=True, exclusive=True, group="results-chart")
    def draw(self, key: tuple, results) -> None:
        from bb_tui.render import charts

        view, index, range_kind, ascii, width, height, _ = key
        fw = results.framework
        overlay = results.groups[:MAX_OVERLAY]
        options = {"width": width, "height": height, "ascii": ascii, "overlay": overlay,
                   "range_kind": range_kind}
        if view == "radar":
            chart = charts.enabler_radar(results, **options)
        elif view == "themes":
            chart = charts.theme_radar(results, fw.themes[index].id, **options)
        elif view == "indicators":
            chart = charts.indicator_radar(results, fw.enablers[index].id, **options)
        elif index < 0:
            chart = charts.enabler_spread(results, width=width, ascii=ascii)
        else:
            chart = charts.indicator_spread(results, fw.enablers[index].id, width=width,
                                            ascii=ascii)
        self.post_message(self.Drawn(key, chart))

    def on_results_screen_drawn(self, message: Drawn) -> None:
        self._charts[message.key] = message.chart
        if message.key == self._wanted:
            self._show_chart(message.chart)

    def _show_chart(self, chart) -> None:
        if self.table_mode:
            self._fill_table(chart.table)
            self.query_one(ContentSwitcher).current = "results-table"
        else:
            self.query_one(ChartView).show_chart(chart)
            self.query_one(ContentSwitcher).current = "results-chart"

    # ------------------------------------------------------------ showing a view

    def _show_view(self) -> None:
        self._show_views()
        switcher = self.query_one(ContentSwitcher)
        if self.results is None or self.results.participants == 0:
            message = (f"Could not merge: {self.error}" if self.error and self.results is None
                       else "Reading the session files..." if self.collection is None
                       else "No session could be merged: see Files (6) for why.")
            if self.view == "files":
                self._show_files()
                switcher.current = "results-files"
            else:
                self.query_one(ChartView).show_message(message)
                switcher.current = "results-chart"
            return
        if self.view == "dig":
            self._show_dig()
            return
        if self.view == "files":
            self._show_files()
            switcher.current = "results-files"
            return
        key = self._chart_key()
        self._wanted = key
        if key in self._charts:
            self._show_chart(self._charts[key])
        else:
            if self.query_one(ChartView).chart is None:
                self.query_one(ChartView).show_message("Drawing the chart...")
            self.draw(key, self.results)

    def _fill_table(self, table) -> None:
        """Show a chart's numbers; cells are Text, so words from files are never markup."""
        data = self.query_one("#results-table", DataTable)
        data.clear(columns=True)
        numeric = [n > 0 and all(_NUMBER.match(row[n]) for row in table.rows)
                   for n in range(len(table.columns))]
        for n, column in enumerate(table.columns):
            data.add_column(Text(column, justify="right" if numeric[n] else "left"), key=str(n))
        for row in table.rows:
            data.add_row(*(Text(cell, justify="right" if numeric[n] else "left")
                           for n, cell in enumerate(row)))

    def _show_dig(self) -> None:
        results = self.results
        fw = self.framework
        items = results.dig_deeper()
        if self.table_mode:
            from bb_tui.render.charts import Table

            rows = []
            for n, d in enumerate(items, start=1):
                f = d.figures
                cases = fw.case_studies_for(d.enabler_id) if d.flagged else ()
                rows.append((f"{n}. {fw.enabler(d.enabler_id).label}", str(f.n), f"{f.mean:.1f}",
                             f"{f.stdev:.1f}", f"{f.min}-{f.max}",
                             "; ".join(d.reasons) or "-", ", ".join(c.id for c in cases) or "-"))
            self._fill_table(Table(("", "n", "mean", "sd", "range", "why", "cases"), tuple(rows)))
            self.query_one(ContentSwitcher).current = "results-table"
            return
        options = self.query_one("#results-dig", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        indent = "\n" + "\u00a0" * 5  # non-breaking: the option list drops leading spaces
        for n, d in enumerate(items, start=1):
            enabler = fw.enabler(d.enabler_id)
            f = d.figures
            line = Text(f"{n:>2}. ")
            line.append(enabler.label, style="bold" if d.flagged else "")
            line.append(f"\u00a0\u00a0mean {f.mean:.1f}, scores {f.min}-{f.max}, n={f.n}", style="dim")
            if d.reasons:
                line.append(indent + "; ".join(d.reasons))
            if d.indicators:
                numbers = ", ".join(str(fw.indicator(i.id).number) for i in d.indicators)
                line.append(f"{indent}indicators also flagged: {numbers}", style="dim")
            if d.flagged:
                cases = fw.case_studies_for(d.enabler_id)
                if cases:
                    boxes = ", ".join(f"{c.id} ({c.where})" for c in cases)
                    line.append(f"{indent}case studies: {boxes}", style="italic")
            options.add_option(Option(line, id=d.enabler_id))
        if items:
            options.highlighted = min(highlighted or 0, len(items) - 1)
        self.query_one(ContentSwitcher).current = "results-dig"
        options.focus()

    def _show_files(self) -> None:
        text = Text()
        shown = ", ".join(str(p) for p in self.paths)
        text.append(f"Merged from: {shown}\n", style="bold")
        results = self.results
        if self.error:
            text.append(f"{self.error}\n")
        if results is not None:
            text.append(f"\nParticipants ({results.participants})\n", style="bold")
            if results.anonymous:
                text.append("  Names are hidden.\n")
            else:
                for p in results.people:
                    about = ", ".join(x for x in (p.organisation, p.level) if x)
                    text.append(f"  {p.label}", style="bold")
                    text.append(f"{', ' + about if about else ''}\n")
                    text.append(f"    {p.file}\n", style="dim")
            for title, rows, field in (("Rejected", results.rejected, "error"),
                                       ("Duplicates, counted once", results.duplicates, "reason")):
                if rows:
                    text.append(f"\n{title} ({len(rows)})\n", style="bold")
                    for row in rows:
                        text.append(f"  {row['file']}: ")
                        text.append(f"{row[field]}\n", style="dim")
            if results.ignored:
                text.append(f"\nNot session files, ignored ({len(results.ignored)})\n",
                            style="bold")
                for row in results.ignored:
                    text.append(f"  {row['file']}: a {row['format']} file\n", style="dim")
            notes = self.collection.warnings() if self.collection and not results.anonymous else []
            if notes:  # unknown keys kept, `updated` stamps from the future
                text.append(f"\nNotes ({len(notes)})\n", style="bold")
                for note in notes:
                    text.append(f"  {note}\n", style="dim")
        self.query_one("#results-files-text", Static).update(text)

    def _show_views(self) -> None:
        text = Text("Results ", style="bold")
        for n, view in enumerate(VIEWS, start=1):
            label = f" {n} {VIEW_NAMES[view]} "
            text.append(label, style="reverse bold" if view == self.view else "")
        subject = self._subject()
        if subject:
            text.append(f"  {subject}", style="dim")
        self.query_one("#results-views", Static).update(text)

    def _subject(self) -> str:
        fw = self.framework
        if self.view == "themes":
            return f"[ {self.theme_index + 1}/{len(fw.themes)} ]"
        if self.view == "indicators":
            return f"[ {fw.enablers[self.enabler_index].label} ]"
        if self.view == "spread" and self.spread_index >= 0:
            return f"[ {fw.enablers[self.spread_index].label} ]"
        return ""

    def _show_status(self) -> None:
        results = self.results
        fw = self.framework
        low = self.low if self.low is not None else fw.analysis.low_threshold
        gap = self.gap if self.gap is not None else fw.analysis.polarised_gap
        parts = []
        if results is None:
            parts.append("reading...")
        else:
            parts.append(", ".join([f"{results.participants} merged"] + [
                f"{len(rows)} {what}" for rows, what in
                ((results.rejected, "rejected"), (results.duplicates, "duplicate"),
                 (results.ignored, "ignored")) if rows]))
        parts.append(f"low <{low:g}")
        parts.append(f"polarised {gap}+")
        if self.overlay:
            shown = len(results.groups) if results is not None else 0
            parts.append(f"{shown} {self.overlay} group{'s' if shown != 1 else ''}")
        parts.append("names hidden" if self.anonymous else "names shown")
        self.query_one("#results-status", Static).update(Text(" · ".join(parts)))

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
        fw = self.framework
        if self.view == "themes":
            self.theme_index = (self.theme_index + delta) % len(fw.themes)
        elif self.view == "indicators":
            self.enabler_index = (self.enabler_index + delta) % len(fw.enablers)
        elif self.view == "spread":
            count = len(fw.enablers) + 1   # all enablers, then each enabler's indicators
            self.spread_index = (self.spread_index + 1 + delta) % count - 1
        else:
            return
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
        scale, fw = self.framework.scale, self.framework
        current = self.low if self.low is not None else fw.analysis.low_threshold
        self.low = min(scale.max, max(scale.min, current + direction * LOW_STEP))
        self._show_status()
        self.refigure()

    def action_gap(self, direction: int) -> None:
        scale, fw = self.framework.scale, self.framework
        current = self.gap if self.gap is not None else fw.analysis.polarised_gap
        self.gap = min(scale.max - scale.min, max(1, current + direction))
        self._show_status()
        self.refigure()

    def action_add_path(self) -> None:
        field = self.query_one("#results-add", Input)
        field.display = True
        field.value = ""
        field.focus()

    def action_reload(self) -> None:
        self.merge(list(self.paths))

    def action_back(self) -> None:
        field = self.query_one("#results-add", Input)
        if field.display:
            self._close_input()
            return
        self.app.pop_screen()

    def _close_input(self) -> None:
        field = self.query_one("#results-add", Input)
        field.display = False
        self.query_one("#results-body").focus()

    @on(Input.Submitted, "#results-add")
    def _add_submitted(self, event: Input.Submitted) -> None:
        raw = event.value.strip()
        self._close_input()
        if not raw:
            return
        path = Path(raw).expanduser()
        if not path.exists():
            self.notify(f"{raw}: no such file or folder", severity="error", markup=False)
            return
        self.paths.append(path)
        self.notify(f"Adding {raw}...", markup=False)
        self.merge([path], base=self.collection)

    @on(OptionList.OptionSelected, "#results-dig")
    def _dig_selected(self, event: OptionList.OptionSelected) -> None:
        ids = [e.id for e in self.framework.enablers]
        if event.option.id in ids:
            self.enabler_index = ids.index(event.option.id)
            self.view = "indicators"
            self._show_view()

    def on_resize(self) -> None:
        if self._resize_timer is not None:
            self._resize_timer.stop()
        self._resize_timer = self.set_timer(0.15, self._redraw_after_resize)

    def _redraw_after_resize(self) -> None:
        self._resize_timer = None
        if self.view in CHART_VIEWS:
            self._show_view()
