"""The discussion pack: one flagged enabler at a time, everything a facilitator puts on the screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.widgets import Static

from bb_tui.core.discussion import DiscussionPack, Evidence, discussion_pack, without_evidence
from bb_tui.render import words
from bb_tui.render.figures_row import figures_row
from bb_tui.render.fit import cut_words
from bb_tui.render.shorten import shorten
from bb_tui.tui.screens.group.partnership_panel import PartnershipPanel
from bb_tui.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from bb_tui.tui.keymap import ScreenContext

CARD_LINES, CARD_CHARS = 12, 1200  # of each piece of evidence; v shows them whole
CARD_WHO = 120  # characters of a card's name and organisation


def _score_words(item: Evidence) -> str:
    """An anonymous card's heading: its score only."""
    return "Skipped" if item.skipped else f"Score {item.score}" if item.score else "Not scored"


class DiscussionScreen(PartnershipPanel):
    """Per enabler, those most in need of discussion first: spread, evidence, indicators, links."""

    AUTO_FOCUS = "#discussion-body"

    BINDINGS = [
        Binding(
            "right,rightsquarebracket",
            "step(1)",
            "Next",
            key_display="→",
            id="discussion.next",
            tooltip="The next enabler to discuss",
        ),
        Binding(
            "left,leftsquarebracket",
            "step(-1)",
            "Previous",
            key_display="←",
            show=False,
            id="discussion.previous",
            tooltip="The previous enabler to discuss",
        ),
        Binding(
            "1",
            "agree('1')",
            "Agree",
            key_display="1-5",
            id="discussion.agree",
            tooltip="Record the score the partnership agrees for this enabler",
        ),
        *(
            Binding(
                str(n),
                f"agree('{n}')",
                show=False,
                id=f"discussion.agree_{n}",
                tooltip=f"Record {n} as the agreed score",
            )
            for n in range(2, 6)
        ),
        Binding(
            "0",
            "agree('')",
            "Clear",
            show=False,
            id="discussion.clear",
            tooltip="Remove the agreed score",
        ),
        Binding(
            "a",
            "toggle_anonymous",
            "Names",
            id="discussion.anonymous",
            tooltip="Hide or show who wrote each piece of evidence",
        ),
        Binding(
            "c",
            "case_studies",
            "Case studies",
            id="discussion.case_studies",
            tooltip="Open the case studies for this enabler",
        ),
        Binding(
            "v",
            "read_all",
            "Read all",
            id="discussion.read_all",
            show=False,
            tooltip="Read this enabler's evidence in full (long evidence is shortened here)",
        ),
    ]

    def __init__(
        self, context: ScreenContext, *, enabler: str | None = None, name: str | None = None
    ) -> None:
        super().__init__(context, name=name)
        self.order: list[str] = []  # enabler ids, most in need of discussion first
        self.flagged: set[str] = set()
        self.enabler_id = enabler
        # The evidence cards, redrawn in place from one enabler to the next.
        self._cards: list[Static] = []

    def compose(self) -> ComposeResult:
        yield Static(Text("Discussion pack", style="bold"), id="panel-title")
        with VerticalScroll(id="discussion-body"):
            yield Static(
                Text("Working out the group's figures..."), id="discussion-head", markup=False
            )
            yield Static(id="discussion-chart", markup=False)
            yield Static(id="discussion-indicators", markup=False)
            yield Static(Text("Evidence, side by side", style="bold"), classes="discussion-heading")
            yield Grid(id="discussion-evidence")
            yield Static(id="discussion-others", markup=False)
            yield Static(id="discussion-links", markup=False)
        yield self.status_bar()
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#discussion-body").focus()
        self.load_results()

    def on_partnership_panel_results_ready(self, message: PartnershipPanel.ResultsReady) -> None:
        if message.results is None:
            self.query_one("#discussion-head", Static).update(
                Text(f"No figures: {message.error}", style="bold")
            )
            return
        self.results = message.results
        digs = self.results.dig_deeper()
        self.order = [d.enabler_id for d in digs]
        self.flagged = {d.enabler_id for d in digs if d.flagged}
        if self.enabler_id not in self.order:
            self.enabler_id = self.order[0] if self.order else None
        self.refresh_panel()

    # ------------------------------------------------------------ drawing

    def pack(self) -> DiscussionPack | None:
        if self.results is None or self.enabler_id is None:
            return None
        return discussion_pack(self.results, self.enabler_id, self.partnership)

    def refresh_panel(self) -> None:
        head = self.query_one("#discussion-head", Static)
        pack = self.pack()
        if pack is None:
            if self.results is not None:
                head.update(Text(words.NOTHING_TO_DISCUSS))
            return
        self.query_one("#panel-title", Static).update(self._title(pack))
        head.update(self._head(pack))
        self._draw_chart(pack)
        self.query_one("#discussion-indicators", Static).update(self._indicators(pack))
        self._draw_evidence(pack)
        self.query_one("#discussion-links", Static).update(self._links(pack))

    def _title(self, pack: DiscussionPack) -> Text:
        assert self.results is not None  # a pack is made only from figures
        n = self.order.index(pack.enabler.id) + 1
        flagged = "flagged" if pack.enabler.id in self.flagged else "not flagged"
        return Text.assemble(
            ("Discussion: ", "bold"),
            (f" {pack.enabler.label} ", "bold reverse"),
            f"  {n} of {len(self.order)}, {flagged}"
            f"{'  (names hidden)' if self.results.anonymous else ''}",
        )

    def _head(self, pack: DiscussionPack) -> Text:
        assert self.results is not None  # a pack is made only from figures
        row = figures_row(pack.enabler.label, pack.figures, self.results.thresholds)
        text = Text()
        text.append(pack.enabler.title + "\n", style="italic")
        if row.reasons:
            text.append(f"{words.WHY}: " + "; ".join(row.reasons) + "\n", style="bold")
        text.append(row.summary() + "\n")
        text.append(words.thresholds_line(self.results.thresholds) + "\n", style="dim")
        text.append(f" Agreed: {pack.agreed if pack.agreed else '-'} ", style="bold reverse")
        text.append(
            "  press 1-5 to record the score the partnership agrees, 0 to clear", style="dim"
        )
        return text

    def prepare_to_show(self) -> None:
        from bb_tui.render.charts import load_plotext

        load_plotext()  # the chart's library: 0.2-0.5 s to import, not on the UI thread

    def _draw_chart(self, pack: DiscussionPack) -> None:
        assert self.results is not None  # a pack is made only from figures
        from bb_tui.render import charts

        ids = [pack.enabler.id, *(i.id for i, f in pack.indicators if f.n)]
        labels = [pack.enabler.label, *(f"{i.number}. {i.text}" for i, f in pack.indicators if f.n)]
        width = max(50, min(100, self.size.width - 4))
        chart = charts.spread_chart(
            self.results,
            ids,
            labels,
            words.EVERY_SCORE,
            width=width,
            ascii=bool(getattr(self.context, "ascii", False)) or not charts.braille_ok(),
        )
        self.query_one("#discussion-chart", Static).update(Text(chart.text(), no_wrap=True))

    def _indicators(self, pack: DiscussionPack) -> Text:
        assert self.results is not None  # a pack is made only from figures
        text = Text("Indicators\n", style="bold")
        for indicator, f in pack.indicators:
            flags = words.flags(f, with_n=False)
            figures = words.indicator_figures(f, self.results.thresholds)
            text.append(f"{indicator.number}. ", style="bold")
            text.append(indicator.text)
            text.append(
                f"  [{figures}{', ' + flags if flags else ''}]\n",
                style="bold" if f.low or f.polarised else "dim",
            )
        return text

    def _draw_evidence(self, pack: DiscussionPack) -> None:
        assert self.results is not None  # a pack is made only from figures
        grid = self.query_one("#discussion-evidence", Grid)
        bodies = []
        for item in pack.evidence:
            if not item.text:
                continue
            score = words.evidence_score(item.score, item.skipped)
            who = item.who + (f", {item.organisation}" if item.organisation else "")
            who = cut_words(who, CARD_WHO)  # an organisation may be 20,000 characters
            shown, more = shorten(item.text, CARD_LINES, CARD_CHARS, "v to read all")
            body = Text.assemble((f"{score}  ", "bold reverse"), (who, "bold"), "\n", shown)
            if more:
                body.append("\n" + more, style="italic")
            bodies.append(body)
        self._show_cards(grid, bodies)
        grid.styles.grid_size_columns = 2 if self.size.width >= 80 else 1
        note = Text()
        if not bodies:
            note.append(words.NO_EVIDENCE + "\n", style="italic")
        others = without_evidence(pack.evidence, self.results.anonymous)
        if others:
            note.append(f"{words.WITHOUT_EVIDENCE}: ", style="bold")
            note.append(others)
        self.query_one("#discussion-others", Static).update(note)

    def _show_cards(self, grid: Grid, bodies: list[Text]) -> None:
        """The cards already mounted show the new bodies; only a difference in number is mounted
        or removed (one layout, not one per card, when stepping from enabler to enabler)."""
        for card, body in zip(self._cards, bodies):
            card.update(body)
        if len(self._cards) > len(bodies):
            for card in self._cards[len(bodies) :]:
                card.remove()
            del self._cards[len(bodies) :]
        elif len(bodies) > len(self._cards):
            new = [
                Static(b, classes="evidence-card", markup=False) for b in bodies[len(self._cards) :]
            ]
            self._cards.extend(new)
            grid.mount_all(new)

    def _links(self, pack: DiscussionPack) -> Text:
        text = Text()
        text.append("Related challenges\n", style="bold")
        if not pack.challenges:
            text.append(f"  {words.NONE_LINKED}\n", style="dim")
        for related in pack.challenges:
            view = related.view
            state = words.in_play(related.in_play, view.response if view else "")
            text.append(f"  {related.challenge.title} ", style="bold" if related.in_play else "")
            text.append(f"({state})")
            if view and view.note:
                text.append(f": {view.note}")
            text.append("\n")
        text.append("Case studies (c to open)\n", style="bold")
        if not pack.case_studies:
            text.append(f"  {words.NONE_LINKED}\n", style="dim")
        for case in pack.case_studies:
            text.append(f"  {case.id}  {case.title}", style="")
            text.append(f"  ({case.where})\n", style="dim")
        text.append("Actions\n", style="bold")
        if not pack.actions:
            text.append(f"  {words.NO_ACTIONS_YET}\n", style="dim")
        for action in pack.actions:
            due = f", due {action.due.isoformat()}" if action.due else ""
            text.append(f"  [{action.status}] {action.what}")
            text.append(f" ({action.owner or 'no owner'}{due})\n", style="dim")
        return text

    def on_resize(self) -> None:
        self.redraw()

    # ------------------------------------------------------------ keys

    def action_step(self, step: int) -> None:
        if not self.order or self.enabler_id is None:
            return
        index = (self.order.index(self.enabler_id) + step) % len(self.order)
        self.enabler_id = self.order[index]
        self.refresh_panel()
        self.query_one("#discussion-body").scroll_home(animate=False)

    def action_agree(self, score: str) -> None:
        if self.enabler_id is None or not self.can_edit():
            return
        with self.deciding() as p:
            p.agree(self.enabler_id, int(score) if score else None)
        self.refresh_panel()

    def action_toggle_anonymous(self) -> None:
        self.anonymous = not self.anonymous
        pack = self.pack()
        if pack is not None:  # answered at once; the pack is redrawn when the figures arrive
            title = self._title(pack)
            title.append(
                f"  ({'hiding' if self.anonymous else 'showing'} names...)", style="italic"
            )
            self.query_one("#panel-title", Static).update(title)
        self.load_results()

    def action_read_all(self) -> None:
        from bb_tui.tui.dialogs.read_all import ReadAllScreen

        pack = self.pack()
        if pack is None:
            return
        parts = [
            f"{item.who or _score_words(item)}{', ' + item.organisation if item.organisation else ''}"
            f"\n{item.text}"
            for item in pack.evidence
            if item.text
        ]
        self.app.push_screen(
            ReadAllScreen(
                f"Evidence in full · {pack.enabler.label}",
                "\n\n".join(parts) or "Nobody wrote evidence.",
            )
        )

    def action_case_studies(self) -> None:
        from bb_tui.tui.screens.group.case_studies import CaseStudiesScreen

        if self.enabler_id is not None:
            self.app.push_screen(CaseStudiesScreen(self.context, enabler=self.enabler_id))
