"""The partnership file as an open document: shared per folder, locked, autosaved, conflicts kept."""

from __future__ import annotations

import ast
import shutil
import time
from pathlib import Path

import pytest

from bb_tui.core.editing import OpenPartnerships
from bb_tui.core.framework import load_framework
from bb_tui.core.partnership import FILE_NAME, load_partnership

REPO = Path(__file__).resolve().parents[2]
FW = load_framework()
PANELS = [
    "partnership_panel",
    "agreed",
    "challenges",
    "case_studies",
    "action_plan",
    "discussion",
    "rounds",
]


@pytest.fixture
def demo(tmp_path) -> Path:
    folder = tmp_path / "demo"
    shutil.copytree(REPO / "sessions" / "demo", folder)
    return folder


def wait_until(check, timeout: float = 3.0) -> bool:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_one_document_per_folder_shared_by_every_panel_and_closed_by_the_last(demo):
    opened, closed = [], []
    docs = OpenPartnerships(FW, opened.append, closed.append)
    first, _ = docs.attach(demo, print)
    second, notices = docs.attach(demo / ".." / "demo", repr)
    assert second is first and opened == [first] and notices == []
    assert docs.detach(first, print) is None and not first.closed
    docs.detach(first, repr)
    assert first.closed and closed == [first] and docs.documents() == []


def test_typing_is_saved_off_the_ui_thread_and_a_decision_at_once(demo):
    docs = OpenPartnerships(FW)
    doc, _ = docs.attach(demo, print)
    doc.claim()
    with doc.edit() as p:
        p.challenge("stretched-capacity").note = "Typed."
    assert doc.unsaved
    assert wait_until(lambda: not doc.unsaved)
    assert load_partnership(demo / FILE_NAME, FW).challenges["stretched-capacity"].note == "Typed."
    with doc.edit() as p:
        p.agreed["leadership"] = 2
    assert doc.save_now().ok
    assert load_partnership(demo / FILE_NAME, FW).agreed["leadership"] == 2
    docs.close_all()


def test_the_first_change_takes_the_in_use_lock_and_a_second_app_is_told(demo):
    mine, theirs = OpenPartnerships(FW), OpenPartnerships(FW)
    doc, _ = mine.attach(demo, print)
    assert not (demo / f".{FILE_NAME}.inuse").exists()  # looking leaves nothing behind
    assert doc.claim() == []
    other, _ = theirs.attach(demo, print)
    told = other.claim()
    assert len(told) == 1 and "also open elsewhere" in told[0] and "conflict copy" in told[0]
    mine.close_all()
    theirs.close_all()
    again, _ = OpenPartnerships(FW).attach(demo, print)
    assert again.claim() == []  # released on close


def test_someone_elses_save_is_kept_ours_goes_to_a_conflict_copy_and_we_carry_on_from_theirs(demo):
    docs = OpenPartnerships(FW)
    doc, _ = docs.attach(demo, print)
    doc.claim()
    theirs = (demo / FILE_NAME).read_bytes().replace(b'round = "Autumn 2026"', b'round = "Theirs"')
    (demo / FILE_NAME).write_bytes(theirs)
    with doc.edit() as p:
        p.challenge("shifting-landscapes").note = "Ours."
    report = doc.save_now()
    assert report.conflict and not report.ok and "\n" not in report.message
    assert (demo / FILE_NAME).read_bytes() == theirs
    copy = load_partnership(report.path, FW)
    assert copy.challenges["shifting-landscapes"].note == "Ours."
    assert doc.after_conflict() is None
    assert doc.partnership.round == "Theirs"
    with doc.edit() as p:
        p.agreed["locality"] = 4
    assert doc.save_now().ok
    on_disk = load_partnership(demo / FILE_NAME, FW)
    assert (on_disk.round, on_disk.agreed["locality"]) == ("Theirs", 4)
    docs.close_all()


@pytest.mark.parametrize("module", PANELS)
def test_panels_never_guess_whether_their_widgets_exist(module):
    """No `except Exception` around query_one: panels draw in on_mount, or when is_mounted."""
    path = REPO / "bb_tui" / "tui" / "screens" / "group" / f"{module}.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))

    def broad(handler: ast.ExceptHandler) -> bool:
        return handler.type is None or (
            isinstance(handler.type, ast.Name) and handler.type.id in {"Exception", "BaseException"}
        )

    guarded = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Try)
        and any(broad(h) for h in node.handlers)
        and any(
            isinstance(n, ast.Attribute) and n.attr == "query_one"
            for stmt in node.body
            for n in ast.walk(stmt)
        )
    ]
    assert guarded == [], f"{path.name}: query_one inside try at lines {guarded}"
