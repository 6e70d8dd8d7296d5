"""A table of figures fitted to a terminal's width: words are cut, figures never (no Textual).

The first column is words (an enabler, an indicator's text, a person): it is shortened to the room
left. Every other column is figures or flags and is shown whole. When the headings do not fit, a
heading longer than its figures (an organisation's name) is a letter, named on a legend line. Columns
that still cannot fit are scrolled to with ← and →, and a marker says how many are off screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the sessions list's status line uses flow(): no chart code on its first screen
    from bb_tui.render.charts import Table

MIN_WORDS = 12  # the words column is never narrower than this while figures are off screen
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def cut_words(text: str, width: int) -> str:
    """`text` in at most `width` characters, cut after a whole word where one fits, with "…"."""
    if len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    head = text[: width - 1]
    space = head.rfind(" ")
    whole = text[width - 1] == " "  # the cut falls between two words
    if not whole and space >= width // 2:  # a whole word, unless that loses over half the room
        head = head[:space]
    return head.rstrip(" ,;:–-") + "…"


def short_headings(table: Table) -> tuple[tuple[str, ...], dict[int, str]]:
    """(the headings to show, {column: "A Riverside Council…"}) for a table's columns.

    A heading longer than its widest figure and than 8 characters becomes a letter (used when
    the full headings would not fit).
    """
    shown: list[str] = []
    legend: dict[int, str] = {}
    for n, heading in enumerate(table.columns):
        widest = max((len(row[n]) for row in table.rows), default=0)
        if n > 0 and len(heading) > max(widest, 8):
            letter = LETTERS[len(legend) % len(LETTERS)]
            shown.append(letter)
            legend[n] = f"{letter} {heading}"
        else:
            shown.append(heading)
    return tuple(shown), legend


@dataclass(frozen=True)
class Fitted:
    """What to draw: the columns shown (the words column first), their widths and cells."""

    columns: tuple[str, ...]
    widths: tuple[int, ...]
    rows: tuple[tuple[str, ...], ...]
    legend: tuple[str, ...]  # "A Riverside Council – Children's Services", ...
    hidden_left: int  # figure columns scrolled off to the left
    hidden_right: int  # and to the right
    full: Table  # the table as given, for the highlighted row's whole words

    @property
    def more(self) -> str:
        """ "→ 3 more (← →)" when columns are off screen, else ""."""
        hidden = self.hidden_left + self.hidden_right
        if not hidden:
            return ""
        arrow = "→" if self.hidden_right else "←"
        return f"{arrow} {hidden} more column{'s' * (hidden != 1)} (← →)"

    def detail(self, row: int) -> str:
        """The highlighted row's words in full, when the table shows them cut ("" otherwise)."""
        if not 0 <= row < len(self.rows) or not self.full.rows:
            return ""
        whole = self.full.rows[row][0]
        return whole if self.rows[row][0] != whole else ""


def fit(table: Table, width: int, *, gap: int = 2, offset: int = 0) -> Fitted:
    """`table` in `width` columns, each costing its width plus `gap` (a DataTable's padding).

    `offset` is how many figure columns are scrolled past (clamped to what can be scrolled).
    """
    headings, legend = short_headings(table)
    if legend and _whole(table, width, gap):  # the full headings fit, words and all: keep them
        headings, legend = table.columns, {}
    count = len(headings)
    widths = [max(len(headings[n]), *(len(row[n]) for row in table.rows), 0) for n in range(count)]
    words_full = widths[0] if count else 0
    figures = list(range(1, count))
    # which figure columns fit beside the narrowest words column, starting at `offset`
    room = width - (min(words_full, MIN_WORDS) + gap)
    total = sum(widths[n] + gap for n in figures)
    first = 0
    shown = figures
    if total > room:
        offset = max(0, min(offset, len(figures) - 1))
        shown, used = [], 0
        for n in figures[offset:]:
            if used + widths[n] + gap > room and shown:
                break
            shown.append(n)
            used += widths[n] + gap
        # scrolled as far as it goes: fill the room leftwards from the last column instead
        at_end = bool(shown) and shown[-1] == figures[-1]
        while at_end and shown[0] > 1 and used + widths[shown[0] - 1] + gap <= room:
            shown.insert(0, shown[0] - 1)
            used += widths[shown[0]] + gap
        first = shown[0] - 1 if shown else 0
        total = used
    words_width = max(1, min(words_full, width - total - gap)) if count else 0
    keep = [0, *shown] if count else []
    rows = tuple((cut_words(row[0], words_width), *(row[n] for n in shown)) for row in table.rows)
    return Fitted(
        columns=tuple(headings[n] for n in keep),
        widths=(words_width, *(widths[n] for n in shown)) if count else (),
        rows=rows,
        legend=tuple(legend[n] for n in shown if n in legend),
        hidden_left=first,
        hidden_right=len(figures) - first - len(shown),
        full=table,
    )


def _whole(table: Table, width: int, gap: int) -> bool:
    """True when every column fits whole, headings included."""
    need = sum(
        max(len(heading), *(len(row[n]) for row in table.rows), 0) + gap
        for n, heading in enumerate(table.columns)
    )
    return need <= width


def legend_line(entries: Sequence[str]) -> str:
    return " · ".join(entries)


def flow(parts: Sequence[str], width: int, sep: str = " · ") -> list[list[int]]:
    """Parts of a status line grouped into lines of at most `width`, broken only between parts.

    Returns the indices of the parts on each line; a part longer than the width has a line of
    its own (the widget wraps it at spaces), so no line ends inside a word or on a bare "·".
    """
    lines: list[list[int]] = []
    used = 0
    for n, part in enumerate(parts):
        if lines and used + len(sep) + len(part) <= width:
            lines[-1].append(n)
            used += len(sep) + len(part)
        else:
            lines.append([n])
            used = len(part)
    return lines
