"""tests/support/piloting: workers_done waits past a worker cancelled by a newer one of its
exclusive group (Textual's wait_for_complete raises WorkerCancelled: two tests failed so under
load) and a worker that failed still fails the test; type_text types what a person would."""

from __future__ import annotations

import asyncio

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Input
from textual.worker import WorkerFailed

from tests.support.piloting import type_text, workers_done


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


class OneField(App):
    """An Input, and bindings by key name that record when a key reaches the app."""

    BINDINGS = [(key, f"hit('{key}')") for key in ("question_mark", "full_stop", "space", "comma")]

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[str] = []

    def compose(self) -> ComposeResult:
        yield Input()

    def action_hit(self, key: str) -> None:
        self.hits.append(key)


async def test_type_text_types_what_a_person_would():
    text = 'Ann-Marie O\'Neil, 3.5 & co! (a/b) £20 café: 100% "yes"?'
    app = OneField()
    async with app.run_test() as pilot:
        await type_text(pilot, text)
        assert app.query_one(Input).value == text
        app.set_focus(None)  # now keys reach the app's bindings, by the names Textual gives them
        await type_text(pilot, "?. ,")
        assert app.hits == ["question_mark", "full_stop", "space", "comma"]
