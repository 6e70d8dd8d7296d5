"""A key that changes how figures are worked out, pressed while the folder is still being read,
is never lost or overtaken: the figures shown are the ones asked for last (groups, hidden names)."""

from __future__ import annotations

import threading

from bb_tui.core import collection
from tests.support.piloting import run_test, workers_done


async def settle(pilot) -> None:
    for _ in range(4):
        await workers_done(pilot.app)
        await pilot.pause()


def held_first_read(monkeypatch) -> threading.Event:
    """The first collect() waits for the returned gate; later ones run at once."""
    gate = threading.Event()
    collect = collection.collect
    calls = []

    def first_held(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            gate.wait(10)
        return collect(*args, **kwargs)

    monkeypatch.setattr(collection, "collect", first_held)
    return gate


async def test_g_pressed_while_reading_shows_the_level_groups(demo_dir, make_app, monkeypatch):
    app = make_app(demo_dir)
    async with run_test(app, size=(120, 40)) as pilot:
        await settle(pilot)
        gate = held_first_read(monkeypatch)
        await pilot.press("f4")
        await pilot.pause()
        assert app.screen.collection is None  # still reading
        await pilot.press("g")  # by level
        await pilot.pause()
        gate.set()
        await settle(pilot)
        status = str(app.screen.query_one("#results-status").render())
        assert "2 level groups" in status, status
        assert app.screen.results.groups


async def test_names_hidden_while_reading_are_never_shown_by_the_earlier_read(
    demo_dir, make_app, monkeypatch
):
    from bb_tui.core import stats

    gate = threading.Event()
    compute = stats.compute
    calls = []

    def first_held(*args, **kwargs):  # the first figures (names shown) finish last
        calls.append(kwargs.get("anonymous"))
        result = compute(*args, **kwargs)
        if len(calls) == 1:
            gate.wait(10)
        return result

    app = make_app(demo_dir)
    async with run_test(app, size=(120, 40)) as pilot:
        await settle(pilot)
        monkeypatch.setattr(stats, "compute", first_held)
        await pilot.press("f6")
        for _ in range(100):
            if calls:
                break
            await pilot.pause(0.05)
        await pilot.press("a")  # hide names while the first figures are held
        for _ in range(100):
            if len(calls) == 2 and app.screen.results is not None:
                break
            await pilot.pause(0.05)
        pack = app.screen
        assert pack.anonymous and pack.results.anonymous
        gate.set()  # now the first (names shown) finishes
        await settle(pilot)
        assert calls == [False, True]
        assert pack.results.anonymous  # the earlier figures were dropped


async def test_names_hidden_on_group_results_are_never_undone_by_earlier_figures(
    demo_dir, make_app, monkeypatch
):
    from bb_tui.tui.screens.group.results import screen as results_screen

    app = make_app(demo_dir)
    async with run_test(app, size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        screen = app.screen
        assert not screen.results.anonymous
        gate = threading.Event()
        figure = results_screen.figure
        calls = []

        def first_held(collection, framework, thresholds, overlay, anonymous, choices=()):
            calls.append(anonymous)
            result = figure(collection, framework, thresholds, overlay, anonymous, choices)
            if len(calls) == 1:
                gate.wait(10)
            return result

        monkeypatch.setattr(results_screen, "figure", first_held)
        await pilot.press("g")  # figures by level, names shown: held
        await pilot.press("a")  # names hidden: done first
        for _ in range(100):
            if len(calls) == 2 and screen.results.anonymous:
                break
            await pilot.pause(0.05)
        gate.set()
        await settle(pilot)
        assert calls == [False, True]
        assert screen.results.anonymous and screen.results.groups
