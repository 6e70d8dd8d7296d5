"""Issue 12: every group screen reads well at 80x24 (keys, columns, legends, descriptions).

One app walks the checks: each opens its screen afresh from the sessions list (the screen
beneath, as on start-up) and names itself in its assertions, so a failure says which broke.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bb_tui.tui.app import BBApp
from tests.support.demo import REPO
from tests.support.piloting import run_test, screen_text, workers_done

SPRING = REPO / "sessions" / "demo-spring-2026"


@pytest.fixture
def folder(demo_dir, monkeypatch):
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    shutil.copytree(SPRING, demo_dir.parent / "demo-spring-2026")
    return demo_dir


def app_for(framework) -> BBApp:
    return BBApp(framework, Path("demo"), cursor_blink=False, theme="textual-dark")


async def settle(pilot) -> None:
    for _ in range(4):
        await workers_done(pilot.app)
        await pilot.pause()


async def opened(pilot, key: str) -> None:
    await pilot.pause()
    if key == "rounds":
        pilot.app.action_open_screen("rounds")
    else:
        await pilot.press(key)
    await settle(pilot)


# the screen's own keys that must show at 80 columns, beside "? Help"
SCREENS = {
    "f4": ("Table", "Groups"),
    "f6": ("Next", "Agree"),
    "f7": ("Agree", "Spectrum", "Note"),
    "f8": ("In play", "Change", "Influence", "Note"),
    "f9": ("Filter", "Suggested", "All"),
    "f10": ("Add", "Edit", "Delete", "Status"),
    "rounds": ("Folder",),
}


def shows_its_keys_and_help(pilot, key: str) -> None:
    bar = screen_text(pilot.app).splitlines()[-1]
    assert "? Help" in bar, (key, bar)
    assert "▏" not in bar and not bar.rstrip().endswith(("He", "Q", "No")), (key, bar)
    for label in SCREENS[key]:
        assert f" {label}" in bar, (key, label, bar)


async def action_plan_shows_enablers_and_the_whole_detail(pilot, framework) -> None:
    text = screen_text(pilot.app)
    assert "Information sharing" in text and "Joint governance" in text, text
    assert "Status: in progress" in text, text


async def new_action_dialog_shows_several_enablers_at_once(pilot, framework) -> None:
    await pilot.press("a", "tab")  # to the enabler field
    await settle(pilot)
    text = screen_text(pilot.app)
    shown = [e.label for e in framework.enablers if e.label in text]
    assert len(shown) >= 5, text  # with "Whole partnership": six at once


async def agreed_n_heading_lines_up_with_its_numbers(pilot, framework) -> None:
    lines = screen_text(pilot.app).splitlines()
    header = next(line for line in lines if line.lstrip().startswith("Enabler"))
    row = next(line for line in lines if line.lstrip().startswith("Leadership"))
    n_end = header.index(" n ") + 1
    assert row[n_end] == "0" and row[n_end - 1] == "1", (header, row)  # "10" ends under n


async def agreed_shows_each_spectrum_models_description_by_keyboard(pilot, framework) -> None:
    seen = []
    for _ in range(len(framework.spectrum) + 1):
        seen.append(" ".join(screen_text(pilot.app).split()))
        await pilot.press("m")
        await settle(pilot)
    for model in framework.spectrum:
        first_words = " ".join(model.description.split()[:6])
        assert any(first_words in text for text in seen), model.id


async def indicators_nobody_scored_say_so(pilot, framework) -> None:
    await pilot.press("3")  # Leadership: nobody dug deeper
    await settle(pilot)
    text = " ".join(screen_text(pilot.app).split())
    assert "Nobody has scored Leadership's indicators" in text, (pilot.app.size, text)


async def indicator_full_text_is_reachable(pilot, framework) -> None:
    indicator = framework.enabler("leadership").indicators[0]
    await pilot.press("3", "t")
    await settle(pilot)
    # cut in the table so its figures fit (issue 20), whole on the line below it
    text = " ".join(screen_text(pilot.app).split())
    assert f"{indicator.number}. {indicator.text}" in text, (pilot.app.size, text)


async def dig_deeper_names_flagged_indicators_by_their_text(pilot, framework) -> None:
    await pilot.press("5")
    await settle(pilot)
    text = " ".join(screen_text(pilot.app).split())
    assert "flagged: 1, 2" not in text
    assert "indicators also flagged" in text, text
    firsts = [" ".join(e.indicators[0].text.split()[:5]) for e in framework.enablers]
    assert any(first in text for first in firsts), text  # the flagged indicators by their text


async def compare_rounds_radar_is_coloured_per_round_with_a_margin(pilot, framework) -> None:
    from bb_tui.tui.widgets.chart_view import ChartView

    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("t")
    await settle(pilot)
    view = pilot.app.screen.query_one(ChartView)
    chart = view.chart
    assert chart is not None
    rendered = view.render_chart(chart)
    styles = {}
    for span in rendered.spans:
        styles.setdefault(rendered.plain[span.start : span.end][:1], set()).add(str(span.style))
    assert styles.get(chart.markers[0]) != styles.get(chart.markers[1])
    assert view.content_region.x >= 1  # a left margin
    lines = screen_text(pilot.app).splitlines()
    title = next(line for line in lines if "All enablers:" in line)
    assert title.startswith(" "), title


# (size, screen, check): each on its screen opened afresh; f7's spectrum is stepped last, as it
# records the partnership's choice
WALK = [
    ((80, 24), "f4", indicators_nobody_scored_say_so),
    ((80, 24), "f4", indicator_full_text_is_reachable),
    ((80, 24), "f10", action_plan_shows_enablers_and_the_whole_detail),
    ((80, 24), "f10", new_action_dialog_shows_several_enablers_at_once),
    ((80, 24), "rounds", compare_rounds_radar_is_coloured_per_round_with_a_margin),
    ((80, 24), "f7", agreed_n_heading_lines_up_with_its_numbers),
    ((80, 24), "f7", agreed_shows_each_spectrum_models_description_by_keyboard),
    ((120, 40), "f4", indicators_nobody_scored_say_so),
    ((120, 40), "f4", indicator_full_text_is_reachable),
    ((120, 40), "f4", dig_deeper_names_flagged_indicators_by_their_text),
]


async def back_to_start(pilot, start) -> None:
    while pilot.app.screen is not start:
        pilot.app.pop_screen()
        await pilot.pause()


async def test_every_group_screen_reads_well(folder, framework):
    async with run_test(app_for(framework), size=(80, 24)) as pilot:
        await pilot.pause()
        start = pilot.app.screen
        for key in SCREENS:  # each screen as it opens, at 80x24
            await opened(pilot, key)
            shows_its_keys_and_help(pilot, key)
            await back_to_start(pilot, start)
        for size, key, check in WALK:
            if tuple(pilot.app.size) != size:
                await pilot.resize_terminal(*size)
                await pilot.pause()
            await opened(pilot, key)
            await check(pilot, framework)
            await back_to_start(pilot, start)
