"""The folder watcher: which way it watches, one call per save, and it stops."""

from __future__ import annotations

import os
import threading
import time

import pytest

from bb_tui.tui.runtime import watch
from bb_tui.tui.runtime.watch import FolderWatcher, choose


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
    import builtins

    real = builtins.__import__

    def no_watchfiles(name, *args, **kwargs):
        if name == "watchfiles":
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.delenv("BB_TUI_LIVE", raising=False)
    monkeypatch.setattr(builtins, "__import__", no_watchfiles)
    assert choose(tmp_path) == ("polling", 1.0)


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
