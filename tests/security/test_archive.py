"""Issue 19: a session's owner archives it (moved into archive/, never deleted), as real users.

Only the owner may move a session; a link, a file or a colleague's folder planted at `archive`
is refused in one line and nothing moves; merge leaves archive/ out; the list brings it back.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from bb_tui.core.collection import collect
from bb_tui.core.framework import load_framework
from tests.support.accounts import as_user
from tests.support.demo import DATA

FW = load_framework()
GOOD = DATA / "good" / "full.toml"


def _session(team, account, name: str) -> Path:
    path = team.shared / name

    def make() -> int:
        shutil.copyfile(GOOD, path)
        path.chmod(0o640)
        return 0

    assert as_user(account, make).rc == 0
    return path


def _archive(path: Path):
    def run() -> int:
        from bb_tui.storage.archive import archive_session
        from bb_tui.storage.errors import BBError

        try:
            print(f"MOVED {archive_session(path)}")
        except BBError as exc:
            print(f"REFUSED {exc.line()}")
            return 3
        return 0

    return run


def _restore(folder: Path, name: str):
    def run() -> int:
        from bb_tui.storage.archive import restore_session
        from bb_tui.storage.errors import BBError

        try:
            print(f"BACK {restore_session(folder, name)}")
        except BBError as exc:
            print(f"REFUSED {exc.line()}")
            return 3
        return 0

    return run


def _one_line(outcome) -> str:
    assert outcome.err == "", outcome
    (line,) = outcome.out.splitlines()
    return line


def test_the_owner_archives_and_brings_back_and_merge_leaves_it_out(team):
    path = _session(team, team.alice, "alice.toml")
    data = path.read_bytes()
    before = len(collect([team.shared], FW).participants)
    assert before == 1
    outcome = as_user(team.alice, _archive(path))
    assert outcome.rc == 0, outcome
    moved = team.shared / "archive" / "alice.toml"
    assert _one_line(outcome) == f"MOVED {moved}"
    assert not path.exists() and moved.read_bytes() == data  # moved, never deleted
    assert moved.stat().st_uid == team.alice.uid
    assert len(collect([team.shared], FW).participants) == before - 1  # merge ignores archive/
    # the folder made for it is the team's, like the sessions folder, and nobody else's to empty
    mode = (team.shared / "archive").stat().st_mode
    assert mode & 0o1000 and not mode & 0o002

    _session(team, team.alice, "alice.toml")  # a new session took the name meanwhile
    outcome = as_user(team.alice, _restore(team.shared, "alice.toml"))
    assert _one_line(outcome) == f"BACK {team.shared / 'alice-2.toml'}"  # never over a name
    assert (team.shared / "alice-2.toml").read_bytes() == data and not moved.exists()


def test_only_the_owner_may_archive_a_session(team):
    path = _session(team, team.alice, "alice.toml")
    outcome = as_user(team.bob, _archive(path))
    assert outcome.rc == 3
    line = _one_line(outcome)
    assert "REFUSED" in line and f"belongs to {team.alice.name}: only its owner" in line
    assert path.exists()


def test_a_planted_link_file_or_foreign_folder_at_archive_is_refused(team):
    path = _session(team, team.alice, "alice.toml")
    data = path.read_bytes()
    target = team.bob.home / "trap"
    planted = team.shared / "archive"

    def plant_link() -> int:
        target.mkdir(mode=0o777)
        planted.symlink_to(target)
        return 0

    def plant_file() -> int:
        planted.write_text("x")
        return 0

    def plant_folder() -> int:
        planted.mkdir(mode=0o3770)
        return 0

    for plant, said in (
        (plant_link, "is a link or not a folder; not used, not followed"),
        (plant_file, "is a link or not a folder"),
        (plant_folder, f"belongs to {team.bob.name}, who could delete what is archived"),
    ):
        assert as_user(team.bob, plant).rc == 0
        outcome = as_user(team.alice, _archive(path))
        assert outcome.rc == 3, outcome
        line = _one_line(outcome)
        assert line.startswith(f"REFUSED {planted}") and said in line, line
        assert path.read_bytes() == data and list(target.iterdir()) == []
        as_user(
            team.bob,
            lambda: (
                planted.rmdir()
                if planted.is_dir() and not planted.is_symlink()
                else planted.unlink()
            ),
        )


def test_a_session_open_in_bb_tui_is_not_archived(team):
    path = _session(team, team.alice, "alice.toml")

    def hold_and_try() -> int:
        from bb_tui.storage.safesave import InUseLock

        lock = InUseLock(path)
        assert lock.acquire() is None  # open in the app (as if another window)
        pid = os.fork()
        if pid == 0:  # another process of hers tries to archive it
            rc = _archive(path)()
            sys.stdout.flush()
            os._exit(rc)
        return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])

    outcome = as_user(team.alice, hold_and_try)
    assert outcome.rc == 3, outcome
    assert "is open in" in outcome.out and "close it there first" in outcome.out
    assert path.exists() and not (team.shared / "archive").exists()
