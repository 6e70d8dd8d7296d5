"""Spreadsheet exports: CSV in long format plus a summary CSV, and an Excel workbook with radar charts.

No Textual. openpyxl is optional (the `xlsx` extra) and imported only when a workbook is written.
Text that came from someone's file is made inert: in CSV a cell starting with = + - @ (or a tab or
carriage return) gets a leading apostrophe, so a spreadsheet never runs it as a formula; in the
workbook every text cell is stored as a string, never as a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bb_tui.core.framework import Framework
from bb_tui.core.rounds import Round
from bb_tui.core.session import SKIPPED
from bb_tui.core.stats import STORED_PLACES, ItemFigures, rounded
from bb_tui.render.figures_row import figures_row, machine_columns
from bb_tui.render.words import TOO_FEW, pooled_line, thresholds_line, too_few
from bb_tui.storage.errors import BBError
from bb_tui.storage.safesave import check_own_file, write_own_file
from bb_tui.storage.textsafe import one_line

if TYPE_CHECKING:  # workbook_layout imports openpyxl, which is optional
    from bb_tui.render.workbook_layout import Block

LONG_COLUMNS = (
    "participant",
    "organisation",
    "level",
    "file",
    "item_type",
    "item_id",
    "theme_id",
    "enabler_id",
    "item_label",
    "status",
    "score",
    "evidence",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ExportError(BBError):
    """An export that could not be written (the file on disk is unchanged)."""


def inert(value: Any) -> Any:
    """A cell value safe to open in a spreadsheet: text starting like a formula gets an apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def summary_path(csv_path: str | Path) -> Path:
    """Where the summary goes beside a long-format CSV: FILE stem + "-summary.csv"."""
    path = Path(csv_path)
    return path.with_name(f"{path.stem}-summary.csv")


# ---------------------------------------------------------------- rows


def long_rows(now: Round) -> Iterable[tuple[Any, ...]]:
    """One row per counted participant per item (every enabler, then every indicator).

    Anonymous: item by item instead, each item's answers in score order with the participant,
    organisation, level and file left empty, so no row ties one person's answers together.
    """
    if now.results.anonymous:
        yield from _anonymous_rows(now)
        return
    fw = now.results.framework
    items = _items(fw)
    for person in now.results.people:
        session = person.source.session
        for kind, item_id, theme_id, enabler_id, label in items:
            state = session.state(item_id)
            status = (
                "skipped" if state == SKIPPED else ("not scored" if state is None else "scored")
            )
            evidence = session.evidence.get(item_id, "") if kind == "enabler" else ""
            yield (
                person.label,
                person.organisation,
                person.level,
                person.file,
                kind,
                item_id,
                theme_id,
                enabler_id,
                label,
                status,
                state if isinstance(state, int) else None,
                evidence,
            )


def _items(fw: Framework) -> list[tuple[str, str, str, str, str]]:
    items = [("enabler", e.id, e.theme_id, e.id, e.label) for e in fw.enablers]
    return items + [
        ("indicator", i.id, fw.enabler(i.enabler_id).theme_id, i.enabler_id, i.text)
        for i in fw.indicators
    ]


def _anonymous_rows(now: Round) -> Iterable[tuple[Any, ...]]:
    sessions = [person.source.session for person in now.results.people]
    order = {"scored": 0, "skipped": 1, "not scored": 2}
    for kind, item_id, theme_id, enabler_id, label in _items(now.results.framework):
        answers = []
        for session in sessions:
            state = session.state(item_id)
            status = (
                "skipped" if state == SKIPPED else ("not scored" if state is None else "scored")
            )
            evidence = session.evidence.get(item_id, "") if kind == "enabler" else ""
            answers.append((status, state if isinstance(state, int) else None, evidence))
        answers.sort(key=lambda a: (order[a[0]], -(a[1] or 0), a[2]))
        for status, score, evidence in answers:
            yield (
                "",
                "",
                "",
                "",
                kind,
                item_id,
                theme_id,
                enabler_id,
                label,
                status,
                score,
                evidence,
            )


