"""Agreed scores beside the group's figures, the spectrum of integration, and the round's name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Static, TextArea

from bb_tui.render import words
from bb_tui.render.figures_row import figures_row
from bb_tui.tui.screens.group.partnership_panel import PartnershipPanel
from bb_tui.tui.widgets.editors import CappedTextArea
from bb_tui.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from bb_tui.core.stats import ItemFigures

# name: width; n beside skipped and unscored, so the three add up to the participants
COLUMNS = {
    "Enabler": 16,
    "n": 3,
    "skipped": 7,
    "unscored": 8,
    "Mean": 4,
    "Agreed": 6,
    "Range": 5,
    "Flags": 13,
}
NUMBERS = ("n", "skipped", "unscored", "Mean")  # right-aligned, as their headings


def flags_text(f: ItemFigures | None) -> str:
    if f is None or not f.n:
        return ""
    return words.flags(f, " ")


class AgreedScreen(PartnershipPanel):
    """Record the score the partnership agrees for each enabler, shown beside the mean."""

    AUTO_FOCUS = "#agreed-table"

    BINDINGS = [
        Binding(
            "1",
            "agree('1')",
            "Agree",
            key_display="1-5",
            id="agreed.score",
            tooltip="Record the agreed score (1 to 5) for the highlighted enabler",
        ),
        *(
            Binding(
                str(n),
                f"agree('{n}')",
                show=False,
                id=f"agreed.score_{n}",
                tooltip=f"Record {n} as the agreed score",
            )
            for n in range(2, 6)
        ),
        Binding(
            "0,delete,backspace",
            "agree('')",
            "Clear",
            id="agreed.clear",
            tooltip="Remove the agreed score of the highlighted enabler",
        ),
        Binding(
            "m",
            "cycle_model",
            "Spectrum",
            id="agreed.spectrum",
            tooltip="Where the partnership places itself: coalition, coordinated or unified",
        ),
        Binding("n", "edit_note", "Note", id="agreed.note", tooltip="Why it places itself there"),
        Binding(
            "r",
            "edit_round",
            "Name/round",
            id="agreed.round",
            tooltip="Edit the partnership's name and the round (e.g. Autumn 2026)",
        ),
    ]

    def compose(self) -> ComposeResult:
        yield Static(
            Text("Agreed scores: what the partnership agrees after discussion", style="bold"),
            id="panel-title",
        )
        with Horizontal(id="agreed-names"):
            yield Input(placeholder="Partnership name", id="agreed-name", max_length=200)
            yield Input(placeholder="Round, e.g. Autumn 2026", id="agreed-round", max_length=60)
        yield DataTable(id="agreed-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="agreed-spectrum", markup=False)
        yield CappedTextArea(id="agreed-note", soft_wrap=True)
        yield self.status_bar()
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for column, width in COLUMNS.items():  # fixed: figures arrive after the first drawing
            # a heading lines up with its figures: the numbers are right-aligned
            label = column.rjust(width) if column in NUMBERS else column
            table.add_column(Text(label), key=column, width=width)
        self.query_one("#agreed-note", TextArea).border_title = "Spectrum note (n)"
        self.refresh_panel()
        table.focus()
        self.load_results()

    def on_partnership_panel_results_ready(self, message: PartnershipPanel.ResultsReady) -> None:
        self.results = message.results
        if message.error:
            self.notify(message.error, severity="error", markup=False)
        self._show_table()  # the figures: the names, spectrum and note are drawn already

    # ------------------------------------------------------------ drawing

    def refresh_panel(self) -> None:
        self._show_table()
        self._show_spectrum()
        p = self.partnership
        names = (self.query_one("#agreed-name", Input), self.query_one("#agreed-round", Input))
        for widget, value in zip(names, (p.name if p else "", p.round if p else "")):
            if not widget.has_focus:
                with widget.prevent(Input.Changed):
                    widget.value = value
            widget.disabled = not self.editable

    def _show_table(self) -> None:
        table = self.query_one(DataTable)
        p = self.partnership
        row = table.cursor_row
        table.clear()
        results = self.results
        for enabler in self.framework.enablers:
            f = results.enablers[enabler.id] if results else None
            agreed = p.agreed.get(enabler.id) if p else None
            figs = None if f is None or results is None else figures_row("", f, results.thresholds)
            counts = (figs.n, figs.skipped, figs.unscored) if figs else ("", "", "")
            mean = figs.mean if figs else "..."
            spread = "" if f is None or not f.n else f"{f.min}-{f.max}"
            # padded by hand: the table keeps a cell's text to the left whatever its justify
            table.add_row(
                Text(enabler.label, overflow="ellipsis", no_wrap=True),
                *(Text(c.rjust(COLUMNS[k])) for c, k in zip(counts, NUMBERS)),
                Text(mean.rjust(COLUMNS["Mean"])),
                Text(str(agreed) if agreed else "-", style="bold", justify="center"),
                Text(spread, justify="center"),
                Text(flags_text(f)),
                key=enabler.id,
            )
        table.move_cursor(row=min(row, len(self.framework.enablers) - 1))

    def _show_spectrum(self) -> None:
        p = self.partnership
        line = Text("Spectrum: ", style="bold")
        for each in self.framework.spectrum:
            chosen = bool(p and p.spectrum == each.id)
            line.append(
                f"({'•' if chosen else ' '}) {each.title}", style="bold reverse" if chosen else ""
            )
            line.append("  ")
        # what the chosen model means, where it is chosen (m steps through each in turn)
        model = next((m for m in self.framework.spectrum if p and p.spectrum == m.id), None)
        if model is not None:
            line.append(f"\n{model.title}: ", style="bold")
            line.append(model.description)
        elif self.framework.spectrum:
            line.append(
                "\nPress m to place the partnership; each model's meaning shows here.", style="dim"
            )
        self.query_one("#agreed-spectrum", Static).update(line)
        note = self.query_one("#agreed-note", TextArea)
        if not note.has_focus:
            with note.prevent(TextArea.Changed):
                note.load_text(p.spectrum_note if p else "")
        note.read_only = not self.editable

    # ------------------------------------------------------------ editing

    @property
    def current_enabler(self) -> str:
        return self.framework.enablers[self.query_one(DataTable).cursor_row].id

    def action_agree(self, score: str) -> None:
        if not self.can_edit():
            return
        enabler_id = self.current_enabler
        with self.deciding() as p:
            p.agree(enabler_id, int(score) if score else None)
        self.refresh_panel()

    def action_cycle_model(self) -> None:
        if not self.can_edit() or not self.framework.spectrum:
            return
        ids = ["", *(m.id for m in self.framework.spectrum)]
        with self.deciding() as p:
            p.spectrum = ids[(ids.index(p.spectrum) + 1) % len(ids)]
        self._show_spectrum()

    def action_edit_note(self) -> None:
        if self.can_edit():
            note = self.query_one("#agreed-note", TextArea)
            note.focus()
            note.move_cursor(note.document.end)

    def action_edit_round(self) -> None:
        if self.can_edit():
            self.query_one("#agreed-name", Input).focus()

    # Only typing changes the file: a widget that is not focused is being filled in by the panel.

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self.editable and event.text_area.has_focus:
            with self.typing() as p:
                p.spectrum_note = event.text_area.text.strip()

    def on_input_changed(self, event: Input.Changed) -> None:
        if not self.editable or not event.input.has_focus:
            return
        value = " ".join(event.value.split())
        with self.typing() as p:
            if event.input.id == "agreed-name":
                p.name = value
            else:
                p.round = value

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.flush()
        self.query_one(DataTable).focus()

    def action_back(self) -> None:
        focused = self.focused
        if isinstance(focused, (Input, TextArea)):
            self.flush()
            self.query_one(DataTable).focus()
            return
        super().action_back()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"agree", "cycle_model", "edit_note", "edit_round"}:
            return not isinstance(self.focused, (Input, TextArea))
        return True
