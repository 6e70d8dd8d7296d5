"""Issue 19: a workbook that prints. Every sheet A4 landscape, one page wide, its heading frozen and
repeated; evidence wrapped in a wide column; decimals with a number format (values exact); flags as
words; `--by` draws one outline per subgroup shown; reflections per theme on their own sheet and in
the named report, never in an anonymous output. The last test prints the demo through LibreOffice
when `soffice` is installed (tools/render_workbook.py does the same for a person to look at)."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from bb_tui.cli.main import main
from bb_tui.core.framework import load_framework
from bb_tui.core.session import load_session
from tests.support.demo import demo_workbook
from tests.support.toofew import build_rounds, session_text

DEMO = Path(__file__).resolve().parents[2] / "sessions" / "demo"
openpyxl = pytest.importorskip("openpyxl")
FW = load_framework()
REFLECTIONS = {
    (path.stem, theme_id): text
    for path in sorted(DEMO.glob("*.toml"))
    if path.name != "partnership.toml"
    for theme_id, text in load_session(path, FW).reflections.items()
}


def export(tmp_path: Path, *options: str, folder: Path = DEMO) -> object:
    out = tmp_path / "book.xlsx"
    assert main(["export", str(folder), "--xlsx", str(out), "--overwrite", *options]) == 0
    return openpyxl.load_workbook(out)


def merge_json(*argv: str) -> dict:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert main(["merge", *argv, "--json"]) == 0
    return json.loads(buffer.getvalue())


def chart_title(chart) -> str:
    return "".join(run.t for p in chart.title.tx.rich.p for run in (p.r or []))


def table(ws) -> list[dict]:
    rows = list(ws.iter_rows())
    headings = [c.value for c in rows[0]]
    return [dict(zip(headings, row)) for row in rows[1:]]


@pytest.fixture(scope="module")
def named():
    return openpyxl.load_workbook(demo_workbook())


@pytest.fixture(scope="module")
def anonymous():
    return openpyxl.load_workbook(demo_workbook("--anonymous"))


def test_every_sheet_prints_landscape_one_page_wide_heading_frozen_and_repeated(named, anonymous):
    assert named.sheetnames == ["Scores", "Group figures", "Charts", "Reflections"]
    for ws in [*named.worksheets, *anonymous.worksheets]:
        setup = ws.page_setup
        assert setup.orientation == "landscape", ws.title
        assert str(setup.paperSize) == ws.PAPERSIZE_A4, ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True, ws.title
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), ws.title  # as tall as it needs
        assert ws.freeze_panes == "A2", ws.title
        assert ws.print_title_rows == "$1:$1", ws.title
        assert all(c.font.b for c in ws[1] if c.value is not None), ws.title
        assert "&A" in ws.oddFooter.center.text and "&P" in ws.oddFooter.center.text


def test_evidence_and_labels_wrap_in_wide_columns_with_rows_tall_enough(named):
    ws = named["Scores"]
    headings = [c.value for c in ws[1]]
    for heading, least in (("evidence", 40), ("item_label", 40)):
        column = headings.index(heading) + 1
        letter = openpyxl.utils.get_column_letter(column)
        assert ws.column_dimensions[letter].width >= least
        cells = [row[0] for row in ws.iter_rows(min_row=2, min_col=column, max_col=column)]
        assert all(c.alignment.wrap_text for c in cells)
        longest = max(cells, key=lambda c: len(c.value or ""))
        assert len(longest.value) > 2 * ws.column_dimensions[letter].width  # it does wrap
        assert ws.row_dimensions[longest.row].height >= 2 * 14  # and its row holds the lines


def test_decimals_have_a_number_format_and_stay_exact(named):
    rows = table(named["Group figures"])
    figures = merge_json(str(DEMO))
    decimals = [
        (row["item_id"].value, heading, cell)
        for row in rows
        for heading, cell in row.items()
        if isinstance(cell.value, float) and cell.value != int(cell.value)
    ]
    assert {heading for _, heading, _ in decimals} >= {"mean", "median", "stdev", "q1", "q3"}
    for item, heading, cell in decimals:  # every kind of figure to one place, as reports show
        assert cell.number_format == "0.0", (item, heading)
    themes = {
        row["item_id"].value: row["mean"].value for row in rows if row["item_type"].value == "theme"
    }
    # exact: the stored mean has every decimal (3.0694444…), merge --json keeps four
    purpose = themes["purpose-priorities"]
    assert purpose != round(purpose, 4)
    assert purpose == pytest.approx(figures["themes"]["purpose-priorities"]["mean"], abs=5e-5)


def test_a_mean_below_the_low_threshold_never_reads_as_at_it(tmp_path):
    """With low below 2.9, Delivery partners' 2.888… would read 2.9 to one place: it reads 2.89,
    beside "yes" for low, in Group figures and in the Charts table (as in every report)."""
    book = export(tmp_path, "--low", "2.9")
    rows = {row["item_id"].value: row for row in table(book["Group figures"])}
    delivery, leadership = rows["delivery-partners"], rows["leadership"]
    assert delivery["mean"].value == pytest.approx(26 / 9) and delivery["low"].value == "yes"
    assert delivery["mean"].number_format == "0.00"
    assert leadership["mean"].number_format == "0.0" and leadership["low"].value == "no"
    charts = book["Charts"]
    cell = next(c for (c,) in charts.iter_rows(max_col=1) if c.value == "Delivery partners")
    assert charts.cell(cell.row, 2).number_format == "0.00"


def test_flags_are_words(named):
    rows = table(named["Group figures"])
    figures = merge_json(str(DEMO))
    for row in rows:
        kind, item = row["item_type"].value, row["item_id"].value
        for flag in ("low", "polarised"):
            value = row[flag].value
            assert value in ("yes", "no", None), (item, flag, value)
            assert value is None or row[flag].data_type == "s"
            if kind == "enabler":
                assert value == ("yes" if figures["enablers"][item][flag] else "no"), (item, flag)
    assert any(row["low"].value == "yes" for row in rows)
    assert not any(
        isinstance(c.value, bool) for ws in named.worksheets for row in ws.iter_rows() for c in row
    )


def test_by_draws_one_outline_per_subgroup_shown():
    book = openpyxl.load_workbook(demo_workbook("--by", "sector"))
    groups = merge_json(str(DEMO), "--by", "sector")["groups"]
    labels = [g["label"] for g in groups.values()]
    assert len(labels) >= 2
    overall = book["Charts"]._charts[0]
    titles = [s.tx.strRef.f for s in overall.series]
    ws = book["Charts"]
    names = [ws[ref.split("!")[1].replace("$", "")].value for ref in titles]
    assert names == ["Group mean", "Agreed", *labels]
    assert chart_title(overall) == "All enablers: group mean and agreed score, by sector"
    # the theme radars stay the group mean and agreed score
    assert [len(c.series) for c in book["Charts"]._charts[1:4]] == [2, 2, 2]


def test_a_subgroup_cell_under_the_minimum_is_a_gap_said_in_words(tmp_path):
    now, _before = build_rounds(tmp_path, FW)  # health's Leadership: one person scored it
    book = export(tmp_path, "--by", "sector", "--anonymous", folder=now)
    ws = book["Charts"]
    rows = list(ws.iter_rows(min_row=2, max_row=2 + len(FW.enablers), values_only=True))
    heading, body = rows[0], {r[0]: r for r in rows[1:]}
    assert heading[:5] == (
        "All enablers",
        "Group mean",
        "Local authority",
        "Health service",
        "Not drawn",
    )
    assert body["Leadership"][3] is None  # a gap on the radar, not Hana's 5
    assert body["Leadership"][4] == "Health service: too few (n 1)"
    assert body["Common agenda"][3] == pytest.approx(4.0) and body["Common agenda"][4] is None
    assert len(ws._charts[0].series) == 3


def test_a_subgroup_with_nothing_for_enough_people_is_not_drawn(tmp_path):
    folder = tmp_path / "round"
    folder.mkdir()
    enablers = [e.id for e in FW.enablers]
    for n in range(3):  # three in health, each scoring different enablers: every cell n 1
        mine = {e: 4 for e in enablers[n * 4 : n * 4 + 4]}
        text = session_text(FW, f"Health {n}", "Health Trust", "health", mine)
        (folder / f"health-{n}.toml").write_text(text, "utf-8")
    for n in range(3):
        text = session_text(
            FW, f"Council {n}", "Council", "local-authority", dict.fromkeys(enablers, 3)
        )
        (folder / f"council-{n}.toml").write_text(text, "utf-8")
    book = export(tmp_path, "--by", "sector", folder=folder)
    overall = book["Charts"]._charts[0]
    assert len(overall.series) == 2  # the group mean and local authority: health is not drawn
    assert chart_title(overall).endswith("(Health service: too few, not drawn)")


def all_text(book) -> str:
    return "\n".join(
        str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value
    )


def test_reflections_sheet_only_when_names_are_shown(named, anonymous):
    rows = table(named["Reflections"])
    assert [c.value for c in named["Reflections"][1]] == [
        "theme",
        "participant",
        "organisation",
        "reflection",
    ]
    assert len(rows) == len(REFLECTIONS)
    assert {r["reflection"].value for r in rows} == set(REFLECTIONS.values())
    order = [t.title for t in FW.themes]
    assert [order.index(r["theme"].value) for r in rows] == sorted(
        order.index(r["theme"].value) for r in rows
    )
    assert all(r["reflection"].alignment.wrap_text for r in rows)
    assert "Reflections" not in anonymous.sheetnames
    text = all_text(anonymous)
    assert not [t for t in REFLECTIONS.values() if t[:40] in text]


def test_no_reflections_written_is_said(tmp_path):
    now, _before = build_rounds(tmp_path, FW)
    rows = list(export(tmp_path, folder=now)["Reflections"].iter_rows(values_only=True))
    assert rows[1:] == [(None, None, None, "No reflections are written yet.")]


def report(*options: str) -> str:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert main(["report", str(DEMO), *options]) == 0
    return buffer.getvalue()


def test_the_named_report_has_the_reflections_the_anonymous_none():
    named, anonymous = report(), report("--anonymous")
    section = named[named.index("## Reflections") : named.index("## Agreed scores")]
    for theme in FW.themes:
        assert f"### {theme.title}" in section
    for (stem, _theme), text in REFLECTIONS.items():
        assert text[:40] in section, stem
    assert "- **Amina Okafor** (Riverside Public Health): There is strong intent" in section
    assert "Reflections" not in anonymous
    assert not [t for t in REFLECTIONS.values() if t[:40] in anonymous]


# ---------------------------------------------------------------- printed by LibreOffice


@pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")),
    reason="needs LibreOffice (soffice) and poppler-utils (pdftotext)",
)
def test_libreoffice_prints_every_sheet_one_page_wide(named, tmp_path):
    """Each page's footer names its sheet; each Scores and Group figures page carries the whole
    heading row (so no column went to a page of its own), each Charts page its title row."""
    xlsx = tmp_path / "demo.xlsx"
    shutil.copyfile(demo_workbook(), xlsx)  # the bytes bb-tui wrote, as a person would print them
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(xlsx),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "demo.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    pages: dict[str, list[str]] = {}
    for page in text.split("\f")[:-1]:
        sheet = next(s for s in named.sheetnames if f"{s}, page" in page)
        pages.setdefault(sheet, []).append(page)
    assert list(pages) == named.sheetnames
    for sheet in ("Scores", "Group figures", "Reflections"):
        first, last = (c.value for c in (named[sheet]["A1"], named[sheet][1][-1]))
        for page in pages[sheet]:
            assert first in page and last in page, sheet
    assert all("Radar charts" in page for page in pages["Charts"])
    # the issue found 82 pages of Scores and 9 of Group figures
    assert len(pages["Scores"]) <= 30 and len(pages["Group figures"]) <= 4
    # rows tall enough for their wrapped text: no word drawn over another on a table's page
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(tmp_path / "demo.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    for number, page in enumerate(boxes.split("<page ")[1:], start=1):
        if ">Charts,</word>" not in page:  # a chart's own labels have boxes of their own making
            assert not overlapping(page), (number, overlapping(page)[:3])


def overlapping(page: str) -> list[tuple[str, str]]:
    """Pairs of words on a pdftotext -bbox page whose boxes overlap."""
    words = sorted(
        (float(a), float(b), float(c), float(d), w)
        for a, b, c, d, w in re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', page
        )
    )
    pairs = []
    for n, (x0, y0, x1, y1, word) in enumerate(words):
        for a0, b0, a1, b1, other in words[n + 1 :]:
            if a0 >= x1:
                break
            across, down = min(x1, a1) - max(x0, a0), min(y1, b1) - max(y0, b0)
            if across > 0.5 and down > 0.3 * min(y1 - y0, b1 - b0):
                pairs.append((word, other))
    return pairs


def test_a_hostile_reflection_stays_text(tmp_path):
    folder = tmp_path / "round"
    folder.mkdir()
    text = session_text(FW, "Eve", "Evil Ltd", "health", {"leadership": 3})
    text += (
        "\n[reflections]\n"
        'purpose-priorities = "=HYPERLINK(\\"http://evil\\",\\"x\\")\\n[link](http://evil) <b>"\n'
    )
    (folder / "eve.toml").write_text(text, "utf-8")
    ws = export(tmp_path, folder=folder)["Reflections"]
    cell = ws["D2"]
    assert cell.value == '=HYPERLINK("http://evil","x")\n[link](http://evil) <b>'
    assert cell.data_type == "s"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["report", str(folder)]) == 0
    line = next(x for x in out.getvalue().splitlines() if x.startswith("- **Eve**"))
    assert line == (
        '- **Eve** (Evil Ltd): =HYPERLINK("http://evil","x") \\[link\\](http://evil) \\<b\\>'
    )
