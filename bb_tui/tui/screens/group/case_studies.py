"""The twelve case studies (boxes A–L): title, issues, where; filter by enabler; suggestions
for flagged ones."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import OptionList, Select, Static
from textual.widgets.option_list import Option

from bb_tui.core.discussion import suggested_case_studies
from bb_tui.tui.screens.group.partnership_panel import PartnershipPanel
from bb_tui.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from bb_tui.core.framework import CaseStudy
    from bb_tui.tui.keymap import ScreenContext

ALL, SUGGESTED = "all", "suggested"


class CaseStudiesScreen(PartnershipPanel):
    """Examples of effective integrated working in London, found by enabler."""

    AUTO_FOCUS = "#case-list"

    BINDINGS = [
        Binding(
            "f",
            "focus_filter",
            "Filter",
            id="case_studies.filter",
            tooltip="Choose an enabler to show only its case studies",
        ),
        Binding(
            "s",
            "suggested",
            "Suggested",
            id="case_studies.suggested",
            tooltip="Show the case studies for every low or polarised enabler",
        ),
        Binding(
            "a", "show_all", "All", id="case_studies.all", tooltip="Show all twelve case studies"
        ),
    ]

    def __init__(
        self, context: ScreenContext, *, enabler: str | None = None, name: str | None = None
    ) -> None:
        super().__init__(context, name=name)
        self.filter = enabler or ALL
        self.suggestions: dict[str, tuple[str, ...]] = {}  # case id -> flagged enablers it serves

    def compose(self) -> ComposeResult:
        yield Static(
            Text("Case studies: examples of effective integrated working in London", style="bold"),
            id="panel-title",
        )
        options = [
            (Text("All case studies"), ALL),
            (Text("Suggested for low or polarised enablers"), SUGGESTED),
        ]
        options += [
            (Text(f"Enabler: {e.label}"), e.id) for e in self.framework.enablers
        ]  # never markup
        yield Select(options, value=self.filter, allow_blank=False, id="case-filter")
        yield OptionList(id="case-list")
        with VerticalScroll(id="case-detail"):
            yield Static(id="case-text", markup=False)
        yield self.status_bar()
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#case-list", OptionList).focus()
        self.refresh_panel()
        self.load_results()

    def on_partnership_panel_results_ready(self, message: PartnershipPanel.ResultsReady) -> None:
        self.results = message.results
        if message.results is not None:
            self.suggestions = {
                s.case.id: s.enablers
                for s in suggested_case_studies(message.results, self.framework)
            }
        self.refresh_panel()

    # ------------------------------------------------------------ drawing

    def shown_cases(self) -> list[CaseStudy]:
        """The case studies the filter lets through, in the framework's order."""
        cases = self.framework.case_studies
        if self.filter == ALL:
            return list(cases)
        if self.filter == SUGGESTED:
            return [c for c in cases if c.id in self.suggestions]
        return [c for c in cases if self.filter in c.enablers]

    def _row(self, case: CaseStudy) -> Text:
        star = "*" if case.id in self.suggestions else " "
        title = case.title if len(case.title) <= 44 else case.title[:43] + "…"
        return Text.assemble(
            f"{star} ", (f"{case.id}", "bold"), f"  {title.ljust(44)}  ", (case.where, "dim")
        )

    def refresh_panel(self) -> None:
        options = self.query_one("#case-list", OptionList)
        options.clear_options()
        cases = self.shown_cases()
        options.add_options([Option(self._row(c), id=c.id) for c in cases])
        if cases:
            options.highlighted = 0
        self._show_current()

    @property
    def current(self) -> CaseStudy | None:
        options = self.query_one("#case-list", OptionList)
        if options.highlighted is None or options.option_count == 0:
            return None
        case_id = options.get_option_at_index(options.highlighted).id
        return next(c for c in self.framework.case_studies if c.id == case_id)

    def _show_current(self) -> None:
        text = self.query_one("#case-text", Static)
        case = self.current
        if case is None:
            if self.filter == SUGGESTED and self.results is None:
                text.update(Text("Working out which enablers are low or polarised..."))
            elif self.filter == SUGGESTED:
                text.update(Text("No enabler is low or polarised, so there is nothing to suggest."))
            else:
                text.update(Text("No case study relates to this enabler."))
            return
        labels = {e.id: e.label for e in self.framework.enablers}
        body = Text()
        body.append(f"Box {case.id}: {case.title}\n", style="bold")
        if case.where:
            body.append("Where: ", style="bold")
            body.append(case.where + "\n")
        body.append("Issues included:\n", style="bold")
        for issue in case.issues:
            body.append(f"  - {issue}\n")
        if case.enablers:
            body.append("Related enablers: ", style="bold")
            body.append(", ".join(labels.get(e, e) for e in case.enablers) + "\n")
        if case.id in self.suggestions:
            body.append("* Suggested for: ", style="bold")
            body.append(", ".join(self._flag_label(e) for e in self.suggestions[case.id]) + "\n")
        text.update(body)

    def _flag_label(self, enabler_id: str) -> str:
        label = self.framework.enabler(enabler_id).label
        f = self.results.enablers[enabler_id] if self.results else None
        flags = [
            name for name, on in (("low", f and f.low), ("polarised", f and f.polarised)) if on
        ]
        return f"{label} ({', '.join(flags)})" if flags else label

    # ------------------------------------------------------------ events

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_current()

    def on_select_changed(self, event: Select.Changed) -> None:
        self.filter = str(event.value)
        self.refresh_panel()

    def _set_filter(self, value: str) -> None:
        self.query_one("#case-filter", Select).value = value  # Select.Changed redraws
        self.query_one("#case-list", OptionList).focus()

    def action_focus_filter(self) -> None:
        self.query_one("#case-filter", Select).focus()

    def action_suggested(self) -> None:
        self._set_filter(SUGGESTED)

    def action_show_all(self) -> None:
        self._set_filter(ALL)
