"""The numbers behind a view (t): one table shared by the chart views and dig deeper."""

from __future__ import annotations

import re

from rich.text import Text
from textual.widgets import DataTable

from bb_tui.render.charts import Table

_NUMBER = re.compile(r"^[-0-9.]*$")  # numbers, ranges like 1-5, and "-" for none


class NumbersTable(DataTable):
    """A render.charts.Table; cells are Text, so words from files are never markup."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    def show(self, table: Table) -> None:
        self.clear(columns=True)
        numeric = [
            n > 0 and all(_NUMBER.match(row[n]) for row in table.rows)
            for n in range(len(table.columns))
        ]
        for n, column in enumerate(table.columns):
            self.add_column(Text(column, justify="right" if numeric[n] else "left"), key=str(n))
        for row in table.rows:
            self.add_row(
                *(
                    Text(cell, justify="right" if numeric[n] else "left")
                    for n, cell in enumerate(row)
                )
            )
