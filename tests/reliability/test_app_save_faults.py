"""Saving fails under the app (fsync, rename, a read-only folder), and symlinked files, through the
app's own path: the user is told, the file is untouched, the edits stay in memory and are saved
once the disk allows it.

The faults are injected at the lowest level, in the os / tempfile calls bb_tui.storage.safesave makes, so
everything above them (guarded_write, the autosave thread, the app's reports, the partnership
panels) runs for real. tests/unit/test_safesave.py covers the same faults against atomic_write.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
import tomllib
from pathlib import Path

import pytest
from textual.widgets import Static

from bb_tui.core import autosave
from bb_tui.core.partnership import FILE_NAME, load_partnership
from bb_tui.tui.app import BBApp
from bb_tui.tui.dialogs.unsaved import UnsavedScreen
from bb_tui.tui.screens.group.challenges import ChallengesScreen
from bb_tui.tui.screens.participant.enabler import EnablerScreen
from tests.support.partnership_host import PanelHost, settle
from tests.support.piloting import (
    notification_log,
    notifications,
    run_test,
    screen_text,
    wait_until,
)

SESSION = "joanne-hallett.toml"

# (what fails, errno, what the user reads)
FAULTS = [
    ("fsync", errno.ENOSPC, "the disk is full"),
    ("fsync", errno.EIO, "Input/output error"),
    ("replace", errno.EIO, "Input/output error"),
    ("replace", errno.ENOSPC, "the disk is full"),
    ("mkstemp", errno.EROFS, "cannot be written to"),  # a read-only folder
    ("mkstemp", errno.EACCES, "cannot be written to"),  # a folder we may not write
]


class Disk:
    """Makes one of the calls a save makes fail with `err` while `failing` is set."""

    def __init__(self, monkeypatch) -> None:
        self.fault: tuple[str, int] | None = None
        self.failures = 0
        for module, name in ((os, "fsync"), (os, "replace"), (tempfile, "mkstemp")):
            monkeypatch.setattr(module, name, self._wrap(name, getattr(module, name)))

    def _wrap(self, name, real):
        def call(*args, **kwargs):
            if self.fault is not None and self.fault[0] == name:
                self.failures += 1
                raise OSError(self.fault[1], os.strerror(self.fault[1]))
            return real(*args, **kwargs)

        return call


def scores(path: Path) -> dict:
    return tomllib.loads(path.read_text("utf-8")).get("scores", {})


def stray(folder: Path) -> list[str]:
    return sorted(
        p.name for p in folder.iterdir() if p.name.endswith(".bb-tmp") or ".conflict-" in p.name
    )


async def test_every_save_fault_is_told_keeps_the_edits_and_saves_them_later(
    demo_copy, framework, monkeypatch
):
    """One app session through six faults in turn; then a quit while the disk is still failing."""
    path = demo_copy / SESSION
    monkeypatch.setattr(autosave, "RETRY", 0.3)
    disk = Disk(monkeypatch)
    app = BBApp(framework, Path("demo"), path, cursor_blink=False, theme="textual-dark")
    enablers = [e.id for e in framework.enablers]
    async with run_test(app, size=(80, 24)) as pilot:
        raised = notification_log(app)
        await pilot.press("enter")  # locality
        assert isinstance(app.screen, EnablerScreen)
        score = 1
        for name, err, words in FAULTS:
            good = path.read_bytes()
            disk.fault, disk.failures = (name, err), 0
            shown = len(raised)
            score = score % 5 + 1
            enabler = app.screen.enabler.id
            await pilot.press(str(score))
            assert await wait_until(pilot, lambda: disk.failures > 0), name

            def told() -> list[str]:
                return [n for n in raised[shown:] if words in n]  # noqa: B023

            assert await wait_until(pilot, lambda: told() and "NOT SAVED" in screen_text(app))
            assert "your changes are kept" in told()[0], (name, raised)
            assert path.read_bytes() == good  # the original is untouched
            # and no temp file is left: a retry (every 0.3 s) holds one only while it runs, so a
            # check at that moment saw it under load; one left behind never goes
            assert await wait_until(pilot, lambda: stray(demo_copy) == [], 10), stray(demo_copy)
            assert app.current.session.scores[enabler] == score  # the edit is kept in memory
            await pilot.press("right")  # more edits while failing
            await pilot.press(str(6 - score))
            second = app.screen.enabler.id
            failures = disk.failures
            assert await wait_until(pilot, lambda: disk.failures > failures)  # noqa: B023 - retried
            assert path.read_bytes() == good

            disk.fault = None  # the disk recovers: saved
            assert await wait_until(pilot, lambda: scores(path).get(second) == 6 - score), name  # noqa: B023 - awaited here
            assert scores(path)[enabler] == score
            assert await wait_until(pilot, lambda: "NOT SAVED" not in screen_text(app)), name
            assert any("nothing was lost" in n for n in raised[shown:])
            assert stray(demo_copy) == []
            if enablers.index(second) == len(enablers) - 1:
                await pilot.press("left")

        await pilot.press("ctrl+q")  # all saved: leaves at once
    assert app.return_code == 0
    assert stray(demo_copy) == []


@pytest.mark.parametrize("choice", ["r", "d"], ids=["retry", "discard"])
async def test_quitting_while_saves_fail_asks_then_leaves_cleanly(
    demo_copy, framework, monkeypatch, choice
):
    """Leaving while the disk fails asks first; retrying while it still fails asks again.
    Retry once it recovers saves and leaves; discard while it still fails leaves the file as
    it was."""
    path = demo_copy / SESSION
    good = path.read_bytes()
    disk = Disk(monkeypatch)
    app = BBApp(framework, Path("demo"), path, cursor_blink=False, theme="textual-dark")
    async with run_test(app, size=(80, 24)) as pilot:
        disk.fault = ("fsync", errno.ENOSPC)
        await pilot.press("enter", "3", "ctrl+q")
        assert await wait_until(pilot, lambda: isinstance(app.screen, UnsavedScreen))
        assert "the disk is full" in screen_text(app)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedScreen) and path.read_bytes() == good
        if choice == "r":
            disk.fault = None  # the disk recovers: retry saves, then leaves
        await pilot.press(choice)  # discard: leaves while the disk still fails
        await pilot.pause()
    assert app.return_code == 0
    if choice == "r":
        assert scores(path)["locality"] == 3
    else:
        assert path.read_bytes() == good
    assert stray(demo_copy) == []


async def test_a_partnership_panel_save_failure_is_told_and_kept(tmp_path, monkeypatch):
    folder = tmp_path / "demo"
    shutil.copytree(Path(__file__).resolve().parents[2] / "sessions" / "demo", folder)
    path = folder / FILE_NAME
    disk = Disk(monkeypatch)
    app = PanelHost(ChallengesScreen, folder)
    async with run_test(app, size=(80, 24)) as pilot:
        await settle(pilot)
        good = path.read_bytes()
        assert (
            not load_partnership(path, app.panel.framework)
            .challenges["shifting-landscapes"]
            .in_play
        )
        disk.fault = ("replace", errno.EIO)
        await pilot.press("down", "down", "down", "down", "space")  # shifting landscapes: in play
        await pilot.pause()
        status = str(app.panel.query_one("#partnership-status", Static).render())
        assert status.startswith("NOT SAVED") and "Input/output error" in status
        assert any("Input/output error" in n for n in notifications(app))
        assert path.read_bytes() == good and stray(folder) == []
        assert app.panel.partnership.challenges["shifting-landscapes"].in_play  # kept in memory
        disk.fault = None
        await pilot.press("i")  # the next change saves both
        await pilot.pause()
    view = load_partnership(path, app.panel.framework).challenges["shifting-landscapes"]
    assert view.in_play and view.response == "influence"
    assert stray(folder) == []


def _link_to_real(folder: Path, real_dir: Path, name: str, mode: int) -> tuple[Path, Path]:
    """Move `name` out to real_dir with `mode`, and leave a relative symlink in its place."""
    real_dir.mkdir(exist_ok=True)
    real = real_dir / name
    shutil.move(folder / name, real)
    os.chmod(real, mode)
    link = folder / name
    link.symlink_to(os.path.relpath(real, folder))
    return link, real


async def test_a_symlinked_session_stays_a_symlink_with_its_bits_when_the_app_saves(
    demo_copy, framework
):
    link, real = _link_to_real(demo_copy, demo_copy.parent / "elsewhere", SESSION, 0o640)
    target = os.readlink(link)
    app = BBApp(framework, Path("demo"), link, cursor_blink=False, theme="textual-dark")
    async with run_test(app, size=(80, 24)) as pilot:
        await pilot.press("enter", "5")
        assert await wait_until(pilot, lambda: scores(real).get("locality") == 5)
        await pilot.press("ctrl+q")
    assert link.is_symlink() and os.readlink(link) == target
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert scores(link)["locality"] == 5
    assert stray(demo_copy) == [] and stray(real.parent) == []


async def test_a_symlinked_partnership_file_stays_a_symlink_with_its_bits(tmp_path):
    folder = tmp_path / "demo"
    shutil.copytree(Path(__file__).resolve().parents[2] / "sessions" / "demo", folder)
    link, real = _link_to_real(folder, tmp_path / "shared", FILE_NAME, 0o600)
    target = os.readlink(link)
    app = PanelHost(ChallengesScreen, folder)
    async with run_test(app, size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "down", "down", "space")
        await pilot.pause()
    assert link.is_symlink() and os.readlink(link) == target
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert load_partnership(real, app.panel.framework).challenges["shifting-landscapes"].in_play
    assert stray(folder) == [] and stray(real.parent) == []
