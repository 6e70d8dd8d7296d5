"""Export from the app: the board report, CSV and Excel files written for the sessions folder.

Each test starts the app once and walks several cases on it (an app start and the group merge
cost more than a case): the export dialog is made afresh on every `x`, so one case's choices
never reach the next; each case's assertions say which case they belong to.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from textual.widgets import Checkbox, Input

from bb_tui.tui.app import BBApp
from bb_tui.tui.dialogs.export_dialog import ExportScreen
from bb_tui.tui.screens.group.results import ResultsScreen
from tests.support.piloting import (
    click_shown,
    held,
    notification_log,
    notifications,
    palette_hit,
    run_test,
    screen_text,
    wait_until,
)
from tests.support.results import open_results, settle


async def _open_export(pilot) -> ExportScreen:
    """From the results screen (opened if not yet shown), `x`: a new export dialog."""
    if not isinstance(pilot.app.screen, ResultsScreen):
        await open_results(pilot)
    await pilot.press("x")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ExportScreen)
    return pilot.app.screen


async def _close(pilot, screen: ExportScreen) -> None:
    """Escape from a dialog left open by its case, back to the results."""
    await pilot.press("escape")
    await pilot.pause()
    assert pilot.app.screen is not screen and isinstance(pilot.app.screen, ResultsScreen)


async def _export_everything(pilot, out: Path, demo_dir: Path) -> None:
    """The report, both CSVs and the workbook, into the folder chosen; the inputs untouched."""
    app = pilot.app
    before = {p.name: p.read_bytes() for p in demo_dir.glob("*.toml")}
    screen = await _open_export(pilot)
    # never beside the sessions, where others can plant links: the user's own folder
    assert screen.query_one("#export-folder", Input).value == str(Path.home() / "bb-tui-exports")
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


async def _anonymous_report_only(pilot, out: Path) -> None:
    screen = await _open_export(pilot)
    screen.query_one("#export-folder", Input).value = str(out)
    screen.query_one("#export-csv", Checkbox).value = False
    screen.query_one("#export-xlsx", Checkbox).value = False
    screen.query_one("#export-anonymous", Checkbox).value = True
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert not isinstance(pilot.app.screen, ExportScreen)
    assert sorted(p.name for p in out.iterdir()) == ["report.md"]
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "Helen Marchbank" not in report and "Joint governance" in report


async def _a_folder_that_cannot_be_made(pilot, blocker: Path) -> None:
    """Told in one line, the dialog still open; the file in the way unchanged."""
    blocker.write_text("not a folder")
    screen = await _open_export(pilot)
    screen.query_one("#export-folder", Input).value = str(blocker / "out")
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert pilot.app.screen is screen  # still open, saying why
    status = str(screen.query_one("#export-status").render())
    assert status.startswith("Not exported:") and "a-file" in status and "\n" not in status
    assert blocker.read_text() == "not a folder"
    await _close(pilot, screen)


async def _earlier_exports_named_and_replaced_on_a_second_ctrl_s(pilot, out: Path) -> None:
    out.mkdir()
    (out / "report.md").write_text("the board's copy")
    (out / "scores.csv").write_text("earlier")
    screen = await _open_export(pilot)
    screen.query_one("#export-folder", Input).value = str(out)
    screen.query_one("#export-xlsx", Checkbox).value = False
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert pilot.app.screen is screen  # asked, not written
    status = str(screen.query_one("#export-status").render())
    assert f"Already in {out}: report.md, scores.csv." in status and "ctrl+s again" in status
    assert str(screen.query_one("#export").label) == "Overwrite (ctrl+s)"
    assert (out / "report.md").read_text() == "the board's copy"
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert not isinstance(pilot.app.screen, ExportScreen)
    assert "Joint governance" in (out / "report.md").read_text()
    assert (out / "scores-summary.csv").exists() and not (out / "results.xlsx").exists()


async def _changing_the_choice_asks_again(pilot, out: Path) -> None:
    out.mkdir()
    (out / "report.md").write_text("keep")
    screen = await _open_export(pilot)
    screen.query_one("#export-folder", Input).value = str(out)
    await pilot.press("ctrl+s")
    await pilot.pause()
    screen.query_one("#export-anonymous", Checkbox).value = True
    await pilot.pause()
    assert str(screen.query_one("#export").label) == "Export (ctrl+s)"
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert pilot.app.screen is screen and (out / "report.md").read_text() == "keep"
    await _close(pilot, screen)


async def _without_openpyxl_excel_is_off(pilot, out: Path, monkeypatch) -> None:
    """Excel off and greyed, the hint says how to add it; the rest is written."""
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # import openpyxl now fails
    log = notification_log(pilot.app)
    screen = await _open_export(pilot)
    excel = screen.query_one("#export-xlsx", Checkbox)
    assert excel.value is False and excel.disabled
    text = screen_text(pilot.app)
    assert "pip install 'bb-tui[xlsx]'" in text and "--xlsx" not in text
    screen.query_one("#export-folder", Input).value = str(out)
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert not isinstance(pilot.app.screen, ExportScreen)
    assert any("report.md" in n and "--xlsx" not in n for n in log)
    assert sorted(p.name for p in out.iterdir()) == [
        "report.md",
        "scores-summary.csv",
        "scores.csv",
    ]


async def test_export_cases_from_one_results_screen(demo_dir, framework, tmp_path, monkeypatch):
    """In turn: everything to a folder; only the report, anonymous; a folder that cannot be made;
    earlier exports there; a changed choice after the first ctrl+s; no openpyxl (last: it hides
    the module for the rest of the test)."""
    app = BBApp(framework, Path("demo"), cursor_blink=False, ascii=True)
    async with run_test(app, size=(80, 24)) as pilot:
        await _export_everything(pilot, tmp_path / "board papers", demo_dir)
        await _anonymous_report_only(pilot, tmp_path / "anon")
        await _a_folder_that_cannot_be_made(pilot, tmp_path / "a-file")
        await _earlier_exports_named_and_replaced_on_a_second_ctrl_s(pilot, tmp_path / "earlier")
        await _changing_the_choice_asks_again(pilot, tmp_path / "changed")
        await _without_openpyxl_excel_is_off(pilot, tmp_path / "out", monkeypatch)


async def test_export_is_in_the_palette_and_its_choices_read_without_colour(demo_dir, framework):
    """The command palette offers Export (from the sessions list); then, from the results, on and
    off differ by their mark, not only by colour (NO_COLOR, 16 colours)."""
    from bb_tui.tui.widgets.marks import MarkedCheckbox

    app = BBApp(framework, Path("demo"), cursor_blink=False)
    async with run_test(app, size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"export")
        assert await wait_until(pilot, lambda: "Export" in palette_hit(app))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ExportScreen)

        screen = await _open_export(pilot)
        boxes = {box.id: box for box in screen.query(MarkedCheckbox)}
        assert str(boxes["export-csv"].render()).startswith("▐X▌")
        assert str(boxes["export-anonymous"].render()).startswith("▐ ▌")
        await click_shown(pilot, "#export-anonymous")
        assert str(boxes["export-anonymous"].render()).startswith("▐X▌")


async def test_closing_the_dialog_while_it_writes_leaves_the_screen_beneath_and_says_what_it_wrote(
    demo_dir, framework, tmp_path, monkeypatch
):
    """Escape while the files are being written (a loaded server, a large folder): the writing
    finishes, a notice says what was written (or why not), and nothing else closes. Before, the
    files were written and nothing said so, nor why not: the dialog's thread, its dialog closed,
    no longer found the app (`NoActiveAppError`, swallowed with the cancelled worker)."""
    from bb_tui.render import bundle

    slow, writing, release = held(bundle.export_folder)
    monkeypatch.setattr(bundle, "export_folder", slow)
    app = BBApp(framework, demo_dir, cursor_blink=False)
    async with run_test(app, size=(100, 30)) as pilot:
        for out, told in ((tmp_path / "out", "Wrote"), (demo_dir / "results.csv", "Not exported")):
            screen = await _open_export(pilot)
            screen.query_one("#export-folder", Input).value = str(out)
            if told == "Not exported":  # a file where the folder should be
                out.write_text("not a folder\n")
            await pilot.press("ctrl+s")
            assert await wait_until(pilot, writing.is_set)
            await pilot.press("escape")
            assert isinstance(app.screen, ResultsScreen)
            release.set()  # the dialog's worker was cancelled with it: its thread goes on
            told_now = lambda told=told: any(told in line for line in notifications(app))  # noqa: E731
            assert await wait_until(pilot, told_now), notifications(app)
            await settle(pilot)
            assert app.is_running and isinstance(app.screen, ResultsScreen), told
            writing.clear()
            release.clear()
        assert (tmp_path / "out" / "report.md").is_file()
