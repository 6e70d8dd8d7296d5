"""tests/support/piloting.workers_done: a worker cancelled by a newer one of its exclusive group
is waited past (Textual's wait_for_complete raises WorkerCancelled: two tests failed so under
load), and a worker that failed still fails the test."""

from __future__ import annotations

import asyncio

import pytest
from textual.app import App
from textual.worker import WorkerFailed

from tests.support.piloting import workers_done


class WorkerHost(App):
    def draw(self, n: int):
        async def work() -> int:
            await asyncio.sleep(0.3)
            return n

        return self.run_worker(work(), group="chart", exclusive=True)

    def fail(self):
        async def work() -> None:
            raise RuntimeError("boom")

        return self.run_worker(work(), exit_on_error=False)


async def test_a_worker_replaced_by_a_newer_one_while_waiting_is_waited_past():
    app = WorkerHost()
    async with app.run_test() as pilot:
        app.draw(1)
        await pilot.pause()
        waiting = asyncio.create_task(workers_done(app))
        await asyncio.sleep(0.05)  # waiting on the first drawing
        second = app.draw(2)  # cancels the first, as a chart redrawn on a resize does
        await waiting
        assert second.is_finished and second.result == 2


async def test_a_worker_that_failed_still_fails_the_test():
    app = WorkerHost()
    async with app.run_test():
        app.fail()
        with pytest.raises(WorkerFailed):
            await workers_done(app)
