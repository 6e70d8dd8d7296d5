"""The Excel workbook reads well when printed and in a board paper: rings 1-5 with labels, markers on
every series, each chart beside its table, headings that fit, a print set-up that never splits a
chart, and radars at indicator level as in the seed's Excel tool."""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path

import pytest

from bb_tui.cli.main import main
from bb_tui.core.framework import load_framework
from tests.support.demo import demo_workbook

DEMO = Path(__file__).resolve().parents[2] / "sessions" / "demo"
openpyxl = pytest.importorskip("openpyxl")
FW = load_framework()
EMU_PER_POINT = 12700
CM_PER_INCH = 2.54
A4_CM = (21.0, 29.7)


@pytest.fixture(scope="module")
def book():
    return openpyxl.load_workbook(demo_workbook())


@pytest.fixture(scope="module")
def figures():
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert main(["merge", str(DEMO), "--json"]) == 0
    return json.loads(buffer.getvalue())


def title_of(chart) -> str:
    return "".join(run.t for p in chart.title.tx.rich.p for run in (p.r or []))


def ref_rows(ref: str) -> tuple[int, int, str]:
    """'Charts'!$B$2:$B$13 -> (2, 13, 'B')."""
    cells = re.findall(r"\$([A-Z]+)\$(\d+)", ref)
    return int(cells[0][1]), int(cells[-1][1]), cells[0][0]


def row_height_pt(ws, row: int) -> float:
    height = ws.row_dimensions[row].height if row in ws.row_dimensions else None
    return height or ws.sheet_format.defaultRowHeight or 15


def chart_rows(ws, chart) -> tuple[int, int]:
    """First and last sheet row (1-based) that the chart covers."""
    top = chart.anchor._from.row + 1
    height = chart.anchor.ext.height / EMU_PER_POINT if chart.anchor.ext else chart.height * 28.35
    row = top
    while height > row_height_pt(ws, row):
        height -= row_height_pt(ws, row)
        row += 1
    return top, row


def test_every_chart_has_rings_1_to_5_with_labels(book):
    charts = book["Charts"]._charts
    assert charts
    for chart in charts:
        axis = chart.y_axis
        assert axis.scaling.min in (0, 1), title_of(chart)
        assert axis.scaling.max == FW.scale.max == 5
        assert axis.majorUnit == 1
        assert axis.majorGridlines is not None
        assert axis.delete is False and axis.tickLblPos != "none"


def test_every_series_has_markers_so_a_single_score_shows(book):
    charts = book["Charts"]._charts
    series = [s for chart in charts for s in chart.series]
    assert series
    for s in series:
        assert s.marker is not None and s.marker.symbol not in (None, "none")
        assert (s.marker.size or 0) >= 5


def test_charts_sit_beside_their_tables(book):
    ws = book["Charts"]
    for chart in ws._charts:
        values = chart.series[0].val.numRef.f
        first, last, _column = ref_rows(values)
        header = first - 1  # the table's heading row (series titles come from it)
        assert ws.cell(header, 1).value and ws.cell(header, 1).font.b
        assert chart.anchor._from.row + 1 == header, title_of(chart)
        table_right = max(
            c.column
            for row in ws.iter_rows(min_row=header, max_row=last)
            for c in row
            if c.value is not None
        )
        assert chart.anchor._from.col + 1 > table_right  # to the right, not over the numbers
        assert chart.anchor._from.col + 1 <= table_right + 2  # and close by


def test_charts_are_one_overall_three_themes_and_twelve_indicator_radars(book, figures):
    ws = book["Charts"]
    charts = ws._charts
    assert len(charts) == 1 + len(FW.themes) + len(FW.enablers) == 16
    indicator_charts = charts[1 + len(FW.themes) :]
    for enabler, chart in zip(FW.enablers, indicator_charts):
        assert title_of(chart).startswith(f"{enabler.label}: ")
        # the partnership file agrees scores per enabler only, so these draw the group mean
        assert len(chart.series) == 1
        first, last, column = ref_rows(chart.series[0].val.numRef.f)
        assert last - first + 1 == len(enabler.indicators)
        labels = [ws.cell(r, 1).value for r in range(first, last + 1)]
        assert [label.split(".")[0] for label in labels] == [
            str(i.number) for i in enabler.indicators
        ]
        means = [ws[f"{column}{r}"].value for r in range(first, last + 1)]
        # an indicator fewer than the minimum scored is not drawn (a gap, named in the title)
        expected = [
            None if figures["indicators"][i.id]["too_few"] else figures["indicators"][i.id]["mean"]
            for i in enabler.indicators
        ]
        assert means == [None if e is None else pytest.approx(e, abs=1e-4) for e in expected]


def column_width(ws, column: int) -> float:
    """The width a spreadsheet shows: a <col> entry's, or the sheet's default (8.43 characters)."""
    for dim in list(ws.column_dimensions.values()):
        if dim.min and dim.max and dim.min <= column <= dim.max and dim.customWidth:
            return dim.width
    return ws.sheet_format.defaultColWidth or 8.43


def test_headings_fit_their_columns(book):
    """Every word of a heading fits its column (a long heading wraps at its spaces); the Charts
    sheet's first row is a title running over the empty cells beside it."""
    for ws in book.worksheets:
        bold = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.font.b]
        assert bold, ws.title
        for cell in bold:
            if ws.title == "Charts" and cell.row == 1:
                assert all(ws.cell(1, column).value is None for column in range(2, 20))
                continue
            width = column_width(ws, cell.column)
            words = cell.value.split()
            assert width >= max(len(w) for w in words), (ws.title, cell.coordinate, cell.value)
            if width < len(cell.value):
                assert cell.alignment.wrap_text, (ws.title, cell.coordinate, cell.value, width)


def test_charts_print_landscape_fit_to_width_and_never_split(book):
    ws = book["Charts"]
    setup = ws.page_setup
    assert setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert setup.fitToWidth == 1 and setup.fitToHeight == 0
    assert str(setup.paperSize) == ws.PAPERSIZE_A4
    # room on a page at full size (fitting the width only ever shrinks, leaving more room)
    margins = ws.page_margins
    room_pt = (A4_CM[0] / CM_PER_INCH - margins.top - margins.bottom) * 72
    breaks = sorted(b.id for b in ws.row_breaks.brk)  # a break after row id
    assert breaks
    assert ws.print_title_rows == "$1:$1" and ws.freeze_panes == "A2"
    pages = list(
        zip([1, *breaks], [*breaks, max(ws.max_row, *(chart_rows(ws, c)[1] for c in ws._charts))])
    )
    for start, end in pages:  # row 1 is printed at the top of every page
        used = sum(row_height_pt(ws, r) for r in [1, *range(start + 1, end + 1)])
        assert used <= room_pt, (start, end)
    for chart in ws._charts:
        top, bottom = chart_rows(ws, chart)
        assert any(start < top and bottom <= end for start, end in pages), (
            title_of(chart),
            top,
            bottom,
        )


def test_every_value_is_a_value_not_a_formula(book):
    for ws in book.worksheets:
        assert all(c.data_type != "f" for row in ws.iter_rows() for c in row), ws.title
