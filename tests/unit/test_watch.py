"""The folder watcher: which way it watches, one call per save, and it stops."""

from __future__ import annotations

import itertools
import os
import sys
import threading
import time

import pytest

from bb_tui.tui.runtime import watch
from bb_tui.tui.runtime.watch import FolderWatcher, choose
from tests.support.clock import FakeClock


def test_choice_follows_the_override_and_the_filesystem(tmp_path, monkeypatch):
    monkeypatch.setenv("BB_TUI_LIVE", "poll:0.25")
    assert choose(tmp_path) == ("polling", 0.25)
    monkeypatch.setenv("BB_TUI_LIVE", "off")
    assert choose(tmp_path) == ("off", 0.0) and FolderWatcher(tmp_path, print).label == ""
    monkeypatch.delenv("BB_TUI_LIVE")
    pytest.importorskip("watchfiles")
    monkeypatch.setattr(watch, "filesystem_type", lambda folder: "nfs4")
    assert choose(tmp_path) == ("polling", 1.0)  # inotify does not see other machines' writes
    assert FolderWatcher(tmp_path, print).label == "live: polling every 1 s"
    monkeypatch.setattr(watch, "filesystem_type", lambda folder: "ext4")
    assert FolderWatcher(tmp_path, print).label == "live: inotify"


def test_without_watchfiles_it_polls(tmp_path, monkeypatch):
    monkeypatch.delenv("BB_TUI_LIVE", raising=False)
    monkeypatch.setitem(sys.modules, "watchfiles", None)  # as if not installed: import fails
    assert choose(tmp_path) == ("polling", 1.0)


def test_choosing_does_not_import_watchfiles_and_a_failed_import_polls(tmp_path, monkeypatch):
    """Choosing only looks for watchfiles (importing it took 10-25 ms before the first paint);
    the watching thread imports it, and polls when that fails."""
    pytest.importorskip("watchfiles")
    monkeypatch.setenv("BB_TUI_LIVE", "inotify")
    monkeypatch.delitem(sys.modules, "watchfiles", raising=False)
    watcher = FolderWatcher(tmp_path, print)
    assert watcher.label == "live: inotify" and "watchfiles" not in sys.modules
    monkeypatch.setitem(sys.modules, "watchfiles", None)  # found, but its import fails
    heard = threading.Event()
    watcher = FolderWatcher(tmp_path, heard.set).start()
    try:
        deadline = time.monotonic() + 10
        while watcher.mode != "polling" and time.monotonic() < deadline:
            time.sleep(0.01)
        assert watcher.label == "live: polling every 1 s"
        for n in range(30):  # saves go on until one is heard (polling began with a listing)
            (tmp_path / "a.toml").write_text(f"x = {n}\n")
            if heard.wait(0.5):
                break
        assert heard.is_set()
    finally:
        watcher.stop()


@pytest.mark.parametrize("mode", ["poll:0.05", "inotify"])
def test_a_save_is_heard_and_hidden_temp_files_are_not(tmp_path, monkeypatch, mode):
    if mode == "inotify":
        pytest.importorskip("watchfiles")
    monkeypatch.setenv("BB_TUI_LIVE", mode)
    (tmp_path / "a.toml").write_text("x = 1\n")
    calls: list[float] = []
    heard = threading.Event()
    watcher = FolderWatcher(tmp_path, lambda: (calls.append(time.monotonic()), heard.set()))
    watcher.start()
    try:
        time.sleep(0.5)
        (tmp_path / ".a.toml.123.bb-tmp").write_text("x = 2\n")  # a temp file: not a change
        (tmp_path / "notes.txt").write_text("not a session\n")
        time.sleep(0.6)
        assert calls == []
        os.replace(tmp_path / ".a.toml.123.bb-tmp", tmp_path / "a.toml")  # the save
        assert heard.wait(10)
    finally:
        watcher.stop()
    assert watcher._thread is not None
    watcher._thread.join(10)
    assert not watcher._thread.is_alive()


# ------------------------------------------------------------ the throttle: at most once a second


