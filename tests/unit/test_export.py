"""CSV and Excel exports: they sum back to the JSON figures, are safe to open, and fail cleanly."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from bb_tui.cli.main import main
from bb_tui.core.framework import load_framework
from bb_tui.render.spreadsheet import LONG_COLUMNS, inert, summary_path
from tests.support.demo import demo_workbook

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "sessions" / "demo"
FW = load_framework()


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def merge_json(capsys, *paths) -> dict:
    capsys.readouterr()
    assert main(["merge", *map(str, paths), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def exported(tmp_path, capsys):
    out = tmp_path / "scores.csv"
    assert main(["export", str(DEMO), "--csv", str(out)]) == 0
    capsys.readouterr()
    return out


def test_long_csv_has_one_row_per_participant_per_item(exported):
    rows = read_csv(exported)
    assert tuple(rows[0]) == LONG_COLUMNS
    items = len(FW.enablers) + len(FW.indicators)
    assert len(rows) == 10 * items
    per_person = defaultdict(set)
    for row in rows:
        per_person[row["participant"]].add(row["item_id"])
    assert len(per_person) == 10 and all(len(ids) == items for ids in per_person.values())
    assert {row["status"] for row in rows} == {"scored", "skipped", "not scored"}


def test_long_csv_sums_back_to_the_json_figures(exported, capsys):
    figures = merge_json(capsys, DEMO)
    rows = read_csv(exported)
    scores, skipped = defaultdict(list), defaultdict(int)
    for row in rows:
        if row["status"] == "scored":
            scores[row["item_id"]].append(int(row["score"]))
        elif row["status"] == "skipped":
            skipped[row["item_id"]] += 1
    for table in ("enablers", "indicators"):
        for item_id, f in figures[table].items():
            values = scores[item_id]
            assert len(values) == f["n"], item_id
            assert skipped[item_id] == f["skipped"], item_id
            assert {str(v): values.count(v) for v in range(1, 6)} == f["counts"], item_id
            if values:
                assert sum(values) / len(values) == pytest.approx(f["mean"], abs=1e-4), item_id
                assert (min(values), max(values)) == (f["min"], f["max"]), item_id
    for theme_id, t in figures["themes"].items():
        means = [
            sum(scores[e.id]) / len(scores[e.id])
            for e in FW.theme(theme_id).enablers
            if scores[e.id]
        ]
        assert sum(means) / len(means) == pytest.approx(t["mean"], abs=1e-4)


def test_summary_csv_equals_the_json_figures(exported, capsys):
    figures = merge_json(capsys, DEMO)
    rows = read_csv(summary_path(exported))
    assert summary_path(exported).name == "scores-summary.csv"
    by_id = {(r["item_type"], r["item_id"]): r for r in rows}
    assert len(rows) == len(FW.themes) + len(FW.enablers) + len(FW.indicators) + 1
    assert (
        rows[-1]["item_type"] == "note"
        and "Thresholds: low = mean below 2.5" in rows[-1]["item_label"]
    )
    for kind, table in (("enabler", "enablers"), ("indicator", "indicators")):
        for item_id, f in figures[table].items():
            row = by_id[(kind, item_id)]
            for key in ("n", "skipped", "min", "max"):
                assert row[key] == ("" if f[key] is None else str(f[key])), (item_id, key)
            for key in ("mean", "median", "stdev"):
                if f[key] is None:
                    assert row[key] == ""
                else:
                    assert float(row[key]) == pytest.approx(f[key], abs=1e-4), (item_id, key)
            assert {k: int(row[f"count_{k}"]) for k in f["counts"]} == {
                k: v for k, v in f["counts"].items()
            }
            assert (row["low"], row["polarised"]) == (
                str(f["low"]).lower(),
                str(f["polarised"]).lower(),
            )
    for theme_id, t in figures["themes"].items():
        assert float(by_id[("theme", theme_id)]["mean"]) == pytest.approx(t["mean"], abs=1e-4)
    assert by_id[("enabler", "joint-governance")]["agreed"] == "3"
    assert by_id[("enabler", "leadership")]["agreed"] == ""


# ---------------------------------------------------------------- untrusted text


HOSTILE = """format = "bb-session"
format_version = 1
framework = "beyond-boundaries-london-2022"

[participant]
name = "=HYPERLINK(\\"http://evil\\",\\"x\\")"
organisation = "+SUM(A1:A9)"
role = "@cmd"

[scores]
leadership = 3