def summary_columns(now: Round) -> tuple[str, ...]:
    scale = now.results.framework.scale
    return (
        "item_type",
        "item_id",
        "theme_id",
        "enabler_id",
        "item_label",
        *machine_columns(range(scale.min, scale.max + 1)),
        "agreed",
        *_group_columns(now),
    )


def _group_columns(now: Round) -> tuple[str, ...]:
    """`--by`: one column per subgroup, its mean per enabler ("mean: Label (n=5)")."""
    return tuple(f"mean: {one_line(g.label)} (n={g.participants})" for g in now.results.groups)


def summary_rows(now: Round) -> Iterable[tuple[Any, ...]]:
    """One row per theme, enabler and indicator with the group figures (and the agreed score)."""
    r, fw = now.results, now.results.framework
    agreed = now.partnership.agreed if now.partnership else {}
    blanks = (None,) * (fw.scale.max - fw.scale.min + 1)
    no_groups = (None,) * len(r.groups)
    for theme in fw.themes:
        t = r.themes[theme.id]
        yield (
            "theme",
            theme.id,
            theme.id,
            "",
            theme.title,
            None,
            None,
            None,
            t.mean,
            None,
            None,
            None,
            None,
            None,
            None,
            *blanks,
            t.low,
            None,
            None,
            *no_groups,
        )
    for kind, item_id, theme_id, enabler_id, label in [
        ("enabler", e.id, e.theme_id, e.id, e.label) for e in fw.enablers
    ] + [
        ("indicator", i.id, fw.enabler(i.enabler_id).theme_id, i.enabler_id, i.text)
        for i in fw.indicators
    ]:
        yield (
            kind,
            item_id,
            theme_id,
            enabler_id,
            label,
            *figures_row(label, r.figures.item(item_id), r.thresholds).machine(),
            agreed.get(item_id) if kind == "enabler" else None,
            *(
                (_group_cell(g.figures.enablers[item_id]) for g in r.groups)
                if kind == "enabler"
                else no_groups
            ),
        )
    yield note_row(now, len(summary_columns(now)))
    if r.pooled:  # which groups were not shown on their own, and why
        pooled = f"pooled under {r.thresholds.min_group_size} participants: " + "; ".join(
            one_line(label) for label in r.pooled
        )
        if r.joined:
            pooled += ". " + one_line(pooled_line(r))
        yield ("note", "groups_pooled", "", "", pooled, *(None,) * (len(summary_columns(now)) - 5))


def _group_cell(f: ItemFigures) -> float | str | None:
    """A subgroup's mean, or "too few (n 1)" in words when fewer than the minimum scored it."""
    return too_few(f.n) if f.withheld else f.mean


def note_row(now: Round, width: int) -> tuple[Any, ...]:
    """The last row: which thresholds the flags used (item_type "note", the words as its label)."""
    return (
        "note",
        "thresholds",
        "",
        "",
        thresholds_line(now.results.thresholds),
        *(None,) * (width - 5),
    )


# ---------------------------------------------------------------- CSV


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(rounded(value, 6))
    return inert(value)


