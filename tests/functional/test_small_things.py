"""Issue 20's small things, each as a person sees it at 80 columns: the sessions help names F4
once, ctrl+c says plainly which key quits, the discussion pack's indicator numbers line up, and
wrapped text in the dig-deeper list stays indented."""

from __future__ import annotations

import io
import re
from pathlib import Path

from rich.console import Console

from bb_tui.tui.app import BBApp
from bb_tui.tui.dialogs.help import key_table
from tests.support.piloting import notifications, run_test, screen_text
from tests.support.results import open_results, settle


def app_for(framework) -> BBApp:
    return BBApp(framework, Path("demo"), cursor_blink=False, theme="textual-dark")


async def test_the_sessions_help_lists_f4_once_and_ctrl_c_says_which_key_quits(demo_dir, framework):
    app = app_for(framework)
    async with run_test(app, size=(80, 24)) as pilot:
        await pilot.pause()
        console = Console(width=120, file=io.StringIO(), record=True, color_system=None)
        console.print(key_table(app.screen))
        keys = [line.split()[0] for line in console.export_text().splitlines() if line.strip()]
        assert keys.count("f4") == 1, keys
        assert "f6" in keys  # the app's other keys are still listed

        await pilot.press("ctrl+c")  # on the same sessions list: the quit key in plain words
        await pilot.pause()
        assert "Press ctrl+q to quit the app" in notifications(app)
        assert "[b]" not in screen_text(app)


async def test_discussion_pack_indicator_numbers_line_up(demo_dir, framework, monkeypatch):
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    app = app_for(framework)
    async with run_test(app, size=(80, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f6")
        await settle(pilot)
        text = screen_text(app)
        chart = text.split("Every score", 1)[1].split("\n\n", 1)[0].splitlines()[1:]
        labels = [line for line in chart if "●" in line]
        assert len(labels) >= 3 and any(re.match(r"\s*1\. ", line) for line in labels), text
        starts = {len(line) - len(line.lstrip()) for line in labels}
        assert len(starts) == 1, "\n".join(labels)  # "1." under "2.", the enabler above them


async def test_dig_deeper_wrapped_lines_stay_indented(demo_dir, framework):
    app = app_for(framework)
    async with run_test(app, size=(80, 40)) as pilot:
        await open_results(pilot)
        await pilot.press("5")
        await settle(pilot)
        dig = app.screen.query_one("#results-dig")
        region = dig.region
        lines = screen_text(app).splitlines()[region.y : region.y + region.height]
        shown = [line.replace("\u00a0", " ") for line in lines if line.strip()]  # the indent
        assert len(shown) > 20
        # every line is a ranked enabler (" 1.", "10." right-aligned) or indented under one
        bad = [x for x in shown if not (x.startswith("  ") or re.match(r" \d\d\. ", x))]
        assert not bad, "\n".join(bad)
