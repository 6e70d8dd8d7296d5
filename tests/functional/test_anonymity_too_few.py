"""Issue 19: no figure stands for fewer people than the minimum group size, in any anonymous output.

Every anonymous output (merge text, JSON and charts, the Markdown report with the change since
spring, the CSVs, the workbook, and the app's Group results, Files and Compare rounds) of two rounds
built to hold a one-person subgroup cell (health's Leadership) and a one-person overlap between
rounds (tests/support/toofew.py) is read for that one person's figures, and for names. Each must
say "too few (n 1)" where the figure would be.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from bb_tui.cli.main import main
from bb_tui.core.framework import load_framework
from bb_tui.tui.app import BBApp
from bb_tui.tui.screens.group.rounds import RoundsScreen
from tests.support.partnership_host import PanelHost
from tests.support.piloting import run_test, screen_text
from tests.support.results import open_results, settle
from tests.support.toofew import LONE_CELL, LONE_CHANGE, build_rounds

FW = load_framework()
NAMES = ("Hana Lone", "Hugo Quiet", "Hilda Quiet", "Ezra Empty", "Northfield Health")
TOO_FEW = "too few (n 1)"


@pytest.fixture
def rounds(tmp_path: Path) -> tuple[Path, Path]:
    return build_rounds(tmp_path, FW)


def run(argv: list[str], capsys) -> str:
    assert main(argv) == 0, capsys.readouterr().err
    return capsys.readouterr().out


def lone_figures(text: str) -> list[str]:
    """The one person's figures or name, wherever they show."""
    return [s for s in (*LONE_CELL, LONE_CHANGE, *NAMES) if s in text]


def withheld_cells(data: dict) -> list[str]:
    """Subgroup items in merge --json that fewer than 3 scored but still carry a figure."""
    bad = []
    for key, group in data["groups"].items():
        for kind in ("enablers", "indicators"):
            for item, f in group[kind].items():
                if 0 < f["n"] < 3 and any(
                    f[k] is not None
                    for k in ("mean", "median", "min", "max", "stdev", "q1", "q3", "counts")
                ):
                    bad.append(f"{key}/{item}")
    return bad


def test_every_anonymous_file_output_withholds_the_one_person(rounds, capsys, tmp_path):
    now, before = rounds
    by = ["--anonymous", "--by", "sector"]
    outputs = {
        "merge": run(["merge", str(now), *by], capsys),
        "merge --chart": run(["merge", str(now), *by, "--chart", "all", "--ascii"], capsys),
        "merge --json": run(["merge", str(now), *by, "--json"], capsys),
        "report": run(["report", str(now), *by, "--previous", str(before)], capsys),
    }
    data = json.loads(outputs["merge --json"])
    assert data["participants"] == 6  # Ezra Empty scored nothing: not a participant
    assert data["started"] == [{"file": "started file 1"}]
    health = data["groups"]["health"]
    assert health["participants"] == 3
    leadership = health["enablers"]["leadership"]
    assert leadership["n"] == 1 and leadership["skipped"] == 2 and leadership["withheld"]
    assert withheld_cells(data) == []
    csv, xlsx = tmp_path / "out.csv", tmp_path / "out.xlsx"
    run(["export", str(now), *by, "--csv", str(csv), "--xlsx", str(xlsx)], capsys)
    outputs["csv"] = csv.read_text("utf-8")
    outputs["summary csv"] = (tmp_path / "out-summary.csv").read_text("utf-8")
    import openpyxl

    book = openpyxl.load_workbook(xlsx)
    outputs["xlsx"] = "\n".join(
        " | ".join("" if v is None else str(v) for v in row)
        for ws in book.worksheets
        for row in ws.iter_rows(values_only=True)
    )
    for kind, text in outputs.items():
        assert not lone_figures(text), kind
    for kind in ("merge", "report", "summary csv", "xlsx"):
        assert TOO_FEW in outputs[kind], kind
    # the change among the one person in both rounds: words in every enabler's row, no figure
    change = outputs["report"].split("## Change since")[1]
    rows = [line for line in change.splitlines() if line.startswith("| ") and "---" not in line]
    enabler_rows = [r for r in rows if any(e.label in r for e in FW.enablers)]
    assert len(enabler_rows) == len(FW.enablers)
    assert all(TOO_FEW in r for r in enabler_rows)
    assert "Change, same 1 person" in change
    # the report's scope counts the empty session apart, and names nobody
    assert "1 started, nothing scored (not counted)" in outputs["report"]


async def test_every_anonymous_screen_withholds_the_one_person(rounds, monkeypatch):
    now, _ = rounds
    monkeypatch.chdir(now.parent)
    app = BBApp(FW, now, cursor_blink=False, ascii=True)
    async with run_test(app, size=(140, 44)) as pilot:
        await open_results(pilot)
        await pilot.press("a")
        await settle(pilot)
        for _ in range(3):  # none -> level -> organisation -> sector
            await pilot.press("g")
            await settle(pilot)
        seen = []
        for view in ("1", "t", "2", "3", "t", "4", "5", "6"):
            await pilot.press(view)
            await settle(pilot)
            text = screen_text(app)
            assert not lone_figures(text), view
            seen.append(text)
        assert any(TOO_FEW in text for text in seen)  # the radar's table, health's column
        assert "started file 1" in seen[-1]  # Files: the empty session, apart and unnamed
    host = PanelHost(RoundsScreen, now, anonymous=True)
    async with run_test(host, size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the earlier round beside it: spring
        await settle(pilot)
        summary = str(host.panel.query_one("#rounds-summary", Static).render())
        assert "1 in both rounds" in summary and "1 started, nothing scored" in summary
        table = host.panel.query_one("#rounds-table", DataTable)
        cells = [[str(c) for c in table.get_row_at(n)] for n in range(table.row_count)]
        assert len(cells) == len(FW.enablers)
        assert all(TOO_FEW in row for row in cells)
        assert not lone_figures(summary + "\n".join(" ".join(r) for r in cells))
        await pilot.press("t")
        await pilot.pause()
        assert not lone_figures(screen_text(host))
