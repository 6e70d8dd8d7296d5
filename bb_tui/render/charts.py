"""Radar and spread charts of group results, drawn as plain text with plotext (imported on first draw).

Every chart comes with a table of the same numbers. Series are told apart by their marker and the
legend, never by colour alone: the drawing is plain text, and the app colours it by marker.
Braille is used where the terminal can show it; `ascii=True` keeps every character in ASCII.
"""

from __future__ import annotations

import math
import os
import textwrap
import threading
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bb_tui.core.stats import Group, ItemFigures, Results
from bb_tui.render import changes, words
from bb_tui.render.figures_row import figures_row

if TYPE_CHECKING:
    from bb_tui.core.rounds import Comparison

BRAILLE = "braille"
# Markers, in order, for overlaid series (subgroups); the first is the whole group.
UNICODE_MARKERS = ("⣿", "o", "x", "+", "#", "@", "%", "&")
ASCII_MARKERS = ("*", "o", "x", "+", "#", "@", "%", "&")
GRID = {False: "·", True: "."}
# the range along each axis is drawn with a stroke that follows the axis: | / - \\
RANGE = {False: ("│", "╱", "─", "╲"), True: ("|", "/", "-", "\\")}
DOT = {False: "●", True: "o"}  # one participant, on every chart
DOTS = {
    False: "◆",
    True: "#",
}  # several (a chart too narrow for a dot each): the legend says how many
RANGES = ("minmax", "middle", "none")
MIN_DRAWING = 10  # rows: the least a radar is drawn in on a screen, however long its legend

_lock = threading.Lock()  # plotext draws on one shared figure


def braille_ok(environ: Mapping[str, str] | None = None) -> bool:
    """True when the locale says UTF-8 (the first of LC_ALL, LC_CTYPE, LANG that is set)."""
    env = os.environ if environ is None else environ
    for key in ("LC_ALL", "LC_CTYPE", "LANG"):
        value = env.get(key)
        if value:
            return "utf-8" in value.lower() or "utf8" in value.lower()
    return False


# ---------------------------------------------------------------- results of drawing


@dataclass(frozen=True)
class Table:
    """The numbers behind a chart, as text cells."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def text(self) -> str:
        widths = [
            max(len(c), *(len(r[i]) for r in self.rows)) if self.rows else len(c)
            for i, c in enumerate(self.columns)
        ]

        def line(cells: Sequence[str]) -> str:
            first = cells[0].ljust(widths[0])
            rest = [c.rjust(w) for c, w in zip(cells[1:], widths[1:])]
            return "  ".join([first, *rest]).rstrip()

        return "\n".join([line(self.columns), *(line(r) for r in self.rows)])


@dataclass(frozen=True)
class Chart:
    title: str
    drawing: str  # plain text, no colour codes
    legend: tuple[tuple[str, str], ...]  # (marker, what it stands for)
    table: Table
    ascii: bool = False
    width: int = 78
    texts: tuple[str, ...] = ()  # words drawn on the chart (axis labels, notes)
    markers: tuple[str, ...] = ()  # the marker of each series, in legend order

    def runs(self) -> list[list[tuple[str, str]]]:
        """The drawing as lines of (text, role) runs, for colouring: "series-N" for a series'
        marks (braille always belongs to series 0), "range", "grid", "text" for words, "" else."""
        grid, strokes = GRID[self.ascii], set(RANGE[self.ascii])
        by_char = {m: f"series-{n}" for n, m in reversed(list(enumerate(self.markers)))}
        words = sorted({t for t in self.texts if t.strip()}, key=len, reverse=True)
        out = []
        for line in self.drawing.splitlines():
            roles = [""] * len(line)
            for word in words:
                start = line.find(word)
                while start >= 0:
                    roles[start : start + len(word)] = ["text"] * len(word)
                    start = line.find(word, start + len(word))
            for i, ch in enumerate(line):
                if roles[i] or ch == " ":
                    continue
                if 0x2800 <= ord(ch) <= 0x28FF:
                    roles[i] = "series-0"
                elif ch in by_char:
                    roles[i] = by_char[ch]
                elif ch in strokes:
                    roles[i] = "range"
                elif ch == grid:
                    roles[i] = "grid"
            runs: list[tuple[str, str]] = []
            for ch, role in zip(line, roles):
                if runs and runs[-1][1] == role:
                    runs[-1] = (runs[-1][0] + ch, role)
                else:
                    runs.append((ch, role))
            out.append(runs)
        return out

    def legend_rows(self) -> list[list[tuple[str, str]]]:
        """The legend entries (marker, label) wrapped into rows that fit the chart's width."""
        return legend_rows(self.legend, self.width, self.ascii)

    def legend_lines(self) -> list[str]:
        return ["   ".join(f"{m} {label}" for m, label in row) for row in self.legend_rows()]

    def legend_role(self, marker: str) -> str:
        """What a legend marker stands for, as in runs()."""
        if marker in self.markers:
            return f"series-{self.markers.index(marker)}"
        if marker and set(marker) <= set(RANGE[self.ascii]):
            return "range"
        return "grid" if marker == GRID[self.ascii] else "text"

    def title_line(self) -> str:
        return _fit(self.title, self.width, self.ascii)

    def text(self) -> str:
        return "\n".join([self.title_line(), self.drawing, *self.legend_lines()])


