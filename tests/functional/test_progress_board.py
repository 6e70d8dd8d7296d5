"""The progress board: who has finished how much, from Group results (p) or ctrl+p, live; counts
only with names hidden."""

from __future__ import annotations

import asyncio
import time
import tomllib
from pathlib import Path

import tomli_w
from textual.widgets import DataTable

from bb_tui.core.collection import collect
from bb_tui.tui.app import BBApp
from bb_tui.tui.keymap import find_action
from bb_tui.tui.screens.group.progress import ProgressScreen
from tests.support.piloting import run_test, screen_text
from tests.support.results import open_results, settle


def rows(app) -> list[list[str]]:
    table = app.screen.query_one(DataTable)
    return [[str(cell) for cell in table.get_row_at(n)] for n in range(table.row_count)]


def expected(folder: Path, framework) -> dict[str, tuple[str, str]]:
    out = {}
    for p in collect([folder], framework).participants:
        e, i = p.session.progress(framework)
        out[p.session.participant.name] = (f"{e}/12", f"{i}/{len(framework.indicators)}")
    return out


async def open_board(pilot) -> ProgressScreen:
    await open_results(pilot)
    await pilot.press("p")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ProgressScreen)
    return pilot.app.screen


async def test_the_board_shows_each_persons_progress_and_counts_with_names_hidden(
    demo_dir, framework
):
    app = BBApp(framework, Path("demo"), cursor_blink=False, ascii=True)
    async with run_test(app, size=(100, 30)) as pilot:
        start = app.screen
        await open_board(pilot)
        want = expected(demo_dir, framework)
        got = {r[4]: (r[0], r[1]) for r in rows(app)}  # progress first, the name after
        assert got == want and len(got) == 10
        finished = sum(1 for e, _ in want.values() if e == "12/12")
        assert f"10 people · {finished} finished all 12 enablers" in screen_text(app)
        assert "Joanne" in screen_text(app)
        while app.screen is not start:  # Group results afresh, names hidden there
            app.pop_screen()
            await pilot.pause()
        await open_results(pilot)
        await pilot.press("a", "p")  # names hidden on the results: hidden here too
        await settle(pilot)
        counts: dict[str, int] = {}
        for e, _ in want.values():
            counts[e] = counts.get(e, 0) + 1
        assert {r[0]: int(r[1]) for r in rows(app)} == counts
        text = screen_text(app)
        for name in want:
            assert name not in text and name.split()[0] not in text


async def test_the_board_is_live_and_on_ctrl_p(demo_dir, framework, monkeypatch):
    monkeypatch.setenv("BB_TUI_LIVE", "poll:0.1")
    assert find_action("progress").screen.endswith("progress:ProgressScreen")
    app = BBApp(framework, Path("demo"), cursor_blink=False, ascii=True)
    async with run_test(app, size=(100, 30)) as pilot:
        await pilot.pause()
        app.action_open_screen("progress")  # what ctrl+p's entry runs
        await settle(pilot)
        assert isinstance(app.screen, ProgressScreen)
        data = tomllib.loads((demo_dir / "amina-okafor.toml").read_text("utf-8"))
        data["participant"]["name"] = "Zed Newcomer"
        data["scores"] = {"leadership": 3}
        data.pop("indicators", None)
        data.pop("skipped", None)
        (demo_dir / "zed.toml").write_text(tomli_w.dumps(data), "utf-8")
        end = time.monotonic() + 10
        while time.monotonic() < end and "Zed Newcomer" not in [r[4] for r in rows(app)]:
            await asyncio.sleep(0.05)
            await pilot.pause()
        zed = next(r for r in rows(app) if r[4] == "Zed Newcomer")
        assert zed[:2] == ["1/12", "0/" + str(len(framework.indicators))]
        assert data["participant"]["organisation"].startswith(zed[5].rstrip("…"))
        assert "11 people" in screen_text(app)
