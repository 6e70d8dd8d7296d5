"""The results screen driven by keys in the real app: views, tables, groups, thresholds, names, adding."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import tomli_w
from textual.widgets import DataTable, OptionList

from bb_tui.core.collection import collect
from bb_tui.core.stats import compute
from bb_tui.tui.app import BBApp
from bb_tui.tui.widgets.chart_view import ChartView
from tests.support.piloting import (
    held,
    notifications,
    run_test,
    screen_text,
    type_text,
    wait_until,
)
from tests.support.results import open_results, settle

ROOT = Path(__file__).resolve().parents[2]


def table_rows(app) -> list[list[str]]:
    table = app.screen.query_one(DataTable)
    return [[str(cell) for cell in table.get_row_at(n)] for n in range(table.row_count)]


def write_session(
    folder: Path,
    stem: str,
    name: str,
    organisation: str = "",
    level: str = "",
    scores: dict | None = None,
) -> Path:
    path = folder / f"{stem}.toml"
    path.write_text(
        tomli_w.dumps(
            {
                "format": "bb-session",
                "format_version": 1,
                "framework": "beyond-boundaries-london-2022",
                "participant": {"name": name, "organisation": organisation, "level": level},
                "scores": scores or {"leadership": 1},
            }
        ),
        "utf-8",
    )
    return path


async def f4_opens_the_radar_and_escape_closes_it(pilot, framework, demo_dir, tmp_path) -> None:
    app = pilot.app
    start = app.screen
    screen = await open_results(pilot)
    chart = screen.query_one(ChartView).chart
    assert chart is not None and chart.title.startswith("All enablers")
    text = screen_text(app)
    for enabler in framework.enablers:
        assert enabler.label in text
    assert "10 merged, 1 ignored" in text and "low <2.5" in text
    await pilot.press("escape")
    assert app.screen is start


async def every_chart_has_its_table_one_key_away(pilot, framework, demo_dir, tmp_path) -> None:
    expected = compute(collect([demo_dir], framework), framework)
    app = pilot.app
    await open_results(pilot)
    await pilot.press("t")
    await settle(pilot)
    rows = table_rows(app)
    assert len(rows) == 12
    joint = next(r for r in rows if r[0] == "Joint governance")
    f = expected.enablers["joint-governance"]
    # n, skipped and unscored, then mean, min, max (issue 19)
    assert joint[1:7] == [str(f.n), "0", "0", f"{f.mean:.1f}", "1", "5"]
    assert joint[-1] == "polarised"
    for view in ("2", "3", "4"):  # table mode stays on across chart views
        await pilot.press(view)
        await settle(pilot)
        assert app.screen.query_one(DataTable).row_count > 0
    # words cut so the figures fit at 80 columns (issue 20): the row whose words begin it
    info = next(r for r in table_rows(app) if r[0].startswith("Information"))
    assert "Information sharing".startswith(info[0].rstrip("…"))
    assert info[1:6] == ["3", "5", "0", "0", "0"]
    await pilot.press("t")
    await settle(pilot)
    assert app.screen.query_one(ChartView).chart.title.startswith("Spread")


async def themes_and_indicators_step_with_brackets(pilot, framework, demo_dir, tmp_path) -> None:
    screen = await open_results(pilot)
    await pilot.press("2")
    await settle(pilot)
    title = screen.query_one(ChartView).chart.title
    assert title == "Theme: Purpose and priorities, mean 3.1"
    await pilot.press("right_square_bracket")
    await settle(pilot)
    assert screen.query_one(ChartView).chart.title == "Theme: People and place, mean 3.3"
    await pilot.press("3", "left_square_bracket")
    await settle(pilot)
    assert screen.query_one(ChartView).chart.title.startswith("Improvement cycle")
    await pilot.press("4", "right_square_bracket")
    await settle(pilot)
    assert screen.query_one(ChartView).chart.title == "Spread: Leadership, by indicator"


async def dig_deeper_list_and_enter_opens_the_indicators(
    pilot, framework, demo_dir, tmp_path
) -> None:
    screen = await open_results(pilot)
    await pilot.press("5")
    await settle(pilot)
    options = screen.query_one(OptionList)
    ids = [options.get_option_at_index(n).id for n in range(options.option_count)]
    assert ids[:4] == [
        "information-sharing",
        "continuous-improvement",
        "joint-governance",
        "single-service",
    ]  # low (lowest mean first), then polarised
    first = str(options.get_option_at_index(2).prompt)
    assert "case studies: B (Islington), C (Lewisham)" in first
    assert "case studies" not in str(options.get_option_at_index(4).prompt)
    await pilot.press("down", "enter")
    await settle(pilot)
    assert screen.view == "indicators"
    assert screen.query_one(ChartView).chart.title.startswith("Improvement cycle")


async def dig_deeper_as_a_table_help_and_resizing(pilot, framework, demo_dir, tmp_path) -> None:
    app = pilot.app
    screen = await open_results(pilot)
    assert screen.query_one(ChartView).chart.width == 78
    await pilot.resize_terminal(120, 40)
    assert await wait_until(pilot, lambda: screen.query_one(ChartView).chart.width == 118)
    await settle(pilot)
    await pilot.press("5", "t")
    await settle(pilot)
    rows = table_rows(app)
    assert len(rows) == 12 and rows[2][0] == "3. Joint governance"
    assert rows[2][-2] == "polarised: scores from 1 to 5"
    assert rows[2][-1] == "B, C"  # case studies related to a flagged enabler
    assert rows[4][-1] == "-"  # none suggested for an enabler that is not flagged
    await pilot.press("question_mark")
    await pilot.pause()
    text = screen_text(app)
    assert "Group results" in text and "Table" in text and "Groups" in text
    await pilot.press("escape")
    assert app.screen is screen


async def groups_overlay_and_thresholds(pilot, framework, demo_dir, tmp_path) -> None:
    app = pilot.app
    screen = await open_results(pilot)
    await pilot.press("g")
    await settle(pilot)
    chart = screen.query_one(ChartView).chart
    assert [label for _, label in chart.legend[:3]] == [
        "group mean",
        "Strategic",
        "Operational",
    ]
    assert "2 level groups" in screen_text(app)
    await pilot.press("g")
    await settle(pilot)
    # by organisation: the council (4) and the rest pooled (6); nobody singled out
    assert [g.participants for g in screen.results.groups] == [4, 6]
    await pilot.press("g")
    await settle(pilot)
    # by sector (issue 11): the local authority (5) against the other partners pooled (5)
    assert screen.results.by == "sector"
    assert [(g.label, g.participants) for g in screen.results.groups] == [
        ("Local authority", 5),
        ("Other (3 groups)", 5),
    ]
    assert "2 sector groups" in screen_text(app)
    await pilot.press("g", "t")
    await settle(pilot)
    assert screen.results.groups == ()
    flags = {r[0]: r[-1] for r in table_rows(app)}
    assert flags["Families & community"] == ""
    await pilot.press("plus", "plus")  # low threshold 2.5 -> 3.0
    await settle(pilot)
    assert screen.results.thresholds.low == 3.0 and "low <3" in screen_text(app)
    flags = {r[0]: r[-1] for r in table_rows(app)}
    assert flags["Families & community"] == "low" and flags["Common agenda"] == "low"
    await pilot.press("less_than_sign")  # polarised gap 3 -> 2
    await settle(pilot)
    flags = {r[0]: r[-1] for r in table_rows(app)}
    assert flags["Leadership"] == "polarised"  # scores 3..5
    await pilot.press("m")
    await settle(pilot)
    assert app.screen.query_one(DataTable).columns  # middle half: q1 / q3 columns
    assert [str(c.label) for c in app.screen.query_one(DataTable).columns.values()][5:7] == [
        "q1",
        "q3",
    ]


async def anonymous_mode_hides_names_on_every_view(pilot, framework, demo_dir, tmp_path) -> None:
    app = pilot.app
    await open_results(pilot)
    await pilot.press("6")
    await settle(pilot)
    assert "Amina Okafor" in screen_text(app)
    await pilot.press("a")
    await settle(pilot)
    for view in ("6", "1", "t", "4", "5", "g"):
        await pilot.press(view)
        await settle(pilot)
        text = screen_text(app)
        assert "Amina" not in text and "okafor" not in text.lower(), view
    assert "names hidden" in screen_text(app)


async def adding_a_folder_merges_it_with_rejections_listed(
    pilot, framework, demo_dir, tmp_path
) -> None:
    extra = tmp_path / "more"
    extra.mkdir()
    write_session(
        extra,
        "zoe",
        "Zoë Quinn",
        "Library service",
        "operational",
        {"leadership": 1, "locality": 5},
    )
    (extra / "broken.toml").write_text("format = [", "utf-8")
    app = pilot.app
    screen = await open_results(pilot)
    await pilot.press("o")
    await type_text(pilot, str(tmp_path / "nowhere"))
    await pilot.press("enter")
    assert any("no such file or folder" in n for n in notifications(app))
    assert screen.results.participants == 10
    await pilot.press("o")
    await type_text(pilot, str(extra))
    await pilot.press("enter")
    await settle(pilot)
    assert screen.results.participants == 11
    assert screen.results.enablers["leadership"].n == 11
    await pilot.press("6")
    await settle(pilot)
    text = " ".join(screen_text(app).split())
    assert "Zoë Quinn" in text and "broken.toml: is not valid TOML" in text
    assert "11 merged, 1 rejected, 1 ignored" in text
    await pilot.press("o", "escape")  # escape leaves the field, not the screen
    assert app.screen is screen


async def test_text_from_files_is_never_markup(demo_dir, framework):
    name, org = "[bold red]Mallory[/] [@click=app.quit]x", "[link=http://x]Org[/link] \\["
    for n in range(3):
        write_session(demo_dir, f"m{n}", f"{name} {n}", org, "strategic")
    app = BBApp(framework, Path("demo"), cursor_blink=False, ascii=True)
    async with run_test(app, size=(120, 40)) as pilot:
        await open_results(pilot)
        await pilot.press("6")
        await settle(pilot)
        text = screen_text(app)
        assert f"{name} 0" in text and org in text
        await pilot.press("1", "g", "g")  # by organisation: the hostile name is a group label
        await settle(pilot)
        assert "[link=http://x]Org[/link] \\[" in screen_text(app)
        await pilot.press("t")
        await settle(pilot)
        assert "[link=http://x]Org[/link] \\[" in screen_text(app)


async def test_nothing_to_merge_says_so(tmp_path, framework, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.toml").write_text("just words", "utf-8")
    app = BBApp(framework, tmp_path, cursor_blink=False, ascii=True)
    async with run_test(app, size=(80, 24)) as pilot:
        await open_results(pilot)
        assert "No session could be merged" in screen_text(app)
        await pilot.press("6")
        await settle(pilot)
        text = " ".join(screen_text(app).split())
        assert "Rejected (1)" in text and "bad.toml: is not valid TOML" in text


def test_plotext_is_imported_when_the_first_chart_is_shown():
    code = """
