"""Export from the app: the board report, CSV and Excel files written for the sessions folder."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from textual.widgets import Checkbox, Input

from bb_tui.tui.app import BBApp
from bb_tui.tui.dialogs.export_dialog import ExportScreen
from tests.support.piloting import notifications, palette_hit, screen_text, wait_until
from tests.support.results import open_results, settle


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
        # never beside the sessions, where others can plant links: the user's own folder
        assert screen.query_one("#export-folder", Input).value == str(
            Path.home() / "bb-tui-exports"
        )
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
        assert await wait_until(pilot, lambda: "Export" in palette_hit(app))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)


async def test_choices_read_without_colour(demo_dir, framework):
    """On and off differ by their mark, not only by colour (NO_COLOR, 16 colours)."""
    from bb_tui.tui.widgets.marks import MarkedCheckbox

    app = BBApp(framework, Path("demo"), cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_export(pilot)
        boxes = {box.id: box for box in screen.query(MarkedCheckbox)}
        assert str(boxes["export-csv"].render()).startswith("▐X▌")
        assert str(boxes["export-anonymous"].render()).startswith("▐ ▌")
        await pilot.click("#export-anonymous")
        assert str(boxes["export-anonymous"].render()).startswith("▐X▌")


async def test_earlier_exports_are_named_and_replaced_only_on_a_second_ctrl_s(
    demo_dir, framework, tmp_path
):
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.md").write_text("the board's copy")
    (out / "scores.csv").write_text("earlier")
    app = BBApp(framework, Path("demo"), cursor_blink=False, ascii=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_export(pilot)
        screen.query_one("#export-folder", Input).value = str(out)
        screen.query_one("#export-xlsx", Checkbox).value = False
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen  # asked, not written
        status = str(screen.query_one("#export-status").render())
        assert f"Already in {out}: report.md, scores.csv." in status and "ctrl+s again" in status
        assert str(screen.query_one("#export").label) == "Overwrite (ctrl+s)"
        assert (out / "report.md").read_text() == "the board's copy"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ExportScreen)
    assert "Joint governance" in (out / "report.md").read_text()
    assert (out / "scores-summary.csv").exists() and not (out / "results.xlsx").exists()


async def test_changing_the_choice_asks_again(demo_dir, framework, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.md").write_text("keep")
    app = BBApp(framework, Path("demo"), cursor_blink=False, ascii=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_export(pilot)
        screen.query_one("#export-folder", Input).value = str(out)
        await pilot.press("ctrl+s")
        await pilot.pause()
        screen.query_one("#export-anonymous", Checkbox).value = True
        await pilot.pause()
        assert str(screen.query_one("#export").label) == "Export (ctrl+s)"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen and (out / "report.md").read_text() == "keep"


async def test_without_openpyxl_excel_is_off_and_says_how_to_add_it(
    demo_dir, framework, tmp_path, monkeypatch
):
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # import openpyxl now fails
    app = BBApp(framework, Path("demo"), cursor_blink=False, ascii=True)
    out = tmp_path / "out"
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_export(pilot)
        excel = screen.query_one("#export-xlsx", Checkbox)
        assert excel.value is False and excel.disabled
        text = screen_text(app)
        assert "pip install 'bb-tui[xlsx]'" in text and "--xlsx" not in text
        screen.query_one("#export-folder", Input).value = str(out)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ExportScreen)
        assert any("report.md" in n and "--xlsx" not in n for n in notifications(app))
    assert sorted(p.name for p in out.iterdir()) == [
        "report.md",
        "scores-summary.csv",
        "scores.csv",
    ]