def csv_bytes(columns: Iterable[str], rows: Iterable[tuple[Any, ...]]) -> bytes:
    """UTF-8 CSV with a header row; numbers plain, booleans true/false, text made inert."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8")


def csv_files(now: Round, path: str | Path) -> dict[Path, bytes]:
    """The long CSV for `path` and the summary beside it, built but not yet written."""
    path = Path(path)
    return {
        path: csv_bytes(LONG_COLUMNS, long_rows(now)),
        summary_path(path): csv_bytes(summary_columns(now), summary_rows(now)),
    }


def write_csv(now: Round, path: str | Path, overwrite: bool = False) -> tuple[Path, Path]:
    """Write the long CSV at `path` and the summary beside it, as the user's own files (never
    through a link; an earlier file only with `overwrite`); returns both paths."""
    files = csv_files(now, path)
    for target in files:
        check_own_file(target, overwrite)  # both names checked before either is written
    for target, data in files.items():
        write_own_file(target, data, overwrite)
    long_path, summary = files
    return long_path, summary


# ---------------------------------------------------------------- Excel


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:
        raise ExportError(
            None,
            "the Excel workbook needs openpyxl, which is not installed; "
            "add it with: pip install 'bb-tui[xlsx]'",
        ) from None
    return openpyxl


def _put_row(ws: Any, row: Iterable[Any]) -> None:
    """Append a row; text is always stored as a string (never a formula), a flag as a word.
    The cells are made before they are appended: looking the row up afterwards (ws[ws.max_row])
    scans every cell of the sheet, so a sheet took time in the square of its rows."""
    from openpyxl.cell import WriteOnlyCell

    from bb_tui.render.workbook_layout import cell_value

    cells = [WriteOnlyCell(ws, cell_value(v)) for v in row]
    for cell in cells:
        if isinstance(cell.value, str):
            cell.data_type = "s"
    ws.append(cells)


# Long text wraps in a column this wide (characters); other columns fit their text.
SCORES_WRAP = {
    "organisation": 22,
    "file": 20,
    "item_id": 16,
    "theme_id": 14,
    "enabler_id": 14,
    "item_label": 50,
    "evidence": 44,
}
FIGURES_WRAP = {"item_id": 16, "theme_id": 14, "enabler_id": 14, "item_label": 44}
REFLECTIONS_COLUMNS = ("theme", "participant", "organisation", "reflection")
REFLECTIONS_WRAP = {"theme": 16, "organisation": 22, "reflection": 90}


def workbook_bytes(now: Round) -> bytes:
    """The workbook: Scores (long), Group figures, Charts with native radar charts and, when names
    are shown, Reflections; every sheet prints A4 landscape, one page wide."""
    openpyxl = _openpyxl()
    from bb_tui.render.workbook_layout import charts_sheet, table_sheet

    fw = now.results.framework
    wb = openpyxl.Workbook()
    scores = wb.active
    scores.title = "Scores"
    _put_row(scores, LONG_COLUMNS)
    for row in long_rows(now):
        _put_row(scores, row)
    table_sheet(scores, SCORES_WRAP)
    figures = wb.create_sheet("Group figures")
    _put_row(figures, summary_columns(now))
    for row in summary_rows(now):
        _put_row(figures, row)
    table_sheet(figures, FIGURES_WRAP, low=now.results.thresholds.low)
    charts = wb.create_sheet("Charts")
    low = now.results.thresholds.low
    charts_sheet(charts, charts_heading(now), chart_blocks(now), fw.scale.max, low)
    if not now.results.anonymous:  # one person's own words: never in an anonymous output
        ws = wb.create_sheet("Reflections")
        _put_row(ws, REFLECTIONS_COLUMNS)
        for row in reflection_rows(now):
            _put_row(ws, row)
        table_sheet(ws, REFLECTIONS_WRAP)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def reflection_rows(now: Round) -> Iterable[tuple[str, str, str, str]]:
    """One row per participant per theme they wrote on, theme by theme; a note when none."""
    from bb_tui.render.reflections import NONE_WRITTEN, by_theme

    rows = [
        (one_line(t.theme.title), person.label, person.organisation, text)
        for t in by_theme(now.results)
        for person, text in t.written
    ]
    return rows or [("", "", "", NONE_WRITTEN)]


def charts_heading(now: Round) -> str:
    """The Charts sheet's first row, repeated on every printed page."""
    r = now.results
    people = f"{r.participants} participant{'' if r.participants == 1 else 's'}"
    return (
        f"Radar charts, {one_line(now.label)} ({people}): each table is drawn by the radar "
        f"beside it, scores {r.framework.scale.min}-{r.framework.scale.max} out from the centre"
    )


