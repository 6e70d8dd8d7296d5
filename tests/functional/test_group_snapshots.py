"""Snapshots of the group panels in the real app at 80x24 and 120x40 (issue 12: each reads well)."""

from __future__ import annotations

import shutil

import pytest

from tests.functional.test_results_snapshots import SIZES, results_app
from tests.support.demo import REPO
from tests.support.piloting import workers_done

PANELS = {
    "discussion": ("f6",),
    "agreed": ("f7",),
    "challenges": ("f8",),
    "case_studies": ("f9",),
    "action_plan": ("f10",),
    "action_form": ("f10", "e"),
    "rounds_radar": ("rounds", "enter", "t"),
}


def keys(*pressed: str):
    async def run_before(pilot) -> None:
        await pilot.pause()
        for key in pressed:
            if key == "rounds":
                pilot.app.action_open_screen("rounds")
            else:
                await pilot.press(key)
            for _ in range(4):
                await workers_done(pilot.app)
                await pilot.pause()

    return run_before


@pytest.fixture
def beside(demo_dir, monkeypatch):
    """The demo with its earlier round beside it, braille where the locale allows."""
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    shutil.copytree(REPO / "sessions" / "demo-spring-2026", demo_dir.parent / "demo-spring-2026")
    return demo_dir


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("panel", PANELS)
def test_group_panel(snap_compare, beside, framework, panel, size):
    assert snap_compare(
        results_app(framework, False), terminal_size=SIZES[size], run_before=keys(*PANELS[panel])
    )