[evidence]
leadership = "-2+3 is what we found"
"""


def test_inert_cells():
    assert [inert(v) for v in ("=1+1", "+1", "-1", "@x", "\tx", "\rx", "plain", 3, None)] == [
        "'=1+1",
        "'+1",
        "'-1",
        "'@x",
        "'\tx",
        "'\rx",
        "plain",
        3,
        None,
    ]


def test_csv_is_injection_safe(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "evil.toml").write_text(HOSTILE, encoding="utf-8")
    shutil.copy(DEMO / "amina-okafor.toml", folder)
    out = tmp_path / "out.csv"
    assert main(["export", str(folder), "--csv", str(out)]) == 0
    rows = [r for r in read_csv(out) if r["item_id"] == "leadership"]
    evil = next(r for r in rows if r["participant"].startswith("'"))
    assert evil["participant"] == '\'=HYPERLINK("http://evil","x")'
    assert evil["organisation"] == "'+SUM(A1:A9)"
    assert evil["evidence"] == "'-2+3 is what we found"
    for row in read_csv(out):
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), value


def test_anonymous_csv_names_nobody(tmp_path, capsys):
    out = tmp_path / "anon.csv"
    assert main(["export", str(DEMO), "--csv", str(out), "--anonymous"]) == 0
    text = out.read_text(encoding="utf-8")
    for name in ("Amina", "Okafor", "Riverside Public Health", "amina-okafor.toml"):
        assert name not in text
    # no pseudonym either: a number per person would tie their answers together (issue 11)
    assert {r["participant"] for r in read_csv(out)} == {""}


# ---------------------------------------------------------------- Excel


def test_xlsx_holds_the_values_and_native_radar_charts(capsys):
    openpyxl = pytest.importorskip("openpyxl")
    from openpyxl.chart import RadarChart

    figures = merge_json(capsys, DEMO)
    wb = openpyxl.load_workbook(demo_workbook())  # bb-tui export DEMO --xlsx
    assert wb.sheetnames == ["Scores", "Group figures", "Charts", "Reflections"]
    scores = list(wb["Scores"].iter_rows(values_only=True))
    assert scores[0] == LONG_COLUMNS and len(scores) == 1 + 10 * 67
    scored = [
        r
        for r in scores[1:]
        if r[4] == "enabler" and r[5] == "joint-governance" and r[10] is not None
    ]
    assert sorted(r[10] for r in scored) == [1, 2, 2, 2, 2, 3, 3, 4, 4, 5]
    summary = list(wb["Group figures"].iter_rows(values_only=True))
    header = summary[0]
    rows = {(r[0], r[1]): dict(zip(header, r)) for r in summary[1:]}
    for item_id, f in figures["enablers"].items():
        assert rows[("enabler", item_id)]["mean"] == pytest.approx(f["mean"], abs=1e-4)
        assert rows[("enabler", item_id)]["n"] == f["n"]
    charts_sheet = wb["Charts"]
    charts = charts_sheet._charts
    assert len(charts) == 1 + len(FW.themes) + len(
        FW.enablers
    )  # then one per enabler, by indicator
    assert all(isinstance(c, RadarChart) for c in charts)
    titles = ["".join(run.t for p in c.title.tx.rich.p for run in (p.r or [])) for c in charts]
    assert titles[0] == "All enablers: group mean and agreed score"
    assert titles[1:4] == [f"{t.title}: group mean and agreed score" for t in FW.themes]
    assert [len(c.series) for c in charts[:4]] == [2, 2, 2, 2]
    # the chart's numbers are on the sheet under its heading row: the 12 enabler means, in
    # framework order
    block = list(charts_sheet.iter_rows(min_row=3, max_row=14, values_only=True))
    assert [r[0] for r in block] == [e.label for e in FW.enablers]
    assert [r[1] for r in block] == [
        pytest.approx(figures["enablers"][e.id]["mean"], abs=1e-4) for e in FW.enablers
    ]


def test_xlsx_text_is_never_a_formula(tmp_path, capsys):
    openpyxl = pytest.importorskip("openpyxl")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "evil.toml").write_text(HOSTILE, encoding="utf-8")
    out = tmp_path / "evil.xlsx"
    assert main(["export", str(folder), "--xlsx", str(out)]) == 0
    ws = openpyxl.load_workbook(out)["Scores"]
    cell = ws["A2"]
    assert cell.value == '=HYPERLINK("http://evil","x")' and cell.data_type == "s"
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def test_missing_openpyxl_is_a_clear_error_and_writes_nothing(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # import openpyxl now raises ImportError
    out = tmp_path / "scores.csv"
    code = main(["export", str(DEMO), "--csv", str(out), "--xlsx", str(tmp_path / "x.xlsx")])
    err = capsys.readouterr().err
    assert code == 1
    assert err == (
        "bb-tui export: --xlsx needs openpyxl, which is not installed; "
        "install it with: pip install 'bb-tui[xlsx]'\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_export_needs_a_destination(capsys):
    assert main(["export", str(DEMO)]) == 2
    assert "--csv FILE and/or --xlsx FILE" in capsys.readouterr().err


def test_nothing_to_export(tmp_path, capsys):
    assert main(["export", str(tmp_path), "--csv", str(tmp_path / "x.csv")]) == 1
    assert "no session file could be read" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()


def test_csv_bytes_parse_as_csv():
    from bb_tui.render.spreadsheet import csv_bytes

    data = csv_bytes(("a", "b"), [("x,y", 'q"uote'), (1.5, True), (None, "line\nbreak")])
    assert list(csv.reader(io.StringIO(data.decode()))) == [
        ["a", "b"],
        ["x,y", 'q"uote'],
        ["1.5", "true"],
        ["", "line\nbreak"],
    ]


def test_headless_report_and_export_import_no_textual_and_plotext_only_for_charts(tmp_path):
    import subprocess

    code = (
        "import sys\n"
        "from bb_tui.cli.main import main\n"
        f"assert main(['export', 'sessions/demo', '--csv', {str(tmp_path / 'a.csv')!r}]) == 0\n"
        "assert 'plotext' not in sys.modules, 'plotext imported for a CSV'\n"
        "assert 'openpyxl' not in sys.modules, 'openpyxl imported for a CSV'\n"
        f"assert main(['export', 'sessions/demo', '--xlsx', {str(tmp_path / 'a.xlsx')!r}]) == 0\n"
        f"assert main(['report', 'sessions/demo', '-o', {str(tmp_path / 'r.md')!r}]) == 0\n"
        "assert 'plotext' in sys.modules\n"
        "assert 'textual' not in sys.modules, 'textual imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