def legend_rows(
    legend: Sequence[tuple[str, str]], width: int, ascii: bool
) -> list[list[tuple[str, str]]]:
    """Legend entries (marker, label) in rows of at most `width`: short ones side by side, a
    sentence wrapped onto rows of its own, never cut."""
    rows: list[list[tuple[str, str]]] = []
    used = 0
    for marker, label in legend:
        label = ascii_text(label) if ascii else label
        size = len(marker) + 1 + len(label)
        if rows and used + 3 + size <= width:
            rows[-1].append((marker, label))
            used += 3 + size
        elif size > width:
            room = max(10, width - len(marker) - 1)
            for n, part in enumerate(textwrap.wrap(label, room)):
                rows.append([(marker if n == 0 else " " * len(marker), part)])
            used = width
        else:
            rows.append([(marker, label)])
            used = size
    return rows


def _drawing_rows(
    height: int, room: int | None, legend: Sequence[tuple[str, str]], width: int, ascii: bool
) -> int:
    """A radar's drawing rows: `height`; or, given `room` (the rows the whole chart may take on a
    screen), what its title and legend rows leave, at least MIN_DRAWING."""
    if room is None:
        return height
    return max(MIN_DRAWING, room - 1 - len(legend_rows(legend, width, ascii)))


def _table(columns: Sequence[str], rows: Sequence[Sequence[str]], ascii: bool) -> Table:
    fold = ascii_text if ascii else str
    return Table(tuple(fold(c) for c in columns), tuple(tuple(fold(c) for c in r) for r in rows))


_ASCII_PUNCTUATION = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "–": "-",
        "—": "-",
        "−": "-",
        "…": "...",
        "•": "*",
        "·": ".",
        "\u00a0": " ",
        "×": "x",
    }
)


