"""The workbook's layout: column widths, print set-up, and the Charts sheet (tables and radars).

No Textual. Called by spreadsheet.workbook_bytes only once openpyxl has imported. The Charts sheet
holds one small table per radar with the chart beside it, placed so that a page printed A4
landscape, fitted to width, never cuts a chart: every row has a fixed height, blocks are packed
onto pages by that height, and a row break ends each page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl.utils import get_column_letter

ROW_PT = 15.0  # every row on the Charts sheet
CM_PT = 72 / 2.54
MARGIN_IN = {"left": 0.4, "right": 0.4, "top": 0.5, "bottom": 0.5, "header": 0.25, "footer": 0.25}
A4_LANDSCAPE_HEIGHT_IN = 21.0 / 2.54
PAGE_ROWS = (
    int((A4_LANDSCAPE_HEIGHT_IN - MARGIN_IN["top"] - MARGIN_IN["bottom"]) * 72 // ROW_PT) - 1
)
CHART_COLUMN = 5  # E: tables use A-C, D is a narrow gap
MEAN_COLOUR, AGREED_COLOUR = "1F4E79", "C55A11"


@dataclass(frozen=True)
class Block:
    """One radar and its numbers: a heading row, then one row per spoke (label, series..., notes)."""

    heading: Sequence[str]
    rows: Sequence[Sequence[Any]]
    title: str
    series: int  # columns B.. that are drawn (the rest are notes, e.g. how many scored)
    size_cm: tuple[float, float] = (14.0, 7.9)  # width, height

    @property
    def chart_rows(self) -> int:
        return -int(-self.size_cm[1] * CM_PT // ROW_PT)  # rows the chart covers, rounded up

    @property
    def height(self) -> int:
        return max(len(self.rows) + 1, self.chart_rows) + 1  # and one empty row after


def pack(blocks: Sequence[Block], page_rows: int = PAGE_ROWS) -> tuple[list[int], list[int]]:
    """(the first row of each block, the rows after which a page ends): a block that would not
    fit on the rest of the page starts the next one."""
    tops, breaks, row, used = [], [], 1, 0
    for block in blocks:
        if used and used + block.height - 1 > page_rows:  # its trailing empty row may spill
            row += page_rows - used
            breaks.append(row - 1)
            row, used = row + 1, 1  # a page starts with an empty row: no chart edge on the break
        tops.append(row)
        row += block.height
        used += block.height
    return tops, breaks


def spoke_label(number: int, text: str, room: int = 30) -> str:
    """An indicator's number and its first words, cut at a word to at most `room` characters."""
    label = f"{number}. {' '.join(text.split())}"
    if len(label) <= room:
        return label
    cut = label[: room - 1]
    if " " in cut[4:]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:–-") + "…"


def print_setup(ws: Any, title_rows: str | None = None, fit_width: bool = True) -> None:
    """A4 landscape, fitted to one page wide (as many pages tall as needed) if `fit_width`."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    if fit_width:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    for side, inches in MARGIN_IN.items():
        setattr(ws.page_margins, side, inches)
    if title_rows:
        ws.print_title_rows = title_rows


def fit_columns(ws: Any, widest: int = 50) -> None:
    """Each column as wide as its longest text (headings always fit), at most `widest`."""
    need: dict[int, int] = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is not None:
                size = len(str(cell.value))
                size = size + 2 if cell.font.b else min(size, widest) + 1  # bold is wider
                need[cell.column] = max(need.get(cell.column, 0), size)
    for column, size in need.items():
        ws.column_dimensions[get_column_letter(column)].width = max(size, 6)


def charts_sheet(ws: Any, blocks: Sequence[Block], scale_max: int) -> None:
    """Write each block's table at its packed row with its radar beside it; fit, set up, break."""
    from openpyxl.styles import Font
    from openpyxl.worksheet.pagebreak import Break

    tops, breaks = pack(blocks)
    for top, block in zip(tops, blocks):
        for offset, values in enumerate([block.heading, *block.rows]):
            for column, value in enumerate(values, start=1):
                cell = ws.cell(top + offset, column, value)
                if isinstance(value, str):
                    cell.data_type = "s"  # text stays text, never a formula
                if offset == 0:
                    cell.font = Font(bold=True)
        ws.add_chart(_radar(ws, top, block, scale_max), f"{get_column_letter(CHART_COLUMN)}{top}")
    for row in range(1, tops[-1] + blocks[-1].height):
        ws.row_dimensions[row].height = ROW_PT
    for row in breaks:
        ws.row_breaks.append(Break(id=row))
    fit_columns(ws, widest=40)
    ws.column_dimensions[get_column_letter(CHART_COLUMN - 1)].width = 2
    print_setup(ws)


def _radar(ws: Any, top: int, block: Block, scale_max: int) -> Any:
    from openpyxl.chart import RadarChart, Reference
    from openpyxl.chart.axis import ChartLines
    from openpyxl.chart.marker import Marker
    from openpyxl.chart.shapes import GraphicalProperties
    from openpyxl.drawing.line import LineProperties

    last = top + len(block.rows)
    chart = RadarChart()
    chart.type = "marker"
    chart.title = _title(block.title)
    chart.add_data(
        Reference(ws, min_col=2, max_col=1 + block.series, min_row=top, max_row=last),
        titles_from_data=True,
    )
    chart.set_categories(Reference(ws, min_col=1, min_row=top + 1, max_row=last))
    for series, colour in zip(chart.series, (MEAN_COLOUR, AGREED_COLOUR)):
        series.marker = Marker(symbol="circle", size=7)
        series.marker.graphicalProperties = GraphicalProperties(solidFill=colour)
        series.marker.graphicalProperties.line.solidFill = colour
        series.graphicalProperties = GraphicalProperties(
            ln=LineProperties(solidFill=colour, w=28575)
        )
    axis = chart.y_axis
    axis.scaling.min, axis.scaling.max, axis.majorUnit = 0, scale_max, 1
    axis.majorGridlines = ChartLines()
    axis.delete = False
    axis.tickLblPos = "nextTo"
    axis.number_format = "0"
    chart.x_axis.delete = False
    if block.series > 1:
        chart.legend.position = "b"  # below: the labels round the rings need the width
    else:
        chart.legend = None  # one line: the title says what it is
    axis.txPr = _text_size(700)  # small ring labels: all of 0-5 fit between the rings
    chart.x_axis.txPr = _text_size(800)
    chart.width, chart.height = block.size_cm
    return chart


def _title(text: str, size: int = 1000) -> Any:
    """A chart title in a modest bold font, so the radar keeps the room."""
    from openpyxl.chart.text import RichText, Text
    from openpyxl.chart.title import Title
    from openpyxl.drawing.text import (
        CharacterProperties,
        Paragraph,
        ParagraphProperties,
        RegularTextRun,
    )

    props = CharacterProperties(sz=size, b=True)
    paragraph = Paragraph(
        pPr=ParagraphProperties(defRPr=props), r=[RegularTextRun(rPr=props, t=text)]
    )
    return Title(tx=Text(rich=RichText(p=[paragraph])), overlay=False)


def _text_size(size: int) -> Any:
    """Axis text of `size` hundredths of a point."""
    from openpyxl.chart.text import RichText
    from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties

    props = CharacterProperties(sz=size)
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=props), endParaRPr=props)])
