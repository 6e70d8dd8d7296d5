"""Every chart of Group results is whole at 80x24: its title, drawing and every legend row on
screen, with the groups overlaid and without, and with a line opened below it.

A legend sentence ("Nobody has scored Leadership's indicators: ...") wraps to two rows; the
chart was drawn for two legend rows in all, so the third was cut off at the bottom.
"""

from __future__ import annotations

import shutil

import pytest

from bb_tui.tui.app import BBApp
from bb_tui.tui.screens.group.results.chart_panel import ResultsChart
from bb_tui.tui.widgets.chart_view import ChartView
from tests.support.demo import REPO
from tests.support.piloting import run_test, screen_text, wait_until
from tests.support.results import open_results, settle

SPRING = REPO / "sessions" / "demo-spring-2026"

# the view's key, and how many charts "]" steps through in it
VIEWS = {"1": 1, "2": 3, "3": 12, "4": 13}


def cut_off(app) -> list[str]:
    """What of the chart shown is not on screen: more lines than its room, or a line missing."""
    view = app.screen.query_one(ResultsChart)
    chart = view.chart
    assert chart is not None, screen_text(app)
    lines = [chart.title_line(), *chart.drawing.splitlines(), *chart.legend_lines()]
    text = screen_text(app)
    missing = [line.strip() for line in lines if line.strip() not in text]
    if len(lines) > view.content_region.height:
        missing.append(f"{len(lines)} lines in {view.content_region.height} rows")
    return missing


async def every_chart_whole(pilot, where: str) -> list[str]:
    problems = []
    for key, count in VIEWS.items():
        await pilot.press(key)
        await settle(pilot)
        for n in range(count):
            if n:
                await pilot.press("right_square_bracket")
                await settle(pilot)
            await wait_until(pilot, lambda: pilot.app.screen.query_one(ResultsChart).chart)
            problems += [f"{where}, view {key}, chart {n + 1}: {p}" for p in cut_off(pilot.app)]
    return problems


async def test_every_chart_is_whole_at_80x24(demo_dir, framework, monkeypatch):
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    app = BBApp(framework, demo_dir, cursor_blink=False)
    async with run_test(app, size=(80, 24)) as pilot:
        await open_results(pilot)
        problems = await every_chart_whole(pilot, "the whole group")
        await pilot.press("1", "g")  # the two levels overlaid: a longer legend
        await settle(pilot)
        problems += await every_chart_whole(pilot, "by level")
        # the add field opens a line below the chart (and takes the keys): Leadership's
        # indicators, the longest legend, drawn again for the room left
        await pilot.press("3", "right_square_bracket", "o")
        await settle(pilot)
        assert "A folder or session file to add" in screen_text(app)
        await wait_until(pilot, lambda: not cut_off(app), timeout=10)
        problems += [f"the add field open: {p}" for p in cut_off(app)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_rounds_radar_is_whole(demo_dir, framework, monkeypatch, size):
    """Compare rounds' radar: title, drawing and every legend row in its box, nothing below to
    scroll to (at 80x24 its second legend row was below the box)."""
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    shutil.copytree(SPRING, demo_dir.parent / SPRING.name)
    app = BBApp(framework, demo_dir, cursor_blink=False)
    async with run_test(app, size=size) as pilot:
        await pilot.pause()
        app.action_open_screen("rounds")
        await settle(pilot)
        await pilot.press("enter", "t")
        await settle(pilot)
        view = app.screen.query_one("#rounds-radar-text", ChartView)
        box = app.screen.query_one("#rounds-radar").scrollable_content_region
        chart = view.chart
        assert chart is not None, screen_text(app)
        lines = [chart.title_line(), *chart.drawing.splitlines(), *chart.legend_lines()]
        text = screen_text(app)
        # drawn for the box's own room (found once the box is laid out), filling it exactly
        assert len(lines) == box.height, (len(lines), box.height, text)
        assert all(line.strip() in text for line in lines), text