def ascii_text(text: str) -> str:
    """Text folded to ASCII: accents dropped, typographic punctuation plainly, the rest as "?"."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text.translate(_ASCII_PUNCTUATION))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.encode("ascii", "replace").decode("ascii")


def _fit(label: str, width: int, ascii: bool) -> str:
    if ascii:
        label = ascii_text(label)
    if len(label) <= width:
        return label
    ellipsis = "..." if ascii else "…"
    return label[: max(1, width - len(ellipsis))].rstrip() + ellipsis


def load_plotext() -> None:
    """Import plotext now, e.g. in a thread before a chart is wanted: its first import takes
    0.2-0.5 s of CPU (it builds its interactive documentation)."""
    _plotext()


def _plotext() -> Any:
    import plotext  # deferred: only drawing a chart pays for it

    plotext.terminal.limit(False, False)  # charts are sized by the caller, not the terminal
    return plotext


def _strip(text: str) -> str:
    lines = [line.rstrip() for line in text.splitlines()]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


# ---------------------------------------------------------------- radar


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple[float | None, ...]  # one per axis; None where nobody scored


def draw_radar(
    axes: Sequence[str],
    series: Sequence[Series],
    *,
    band: Sequence[Sequence[float | None]] | None = None,
    width: int = 78,
    height: int = 20,
    ascii: bool = False,
    scale: tuple[int, int] = (1, 5),
) -> str:
    """A radar (spider) chart as plain text: axes clockwise from the top, scale rings as dots.

    `band` is (low values, high values): drawn along each axis as a range. The first series is drawn
    last, on top, with braille lines (or "*" in ASCII); the others with their own marker.
    """
    plt = _plotext()
    n = len(axes)
    lo, hi = scale
    markers = ASCII_MARKERS if ascii else UNICODE_MARKERS
    labels = radar_labels(axes, width, ascii)
    label_room = max((len(a) for a in labels), default=0)
    # radius of the top ring in rows and columns: keep it round (a cell is about twice as tall
    # as it is wide) and leave room for the labels on every side
    rows = max(2.0, height / 2 - 1.5)
    cols = max(4.0, min(2 * rows, width / 2 - label_room - 2))
    rows = min(rows, cols / 2)
    # data units: the top ring is at radius `hi - lo + 1` (score 1 sits on the first ring)
    top = hi - lo + 1
    y_lim = top * (height / 2) / rows
    x_lim = top * (width / 2) / cols

    def at(radius: float, k: int) -> tuple[float, float]:
        angle = 2 * math.pi * k / n
        return radius * math.sin(angle), radius * math.cos(angle)

    def radius(score: float) -> float:
        return score - lo + 1

    with _lock:
        fig = plt.figure
        fig.clear()
        fig.plot_size(width, height)
        fig.axes(False)
        fig.ruler("x").ticks([])
        fig.ruler("y").ticks([])
        fig.ruler("x").lim(-x_lim, x_lim)
        fig.ruler("y").lim(-y_lim, y_lim)
        grid = [at(r, k) for r in range(1, top + 1) for k in range(n)]
        fig.draw(fig.signal([p[0] for p in grid], [p[1] for p in grid], marker=GRID[ascii]))
        if band is not None:
            for k, (a, b) in enumerate(zip(*band)):
                if a is None or b is None:
                    continue
                (x0, y0), (x1, y1) = at(radius(a), k), at(radius(b), k)
                fig.draw(fig.segment((x0, x1), (y0, y1), marker=_stroke(k, n, ascii)))
        for index in reversed(range(len(series))):
            points = [(k, v) for k, v in enumerate(series[index].values) if v is not None]
            if not points:
                continue
            xy = [at(radius(v), k) for k, v in points]
            if len(points) == n and n > 2:
                xy.append(xy[0])  # close the shape
            marker = BRAILLE if index == 0 and not ascii else markers[index % len(markers)]
            signal = fig.signal([p[0] for p in xy], [p[1] for p in xy], marker=marker)
            fig.draw(signal.lines() if len(xy) > 1 else signal)
        for k, label in enumerate(labels):
            x, y = at(1, k)
            # one column (or row) clear of the top ring, aligned away from the centre
            tx = x * (cols + 3) / cols * top
            ty = y * (rows + 1) / rows * top
            align = "center" if abs(x) < 0.2 else ("left" if x > 0 else "right")
            fig.draw(fig.text(tx, ty, label, alignment=align))
        text = fig.build().string(True)
    return _strip(text)


def _stroke(k: int, n: int, ascii: bool) -> str:
    """The character for a line along axis k of n: | near vertical, - near horizontal, / or \\."""
    degrees = (360 * k / n) % 180  # 0 = up, 90 = right
    octant = int(((degrees + 22.5) % 180) // 45)
    return RANGE[ascii][octant]


def radar_labels(axes: Sequence[str], width: int, ascii: bool) -> list[str]:
    """Axis labels as drawn: shortened so that one fits on each side of the rings."""
    longest = max((len(a) for a in axes), default=0)
    room = min(longest, max(4, width // 2 - 12))
    return [_fit(a, room, ascii) for a in axes]


def _range_values(f: ItemFigures, kind: str) -> tuple[float | None, float | None]:
    if kind == "middle":
        return f.q1, f.q3
    return f.min, f.max


def _series_for(groups: Sequence[Group], ids: Sequence[str]) -> list[Series]:
    return [Series(g.label, tuple(g.figures.item(i).mean for i in ids)) for g in groups]


def radar_chart(
    results: Results,
    ids: Sequence[str],
    labels: Sequence[str],
    title: str,
    *,
    overlay: Sequence[Group] = (),
    range_kind: str = "minmax",
    width: int = 78,
    height: int = 20,
    ascii: bool = False,
    names: Sequence[str] = (),
    empty: str = "",
    only_enough: bool = False,
    notes: Sequence[tuple[str, str]] = (),
    room: int | None = None,
) -> Chart:
    """A radar of group means over the given items, with a range band and optional subgroups.

    `names` are the table's row names when the axis labels are shortened (default: the labels);
    `empty` is the sentence saying why, when nobody scored any of the items. With `only_enough`
    (indicators) an item fewer than the minimum scored is not drawn: its row says "too few" and
    the legend lists it. A subgroup's too-few items are never drawn (they have no figure).
    `notes` end the legend. The drawing is `height` rows; or, given `room` (the rows the whole
    chart may take on a screen), what the title and the legend's rows leave of it, at least
    MIN_DRAWING.
    """
    if range_kind not in RANGES:
        raise ValueError(f"range must be one of {', '.join(RANGES)}")
    figures = [results.figures.item(i) for i in ids]
    if only_enough:
        figures = [f.withhold() if f.too_few else f for f in figures]
    series = [Series("group mean", tuple(f.mean for f in figures)), *_series_for(overlay, ids)]
    band = (
        tuple(zip(*(_range_values(f, range_kind) for f in figures)))
        if figures and range_kind != "none"
        else None
    )
    scale = (results.framework.scale.min, results.framework.scale.max)
    markers = ASCII_MARKERS if ascii else UNICODE_MARKERS
    # only what is drawn: a series nobody scored has no marks, so no legend entry
    legend = [
        (markers[n % len(markers)], s.label)
        for n, s in enumerate(series)
        if any(v is not None for v in s.values)
    ]
    # a subgroup with figures here, none of them for enough people: said, not drawn
    legend += [
        (markers[n % len(markers)], f"{g.label}: {words.TOO_FEW}, not drawn")
        for n, g in enumerate(overlay, start=1)
        if all(v is None for v in series[n].values) and any(g.figures.item(i).withheld for i in ids)
    ]
    drawn_markers = tuple(m for m, _ in legend)
    if band is not None and any(a is not None for a in band[0]):
        range_name = "lowest to highest" if range_kind == "minmax" else "middle half"
        legend.append(("".join(RANGE[ascii][:3]), f"range ({range_name})"))
    legend.append((GRID[ascii], f"scores {scale[0]}-{scale[1]} out from the centre"))
    few = [label.split(".")[0] for label, f in zip(names or labels, figures) if f.withheld]
    if few:
        legend.append(
            (
                "",
                f"not drawn, {words.TOO_FEW} (under {results.thresholds.min_group_size} "
                f"scored): {', '.join(few)}",
            )
        )
    if not drawn_markers and not few:
        legend.append(("", empty or "Nobody has scored these yet, so there is nothing to draw."))
    legend += notes
    height = _drawing_rows(height, room, legend, width, ascii)
    drawing = draw_radar(
        labels, series, band=band, width=width, height=height, ascii=ascii, scale=scale
    )
    lo_name, hi_name = ("q1", "q3") if range_kind == "middle" else ("min", "max")
    columns = [
        "",
        "n",
        "skipped",
        "unscored",
        "mean",
        lo_name,
        hi_name,
        *(g.label for g in overlay),
    ]
    rows = []
    for label, f, item_id in zip(names or labels, figures, ids):
        row = figures_row(label, f, results.thresholds)
        lo, hi = (row.q1, row.q3) if range_kind == "middle" else (row.lowest, row.highest)
        rows.append(
            (
                label,
                row.n,
                row.skipped,
                row.unscored,
                row.mean,
                lo,
                hi,
                *(
                    words.cell(g.figures.item(item_id).mean, g.figures.item(item_id))
                    for g in overlay
                ),
                row.flags(),
            )
        )
    columns.append("flags")
    return Chart(
        title,
        drawing,
        tuple(legend),
        _table(columns, rows, ascii),
        ascii,
        width,
        texts=tuple(radar_labels(labels, width, ascii)),
        markers=tuple(markers[n % len(markers)] for n in range(len(series))),
    )


def enabler_radar(results: Results, **options: Any) -> Chart:
    """All enablers of the framework (12 in Beyond Boundaries)."""
    fw = results.framework
    return radar_chart(
        results,
        [e.id for e in fw.enablers],
        [e.label for e in fw.enablers],
        f"All enablers: group mean of {results.participants} participants",
        **options,
    )


def theme_radar(results: Results, theme_id: str, **options: Any) -> Chart:
    """One theme's enablers; the title gives the theme's mean, and says so when it is low."""
    theme, t = results.framework.theme(theme_id), results.thresholds
    return radar_chart(
        results,
        [e.id for e in theme.enablers],
        [e.label for e in theme.enablers],
        f"Theme: {theme.title}, mean "
        + words.theme_mean(results.themes[theme_id].mean, results.themes[theme_id].low, t),
        **options,
    )


def indicator_radar(results: Results, enabler_id: str, **options: Any) -> Chart:
    """An enabler's maturity indicators, labelled by number and their first words."""
    enabler = results.framework.enabler(enabler_id)
    names = [f"{i.number}. {i.text}" for i in enabler.indicators]
    width = options.get("width", 78)
    labels = [_fit(label, max(8, width // 4), options.get("ascii", False)) for label in names]
    empty = (
        f"Nobody has scored {enabler.label}'s indicators: they are scored by those who dig "
        "deeper into it."
    )
    drawn = radar_labels(labels, width, options.get("ascii", False))
    shortened = any(not name.startswith(label) for name, label in zip(names, drawn))
    return radar_chart(
        results,
        [i.id for i in enabler.indicators],
        labels,
        f"{enabler.label}: its indicators",
        names=names,
        empty=empty,
        only_enough=True,
        notes=[("1.", "indicator 1, and so on: each in full in the table")] if shortened else [],
        **options,
    )


# ---------------------------------------------------------------- spread


def _label_room(labels: Sequence[str], width: int) -> int:
    return min(max((len(a) for a in labels), default=1), max(6, min(24, width // 3)))


def draw_spread(
    labels: Sequence[str],
    counts: Sequence[Sequence[int]],
    notes: Sequence[str],
    *,
    scale: tuple[int, int] = (1, 5),
    width: int = 78,
    ascii: bool = False,
    per_dot: int = 1,
) -> str:
    """One row per item: a dot for every `per_dot` participants at each score, a note at the right."""
    plt = _plotext()
    lo, hi = scale
    levels = hi - lo + 1
    label_room = _label_room(labels, width)
    note_room = max((len(n) for n in notes), default=0)
    plot_width = max(levels * 4, width - label_room - 1)
    column = (plot_width - note_room - 2) / (levels + 0.5)  # character cells per score
    rows = len(labels)
    with _lock:
        fig = plt.figure
        fig.clear()
        fig.plot_size(plot_width + label_room + 1, rows + 3)
        fig.axes(False)
        for row, item_counts in enumerate(counts):
            for offset, c in enumerate(item_counts):
                if c:  # one run of dots per score, centred on it: each dot its own cell
                    fig.draw(
                        fig.text(
                            lo + offset,
                            rows - row,
                            spread_marks(c, per_dot, ascii),
                            alignment="center",
                        )
                    )
        x_right = lo + (plot_width - 1) / column - 0.5
        for row, note in enumerate(notes):
            if note:
                fig.draw(fig.text(x_right, rows - row, note, alignment="right"))
        fig.ruler("x").lim(lo - 0.5, x_right)
        fig.ruler("y").lim(0.5, rows + 0.5)
        fig.ruler("x").ticks(list(range(lo, hi + 1)), [str(v) for v in range(lo, hi + 1)])
        # padded to one width: the labels line up on the left ("1." under "2."), not the right
        names = [_fit(a, label_room, ascii).ljust(label_room) for a in labels]
        fig.ruler("y").ticks(list(range(rows, 0, -1)), names)
        text = fig.build().string(True)
    return _strip(text)


def spread_marks(count: int, per_dot: int, ascii: bool) -> str:
    """`count` people as dots: a dot for each `per_dot` of them, what is left over as its number.

    So 1 and 2 people never look the same: with two to a dot, one person is "1", two are a dot.
    """
    full, rest = divmod(count, per_dot)
    return dot_for(per_dot, ascii) * full + (str(rest) if rest else "")


def dot_for(per_dot: int, ascii: bool) -> str:
    """● is always one participant; a mark for several is another shape, so never mistaken."""
    return DOT[ascii] if per_dot == 1 else DOTS[ascii]


def spread_chart(
    results: Results,
    ids: Sequence[str],
    labels: Sequence[str],
    title: str,
    *,
    width: int = 78,
    ascii: bool = False,
) -> Chart:
    """Every score's position for each item, so a split view shows as two clusters."""
    figures = [results.figures.item(i) for i in ids]
    fw = results.framework
    levels = fw.scale.max - fw.scale.min + 1
    rows = [figures_row(label, f, results.thresholds) for label, f in zip(labels, figures)]
    notes = []
    for row, f in zip(rows, figures):
        flags = "".join(x for x, on in ((" low", f.low), (" split", f.polarised)) if on)
        notes.append(f"{row.mean}{flags}" if f.n else "-")
    label_room = _label_room(labels, width)
    note_room = max(len(n) for n in notes) if notes else 0
    column = (width - label_room - 1 - note_room - 2) / (levels + 0.5)
    capacity = max(1, int(column) - 1)
    busiest = max((c for f in figures for c in f.counts), default=0)
    per_dot = max(1, math.ceil(busiest / capacity))
    drawing = draw_spread(
        labels,
        [f.counts for f in figures],
        notes,
        scale=(fw.scale.min, fw.scale.max),
        width=width,
        ascii=ascii,
        per_dot=per_dot,
    )
    # only what is drawn: an example mean taken from the chart, flags only where one shows
    mark = dot_for(per_dot, ascii)
    legend = [(mark, "1 participant" if per_dot == 1 else f"{per_dot} participants")]
    if per_dot == 2:
        legend.append(("1", "1 participant"))
    elif per_dot > 2:
        legend.append((f"1-{per_dot - 1}", "that many participants"))
    scored = [f for f in figures if f.n]
    if scored:
        legend.append((words.mean(scored[0], results.thresholds), "the mean (right)"))
    if any(f.low for f in scored):
        legend.append(("low", f"mean below {results.thresholds.low:g}"))
    if any(f.polarised for f in scored):
        legend.append(("split", f"polarised, scores {results.thresholds.gap}+ apart"))
    if not scored:
        legend.append(("", "Nobody has scored these yet, so there is nothing to draw."))
    columns = (
        "",
        *(str(v) for v in range(fw.scale.min, fw.scale.max + 1)),
        "n",
        "skipped",
        "unscored",
        "mean",
        "median",
        "sd",
        "flags",
    )
    table_rows = [
        (r.label, *r.counts, r.n, r.skipped, r.unscored, r.mean, r.median, r.sd, r.flags())
        for r in rows
    ]
    texts = (*(_fit(a, label_room, ascii) for a in labels), *notes)
    return Chart(
        title,
        drawing,
        tuple(legend),
        _table(columns, table_rows, ascii),
        ascii,
        width,
        texts=texts,
        markers=(mark,),
    )


def enabler_spread(results: Results, **options: Any) -> Chart:
    fw = results.framework
    return spread_chart(
        results,
        [e.id for e in fw.enablers],
        [e.label for e in fw.enablers],
        "Spread: every score for each enabler",
        **options,
    )


def indicator_spread(results: Results, enabler_id: str, **options: Any) -> Chart:
    enabler = results.framework.enabler(enabler_id)
    return spread_chart(
        results,
        [i.id for i in enabler.indicators],
        [f"{i.number}. {i.text}" for i in enabler.indicators],
        f"Spread: {enabler.label}, by indicator",
        **options,
    )


def comparison_radar(
    comparison: Comparison,
    *,
    width: int = 78,
    height: int = 20,
    ascii: bool = False,
    room: int | None = None,
) -> Chart:
    """Both rounds' enabler means as two outlines on one radar, with a table of the same numbers.

    Each round is drawn alone and the two laid over each other, so neither hides the other: where
    both pass through one cell it shows a third marker, "both rounds". `height` and `room` as for
    radar_chart.
    """
    fw = comparison.now.results.framework
    labels = [e.label for e in fw.enablers]
    now = Series(f"{comparison.now.label} mean", tuple(c.mean_now for c in comparison.enablers))
    before = Series(
        f"{comparison.before.label} mean", tuple(c.mean_before for c in comparison.enablers)
    )
    nobody = Series("", tuple(None for _ in labels))
    markers = ASCII_MARKERS if ascii else UNICODE_MARKERS
    mark_now, mark_before, mark_both = markers[0], markers[1], "@"
    legend = (
        (mark_now, now.label),
        (mark_before, before.label),
        (mark_both, "both rounds"),
        (GRID[ascii], f"scores {fw.scale.min}-{fw.scale.max} out from the centre"),
    )
    options: dict[str, Any] = {
        "width": width,
        "height": _drawing_rows(height, room, legend, width, ascii),
        "ascii": ascii,
        "scale": (fw.scale.min, fw.scale.max),
    }
    drawing = _overlay(
        draw_radar(labels, [now], **options),
        draw_radar(labels, [nobody, before], **options),
        mark_before,
        mark_both,
    )
    fold = ascii_text if ascii else str
    table = Table(
        tuple(fold(c) for c in changes.columns(comparison)),
        tuple(tuple(fold(c) for c in row) for row in changes.rows(comparison)),
    )
    return Chart(
        f"All enablers: {comparison.before.label} and {comparison.now.label}",
        drawing,
        legend,
        table,
        ascii,
        width,
        texts=tuple(radar_labels(labels, width, ascii)),
        markers=(mark_now, mark_before, mark_both),
    )


def _overlay(first: str, second: str, mark: str, both: str) -> str:
    """`second`'s `mark`s laid over `first`: on a mark of `first`'s series they become `both`."""
    lines = []
    for a, b in zip(first.splitlines(), second.splitlines()):
        size = max(len(a), len(b))
        a, b = a.ljust(size), b.ljust(size)
        cells = []
        for x, y in zip(a, b):
            if y != mark:
                cells.append(x)
            elif 0x2800 <= ord(x) <= 0x28FF or x == ASCII_MARKERS[0]:
                cells.append(both)
            else:
                cells.append(mark)
        lines.append("".join(cells).rstrip())
    return "\n".join(lines)
