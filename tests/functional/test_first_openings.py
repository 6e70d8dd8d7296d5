"""A screen's first opening loads what it shows and no more, and nothing slow on the UI thread.

Each case runs in a fresh process, as a person's first press of the key does: the new-session
form needs no editing machinery, TextArea, tomlkit or group figures; the discussion pack's chart
library (plotext, 0.2-0.5 s to import) is loaded in the merge's thread, not by the first draw,
and the facilitator's app left alone loads it in a thread before any group screen is asked for.
A process checks two first openings in turn where the first cannot touch what the second checks
(the form and a second left alone load no plotext, as their own checks prove).
"""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap

from tests.support.demo import DEMO
from tests.support.piloting import run_test, workers_done

PROGRAM = """
    import asyncio, importlib.abc, shutil, sys, tempfile, threading, time
    from pathlib import Path

    on_ui = []

    class Spy(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path, target=None):
            if threading.current_thread() is threading.main_thread():
                on_ui.append(name)
            return None

    from bb_tui.core.framework import load_framework
    from bb_tui.tui.app import BBApp

    folder = Path(tempfile.mkdtemp()) / "demo"
    shutil.copytree({demo!r}, folder)
    BBApp.CHARTS_AFTER = {charts_after!r}

    def report(app, before):
        print("screen:", type(app.screen).__name__)
        print("loaded:", sorted(set(sys.modules) - before))
        print("on the UI thread:", sorted(set(on_ui)))

    async def settle(app, pilot):
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()

    async def main():
        before = set(sys.modules)  # the timer's import is watched from the start
        if {charts_after!r} is not None:
            sys.meta_path.insert(0, Spy())
        app = BBApp(load_framework(), folder, cursor_blink=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            if {charts_after!r} is not None:  # left alone: until the timer's thread has loaded it
                deadline = time.monotonic() + 30
                while "plotext" not in sys.modules and time.monotonic() < deadline:
                    await asyncio.sleep(0.05)
                await settle(app, pilot)
                report(app, before)
                return
            for key in {keys!r}:
                before = set(sys.modules)
                on_ui.clear()
                sys.meta_path.insert(0, Spy())
                if key == "escape":
                    await pilot.press(key)
                    await pilot.pause()
                    sys.meta_path.pop(0)
                    continue
                if key:
                    await pilot.press(key)
                else:  # left alone on the sessions list
                    await asyncio.sleep(1.0)
                await settle(app, pilot)
                sys.meta_path.pop(0)
                report(app, before)
    asyncio.run(main())
    shutil.rmtree(folder.parent)
"""


def first_openings(
    keys: list[str], charts_after: float | None = None
) -> list[tuple[str, set[str], set[str]]]:
    """(screen class, modules loaded, modules imported on the UI thread) for each key pressed in
    turn in one fresh process ("": the sessions list left alone for a second; "escape" is pressed
    but not reported); with `charts_after`, the list left alone until plotext is loaded, from the
    app's start."""
    code = textwrap.dedent(PROGRAM.format(demo=str(DEMO), keys=keys, charts_after=charts_after))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    found, step = [], {}
    for line in done.stdout.splitlines():
        if ": " in line:
            key, value = line.split(": ", 1)
            step[key] = value
            if key == "on the UI thread":
                loaded, on_ui = (set(ast.literal_eval(step[k])) for k in ("loaded", key))
                found.append((step["screen"], loaded, on_ui))
                step = {}
    return found


UNUSED_BY_THE_FORM = {
    "bb_tui.core.editing",
    "bb_tui.core.stats",
    "bb_tui.render.words",
    "bb_tui.tui.widgets.editors",
    "textual.widgets._text_area",
    "tomlkit",
}


def test_left_alone_nothing_loads_then_results_load_the_charts_in_a_thread():
    """One process: the list left alone for a second (the charts' timer off) loads no plotext;
    then f4, the first group screen, loads it, never on the UI thread, and no DataTable: the
    numbers table is made when t first asks for it."""
    (alone, loaded, _), (shown, charts, on_ui) = first_openings(["", "f4"])
    assert alone == "StartScreen"
    assert "plotext" not in loaded  # not asked to: nothing loaded
    assert shown == "ResultsScreen"
    assert "plotext" in charts  # the screen drew its chart
    assert "plotext" not in on_ui
    assert {
        "textual.widgets._data_table",
        "bb_tui.tui.screens.group.results.numbers",
    } & charts == set()


def test_the_form_loads_no_editing_then_the_pack_loads_the_charts_in_a_thread():
    """One process: `n`, the new-session form, loads no editing machinery, TextArea, tomlkit or
    group figures; back on the list, f6, the discussion pack, loads plotext in a thread."""
    (form, loaded, _), (shown, charts, on_ui) = first_openings(["n", "escape", "f6"])
    assert form == "NewSessionScreen"
    assert loaded & UNUSED_BY_THE_FORM == set()
    assert shown == "DiscussionScreen"
    assert "plotext" in charts  # the screen drew its chart
    assert "plotext" not in on_ui


def test_left_alone_the_facilitators_app_loads_the_chart_library_in_a_thread():
    """Watched from the app's start (the timer may fire before the list has settled)."""
    [(screen, loaded, on_ui)] = first_openings([], charts_after=0.2)
    assert screen == "StartScreen"
    assert "plotext" in loaded
    assert on_ui & {"plotext", "bb_tui.render.charts", "bb_tui.core.stats"} == set()