import asyncio, sys
from pathlib import Path
from bb_tui.tui.app import BBApp
from bb_tui.core.framework import load_framework

BBApp.CHARTS_AFTER = None  # not loaded ahead (test_first_openings tests that): only when shown

async def main():
    app = BBApp(load_framework(), Path('sessions/demo'), cursor_blink=False, ascii=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert 'plotext' not in sys.modules, 'imported before any chart'
        await pilot.press('f4')
        for _ in range(4):
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert 'plotext' in sys.modules, 'chart shown without plotext?'
asyncio.run(main())
"""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]


# One app walks these checks (its start-up shared), each on Group results opened afresh from the
# sessions list; the size each check starts at, and its name in a failure's message.
WALK = [
    ((80, 24), f4_opens_the_radar_and_escape_closes_it),
    ((80, 24), every_chart_has_its_table_one_key_away),
    ((80, 24), dig_deeper_list_and_enter_opens_the_indicators),
    ((80, 24), dig_deeper_as_a_table_help_and_resizing),
    ((120, 40), themes_and_indicators_step_with_brackets),
    ((120, 40), groups_overlay_and_thresholds),
    ((120, 40), anonymous_mode_hides_names_on_every_view),
    ((120, 50), adding_a_folder_merges_it_with_rejections_listed),
]


async def test_the_results_screen_driven_by_keys(demo_dir, framework, tmp_path):
    app = BBApp(framework, Path("demo"), cursor_blink=False, ascii=True)
    async with run_test(app, size=(80, 24)) as pilot:
        await pilot.pause()
        start = app.screen
        for size, check in WALK:
            if tuple(app.size) != size:
                await pilot.resize_terminal(*size)
                await pilot.pause()
            try:
                await check(pilot, framework, demo_dir, tmp_path)
            except AssertionError as failed:
                raise AssertionError(f"{check.__name__}: {failed}") from failed
            while app.screen is not start:
                app.pop_screen()
                await pilot.pause()
            app.clear_notifications()


async def test_a_chart_drawn_after_another_view_was_chosen_stays_hidden(
    demo_dir, framework, monkeypatch
):
    """f4 then 5 typed quickly: the radar, still being drawn when 5 chose Dig deeper, is kept
    but not shown over the list (the views bar said Dig deeper under a radar)."""
    from textual.widgets import ContentSwitcher

    from bb_tui.tui.screens.group.results.chart_views import RadarView
    from bb_tui.tui.screens.group.results.dig import DigDeeperList

    slow_draw, drawing, release = held(RadarView.draw)
    monkeypatch.setattr(RadarView, "draw", staticmethod(slow_draw))
    app = BBApp(framework, demo_dir, cursor_blink=False)
    async with run_test(app, size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f4")
        assert await wait_until(pilot, drawing.is_set)
        await pilot.press("5")
        release.set()
        await settle(pilot)
        assert app.screen.query_one(ContentSwitcher).current == "results-dig"
        assert app.screen.query_one(DigDeeperList).has_focus
        assert "group mean of" not in screen_text(app)


async def test_a_chart_asked_for_after_its_screen_closed_is_not_asked_for(demo_dir, framework):
    """A view chosen asks for its chart after the next frame; when that frame has been drawn and
    the screen closes (Escape, on a loaded machine) before the screen runs the call, Textual
    still runs it, with the screen's widgets gone: it ended the app ("No nodes match
    ResultsChart", found under load in a CI run). The call, made as Textual makes it then,
    now does nothing, and the app goes on."""
    from bb_tui.tui.screens.participant.start import StartScreen

    app = BBApp(framework, demo_dir, cursor_blink=False)
    async with run_test(app, size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f4")
        await settle(pilot)
        results = app.screen
        assert results.results is not None and results.view == "radar"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, StartScreen) and not results.query("ResultsChart")
        results._want_chart()  # as queued by its last frame, run after its widgets went
        await settle(pilot)
        assert app.is_running
        await pilot.press("f4")
        await settle(pilot)
        assert app.screen.results is not None and "Radar" in screen_text(app)


async def test_the_chart_is_drawn_again_for_the_room_left_when_a_line_opens_below_it(
    demo_dir, framework, monkeypatch
):
    """o opens the add field under the chart at 80x24: the radar is drawn again for the room
    left, its last label and legend still on screen (it was cut off: only a terminal resize
    drew it again)."""
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    app = BBApp(framework, demo_dir, cursor_blink=False)
    async with run_test(app, size=(80, 24)) as pilot:
        await open_results(pilot)
        assert "out from the centre" in screen_text(app)
        await pilot.press("o")
        await settle(pilot)
        assert "A folder or session file to add" in screen_text(app)
        # Drawn again at once, or, if the screen's own first resize is still being waited out
        # (0.15 s; a fast machine opens results sooner), once that wait ends.
        redrawn = await wait_until(pilot, lambda: "Locality" in screen_text(app), timeout=10)
        text = screen_text(app)
        assert redrawn and "out from the centre" in text, text


async def test_every_view_takes_keys_at_once_also_after_a_dialog(demo_dir, framework):
    """Each view, as shown and after help over it: focused wherever it has anything to focus,
    so keys are not held for it (runtime/keyhold holds them up to 5 s). The files view after
    a dialog once held them: x, 1, anything, waited 5 s."""
    from bb_tui.tui.runtime.keyhold import screen_ready

    app = BBApp(framework, demo_dir, cursor_blink=False)
    async with run_test(app, size=(80, 24)) as pilot:
        screen = await open_results(pilot)
        for keys in ("6", "1", "2", "3", "4", "5", "6", "1t", "5t", "t1"):
            await pilot.press(*keys)
            await settle(pilot)
            assert screen_ready(screen), keys
            await pilot.press("question_mark")
            await settle(pilot)
            assert app.screen is not screen, keys  # help is over it
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is screen and screen_ready(screen), keys
