"""The numbers behind a view (t): one table shared by the chart views and dig deeper.

The table is fitted to the terminal (render.fit): the words column is cut, figures never; the
highlighted row's words are shown whole below it, with the legend of short headings and, when
columns are off screen, how many and that ← → scroll to them.
"""

from __future__ import annotations

import re

from rich.console import JustifyMethod
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from bb_tui.render import fit
from bb_tui.render.charts import Table

_NUMBER = re.compile(r"^[-0-9.]*$")  # numbers, ranges like 1-5, and "-" for none
SCROLLBAR = 2  # room kept for the vertical scrollbar


def _shape(table: Table) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A table's headings and row names: the same on a refigure, not in another view or chart."""
    return tuple(table.columns), tuple(row[0] for row in table.rows)


class NumbersTable(DataTable[Text]):
    """A render.charts.Table fitted to the width; cells are Text, so words from files are never markup."""

    BINDINGS = [
        Binding("right", "columns(1)", "More columns", show=False, id="results.columns_right"),
        Binding("left", "columns(-1)", "Fewer columns", show=False, id="results.columns_left"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.table = Table((), ())
        self.scrolled = 0  # figure columns scrolled past
        self.fitted: fit.Fitted | None = None

    def show(self, table: Table) -> None:
        if _shape(table) != _shape(self.table):  # another table starts at its left
            self.scrolled = 0
        self.table = table
        self.refit()

    def refit(self) -> None:
        width = (self.size.width or self.app.size.width) - SCROLLBAR
        fitted = self.fitted = fit.fit(self.table, width, offset=self.scrolled)
        self.scrolled = fitted.hidden_left
        row = self.cursor_row
        self.clear(columns=True)
        numeric = [
            n > 0 and all(_NUMBER.match(r[n]) for r in fitted.rows)
            for n in range(len(fitted.columns))
        ]
        justify: list[JustifyMethod] = ["right" if is_number else "left" for is_number in numeric]
        for n, (column, size) in enumerate(zip(fitted.columns, fitted.widths)):
            self.add_column(Text(column, justify=justify[n]), width=size, key=str(n))
        for cells in fitted.rows:
            self.add_row(*(Text(c, justify=justify[n]) for n, c in enumerate(cells)))
        if self.row_count:
            self.move_cursor(row=min(row, self.row_count - 1))
        self._tell()

    def action_columns(self, step: int) -> None:
        fitted = self.fitted
        if fitted is None or (step > 0 and not fitted.hidden_right):
            return
        self.scrolled = max(0, self.scrolled + step)
        self.refit()

    def on_resize(self) -> None:
        if self.fitted is not None:
            self.refit()

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._tell()

    def _tell(self) -> None:
        fitted = self.fitted
        if fitted is None or not self.parent:
            return
        # the "→ N more" marker first: a long legend may be cut at the notes' height, never it
        lines = [fitted.more, fitted.detail(self.cursor_row), fit.legend_line(fitted.legend)]
        notes = self.parent.query_one(".numbers-notes", Static)
        notes.update(Text("\n".join(line for line in lines if line)))
        notes.display = any(lines)  # no empty line under a table that shows everything


class NumbersView(Vertical):
    """The table and, below it, the highlighted row's words whole, the legend, what is off screen."""

    DEFAULT_CSS = """
    NumbersView > NumbersTable { height: 1fr; }
    NumbersView > .numbers-notes { height: auto; max-height: 6; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        # made here, so a table can be shown as soon as the screen mounts this view
        self._table = NumbersTable(id="results-table")
        self._notes = Static("", classes="numbers-notes", markup=False)
        self._focus_on_mount = False

    def compose(self) -> ComposeResult:
        yield self._table
        yield self._notes

    def show(self, table: Table) -> None:
        self._table.show(table)

    def focus_table(self) -> None:
        """Focus the table, once it is mounted if the screen has only just mounted this view."""
        if self._table.is_attached:
            self._table.focus()
        else:
            self._focus_on_mount = True

    def on_mount(self) -> None:
        if self._focus_on_mount:
            self._table.focus()
