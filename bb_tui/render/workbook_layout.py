"""The workbook's layout: table sheets, print set-up, and the Charts sheet (tables and radars).

No Textual. Called by spreadsheet.workbook_bytes only once openpyxl has imported. Every sheet
prints A4 landscape, one page wide, its first row frozen and repeated on every page. A table
sheet wraps long text in fixed wide columns and sets each row's height for its lines (a
spreadsheet does not grow a row for wrapped text it did not lay out itself). The Charts sheet
holds one small table per radar with the chart beside it, placed so that a page printed A4
landscape, fitted to width, never cuts a chart: every row has a fixed height, blocks are packed
onto pages by that height, and a row break ends each page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl.utils import get_column_letter

from bb_tui.render.words import MEAN_PLACES, MEDIAN_PLACES, SD_PLACES, number

ROW_PT = 15.0  # every row on the Charts sheet
LINE_PT = 14.5  # a line of wrapped text in the default font (Calibri 11)
# Prose fits 1.05-1.25 characters per width unit as LibreOffice and Excel draw the default font
# (more with narrow letters): 1.1 seldom cuts a line, at the cost of some rows a line too tall.
PROSE_FIT = 1.1
HEADING_ROOM = 16  # a heading up to this wide is on one line; a longer one wraps at its spaces
_BREAKS = re.compile(r"[^\s/-]*[/-]+\s*|[^\s/-]+\s*|\s+")  # pieces a line may break after
CM_PT = 72 / 2.54
MARGIN_IN = {"left": 0.4, "right": 0.4, "top": 0.5, "bottom": 0.5, "header": 0.25, "footer": 0.25}
A4_LANDSCAPE_HEIGHT_IN = 21.0 / 2.54
PAGE_ROWS = (
    int((A4_LANDSCAPE_HEIGHT_IN - MARGIN_IN["top"] - MARGIN_IN["bottom"]) * 72 // ROW_PT) - 1
)
MEAN_COLOUR, AGREED_COLOUR = "1F4E79", "C55A11"
# subgroups (`--by`) on the all-enablers radar, after the mean and agreed score
GROUP_COLOURS = ("548235", "7030A0", "BF9000", "00838F", "C00000", "7F6000", "595959")
GROUP_MARKERS = ("triangle", "square", "diamond", "x", "star", "dash", "plus")  # as many
FLAG_WORDS = {True: "yes", False: "no"}
PLACES = {"stdev": SD_PLACES, "median": MEDIAN_PLACES, "q1": MEDIAN_PLACES, "q3": MEDIAN_PLACES}
FLAGGED_MEANS = ("mean", "Group mean")  # the whole group's means, which the low flag is about


@dataclass(frozen=True)
class Block:
    """One radar and its numbers: a heading row, then one row per spoke (label, series..., notes)."""

    heading: Sequence[str]
    rows: Sequence[Sequence[Any]]
    title: str
    series: int  # columns B.. that are drawn (the rest are notes, e.g. how many scored)
    size_cm: tuple[float, float] = (14.0, 7.9)  # width, height
    # (colour, marker) of each drawn series: the group mean, the agreed score, then subgroups
    styles: Sequence[tuple[str, str]] = ((MEAN_COLOUR, "circle"), (AGREED_COLOUR, "circle"))

    @property
    def chart_rows(self) -> int:
        return -int(-self.size_cm[1] * CM_PT // ROW_PT)  # rows the chart covers, rounded up

    @property
    def height(self) -> int:
        return max(len(self.rows) + 1, self.chart_rows) + 1  # and one empty row after


def pack(
    blocks: Sequence[Block], page_rows: int = PAGE_ROWS, first: int = 1
) -> tuple[list[int], list[int]]:
    """(the first row of each block, the rows after which a page ends), blocks from row `first`
    with `page_rows` to a page: a block that would not fit on the rest of the page starts the next
    one."""
    tops, breaks, row, used = [], [], first, 0
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


def print_setup(ws: Any, title_rows: str = "1:1") -> None:
    """A4 landscape, fitted to one page wide (as many pages tall as needed), `title_rows` repeated
    at the top of every page, and the sheet's name and page number in the footer."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    for side, inches in MARGIN_IN.items():
        setattr(ws.page_margins, side, inches)
    ws.print_title_rows = title_rows
    ws.oddFooter.center.text = "&A, page &P"  # sheet name: which table a loose page is from
    ws.oddFooter.center.size = 8


def cell_value(value: Any) -> Any:
    """A value as a workbook shows it: a flag as a word ("yes"/"no"), anything else as it is."""
    if isinstance(value, bool):
        return FLAG_WORDS[value]
    return value


