"""Issue 12: every group screen reads well at 80x24 (keys, columns, legends, descriptions)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bb_tui.tui.app import BBApp
from tests.support.demo import REPO
from tests.support.piloting import screen_text, workers_done

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


@pytest.mark.parametrize("key", SCREENS)
async def test_every_group_screen_shows_its_keys_and_help_at_80x24(folder, framework, key):
    async with app_for(framework).run_test(size=(80, 24)) as pilot:
        await opened(pilot, key)
        bar = screen_text(pilot.app).splitlines()[-1]
        assert "? Help" in bar, bar
        assert "▏" not in bar and not bar.rstrip().endswith(("He", "Q", "No"))
        for label in SCREENS[key]:
            assert f" {label}" in bar, (label, bar)


async def test_action_plan_shows_enablers_and_the_whole_detail_at_80(folder, framework):
    async with app_for(framework).run_test(size=(80, 24)) as pilot:
        await opened(pilot, "f10")
        text = screen_text(pilot.app)
        assert "Information sharing" in text and "Joint governance" in text
        assert "Status: in progress" in text


async def test_new_action_dialog_shows_several_enablers_at_once(folder, framework):
    async with app_for(framework).run_test(size=(80, 24)) as pilot:
        await opened(pilot, "f10")
        await pilot.press("a", "tab")  # to the enabler field
        await settle(pilot)
        text = screen_text(pilot.app)
        shown = [e.label for e in framework.enablers if e.label in text]
        assert len(shown) >= 5, text  # with "Whole partnership": six at once


async def test_agreed_shows_each_spectrum_models_description_by_keyboard(folder, framework):
    async with app_for(framework).run_test(size=(80, 24)) as pilot:
        await opened(pilot, "f7")
        seen = []
        for _ in range(len(framework.spectrum) + 1):
            seen.append(" ".join(screen_text(pilot.app).split()))
            await pilot.press("m")
            await settle(pilot)
        for model in framework.spectrum:
            first_words = " ".join(model.description.split()[:6])
            assert any(first_words in text for text in seen), model.id


async def test_agreed_n_heading_lines_up_with_its_numbers(folder, framework):
    async with app_for(framework).run_test(size=(80, 24)) as pilot:
        await opened(pilot, "f7")
        lines = screen_text(pilot.app).splitlines()
        header = next(line for line in lines if line.lstrip().startswith("Enabler"))
        row = next(line for line in lines if line.lstrip().startswith("Leadership"))
        n_end = header.index(" n ") + 1
        assert row[n_end] == "0" and row[n_end - 1] == "1", (header, row)  # "10" ends under n


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_indicators_nobody_scored_say_so(folder, framework, size):
    async with app_for(framework).run_test(size=size) as pilot:
        await opened(pilot, "f4")
        await pilot.press("3")  # Leadership: nobody dug deeper
        await settle(pilot)
        assert "Nobody has scored Leadership's indicators" in " ".join(
            screen_text(pilot.app).split()
        )


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_indicator_full_text_is_reachable(folder, framework, size):
    indicator = framework.enabler("leadership").indicators[0]
    async with app_for(framework).run_test(size=size) as pilot:
        await opened(pilot, "f4")
        await pilot.press("3", "t")
        await settle(pilot)
        # cut in the table so its figures fit (issue 20), whole on the line below it
        text = " ".join(screen_text(pilot.app).split())
        assert f"{indicator.number}. {indicator.text}" in text


async def test_dig_deeper_names_flagged_indicators_by_their_text(folder, framework):
    async with app_for(framework).run_test(size=(120, 40)) as pilot:
        await opened(pilot, "f4")
        await pilot.press("5")
        await settle(pilot)
        text = " ".join(screen_text(pilot.app).split())
        assert "flagged: 1, 2" not in text
        assert "indicators also flagged" in text
        firsts = [" ".join(e.indicators[0].text.split()[:5]) for e in framework.enablers]
        assert any(first in text for first in firsts)  # the flagged indicators by their text


async def test_compare_rounds_radar_is_coloured_per_round_with_a_margin(folder, framework):
    async with app_for(framework).run_test(size=(80, 24)) as pilot:
        await opened(pilot, "rounds")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        from bb_tui.tui.widgets.chart_view import ChartView

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
        assert title.startswith(" ")