def chart_blocks(now: Round) -> list[Block]:
    """The Charts sheet's radars: all enablers, each theme, then each enabler by indicator.

    The partnership file agrees scores per enabler only, so indicator radars draw the group mean
    (with how many scored each indicator beside it), of those indicators at least the minimum
    group size scored; the rest are a gap, named in the title."""
    from bb_tui.render.workbook_layout import Block, spoke_label

    r, fw = now.results, now.results.framework
    agreed = now.partnership.agreed if now.partnership else {}
    extra, both = (["Agreed"], " and agreed score") if agreed else ([], "")
    blocks: list[Block] = []
    blocks.append(_all_enablers(now))
    for theme in fw.themes:
        rows = [
            [e.label, _round(r.enablers[e.id].mean), *([agreed.get(e.id)] if agreed else [])]
            for e in theme.enablers
        ]
        blocks.append(
            Block(
                [theme.title, "Group mean", *extra],
                rows,
                f"{theme.title}: group mean{both}",
                1 + len(extra),
            )
        )
    for e in fw.enablers:
        figures = [r.figures.item(i.id) for i in e.indicators]
        # only indicators enough people scored are drawn (a gap); the rest are named in the title
        rows = [
            [spoke_label(i.number, i.text), None if f.too_few else _round(f.mean), f.n]
            for i, f in zip(e.indicators, figures)
        ]
        few = [str(i.number) for i, f in zip(e.indicators, figures) if f.n and f.too_few]
        none = "" if any(f.n for f in figures) else " (no indicator scored yet)"
        if few:
            none = (
                f" ({TOO_FEW} to draw, under {r.thresholds.min_group_size} scored: "
                f"{', '.join(few)})"
            )
        drawn = any(f.n and not f.too_few for f in figures) or not few
        series = "Group mean" if drawn else TOO_FEW.capitalize()
        blocks.append(
            Block(
                [f"{e.label} indicators", series, "Scored by"],
                rows,
                f"{e.label}: {series.lower()} by indicator{none}",
                1,
            )
        )
    return blocks


def _all_enablers(now: Round) -> Block:
    """The all-enablers radar: the group mean, the agreed score and (`--by`) one outline per
    subgroup shown; a subgroup's enabler fewer than the minimum scored is a gap, its words in the
    last column, and a subgroup with no enabler drawn is not drawn at all (named in the title)."""
    from bb_tui.render.workbook_layout import (
        AGREED_COLOUR,
        GROUP_COLOURS,
        GROUP_MARKERS,
        MEAN_COLOUR,
        Block,
    )

    r, fw = now.results, now.results.framework
    agreed = now.partnership.agreed if now.partnership else {}
    drawn = [g for g in r.groups if any(not g.figures.enablers[e.id].withheld for e in fw.enablers)]
    undrawn = [one_line(g.label) for g in r.groups if g not in drawn]
    gaps = [
        "; ".join(
            f"{one_line(g.label)}: {too_few(g.figures.enablers[e.id].n)}"
            for g in r.groups
            if g.figures.enablers[e.id].withheld
        )
        for e in fw.enablers
    ]
    notes = ["Not drawn"] if any(gaps) else []
    rows = [
        [
            e.label,
            _round(r.enablers[e.id].mean),
            *([agreed.get(e.id)] if agreed else []),
            *(_round(g.figures.enablers[e.id].mean) for g in drawn),
            *([gap] if notes else []),
        ]
        for e, gap in zip(fw.enablers, gaps)
    ]
    series = ["Group mean", *(["Agreed"] if agreed else [])]
    styles = [(MEAN_COLOUR, "circle"), *([(AGREED_COLOUR, "circle")] if agreed else [])]
    styles += [(GROUP_COLOURS[n % 7], GROUP_MARKERS[n % 7]) for n in range(len(drawn))]
    title = "All enablers: group mean" + (" and agreed score" if agreed else "")
    if drawn:
        title += f", by {r.by}"
    if undrawn:
        title += f" ({', '.join(undrawn)}: {TOO_FEW}, not drawn)"
    return Block(
        ["All enablers", *series, *(one_line(g.label) for g in drawn), *notes],
        rows,
        title,
        len(series) + len(drawn),
        (15.0, 12.0),
        styles,
    )


def _round(value: float | None) -> float | None:
    return rounded(value, STORED_PLACES)


def write_xlsx(now: Round, path: str | Path, overwrite: bool = False) -> Path:
    data = workbook_bytes(now)
    return write_own_file(path, data, overwrite)
