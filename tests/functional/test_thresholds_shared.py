"""Issue 11: thresholds set on Group results are the folder's, saved in its partnership file."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from bb_tui.core.partnership import load_partnership
from bb_tui.core.rounds import load_round
from bb_tui.render.bundle import export_folder
from bb_tui.tui.app import BBApp
from bb_tui.tui.screens.group.discussion import DiscussionScreen
from tests.support.partnership_host import PanelHost
from tests.support.partnership_host import settle as settle_panel
from tests.support.piloting import run_test, screen_text
from tests.support.results import open_results, settle


async def test_nudged_thresholds_are_saved_and_used_everywhere(demo_dir, framework):
    app = BBApp(framework, Path("demo"), cursor_blink=False, ascii=True)
    async with run_test(app, size=(100, 24)) as pilot:
        screen = await open_results(pilot)
        await pilot.press("plus", "plus", "s")  # low 2.5 -> 3.0, saved as the partnership's
        await settle(pilot)
        assert screen.results.thresholds.low == 3.0
        assert "low <3 · polarised 3+ · n 3+ (this folder's)" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
    assert (
        load_partnership(demo_dir / "partnership.toml", framework).analysis["low_threshold"] == 3.0
    )
    now = load_round([demo_dir], framework)  # report and export read the same
    assert now.results.thresholds.low == 3.0
    assert now.results.enablers["common-agenda"].low  # mean 2.9
    (report,) = export_folder(demo_dir, framework, demo_dir.parent / "out", kinds=["markdown"])
    text = report.read_text("utf-8")
    assert "below 3" in text and "below 2.5" not in text  # the export from that screen
    # the discussion pack of the same folder
    host = PanelHost(DiscussionScreen, demo_dir)
    async with run_test(host, size=(100, 30)) as pilot:
        await settle_panel(pilot)
        head = str(host.panel.query_one("#discussion-head", Static).render())
        assert "below 3" in head and "below 2.5" not in head
        assert "mean below 3;" in " ".join(head.split())


async def test_a_fresh_app_reads_the_folders_thresholds(demo_dir, framework):
    path = demo_dir / "partnership.toml"
    path.write_text(path.read_text("utf-8") + "\n[analysis]\npolarised_gap = 4\n", "utf-8")
    app = BBApp(framework, Path("demo"), cursor_blink=False, ascii=True)
    async with run_test(app, size=(100, 24)) as pilot:
        screen = await open_results(pilot)
        assert screen.results.thresholds.gap == 4 and "polarised 4+" in screen_text(app)