def throttled(gap: float = 1.0) -> tuple[watch.Throttle, FakeClock, list[float]]:
    clock, fired = FakeClock(), []
    throttle = watch.Throttle(
        lambda: fired.append(clock.now), gap=gap, clock=clock, later=clock.later
    )
    return throttle, clock, fired


def test_a_single_change_fires_at_once():
    throttle, clock, fired = throttled()
    clock.advance(10.0)
    throttle.changed()
    assert fired == [10.0]
    clock.advance(5.0)  # nothing pending: nothing more
    assert fired == [10.0]


def test_a_storm_fires_once_a_second_and_once_after_it_ends():
    throttle, clock, fired = throttled()
    for _ in range(60):  # 3 s of changes, 20 a second
        clock.advance(0.05)
        throttle.changed()
    clock.advance(5.0)
    assert fired == pytest.approx([0.05, 1.05, 2.05, 3.05])  # leading, 2 during, trailing
    assert throttle.fired == 4
    assert all(b - a >= 1.0 - 1e-9 for a, b in itertools.pairwise(fired))


def test_the_last_change_of_a_storm_is_always_passed_on():
    throttle, clock, fired = throttled()
    throttle.changed()  # fires at 0
    clock.advance(0.99)
    throttle.changed()  # within the second: waits
    assert fired == [0.0]
    clock.advance(0.01)
    assert fired == pytest.approx([0.0, 1.0])


def test_stopping_drops_a_pending_call():
    throttle, clock, fired = throttled()
    throttle.changed()
    clock.advance(0.5)
    throttle.changed()
    throttle.stop()
    clock.advance(5.0)
    throttle.changed()
    assert fired == [0.0]


def test_the_trailing_call_runs_in_a_real_timer():
    heard: list[float] = []
    twice = threading.Event()
    throttle = watch.Throttle(
        lambda: (heard.append(time.monotonic()), len(heard) == 2 and twice.set()), gap=0.2
    )
    throttle.changed()
    throttle.changed()
    assert len(heard) == 1
    assert twice.wait(10)
    assert heard[1] - heard[0] >= 0.2 - 0.01


def test_the_watcher_passes_its_changes_through_the_throttle(tmp_path, monkeypatch):
    monkeypatch.setenv("BB_TUI_LIVE", "off")
    calls: list[int] = []
    watcher = FolderWatcher(tmp_path, lambda: calls.append(1))
    for _ in range(20):
        watcher.changed()  # what the watching thread calls, once per burst it sees
    assert calls == [1] and watcher.throttle.fired == 1
    watcher.stop()


def test_after_a_slow_refresh_the_next_waits_four_times_as_long():
    """A file that takes 1.5 s to read (a hostile one near the size limit), saved 20 times a
    second: read for 1.5 s in every 7.5 (a fifth of the time), never back to back."""
    clock = FakeClock()
    refresh: dict = {"until": None, "again": False}
    started: list[float] = []

    def fire() -> None:  # as Group results takes each FolderChanged
        if refresh["until"] is not None:
            refresh["again"] = True  # read once this refresh is shown
        else:
            started.append(clock.now)
            throttle.began()
            refresh["until"] = clock.now + 1.5

    throttle = watch.Throttle(fire, clock=clock, later=clock.later)
    for _ in range(24 * 20):  # 24 s of saves, 20 a second
        clock.advance(0.05)
        if refresh["until"] is not None and clock.now >= refresh["until"] - 1e-9:
            refresh["until"] = None
            throttle.done()
            if refresh["again"]:
                refresh["again"] = False
                throttle.changed()
        throttle.changed()
    assert started == pytest.approx([0.05, 7.55, 15.05, 22.55])


def test_after_a_quick_refresh_once_a_second_again():
    throttle, clock, fired = throttled()
    throttle.changed()
    throttle.began()
    clock.advance(1.5)
    throttle.done()  # slow: not before 1.5 + 6
    throttle.changed()
    clock.advance(6.0)
    assert fired == pytest.approx([0.0, 7.5])
    throttle.began()
    clock.advance(0.1)
    throttle.done()  # quick: the gap of a second rules again
    throttle.changed()
    clock.advance(1.0)
    assert fired == pytest.approx([0.0, 7.5, 8.5])
