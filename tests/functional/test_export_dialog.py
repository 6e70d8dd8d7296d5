"""Export from the app: the board report, CSV and Excel files written for the sessions folder."""

from __future__ import annotations

import csv
from pathlib import Path

from textual.widgets import Checkbox, Input

from bb_tui.app import BBApp
from bb_tui.screens.export import ExportScreen
from tests.functional.test_results import open_results, settle


async def _open_export(pilot) -> ExportScreen:
    await open_results(pilot)
    await pilot.press("x")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ExportScreen)
    return pilot.app.screen


async def test_export_from_results_writes_report_csv_and_workbook(demo_dir, framework, tmp_path):
    before = {p.name: p.read_bytes() for p in demo_dir.glob("*.toml")}
    app = BBApp(framework, Path("demo"), cursor_blink=False, ascii=True)
    out = tmp_path / "board papers"
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_export(pilot)
        assert screen.query_one("#export-folder", Input).value == str(Path("demo") / "exports")
        screen.query_one("#export-folder", Input).value = str(out)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ExportScreen)  # closed once written
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "Joint governance" in report and "Helen Marchbank" in report
    with open(out / "scores.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 10 * (12 + 55)  # every participant, every enabler and indicator
    assert (out / "scores-summary.csv").exists()
    from openpyxl import load_workbook

    workbook = load_workbook(out / "results.xlsx")
    assert sum(len(ws._charts) for ws in workbook.worksheets) >= 1
    assert {p.name: p.read_bytes() for p in demo_dir.glob("*.toml")} == before  # inputs untouched


async def test_anonymous_export_of_only_the_report(demo_dir, framework, tmp_path):
    app = BBApp(framework, Path("demo"), cursor_blink=False, ascii=True)
    out = tmp_path / "anon"
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_export(pilot)
        screen.query_one("#export-folder", Input).value = str(out)
        screen.query_one("#export-csv", Checkbox).value = False
        screen.query_one("#export-xlsx", Checkbox).value = False
        screen.query_one("#export-anonymous", Checkbox).value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert sorted(p.name for p in out.iterdir()) == ["report.md"]
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "Helen Marchbank" not in report and "Joint governance" in report


async def test_a_folder_that_cannot_be_made_is_told_in_one_line(demo_dir, framework, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    app = BBApp(framework, Path("demo"), cursor_blink=False, ascii=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_export(pilot)
        screen.query_one("#export-folder", Input).value = str(blocker / "out")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen  # still open, saying why
        status = str(screen.query_one("#export-status").render())
        assert status.startswith("Not exported:") and "a-file" in status and "\n" not in status
    assert blocker.read_text() == "not a folder"


async def test_export_is_offered_in_the_command_palette(demo_dir, framework):
    app = BBApp(framework, Path("demo"), cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"export")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)


async def test_choices_read_without_colour(demo_dir, framework):
    """On and off differ by their mark, not only by colour (NO_COLOR, 16 colours)."""
    from bb_tui.widgets.marks import MarkedCheckbox

    app = BBApp(framework, Path("demo"), cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_export(pilot)
        boxes = {box.id: box for box in screen.query(MarkedCheckbox)}
        assert str(boxes["export-csv"].render()).startswith("▐X▌")
        assert str(boxes["export-anonymous"].render()).startswith("▐ ▌")
        await pilot.click("#export-anonymous")
        assert str(boxes["export-anonymous"].render()).startswith("▐X▌")
