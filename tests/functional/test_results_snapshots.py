"""Snapshots of the results screens at 80x24 and 120x40, braille and ASCII.

One app per way of drawing (braille, ASCII by choice, ASCII by locale) walks every case: each
picture is taken on a Group results screen opened afresh (the screen beneath is the sessions
list, as on start-up), after the case's keys, and compared with its own snapshot
(tests/support/pictures.py), so a failure names the case.
"""

from __future__ import annotations

from pathlib import Path

from bb_tui.tui.app import BBApp
from tests.support.pictures import Pictures
from tests.support.piloting import run_test, workers_done

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}


def results_app(framework, ascii: bool) -> BBApp:
    return BBApp(framework, Path("demo"), cursor_blink=False, ascii=ascii, theme="textual-dark")


async def settle(pilot) -> None:
    for _ in range(5):
        await workers_done(pilot.app)
        await pilot.pause()


async def keys(pilot, *pressed: str) -> None:
    await pilot.press("f4", *pressed)
    await settle(pilot)


async def settled_keys(pilot, *pressed: str) -> None:
    """As keys(), but each key after the workers the one before started have finished: "enter"
    on the dig-deeper list needs the list filled, else what is captured depends on the load."""
    for key in ("f4", *pressed):
        await pilot.press(key)
        await settle(pilot)


# case: (size, how the keys are pressed, the keys after f4)
BRAILLE = {
    "radar_braille-80x24": ("80x24", keys, ()),
    "spread_braille-80x24": ("80x24", keys, ("4",)),
    "dig_deeper-80x24": ("80x24", keys, ("5",)),
    "radar_table-80x24": ("80x24", keys, ("g", "t")),
    # Issue 20: every table at 80 columns shows all of its figures; words are cut, never numbers.
    # The indicator text cut, n/mean/min/max/flags whole; the highlighted row's text below.
    "indicator_table-80x24": ("80x24", keys, ("3", "t")),
    # Organisation columns under letters, named in full on the legend line.
    "organisation_table-80x24": ("80x24", keys, ("g", "g", "t")),
    # Progress first (enablers, indicators, reflections, saved), then name and organisation.
    "progress_board-80x24": ("80x24", keys, ("p",)),
    "files_anonymous-80x24": ("80x24", keys, ("a", "6")),
    # Theme 3 of the demo (mean 2.3): its title says it is low (issue 19).
    "low_theme_radar-80x24": ("80x24", settled_keys, ("2", "]", "]")),
    "radar_braille-120x40": ("120x40", keys, ()),
    "spread_braille-120x40": ("120x40", keys, ("4",)),
    "dig_deeper-120x40": ("120x40", keys, ("5",)),
    "organisation_table-120x40": ("120x40", keys, ("g", "g", "t")),
    "progress_board-120x40": ("120x40", keys, ("p",)),
    "indicator_radar_braille-120x40": ("120x40", settled_keys, ("5", "enter", "g")),
}
ASCII = {
    "radar_ascii-80x24": ("80x24", keys, ()),
    "spread_ascii-80x24": ("80x24", keys, ("4",)),
    "radar_ascii-120x40": ("120x40", keys, ()),
}
ASCII_LOCALE = {
    "radar_ascii_locale_with_level_groups-80x24": ("80x24", keys, ("g",)),
    "radar_ascii_locale_with_level_groups-120x40": ("120x40", keys, ("g",)),
}


async def walk(pictures: Pictures, app: BBApp, cases: dict) -> None:
    async with run_test(app, size=(80, 24)) as pilot:
        await pilot.pause()
        start = app.screen
        for case, (size, press, pressed) in cases.items():
            if tuple(app.size) != SIZES[size]:
                await pilot.resize_terminal(*SIZES[size])
                await settle(pilot)
            await press(pilot, *pressed)
            await pictures.check(pilot, case)
            while app.screen is not start:  # back to the sessions list, nothing left showing
                app.pop_screen()
                await pilot.pause()
            app.clear_notifications()
    pictures.assert_all_matched()


async def test_braille(snapshot, request, demo_dir, framework, monkeypatch):
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    await walk(Pictures(snapshot, request), results_app(framework, False), BRAILLE)


async def test_ascii_chosen(snapshot, request, demo_dir, framework, monkeypatch):
    monkeypatch.setenv("LC_ALL", "C.UTF-8")  # braille could be drawn: ASCII by choice
    await walk(Pictures(snapshot, request), results_app(framework, True), ASCII)


async def test_ascii_locale(snapshot, request, demo_dir, framework, monkeypatch):
    monkeypatch.setenv("LC_ALL", "C")  # a locale braille cannot show in: ASCII
    await walk(Pictures(snapshot, request), results_app(framework, False), ASCII_LOCALE)
