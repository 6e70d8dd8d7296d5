"""One item's figures as a row, built once for every table that shows them (no Textual).

The text report, the Markdown report, the charts' tables, the discussion pack, the dig-deeper
table, the summary CSV and the workbook's Group figures all take an enabler's or indicator's
row from figures_row(): the same cells to the same precision (render.words), n beside skipped
and not scored (n + skipped + not scored = participants), the flags low before polarised.
Each view keeps its own layout; machine() is the same row unrounded, for the CSV and workbook.
"""

from __future__ import annotations

from typing import Any

from bb_tui.core.stats import ItemFigures, Thresholds
from bb_tui.render import words
from bb_tui.render.words import MEDIAN_PLACES, SD_PLACES, number
from bb_tui.storage.record import Frozen

# the machine columns of machine(), before the counts per score and after them (docs/merging.md)
MACHINE_FIGURES = ("n", "skipped", "unscored", "mean", "median", "min", "max", "stdev", "q1", "q3")
MACHINE_FLAGS = ("low", "polarised")


class FiguresRow(Frozen):
    """An item's figures in words. A withheld subgroup cell has "too few (n 1)" for its mean and
    "-" for every other figure; its n, skipped and not scored stay."""

    __slots__ = (
        "counts",
        "figures",
        "flag_words",
        "highest",
        "label",
        "lowest",
        "mean",
        "median",
        "n",
        "q1",
        "q3",
        "range",
        "reasons",
        "sd",
        "skipped",
        "unscored",
    )

    label: str
    figures: ItemFigures
    n: str
    skipped: str
    unscored: str  # "not scored": neither scored nor skipped
    mean: str
    median: str
    range: str  # lowest to highest, "1-5"
    lowest: str
    highest: str
    sd: str
    q1: str  # the middle half of the scores
    q3: str
    counts: tuple[str, ...]  # how many gave each score, lowest score first ("-" when withheld)
    flag_words: tuple[str, ...]  # "low", "polarised" or "too few to call (n 1)"
    reasons: tuple[str, ...]  # why to discuss it, low first (render.words.reasons)

    def __init__(
        self,
        label: str,
        figures: ItemFigures,
        n: str,
        skipped: str,
        unscored: str,
        mean: str,
        median: str,
        range: str,
        lowest: str,
        highest: str,
        sd: str,
        q1: str,
        q3: str,
        counts: tuple[str, ...],
        flag_words: tuple[str, ...],
        reasons: tuple[str, ...],
    ) -> None:
        self._init(
            label,
            figures,
            n,
            skipped,
            unscored,
            mean,
            median,
            range,
            lowest,
            highest,
            sd,
            q1,
            q3,
            counts,
            flag_words,
            reasons,
        )

    def flags(self, sep: str = ", ", with_n: bool = True) -> str:
        """The flags in words; without n where an n column stands beside them."""
        return words.flags(self.figures, sep, with_n)

    def summary(self) -> str:
        """One line (74 characters for 10 people, so it fits a panel at 80 columns): "Mean 2.3
        median 2.0  range 1-5  sd 1.2  4 scored, 1 skipped, 0 not scored", and "too few to call"
        when it is."""
        f = self.figures
        few = f", {self.flags(with_n=False)}" if f.too_few else ""
        return (
            f"Mean {self.mean}  median {self.median}  range {self.range}  sd {self.sd}  "
            f"{self.n} scored, {self.skipped} skipped, {self.unscored} not scored{few}"
        )

    def machine(self) -> tuple[Any, ...]:
        """The figures unrounded (for CSV and workbook): MACHINE_FIGURES, the counts, MACHINE_FLAGS."""
        f = self.figures
        counts = (None,) * len(f.counts) if f.withheld else f.counts
        return (
            f.n,
            f.skipped,
            f.unscored,
            f.mean,
            f.median,
            f.min,
            f.max,
            f.stdev,
            f.q1,
            f.q3,
            *counts,
            f.low,
            f.polarised,
        )


def machine_columns(levels: range) -> tuple[str, ...]:
    """The column names of FiguresRow.machine() for a scale's levels."""
    return (*MACHINE_FIGURES, *(f"count_{level}" for level in levels), *MACHINE_FLAGS)


def figures_row(label: str, f: ItemFigures, t: Thresholds) -> FiguresRow:
    """The row for one item's figures (`f`) under the thresholds `t`."""
    withheld = f.withheld
    return FiguresRow(
        label,
        f,
        str(f.n),
        str(f.skipped),
        str(f.unscored),
        words.cell(f.mean, f) if withheld else words.mean(f, t),
        number(f.median, MEDIAN_PLACES),
        words.score_range(f),
        words.whole(f.min),
        words.whole(f.max),
        number(f.stdev, SD_PLACES),
        number(f.q1, MEDIAN_PLACES),
        number(f.q3, MEDIAN_PLACES),
        tuple(words.NONE if withheld else str(c) for c in f.counts),
        words.flag_words(f),
        words.reasons(f, t),
    )
