"""Live results: Group results update when a colleague saves, keeping the facilitator's place.

The watcher polls every 0.1 s here (BB_TUI_LIVE=poll:0.1), so the tests do not depend on inotify
timing; one test uses inotify and skips when watchfiles is not installed. Waits are "within N
seconds" with generous deadlines (two xdist workers on two cores)."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest
import tomli_w
from textual.widgets import OptionList

from bb_tui.tui.app import BBApp
from bb_tui.tui.runtime.watch import FolderChanged
from bb_tui.tui.screens.group.background import shared_reads
from bb_tui.tui.screens.group.results import ResultsScreen
from tests.support.piloting import run_test, screen_text, wait_until
from tests.support.results import open_results, settle


def save(path: Path, change) -> None:
    """Change a session as the app saves it: a temp file renamed over the old one."""
    data = tomllib.loads(path.read_text("utf-8"))
    change(data)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(tomli_w.dumps(data), "utf-8")
    os.replace(tmp, path)


def mean(screen: ResultsScreen, enabler: str) -> float | None:
    return screen.results.enablers[enabler].mean if screen.results is not None else None


def everyone_scores(folder: Path, enabler: str, score: int) -> None:
    for path in sorted(folder.glob("*.toml")):
        if path.name != "partnership.toml":
            save(path, lambda d: d.setdefault("scores", {}).__setitem__(enabler, score))


@pytest.fixture
def polling(monkeypatch):
    monkeypatch.setenv("BB_TUI_LIVE", "poll:0.1")


async def test_a_saved_score_shows_without_pressing_r(demo_dir, framework, polling):
    app = BBApp(framework, Path("demo"), cursor_blink=False, ascii=True)
    async with run_test(app, size=(100, 30)) as pilot:
        screen = await open_results(pilot)
        before = mean(screen, "leadership")
        everyone_scores(demo_dir, "leadership", 5)
        assert await wait_until(pilot, lambda: mean(screen, "leadership") == 5.0), before
        assert "live: polling every 0.1 s" in screen_text(app)


async def test_the_view_and_cursor_are_kept(demo_dir, framework, polling):
    app = BBApp(framework, Path("demo"), cursor_blink=False, ascii=True)
    async with run_test(app, size=(100, 30)) as pilot:
        screen = await open_results(pilot)
        await pilot.press("5", "down", "down")
        await pilot.pause()
        options = screen.query_one("#results-dig", OptionList)
        highlighted = options.highlighted
        assert screen.view == "dig" and highlighted == 2
        results = screen.results
        save(demo_dir / "amina-okafor.toml", lambda d: d["scores"].__setitem__("leadership", 1))
        assert await wait_until(pilot, lambda: screen.results is not results)
        await pilot.pause()
        assert screen.view == "dig" and options.highlighted == highlighted
        assert app.screen is screen


async def test_an_open_add_path_field_keeps_its_text(demo_dir, framework, polling):
    app = BBApp(framework, Path("demo"), cursor_blink=False, ascii=True)
    async with run_test(app, size=(100, 30)) as pilot:
        screen = await open_results(pilot)
        await pilot.press("5", "o", "x", "y")
        field = screen.query_one("#results-add")
        results = screen.results
        save(demo_dir / "amina-okafor.toml", lambda d: d["scores"].__setitem__("leadership", 1))
        assert await wait_until(pilot, lambda: screen.results is not results)
        await pilot.pause()
        assert field.display and field.value == "xy" and app.focused is field


async def test_a_broken_file_shows_as_today_then_recovers(demo_dir, framework, polling):
    app = BBApp(framework, Path("demo"), cursor_blink=False, ascii=True)
    async with run_test(app, size=(100, 30)) as pilot:
        screen = await open_results(pilot)
        merged = screen.results.participants
        target = demo_dir / "amina-okafor.toml"
        good = target.read_text("utf-8")
        target.write_text(good[: len(good) // 2] + "\n[scores\n", "utf-8")  # half-written
        assert await wait_until(pilot, lambda: screen.results.participants == merged - 1)
        assert [r.file for r in screen.collection.rejected] == [str(Path("demo") / target.name)]
        target.write_text(good, "utf-8")
        assert await wait_until(
            pilot, lambda: screen.results.participants == merged and not screen.collection.rejected
        )


async def test_inotify_notices_a_save(demo_dir, framework, monkeypatch):
    pytest.importorskip("watchfiles")
    monkeypatch.delenv("BB_TUI_LIVE", raising=False)
    from bb_tui.tui.runtime import watch

    if watch.choose(demo_dir)[0] != "inotify":
        pytest.skip("this folder is on a filesystem watched by polling")
    app = BBApp(framework, Path("demo"), cursor_blink=False, ascii=True)
    async with run_test(app, size=(100, 30)) as pilot:
        screen = await open_results(pilot)
        assert screen.watcher is not None and screen.watcher.mode == "inotify"
        for _ in range(30):  # saved again until the watch, set up in its thread, sees a save
            everyone_scores(demo_dir, "leadership", 5)
            if await wait_until(pilot, lambda: mean(screen, "leadership") == 5.0, timeout=1.0):
                break
        assert mean(screen, "leadership") == 5.0
        assert "live: inotify" in screen_text(app)


async def test_the_sessions_list_shows_a_new_session_and_keeps_the_cursor(
    demo_dir, framework, polling
):
    from bb_tui.tui.screens.participant.start import StartScreen

    app = BBApp(framework, Path("demo"), cursor_blink=False, ascii=True)
    async with run_test(app, size=(100, 30)) as pilot:
        await pilot.pause()
        start = app.screen
        assert isinstance(start, StartScreen)
        await pilot.press("down", "down")
        sessions = start.query_one("#sessions", OptionList)
        highlighted, count = sessions.highlighted, sessions.option_count
        new = tomllib.loads((demo_dir / "amina-okafor.toml").read_text("utf-8"))
        new["participant"]["name"] = "Zed Newcomer"
        (demo_dir / "zed-newcomer.toml").write_text(tomli_w.dumps(new), "utf-8")
        assert await wait_until(pilot, lambda: sessions.option_count == count + 1)
        assert sessions.highlighted == highlighted and "Zed Newcomer" in screen_text(app)
        assert "live: polling every 0.1 s" in screen_text(app)
        save(
            demo_dir / "zed-newcomer.toml",
            lambda d: d["participant"].__setitem__("name", "Zed Renamed"),
        )
        assert await wait_until(pilot, lambda: "Zed Renamed" in screen_text(app))


async def test_a_partnership_panel_follows_the_file_and_the_scores(demo, polling):
    from bb_tui.tui.screens.group.agreed import AgreedScreen
    from tests.support.partnership_host import PanelHost

    app = PanelHost(AgreedScreen, demo)
    async with run_test(app, size=(100, 30)) as pilot:
        panel = app.panel
        assert await wait_until(pilot, lambda: panel.results is not None)
        status = panel.query_one("#partnership-status")
        assert "live: polling every 0.1 s" in str(status.render())
        save(demo / "partnership.toml", lambda d: d.__setitem__("round", "Winter 2027"))
        assert await wait_until(pilot, lambda: "Winter 2027" in str(status.render()))
        everyone_scores(demo, "leadership", 5)
        assert await wait_until(pilot, lambda: panel.results.enablers["leadership"].mean == 5.0)
        target = demo / "partnership.toml"
        good = target.read_text("utf-8")
        target.write_text(good[: len(good) // 2] + "\n[round\n", "utf-8")  # half-written
        assert await wait_until(pilot, lambda: panel._live_problem is not None)
        assert "Winter 2027" in str(status.render())  # the version read earlier, as on return
        target.write_text(good.replace("Winter 2027", "Spring 2027"), "utf-8")
        assert await wait_until(pilot, lambda: "Spring 2027" in str(status.render()))


async def test_a_screen_stops_its_watcher_when_closed(demo_dir, framework, monkeypatch):
    monkeypatch.setenv("BB_TUI_LIVE", "poll:0.1")
    app = BBApp(framework, Path("demo"), cursor_blink=False, ascii=True)
    async with run_test(app, size=(100, 30)) as pilot:
        screen = await open_results(pilot)
        watcher = screen.watcher
        assert watcher is not None and watcher._thread.is_alive()
        await pilot.press("escape")
        await pilot.pause()
        watcher._thread.join(10)
        assert not watcher._thread.is_alive()


# ------------------------------------------------------------ a storm of saves cannot drive it


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """The name of every file parsed, by a merge or by the sessions list."""
    from bb_tui.core import collection, listing

    names: list[str] = []
    for module in (collection, listing):
        real = module.parse_toml_bytes

        def counting(path, data, real=real):
            names.append(Path(path).name)
            return real(path, data)

        monkeypatch.setattr(module, "parse_toml_bytes", counting)
    return names


def leadership_of(screen: ResultsScreen, name: str) -> int | None:
    for person in screen.collection.participants:
        if Path(person.path).name == name:
            return person.session.scores.get("leadership")
    return None


async def test_a_storm_of_saves_is_one_refresh_a_second(demo_dir, framework, monkeypatch, parses):
    """A colleague saving 20 times a second for 3 s: the changes are injected as the watchers
    (Group results' and the sessions list's beneath it) notice them, on a fake clock, so the count
    is exact: a refresh at the first save, one each second after, one after the storm with the
    last save, and the file parsed once for each."""
    from bb_tui.tui.screens.participant.start import StartScreen
    from tests.support.clock import FakeClock

    monkeypatch.setenv("BB_TUI_LIVE", "poll:3600")  # the test brings the changes itself
    merged: list[ResultsScreen.Merged] = []

    def hook(message) -> None:  # a message is posted again as it bubbles: counted once
        if isinstance(message, ResultsScreen.Merged) and all(m is not message for m in merged):
            merged.append(message)

    app = BBApp(framework, Path("demo"), cursor_blink=False, ascii=True)
    async with run_test(app, size=(100, 30), message_hook=hook) as pilot:
        screen = await open_results(pilot)
        start = next(s for s in app.screen_stack if isinstance(s, StartScreen))
        watchers = [screen.watcher, start.watcher]
        clock = FakeClock()
        for watcher in watchers:
            watcher.throttle.clock, watcher.throttle.later = clock, clock.later

        def changed() -> None:  # a save, seen by both watchers
            for watcher in watchers:
                watcher.changed()

        def fired() -> int:
            return sum(watcher.throttle.fired for watcher in watchers)

        target = demo_dir / "amina-okafor.toml"
        merged.clear()
        parses.clear()
        for n in range(60):
            before = fired()
            clock.advance(0.05)  # runs the refreshes due at this moment, if any are
            save(target, lambda d, n=n: d["scores"].__setitem__("leadership", n % 5 + 1))
            changed()
            if fired() != before:  # a refresh: let it read before the next save
                await settle(pilot)
        assert len(merged) == 3  # at 0.05 s (the first save), 1.05 s and 2.05 s
        clock.advance(1.0)  # the storm is over: the last refresh when its second is up
        await settle(pilot)
        assert len(merged) == 4 and all(m.results is not None for m in merged)
        assert leadership_of(screen, target.name) == 59 % 5 + 1  # the last save shows
        assert parses == [target.name] * 4  # once a refresh; by the sessions list beneath: never

        clock.advance(5.0)  # a quiet spell: the next save shows at once
        save(target, lambda d: d["scores"].__setitem__("leadership", 2))
        changed()
        await settle(pilot)
        assert len(merged) == 5 and leadership_of(screen, target.name) == 2


async def test_a_slow_refresh_is_shown_not_replaced(demo_dir, framework, monkeypatch):
    """A change while a refresh is still reading waits for it, then is read: each refresh shows,
    where a refresh replaced by the next would leave a storm showing nothing new."""
    import threading

    from bb_tui.core import collection
    from tests.support.clock import FakeClock

    monkeypatch.setenv("BB_TUI_LIVE", "poll:3600")
    target = demo_dir / "amina-okafor.toml"
    reading, release = threading.Event(), threading.Event()
    real = collection.parse_toml_bytes

    def slow(path, data):
        if Path(path).name == target.name and not release.is_set():
            reading.set()
            release.wait(10)
        return real(path, data)

    merged: list[ResultsScreen.Merged] = []

    def hook(message) -> None:  # a message is posted again as it bubbles: counted once
        if isinstance(message, ResultsScreen.Merged) and all(m is not message for m in merged):
            merged.append(message)

    app = BBApp(framework, Path("demo"), cursor_blink=False, ascii=True)
    async with run_test(app, size=(100, 30), message_hook=hook) as pilot:
        screen = await open_results(pilot)
        clock = FakeClock()  # still: the slow refresh asks for no rest after it
        screen.watcher.throttle.clock, screen.watcher.throttle.later = clock, clock.later
        monkeypatch.setattr(collection, "parse_toml_bytes", slow)
        merged.clear()
        save(target, lambda d: d["scores"].__setitem__("leadership", 1))
        screen.post_message(FolderChanged())
        assert await wait_until(pilot, reading.is_set)  # the refresh is reading the file
        save(target, lambda d: d["scores"].__setitem__("leadership", 4))
        screen.post_message(FolderChanged())  # the next second's change, while it reads
        await pilot.pause()
        release.set()
        assert await wait_until(pilot, lambda: len(merged) == 2)
        await settle(pilot)
        assert len(merged) == 2 and all(m.results is not None for m in merged)
        assert leadership_of(screen, target.name) == 4


async def test_a_file_over_the_limit_is_never_parsed_and_files_says_why(
    demo_dir, framework, monkeypatch, parses
):
    """Rewritten again and again, a session past the size limit is refused by its size before
    any byte is read: one line in Files (6), as for every other bad file."""
    from bb_tui.storage.tomlio import MAX_FILE_BYTES
    from tests.support.clock import FakeClock

    monkeypatch.setenv("BB_TUI_LIVE", "poll:3600")
    big = demo_dir / "big.toml"
    good = (demo_dir / "amina-okafor.toml").read_bytes()
    app = BBApp(framework, Path("demo"), cursor_blink=False, ascii=True)
    async with run_test(app, size=(120, 40)) as pilot:
        screen = await open_results(pilot)
        clock = FakeClock()
        screen.watcher.throttle.clock, screen.watcher.throttle.later = clock, clock.later
        await pilot.press("6")
        parses.clear()
        for n in range(5):
            big.write_bytes(good + b"#" * (MAX_FILE_BYTES + n - len(good) + 1) + b"\n")
            clock.advance(1.0)
            screen.watcher.changed()
            await settle(pilot)
            line = f"big.toml: is {big.stat().st_size:,} bytes, over the {MAX_FILE_BYTES:,}-byte"
            assert line in " ".join(screen_text(app).split())
        assert "big.toml" not in parses and shared_reads(app).refused == 5