def table_sheet(ws: Any, wrap: dict[str, int], widest: int = 24, low: float | None = None) -> None:
    """Lay out a table written from row 1: the heading bold, frozen and repeated on every page;
    decimals shown by their column's number format (the value stays exact; a mean never reads as
    at or above `low`, the low threshold, when it is below it); columns in `wrap`
    (heading: width) wrapped at that width, the rest as wide as their text up to `widest`, a long
    heading wrapped over its words; every cell at the top of its row; printed as print_setup says."""
    from openpyxl.styles import Alignment, Font

    headings = [cell.value for cell in ws[1]]
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")
    aligned: dict[tuple[bool, bool], Any] = {}  # one Alignment per kind of cell, not per cell
    for row in ws.iter_rows(min_row=2):
        for cell, heading in zip(row, headings):
            if isinstance(cell.value, float):
                cell.number_format = number_format(str(heading), cell.value, low)
            kind = heading in wrap, cell.value in FLAG_WORDS.values()
            if kind not in aligned:
                wrapped, flag = kind
                aligned[kind] = Alignment(
                    wrap_text=wrapped,
                    vertical="top",
                    horizontal="center" if flag else "left" if wrapped else None,
                    indent=1 if wrapped else 0,  # clear of a number or a word to its left
                )
            cell.alignment = aligned[kind]
    room: list[float] = []  # the characters each column has across, less its cells' indent
    for column, heading in enumerate(headings, start=1):
        letter = get_column_letter(column)
        if heading in wrap:
            width = wrap[heading]
        else:
            text = max(
                (
                    _shown_length(c.value)
                    for (c,) in ws.iter_rows(min_row=2, min_col=column, max_col=column)
                ),
                default=0,
            )
            word = max(len(w) for w in str(heading).split())  # a long heading wraps at a space
            width = max(min(text, widest), word + 2, min(len(str(heading)) + 2, HEADING_ROOM), 6)
        ws.column_dimensions[letter].width = width
        room.append(float(width))
    for at, row in enumerate(ws.iter_rows(), start=1):  # a row may not grow for wrapped text
        if at == 1:  # the heading: bold, no indent
            lines = max(_lines(c.value, space, 1.0) for c, space in zip(row, room))
        else:
            lines = max(
                _lines(c.value, space - (1 if heading in wrap else 0))
                for c, space, heading in zip(row, room, headings)
            )
        ws.row_dimensions[row[0].row].height = lines * LINE_PT
    ws.freeze_panes = "A2"
    print_setup(ws)


def _shown_length(value: Any) -> int:
    """About how many characters a cell shows: a decimal as its number format shows it."""
    if value is None:
        return 0
    if isinstance(value, float):
        return len(number(value, 2))
    return len(str(value))


def _lines(value: Any, width: float, fit: float = PROSE_FIT) -> int:
    """How many lines `value` wraps to in a column `width` characters wide: a width counts the
    digit 0, and prose fits about `fit` times as many characters (1.0 in bold or without spaces);
    a line breaks at a space or after a hyphen or slash, and a word longer than a line is cut."""
    if not isinstance(value, str):
        return 1
    lines = 0
    for part in value.split("\n"):
        # a name without spaces (a path, an id) has fewer narrow letters than prose
        room = max(int(width * (fit if " " in part else min(fit, 1.0))), 1)
        lines, used = lines + 1, 0
        for piece in _BREAKS.findall(part):
            if used and used + len(piece.rstrip()) > room:
                lines, used = lines + 1, 0
            while len(piece.rstrip()) > room:  # a word longer than the line
                lines, piece = lines + 1, piece[room:]
            used += len(piece)
    return lines


def number_format(heading: str, value: float, low: float | None = None) -> str:
    """The number format for `value` in the column headed `heading`: the places every report shows
    that kind of figure to (render.words), and for a mean beside a low flag as many more as it
    takes not to contradict it (2.45 with low below 2.5 reads 2.45, not 2.5); the cell keeps the
    exact value."""
    places = PLACES.get(heading, MEAN_PLACES)  # any other decimal is a mean (a subgroup's too)
    if low is not None and heading in FLAGGED_MEANS:
        places = len(number(value, places, low).partition(".")[2])
    return "0." + "0" * places if places else "0"


def fit_columns(ws: Any, widest: int = 40, first_row: int = 1) -> None:
    """Each column as wide as its longest text from `first_row` (headings always fit), at most
    `widest`."""
    need: dict[int, int] = {}
    for row in ws.iter_rows(min_row=first_row):
        for cell in row:
            if cell.value is not None:
                size = len(str(cell.value))
                size = size + 2 if cell.font.b else min(size, widest) + 1  # bold is wider
                need[cell.column] = max(need.get(cell.column, 0), size)
    for column, size in need.items():
        ws.column_dimensions[get_column_letter(column)].width = max(size, 6)


def charts_sheet(
    ws: Any, heading: str, blocks: Sequence[Block], scale_max: int, low: float | None = None
) -> None:
    """`heading` in row 1 (frozen, and repeated on every printed page), then each block's table at
    its packed row with its radar beside it; fit, set up, break."""
    from openpyxl.styles import Font
    from openpyxl.worksheet.pagebreak import Break

    tops, breaks = pack(blocks, PAGE_ROWS - 1, first=2)  # row 1 is on every page
    for top, block in zip(tops, blocks):
        for offset, values in enumerate([block.heading, *block.rows]):
            for column, value in enumerate(values, start=1):
                cell = ws.cell(top + offset, column, value)
                if isinstance(value, str):
                    cell.data_type = "s"  # text stays text, never a formula
                if offset == 0:
                    cell.font = Font(bold=True)
                elif isinstance(value, float):
                    cell.number_format = number_format(str(block.heading[column - 1]), value, low)
        chart_column = len(block.heading) + 2  # after its table and a narrow gap
        ws.add_chart(_radar(ws, top, block, scale_max), f"{get_column_letter(chart_column)}{top}")
    for row in range(1, tops[-1] + blocks[-1].height):
        ws.row_dimensions[row].height = ROW_PT
    for row in breaks:
        ws.row_breaks.append(Break(id=row))
    fit_columns(ws, widest=40, first_row=2)
    widest = max(len(block.heading) for block in blocks)
    for gap in {len(block.heading) + 1 for block in blocks} - set(range(1, widest + 1)):
        ws.column_dimensions[get_column_letter(gap)].width = 2  # no table's column: a gap
    title = ws.cell(1, 1, heading)  # runs on over the empty cells to its right
    title.data_type, title.font = "s", Font(bold=True)
    ws.row_dimensions[1].height = ROW_PT
    ws.freeze_panes = "A2"
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
    for series, (colour, symbol) in zip(chart.series, block.styles):
        series.marker = Marker(symbol=symbol, size=7)
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
