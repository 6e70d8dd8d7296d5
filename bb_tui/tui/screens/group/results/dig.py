"""Dig deeper (5): the enablers in the order to look at them, why, and the case studies to read."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from bb_tui.render.charts import Table

INDENT = "\n" + "\u00a0" * 5  # non-breaking: the option list drops leading spaces


def dig_table(results) -> Table:
    """The dig-deeper list as numbers, for the table (t)."""
    fw = results.framework
    rows = []
    for n, d in enumerate(results.dig_deeper(), start=1):
        f = d.figures
        cases = fw.case_studies_for(d.enabler_id) if d.flagged else ()
        rows.append((f"{n}. {fw.enabler(d.enabler_id).label}", str(f.n), f"{f.mean:.1f}",
                     f"{f.stdev:.1f}", f"{f.min}-{f.max}",
                     "; ".join(d.reasons) or "-", ", ".join(c.id for c in cases) or "-"))
    return Table(("", "n", "mean", "sd", "range", "why", "cases"), tuple(rows))


class DigDeeperList(OptionList):
    """One option per enabler (its id is the enabler's); the highlight stays across refigures."""

    def show(self, results) -> None:
        fw = results.framework
        items = results.dig_deeper()
        highlighted = self.highlighted
        self.clear_options()
        for n, d in enumerate(items, start=1):
            f = d.figures
            line = Text(f"{n:>2}. ")
            line.append(fw.enabler(d.enabler_id).label, style="bold" if d.flagged else "")
            line.append(f"\u00a0\u00a0mean {f.mean:.1f}, scores {f.min}-{f.max}, n={f.n}",
                        style="dim")
            if d.reasons:
                line.append(INDENT + "; ".join(d.reasons))
            if d.indicators:
                numbers = ", ".join(str(fw.indicator(i.id).number) for i in d.indicators)
                line.append(f"{INDENT}indicators also flagged: {numbers}", style="dim")
            if d.flagged:
                cases = fw.case_studies_for(d.enabler_id)
                if cases:
                    boxes = ", ".join(f"{c.id} ({c.where})" for c in cases)
                    line.append(f"{INDENT}case studies: {boxes}", style="italic")
            self.add_option(Option(line, id=d.enabler_id))
        if items:
            self.highlighted = min(highlighted or 0, len(items) - 1)
