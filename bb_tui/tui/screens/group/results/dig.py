"""Dig deeper (5): the enablers in the order to look at them, why, and the case studies to read."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from bb_tui.render import words
from bb_tui.render.charts import Table
from bb_tui.render.figures_row import figures_row

if TYPE_CHECKING:
    from bb_tui.core.stats import Results

INDENT = "\n" + "\u00a0" * 5  # non-breaking: the option list drops leading spaces


def dig_table(results: Results) -> Table:
    """The dig-deeper list as numbers, for the table (t)."""
    rows = []
    for d in words.dig_deeper(results):
        r = figures_row(f"{d.rank}. {d.label}", d.item.figures, results.thresholds)
        why, cases = d.why or "-", d.case_ids or "-"
        rows.append((r.label, r.n, r.skipped, r.unscored, r.mean, r.sd, r.range, why, cases))
    columns = ("", "n", "skipped", "unscored", "mean", "sd", "range", "why", "cases")
    return Table(columns, tuple(rows))


class DigDeeperList(OptionList):
    """One option per enabler (its id is the enabler's); the highlight stays across refigures."""

    def show(self, results: Results) -> None:
        items = words.dig_deeper(results)
        highlighted = self.highlighted
        self.clear_options()
        width = self.scrollable_content_region.width or (self.app.size.width - 4)
        for d in items:
            line = Text(f"{d.rank:>2}. ")
            line.append(d.label, style="bold" if d.flagged else "")
            line.append(f"\u00a0\u00a0mean {d.mean}, scores {d.range}, n={d.n}", style="dim")
            if d.why:
                _wrapped(line, d.why, 5, 5, width)
            if d.indicators:  # named by their text, as the report names them
                line.append(f"{INDENT}indicators also flagged:", style="dim")
                for i in d.item.indicators:
                    indicator = results.framework.indicator(i.id)
                    text = f"{indicator.number}. {indicator.text}"
                    _wrapped(line, text, 7, 10, width, "dim")  # continued lines under the text
            if d.case_places:
                _wrapped(line, f"case studies: {d.case_places}", 5, 5, width, "italic")
            self.add_option(Option(line, id=d.enabler_id))
        if items:
            self.highlighted = min(highlighted or 0, len(items) - 1)


def _wrapped(line: Text, text: str, first: int, rest: int, width: int, style: str = "") -> None:
    """`text` on new lines of `line`, indented `first` then `rest` cells, each within `width`:
    a wrapped line never starts again at the left edge."""
    parts = textwrap.wrap(text, max(20, width - rest), break_on_hyphens=False)
    for n, part in enumerate(parts):
        line.append("\n" + "\u00a0" * (first if n == 0 else rest) + part, style=style)
