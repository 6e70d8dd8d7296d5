"""Opening the group results screen in a Pilot test and waiting for its workers."""

from __future__ import annotations

from bb_tui.tui.screens.group.results import ResultsScreen
from tests.support.piloting import workers_done


async def settle(pilot) -> None:
    """Let the merge worker, then the chart worker, finish and their messages land."""
    for _ in range(4):
        await workers_done(pilot.app)
        await pilot.pause()


async def open_results(pilot) -> ResultsScreen:
    await pilot.pause()
    await pilot.press("f4")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ResultsScreen)
    return pilot.app.screen
