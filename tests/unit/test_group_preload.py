"""The group screens are imported once, off the UI thread, after the first one has painted."""

from __future__ import annotations

import threading

from bb_tui.tui.screens.group import background


def test_preload_imports_every_group_screen_once_in_another_thread(monkeypatch):
    imported: list[tuple[str, bool]] = []

    def import_module(name):
        imported.append((name, threading.current_thread() is threading.main_thread()))

    monkeypatch.setattr(background, "_preloading", False)
    monkeypatch.setattr(background.importlib, "import_module", import_module)
    thread = background.preload()
    assert thread is not None
    thread.join(5)
    assert background.preload() is None  # once per process
    assert [name for name, _ in imported] == list(background.GROUP_SCREENS)
    assert not any(on_ui for _, on_ui in imported)


def test_a_module_that_fails_to_import_does_not_stop_the_others(monkeypatch):
    imported: list[str] = []

    def import_module(name):
        if name.endswith("broken"):
            raise ImportError(name)
        imported.append(name)

    monkeypatch.setattr(background, "_preloading", False)
    monkeypatch.setattr(background.importlib, "import_module", import_module)
    thread = background.preload(("a.broken", "b.fine"))
    thread.join(5)
    assert imported == ["b.fine"]
