"""Snapshots of the group panels in the real app at 80x24 and 120x40 (issue 12: each reads well).

One app walks every panel at each size, each opened afresh from the sessions list, and compares
each picture with its own snapshot (tests/support/pictures.py), so a failure names the case.
"""

from __future__ import annotations

import shutil

import pytest

from tests.functional.test_results_snapshots import SIZES, results_app
from tests.support.demo import REPO
from tests.support.pictures import Pictures
from tests.support.piloting import run_test, workers_done

PANELS = {
    "discussion": ("f6",),
    "agreed": ("f7",),
    "challenges": ("f8",),
    "case_studies": ("f9",),
    "action_plan": ("f10",),
    "action_form": ("f10", "e"),
    "rounds_radar": ("rounds", "enter", "t"),
}


async def press(pilot, *pressed: str) -> None:
    for key in pressed:
        if key == "rounds":
            pilot.app.action_open_screen("rounds")
        else:
            await pilot.press(key)
        for _ in range(4):
            await workers_done(pilot.app)
            await pilot.pause()


@pytest.fixture
def beside(demo_dir, monkeypatch):
    """The demo with its earlier round beside it, braille where the locale allows."""
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    shutil.copytree(REPO / "sessions" / "demo-spring-2026", demo_dir.parent / "demo-spring-2026")
    return demo_dir


async def test_group_panel(snapshot, request, beside, framework):
    pictures = Pictures(snapshot, request)
    app = results_app(framework, False)
    async with run_test(app, size=SIZES["80x24"]) as pilot:
        await pilot.pause()
        start = app.screen
        for size in SIZES:
            if tuple(app.size) != SIZES[size]:
                await pilot.resize_terminal(*SIZES[size])
                await pilot.pause()
            for panel, pressed in PANELS.items():
                await press(pilot, *pressed)
                await pictures.check(pilot, f"{panel}-{size}")
                while app.screen is not start:  # back to the sessions list
                    app.pop_screen()
                    await pilot.pause()
                app.clear_notifications()
    pictures.assert_all_matched()
