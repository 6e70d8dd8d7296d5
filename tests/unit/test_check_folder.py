"""`bb-tui check-folder`: the pure checks on stat results, and the command on folders of our own.

These run as any user; tests/security/test_check_folder.py runs the same cases with real users.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from bb_tui.cli.check_folder import (
    NOTE,
    OK,
    PROBLEM,
    entry_findings,
    folder_findings,
    parent_findings,
)
from bb_tui.cli.main import COMMANDS, main

ME, OTHER = 1000, 1001


def fake(kind: int, perm: int, uid: int = ME, gid: int = 100, nlink: int = 1) -> os.stat_result:
    return os.stat_result((kind | perm, 1, 1, nlink, uid, gid, 0, 0, 0, 0))


def levels(found) -> list[str]:
    return [f.level for f in found]


def problems(found) -> list[str]:
    lines = [f.line() for f in found if f.level == PROBLEM]
    assert all("\n" not in line for line in lines)
    return lines


def run(capsys, *argv) -> tuple[int, str, str]:
    try:
        code = main(["check-folder", *map(str, argv)])
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


# ---------------------------------------------------------------- the folder's mode


def test_registered():
    assert "bb_tui.cli.check_folder" in COMMANDS


@pytest.mark.parametrize("perm", [0o3770, 0o3775, 0o3750 | 0o020])
def test_setgid_and_sticky_group_folder_is_safe(perm):
    found = folder_findings(fake(stat.S_IFDIR, perm), "/srv/s")
    assert problems(found) == []
    assert any(
        f.level == OK and f.text.startswith("setgid bit set (new files get group") for f in found
    )
    assert any(f.level == OK and f.text.startswith("sticky bit set") for f in found)


def test_other_readable_folder_is_a_note_not_a_problem():
    found = folder_findings(fake(stat.S_IFDIR, 0o3775, uid=0), "/srv/s")
    assert [f.fix for f in found if f.level == NOTE] == ["chmod o-rwx /srv/s"]


def test_no_sticky_bit_is_a_problem_with_its_fix():
    assert problems(folder_findings(fake(stat.S_IFDIR, 0o2770, uid=0), "/srv/s")) == [
        (
            "problem: no sticky bit: any member can delete or rename a colleague's file. "
            "Fix: chmod +t /srv/s"
        )
    ]


def test_no_setgid_bit_is_a_problem_with_its_fix():
    (line,) = problems(folder_findings(fake(stat.S_IFDIR, 0o1770), "/srv/s"))
    assert line.startswith("problem: no setgid bit") and line.endswith("Fix: chmod g+s /srv/s")


def test_world_writable_is_a_problem():
    found = folder_findings(fake(stat.S_IFDIR, 0o3777), "/srv/s")
    assert any(
        "world-writable" in p and p.endswith("Fix: chmod o-w /srv/s") for p in problems(found)
    )


def test_a_shared_folder_owned_by_a_person_is_a_note():
    found = folder_findings(fake(stat.S_IFDIR, 0o3770, uid=0), "/srv/s")
    assert NOTE not in levels(found)
    found = folder_findings(fake(stat.S_IFDIR, 0o3770, uid=ME), "/srv/s")
    assert levels(found).count(NOTE) == 1 and problems(found) == []


def test_private_folder_is_safe():
    found = folder_findings(fake(stat.S_IFDIR, 0o700), "/home/me/s")
    assert problems(found) == [] and "private folder" in found[1].text


def test_symlinked_folder_is_a_problem():
    (line,) = problems(folder_findings(fake(stat.S_IFLNK, 0o777), "/srv/s"))
    assert "symbolic link" in line and "readlink -f /srv/s" in line


def test_path_with_spaces_and_controls_is_quoted_exactly_without_a_control_character():
    (line,) = problems(folder_findings(fake(stat.S_IFDIR, 0o2770), "/srv/my \x1b[31mteam"))
    assert line.endswith("Fix: chmod +t $'/srv/my \\x1b[31mteam'") and "\x1b" not in line


# ---------------------------------------------------------------- the folders above


def test_group_writable_parent_without_sticky_is_a_problem():
    chain = [
        ("/", fake(stat.S_IFDIR, 0o755, uid=0)),
        ("/srv", fake(stat.S_IFDIR, 0o775, uid=0)),
        ("/srv/s", fake(stat.S_IFDIR, 0o3770, uid=0)),
    ]
    (line,) = problems(parent_findings(chain, 0))
    assert "/srv above the folder is writable by group" in line and line.endswith("chmod go-w /srv")


def test_sticky_world_writable_parent_is_fine_when_it_cannot_rename_the_child():
    chain = [
        ("/", fake(stat.S_IFDIR, 0o755, uid=0)),
        ("/tmp", fake(stat.S_IFDIR, 0o1777, uid=0)),
        ("/tmp/s", fake(stat.S_IFDIR, 0o3770, uid=ME)),
    ]
    assert levels(parent_findings(chain, ME)) == [OK]


def test_sticky_parent_does_not_help_when_the_child_is_someone_elses():
    chain = [
        ("/", fake(stat.S_IFDIR, 0o755, uid=0)),
        ("/tmp", fake(stat.S_IFDIR, 0o1777, uid=0)),
        ("/tmp/x", fake(stat.S_IFDIR, 0o755, uid=OTHER)),
        ("/tmp/x/s", fake(stat.S_IFDIR, 0o3770, uid=0)),
    ]
    swap, owner = problems(parent_findings(chain, 0))
    assert "/tmp above the folder is writable by anyone" in swap
    assert "/tmp/x above the folder is owned by" in owner


# ---------------------------------------------------------------- entries


def entry(name, st, owners=None, target=None, pid_alive=None):
    return entry_findings(
        "/srv/s", name, st, folder_gid=100, owners=owners or {}, target=target, pid_alive=pid_alive
    )


def test_symlink_says_where_it_points_and_who_made_it():
    (line,) = problems(
        entry("carol.toml", fake(stat.S_IFLNK, 0o777, uid=0), target="/etc/shad\x07ow")
    )
    assert "stray symbolic link carol.toml -> /etc/shadow (made by root)" in line
    assert line.endswith("Fix: rm /srv/s/carol.toml (as root or root)")


@pytest.mark.parametrize(
    "kind,word",
    [
        (stat.S_IFIFO, "FIFO"),
        (stat.S_IFSOCK, "socket"),
        (stat.S_IFCHR, "device"),
        (stat.S_IFBLK, "device"),
    ],
)
def test_pipes_sockets_devices_are_problems(kind, word):
    (line,) = problems(entry("x.toml", fake(kind, 0o644)))
    assert word in line and "Fix: rm /srv/s/x.toml" in line


def test_toml_directory_is_a_problem_other_directories_are_not():
    (line,) = problems(entry("dan.toml", fake(stat.S_IFDIR, 0o755)))
    assert "directory named like a session" in line and "Fix: rmdir /srv/s/dan.toml" in line
    assert entry("exports", fake(stat.S_IFDIR, 0o755)) == []


def test_hard_link_is_a_problem():
    (line,) = problems(entry("a.toml", fake(stat.S_IFREG, 0o640, nlink=2)))
    assert "hard-linked (2 names" in line and "cp -p /srv/s/a.toml /srv/s/a.toml.copy" in line


@pytest.mark.parametrize("perm,word", [(0o660, "group-writable"), (0o646, "world-writable")])
def test_writable_session_is_a_problem_fixed_by_chmod_640(perm, word):
    (line,) = problems(entry("alice.toml", fake(stat.S_IFREG, perm)))
    assert word in line and "Fix: chmod 640 /srv/s/alice.toml" in line


def test_well_kept_session_has_no_findings():
    assert entry("alice.toml", fake(stat.S_IFREG, 0o640)) == []


def test_unreadable_or_wrong_group_session_is_a_note():
    assert levels(entry("a.toml", fake(stat.S_IFREG, 0o600, gid=7))) == [NOTE, NOTE]


def test_partnership_file_owner_and_mode_are_reported():
    (ok,) = entry("partnership.toml", fake(stat.S_IFREG, 0o640, uid=0))
    assert (
        ok.level == OK
        and ok.text == "partnership.toml is root's, mode 0640 (only root can change it)"
    )
    (line,) = problems(entry("partnership.toml", fake(stat.S_IFREG, 0o664)))
    assert "the partnership file" in line and "chmod 640" in line


def test_lock_made_by_someone_else_is_a_problem_own_lock_is_not():
    owners = {"alice.toml": ME}
    for name in (".alice.toml.lock", ".alice.toml.inuse", ".alice.toml.4242.x1y2.bb-tmp"):
        (line,) = problems(entry(name, fake(stat.S_IFREG, 0o640, uid=OTHER), owners))
        assert "not by" in line and f"Fix: rm /srv/s/{name}" in line
        assert (
            entry(name, fake(stat.S_IFREG, 0o640, uid=ME), owners, pid_alive=lambda pid: True) == []
        )


def test_dead_temp_is_a_note():
    (note,) = entry(
        ".a.toml.99.x.bb-tmp",
        fake(stat.S_IFREG, 0o600),
        {"a.toml": ME},
        pid_alive=lambda pid: False,
    )
    assert note.level == NOTE and "leftover temp" in note.text


# ---------------------------------------------------------------- the command, on our own folder


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    tmp_path.chmod(0o755)
    shared = tmp_path / "sessions"
    shared.mkdir()
    shared.chmod(0o3770)
    for name in ("alice.toml", "partnership.toml"):
        (shared / name).write_text("")
        (shared / name).chmod(0o640)
    return shared


def test_good_folder_exits_0(capsys, folder):
    code, out, err = run(capsys, folder)
    assert (code, err) == (0, "")
    assert "ok: setgid bit set (new files get group '" in out
    assert out.splitlines()[-1] == f"{folder}: safe"


def test_missing_folder_is_usage_error(capsys, tmp_path):
    code, out, err = run(capsys, tmp_path / "nope")
    assert (code, out) == (
        2,
        "",
    ) and err == f"bb-tui check-folder: {tmp_path / 'nope'}: no such folder\n"


def test_a_file_is_not_a_folder(capsys, folder):
    code, _, err = run(capsys, folder / "alice.toml")
    assert code == 2 and err.endswith("not a folder\n")


def test_planted_link_fifo_and_bad_name_are_reported_without_following(capsys, folder, tmp_path):
    os.symlink(tmp_path / "elsewhere", folder / "carol.toml")
    os.mkfifo(folder / "pipe.toml")
    (folder / "e\x1b[2Jvil.toml").write_text("")
    (folder / "e\x1b[2Jvil.toml").chmod(0o666)
    code, out, _ = run(capsys, folder)
    assert code == 1 and "\x1b" not in out
    assert f"stray symbolic link carol.toml -> {tmp_path / 'elsewhere'}" in out
    assert "pipe.toml is a FIFO" in out
    assert "session $'e\\x1b[2Jvil.toml'" in out
    assert out.splitlines()[-1] == f"{folder}: 3 problem(s)"


def test_symlinked_folder_is_not_followed(capsys, folder, tmp_path):
    os.symlink(folder, tmp_path / "link")
    code, out, _ = run(capsys, tmp_path / "link")
    assert code == 1 and "is a symbolic link" in out and "alice.toml" not in out


def test_json(capsys, folder):
    os.mkfifo(folder / "pipe.toml")
    code, out, _ = run(capsys, folder, "--json")
    data = json.loads(out)
    assert code == 1 and data["safe"] is False
    assert {"level", "text", "fix"} == set(data["findings"][0])
    assert any(f["level"] == PROBLEM and "FIFO" in f["text"] for f in data["findings"])


def test_fifo_link_does_not_block_a_real_process(folder, tmp_path):
    os.mkfifo(tmp_path / "fifo")
    os.symlink(tmp_path / "fifo", folder / "bob.toml")
    done = subprocess.run(
        [sys.executable, "-m", "bb_tui", "check-folder", str(folder)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 1 and "stray symbolic link bob.toml" in done.stdout
