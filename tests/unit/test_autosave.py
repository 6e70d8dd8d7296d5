"""Autosave and edit rules, without a terminal: order kept, last edit never lost, conflicts kept."""

from __future__ import annotations

import time
import tomllib
from pathlib import Path

import pytest

from bb_tui.core import autosave
from bb_tui.core.autosave import Autosaver
from bb_tui.core.editing import OpenSession, ReadOnlyError, needs_nudge
from bb_tui.core.framework import load_framework
from bb_tui.core.session import SessionFile, new_session
from bb_tui.storage.errors import SaveError


@pytest.fixture(scope="module")
def framework():
    return load_framework()


@pytest.fixture
def file(tmp_path, framework) -> SessionFile:
    return SessionFile.create(tmp_path, new_session(framework, "Pat"), framework)


def on_disk(path: Path) -> dict:
    return tomllib.loads(path.read_text("utf-8"))


def wait_until(condition, timeout: float = 3.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return False


def test_a_burst_of_changes_is_coalesced_and_the_last_one_lands(file, framework):
    writes = []
    saver = Autosaver(file, writes.append, delay=0.1, max_delay=0.5)
    for n in range(50):
        file.session.set_score("leadership", n % 5 + 1)
        saver.changed()
    assert wait_until(lambda: not saver.unsaved)
    assert on_disk(file.path)["scores"]["leadership"] == 49 % 5 + 1
    assert 1 <= len(writes) <= 3 and all(r.ok for r in writes)
    saver.close()


def test_continuous_typing_is_still_saved_within_max_delay(file):
    saver = Autosaver(file, delay=0.3, max_delay=0.6)
    start = time.monotonic()
    seen = None
    while time.monotonic() - start < 1.5 and seen is None:
        file.session.set_text("evidence", "leadership", f"typing {time.monotonic()}")
        saver.changed()
        time.sleep(0.05)  # faster than the quiet delay: only max_delay can trigger a save
        if "evidence" in on_disk(file.path):
            seen = time.monotonic() - start
    assert seen is not None and seen < 1.0
    saver.close()


def test_flush_writes_now_and_close_stops_the_thread(file):
    saver = Autosaver(file, delay=30, max_delay=30)
    file.session.set_score("locality", 2)
    saver.changed()
    report = saver.flush()
    assert report is not None and report.ok
    assert on_disk(file.path)["scores"]["locality"] == 2
    assert saver.flush() is None  # nothing new
    saver.close()
    assert not saver._thread.is_alive()


def test_conflict_keeps_both_and_later_saves_go_to_the_copy(file, framework):
    saver = Autosaver(file, delay=30)
    other = SessionFile.open(file.path, framework)
    other.session.set_score("leadership", 5)
    other.save()
    file.session.set_score("leadership", 1)
    saver.changed()
    report = saver.flush()
    assert report.conflict and not report.ok
    assert on_disk(file.path)["scores"]["leadership"] == 5
    copy = report.path
    assert copy != file.path and on_disk(copy)["scores"]["leadership"] == 1
    file.session.set_score("locality", 3)
    saver.changed()
    assert saver.flush().ok
    assert on_disk(copy)["scores"] == {"leadership": 1, "locality": 3}
    assert "locality" not in on_disk(file.path).get("scores", {})
    saver.close()


def test_a_failed_save_keeps_the_edit_and_retries(file, monkeypatch):
    real = autosave.guarded_write
    failing = {"on": True}

    def write(target, data, expected, owner=None):
        if failing["on"]:
            raise SaveError(target, "not saved: the disk is full")
        return real(target, data, expected, owner)

    monkeypatch.setattr(autosave, "guarded_write", write)
    reports = []
    saver = Autosaver(file, reports.append, delay=0.05, retry=0.2)
    file.session.set_score("leadership", 4)
    saver.changed()
    assert wait_until(lambda: reports)
    assert not reports[0].ok and "disk is full" in reports[0].message and saver.unsaved
    failing["on"] = False
    assert wait_until(lambda: not saver.unsaved)
    assert on_disk(file.path)["scores"]["leadership"] == 4
    assert reports[-1].ok
    saver.close()


def test_read_only_session_refuses_edits_and_writes_nothing(file, framework):
    before = file.path.read_bytes()
    opened = OpenSession(SessionFile.open(file.path, framework), read_only=True)
    with pytest.raises(ReadOnlyError):
        opened.set_score("leadership", 3)
    assert opened.flush() is None
    assert file.path.read_bytes() == before


def test_unchanged_text_is_not_saved_again(file, framework):
    opened = OpenSession(file)
    opened.set_text("evidence", "leadership", "  Works well  ")
    assert opened.unsaved
    opened.flush()
    opened.set_text("evidence", "leadership", "Works well")
    assert not opened.unsaved
    opened.close()


@pytest.mark.parametrize(
    "scores, nudge",
    [
        ({}, False),
        ({"leadership": 3, "locality": 3, "common-agenda": 3}, False),  # too few to tell
        ({"leadership": 4, "locality": 4, "common-agenda": 4, "single-service": 4}, True),
        (
            {
                e: 3
                for e in [
                    "leadership",
                    "common-agenda",
                    "joint-governance",
                    "communicating-why",
                    "mutual-understanding",
                    "working-practices",
                ]
            }
            | {"locality": 2},
            False,
        ),
        (
            {
                e: 3
                for e in [
                    "leadership",
                    "common-agenda",
                    "joint-governance",
                    "communicating-why",
                    "mutual-understanding",
                    "working-practices",
                    "locality",
                ]
            }
            | {"single-service": 1, "information-sharing": 5},
            True,
        ),
    ],
)
def test_nudge_rule(framework, scores, nudge):
    session = new_session(framework, "Pat")
    for enabler_id, score in scores.items():
        session.set_score(enabler_id, score)
    assert needs_nudge(session, framework) is nudge
