"""Dig deeper (5): the enablers in the order to look at them, why, and the case studies to read."""

from __future__ import annotations

import textwrap

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from bb_tui.render import words
from bb_tui.render.charts import Table

INDENT = "\n" + "\u00a0" * 5  # non-breaking: the option list drops leading spaces


def dig_table(results) -> Table:
    """The dig-deeper list as numbers, for the table (t)."""
    rows = tuple(
        (f"{d.rank}. {d.label}", d.n, d.mean, d.sd, d.range, d.why or "-", d.case_ids or "-")
        for d in words.dig_deeper(results)
    )
    return Table(("", "n", "mean", "sd", "range", "why", "cases"), rows)


class DigDeeperList(OptionList):
    """One option per enabler (its id is the enabler's); the highlight stays across refigures."""

    def show(self, results) -> None:
        items = words.dig_deeper(results)
        highlighted = self.highlighted
        self.clear_options()
        for d in items:
            line = Text(f"{d.rank:>2}. ")
            line.append(d.label, style="bold" if d.flagged else "")
            line.append(f"\u00a0\u00a0mean {d.mean}, scores {d.range}, n={d.n}", style="dim")
            if d.why:
                line.append(INDENT + d.why)
            if d.indicators:  # named by their text, as the report names them
                line.append(f"{INDENT}indicators also flagged:", style="dim")
                room = max(30, (self.size.width or 80) - 12)
                for i in d.item.indicators:
                    indicator = results.framework.indicator(i.id)
                    wrapped = textwrap.wrap(f"{indicator.number}. {indicator.text}", room)
                    for n, part in enumerate(wrapped):  # continued lines under the text
                        line.append(INDENT + "\u00a0" * (2 if n == 0 else 5) + part, style="dim")
            if d.case_places:
                line.append(f"{INDENT}case studies: {d.case_places}", style="italic")
            self.add_option(Option(line, id=d.enabler_id))
        if items:
            self.highlighted = min(highlighted or 0, len(items) - 1)
