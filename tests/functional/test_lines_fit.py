"""Status lines at 80 columns end on a whole word (issue 20): too long for one line, they go on
to a second, broken between parts, never mid-word and never on a bare "·"."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Static

from bb_tui.tui.app import BBApp
from tests.support.demo import DEMO
from tests.support.piloting import run_test, screen_text
from tests.support.results import open_results, settle


def shown_lines(app, widget: Static) -> list[str]:
    """The screen lines inside the widget's region (its padding included)."""
    region = widget.region
    lines = screen_text(app).splitlines()[region.y : region.y + region.height]
    return [line[region.x : region.x + region.width].strip() for line in lines]


def assert_whole(app, selector: str) -> None:
    widget = app.screen.query_one(selector, Static)
    full = str(widget.content)  # everything the line says
    shown = shown_lines(app, widget)
    assert " ".join(shown).split() == full.split(), f"{selector} cut: {shown} of {full!r}"
    assert not any(line.endswith("·") for line in shown), shown


@pytest.fixture
def busy_folder(tmp_path, monkeypatch):
    """The demo folder with a second file for one person, an unreadable file and the folder
    watched, so each line has all it can say."""
    monkeypatch.setenv("BB_TUI_LIVE", "poll:5")
    folder = tmp_path / "a-folder-with-a-rather-long-name"
    shutil.copytree(DEMO, folder)
    shutil.copy(folder / "amina-okafor.toml", folder / "amina-okafor-2.toml")
    (folder / "broken.toml").write_text("not toml [", "utf-8")
    monkeypatch.chdir(tmp_path)
    return Path(folder.name)


async def test_the_folder_line_results_status_line_and_progress_summary_end_on_a_word(
    busy_folder, framework
):
    """One app: the sessions list's folder line, Group results' status line as it opens, the
    progress board's summary, then the status line after "+ g g" and, on results opened
    afresh, after "a g"."""
    app = BBApp(framework, busy_folder, cursor_blink=False, theme="textual-dark")
    async with run_test(app, size=(80, 24)) as pilot:
        await settle(pilot)
        assert "with 2+ files" in str(app.screen.query_one("#folder", Static).content)
        assert_whole(app, "#folder")
        await open_results(pilot)
        first = str(app.screen.query_one("#results-status", Static).content)
        assert_whole(app, "#results-status")
        await pilot.press("p")
        await settle(pilot)
        assert_whole(app, "#progress-summary")
        await pilot.press("escape")
        await settle(pilot)
        for n, keys in enumerate((("+", "g", "g"), ("a", "g"))):
            if n:  # to the sessions list, and results opened afresh
                await pilot.press("escape")
                await open_results(pilot)
                # as it first opened: these keys start where a new app's would
                assert str(app.screen.query_one("#results-status", Static).content) == first
            for key in keys:
                await pilot.press(key)
                await settle(pilot)
            assert_whole(app, "#results-status")