async def test_group_results_open_with_the_chart_alone(demo_dir, framework):
    """Only the chart is composed when Group results opens; the table, the dig-deeper list, the
    files and the add-a-path field are mounted the first time each is shown (they cost the
    opening a third more), and the table, the list and the field take the keys when shown."""
    from textual.widgets import DataTable, OptionList

    from bb_tui.tui.app import BBApp
    from bb_tui.tui.screens.group.results.files import FilesView

    app = BBApp(framework, demo_dir, cursor_blink=False)
    async with run_test(app, size=(80, 24)) as pilot:
        await pilot.press("f4")
        await workers_done(app)
        await pilot.pause()
        body = app.screen.query_one("#results-body")
        assert [child.id for child in body.children] == ["results-chart"]
        assert not app.screen.query("#results-add")
        assert app.focused is None  # the hidden path field takes none of the screen's keys
        steps = [
            ("t", "results-numbers", DataTable),
            ("t", "results-chart", type(None)),
            ("5", "results-dig", OptionList),
            ("6", "results-files", FilesView),  # the list hidden: the files take the keys
            ("5", "results-dig", OptionList),
            ("t", "results-numbers", DataTable),
        ]
        for key, shown, focused in steps:
            await pilot.press(key)
            for _ in range(3):
                await workers_done(app)
                await pilot.pause()
            assert body.current == shown, key
            assert isinstance(app.focused, focused), key
        ids = [child.id for child in body.children]
        assert ids == ["results-chart", "results-numbers", "results-dig", "results-files"]
        assert app.screen.query_one("#results-table", DataTable).row_count
        await pilot.press("o", "x")
        await pilot.pause()
        field = app.screen.query_one("#results-add")
        assert app.focused is field and field.value == "x"
        ids = [child.id for child in app.screen.children]
        assert ids.index("results-add") == ids.index("results-status") - 1  # where it was


async def test_a_screens_stylesheet_is_parsed_alone_not_with_every_other(
    demo_dir, framework, monkeypatch
):
    """Textual answers a screen's new CSS_PATH by re-parsing every stylesheet and every widget's
    DEFAULT_CSS; the app adds the new file itself, so only that file is parsed."""
    from textual.css.stylesheet import Stylesheet

    from bb_tui.tui.app import BBApp

    reparse, reparses = Stylesheet.reparse, []

    def counted(self: Stylesheet) -> None:
        reparses.append(self)
        reparse(self)

    monkeypatch.setattr(Stylesheet, "reparse", counted)
    app = BBApp(framework, demo_dir, cursor_blink=False)
    async with run_test(app, size=(80, 24)) as pilot:
        await pilot.pause()
        before = len(reparses)
        for key in ("n", "escape", "question_mark", "escape", "f7", "escape"):
            await pilot.press(key)
            await workers_done(app)
            await pilot.pause()
        assert type(app.screen).__name__ == "StartScreen"
        dialog_rules = [r for r in app.stylesheet.rules if "#help-dialog" in r.css]
    assert len(reparses) == before  # none: dialogs.tcss, profile.tcss, partnership.tcss added
    assert dialog_rules  # and their rules are the app's


async def test_a_new_screen_is_not_restyled_for_size_classes_it_does_not_use(
    demo_dir, framework, monkeypatch
):
    """A screen that gains a size class when first sized restyles every widget it holds; only
    the overview, the enabler and reflections use one ("-tall", from 34 rows)."""
    from textual.screen import Screen

    from bb_tui.tui.app import BBApp

    restyled: list[str] = []
    update_classes = Screen.update_classes

    def counted(self, *args, **kwargs):
        before = set(self.classes)
        update_classes(self, *args, **kwargs)
        if set(self.classes) != before:
            restyled.append(type(self).__name__)
        return self

    app = BBApp(framework, demo_dir, cursor_blink=False)
    async with run_test(app, size=(80, 40)) as pilot:
        await pilot.pause()
        restyled.clear()
        monkeypatch.setattr(Screen, "update_classes", counted)
        for key in ("n", "escape", "f7", "escape", "enter"):
            await pilot.press(key)
            await workers_done(app)
            await pilot.pause()
        assert type(app.screen).__name__ == "OverviewScreen"
        assert restyled == ["OverviewScreen"]  # 40 rows: "-tall", and its detail panel shows
        assert app.screen.has_class("-tall") and app.screen.query_one("#detail").display


async def test_the_overview_is_built_once_as_it_opens_and_again_only_for_new_columns(
    demo_dir, framework, monkeypatch
):
    """Textual sends two resizes with a screen's first layout: the overview, built on resume,
    builds its rows again for a resize only when its columns change width."""
    from bb_tui.tui.app import BBApp
    from bb_tui.tui.screens.participant.overview import OverviewScreen

    built: list[tuple[int, ...]] = []
    rebuild = OverviewScreen.rebuild

    def counted(self: OverviewScreen, highlight: str | None) -> None:
        built.append(self._widths())
        rebuild(self, highlight)

    monkeypatch.setattr(OverviewScreen, "rebuild", counted)
    app = BBApp(framework, demo_dir, demo_dir / "joanne-hallett.toml", cursor_blink=False)
    async with run_test(app, size=(80, 24)) as pilot:
        await pilot.pause()
        assert type(app.screen) is OverviewScreen and len(built) == 1
        await pilot.resize_terminal(80, 30)  # taller: the same columns
        await pilot.pause()
        assert len(built) == 1
        await pilot.resize_terminal(120, 30)  # wider: a "Full title" column
        await pilot.pause()
        assert len(built) == 2 and built[1][-1] > 0
        assert "Full title" in str(app.screen.query_one("#columns").render())
