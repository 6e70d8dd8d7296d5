"""`bb-tui check-folder` with real users: a well set-up team folder passes; each unsafe set-up,
made the way a careless or hostile colleague would, exits 1 with one line naming it and its fix."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support.accounts import as_user, cli_as, own


def session(team, account, name: str, mode: int = 0o640) -> Path:
    path = team.shared / name
    path.write_text('format = "bb-session"\n')
    return own(path, account, mode)


@pytest.fixture
def folder(team):
    """team.shared (root's, 3775) with alice's and bob's sessions and facil's partnership file."""
    session(team, team.alice, "alice.toml")
    session(team, team.bob, "bob.toml")
    session(team, team.facil, "partnership.toml")
    return team.shared


def check_as(account, folder: Path, facilitator=None, **kwargs):
    """check-folder as `account`; a participant names the facilitator (whose partnership.toml
    should be: by default the account running it)."""
    named = ["--facilitator", facilitator.name] if facilitator is not None else []
    return cli_as(account, ["check-folder", str(folder), *named], timeout=30, **kwargs)


def problem_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("problem: ")]


def test_well_set_up_folder_is_safe(team, folder):
    result = check_as(team.alice, folder, team.facil)
    assert result.rc == 0, result
    assert f"ok: setgid bit set (new files get group '{team.group}')" in result.out
    assert "ok: sticky bit set" in result.out
    assert f"ok: partnership.toml is {team.facil.name}'s, mode 0640" in result.out
    assert result.out.splitlines()[-1] == f"{folder}: safe"


def _no_sticky(team):
    team.shared.chmod(0o2775)


def _no_setgid(team):
    team.shared.chmod(0o1775)


def _world_writable(team):
    team.shared.chmod(0o3777)


def _bob_plants_symlink(team):
    assert as_user(team.bob, lambda: os.symlink("/etc/passwd", team.shared / "carol.toml")).rc == 0


def _bob_makes_fifo(team):
    assert as_user(team.bob, lambda: os.mkfifo(team.shared / "pipe.toml")).rc == 0


def _alice_session_group_writable(team):
    (team.shared / "alice.toml").chmod(0o660)


def _bob_makes_toml_directory(team):
    assert as_user(team.bob, lambda: os.mkdir(team.shared / "dan.toml")).rc == 0


def _bob_hard_links(team):
    def plant():
        notes = team.bob.home / "notes.toml"
        notes.write_text("")
        os.link(notes, team.shared / "zed.toml")

    assert as_user(team.bob, plant, umask=0o027).rc == 0


def _bob_takes_alices_lock(team):
    assert (
        as_user(team.bob, lambda: (team.shared / ".alice.toml.lock").touch(), umask=0o027).rc == 0
    )


CASES = {  # how the folder is spoiled: (words the problem line names, the fix it gives)
    "no sticky bit": (_no_sticky, "no sticky bit", "Fix: chmod +t {dir}"),
    "no setgid bit": (_no_setgid, "no setgid bit", "Fix: chmod g+s {dir}"),
    "world-writable": (_world_writable, "world-writable", "Fix: chmod o-w {dir}"),
    "symlink by bob": (
        _bob_plants_symlink,
        "stray symbolic link carol.toml -> /etc/passwd (made by {bob})",
        "Fix: rm {dir}/carol.toml",
    ),
    "fifo": (_bob_makes_fifo, "pipe.toml is a FIFO", "Fix: rm {dir}/pipe.toml"),
    "group-writable session": (
        _alice_session_group_writable,
        "session alice.toml ({alice}'s) is group-writable",
        "Fix: chmod 640 {dir}/alice.toml",
    ),
    "toml directory": (
        _bob_makes_toml_directory,
        "dan.toml is a directory",
        "Fix: rmdir {dir}/dan.toml",
    ),
    "hard link": (
        _bob_hard_links,
        "zed.toml is hard-linked (2 names",
        "Fix: {bob} makes it a single copy: cp -p {dir}/zed.toml",
    ),
    "lock by bob": (
        _bob_takes_alices_lock,
        "lock file .alice.toml.lock was made by {bob}",
        "Fix: rm {dir}/.alice.toml.lock",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_each_unsafe_set_up_exits_1_with_problem_and_fix_in_one_line(team, folder, case):
    spoil, words, fix = CASES[case]
    spoil(team)
    names = {"dir": str(folder), "bob": team.bob.name, "alice": team.alice.name}
    result = check_as(team.alice, folder, team.facil)
    assert result.rc == 1, result
    (line,) = problem_lines(result.out)
    assert words.format(**names) in line and fix.format(**names) in line, line
    assert result.out.splitlines()[-1] == f"{folder}: 1 problem(s)"


def test_alice_never_follows_bobs_link_nor_blocks_on_his_fifo(team, folder):
    def plant():
        os.mkfifo(team.shared / "pipe.toml")
        os.symlink(team.shared / "pipe.toml", team.shared / "carol.toml")
        os.symlink(team.bob.home, team.shared / "loop.toml")  # bob's private home: unreadable
        os.symlink("carol.toml", team.shared / ".alice.toml.inuse")

    assert as_user(team.bob, plant).rc == 0
    result = check_as(team.alice, folder, team.facil)
    assert result.rc == 1, result  # a blocked open would be killed at the timeout instead
    assert (
        f"stray symbolic link carol.toml -> {folder}/pipe.toml (made by {team.bob.name})"
        in result.out
    )
    assert f"stray symbolic link loop.toml -> {team.bob.home}" in result.out
    assert "stray symbolic link .alice.toml.inuse -> carol.toml" in result.out
    assert len(problem_lines(result.out)) == 4 and result.err == ""


def test_facilitator_sees_the_same(team, folder):
    _bob_plants_symlink(team)
    result = check_as(team.facil, folder)
    assert result.rc == 1 and len(problem_lines(result.out)) == 1


def test_control_characters_in_a_planted_name_are_shown_escaped(team, folder):
    assert as_user(team.bob, lambda: os.mkfifo(team.shared / "x\x1b]0;pwned\x07.toml")).rc == 0
    result = check_as(team.alice, folder, team.facil)
    assert result.rc == 1 and "\x1b" not in result.out and "\x07" not in result.out
    assert "$'x\\x1b]0;pwned\\x07.toml' is a FIFO" in result.out


def test_folder_outsiders_cannot_list_is_a_usage_error(team, folder):
    team.shared.chmod(0o3770)
    outsider_home = team.alice.home  # alice's account, but not in the folder's group:
    os.chown(team.shared, 0, 0)  # the group is root's now, so she cannot list it
    result = check_as(team.alice, folder, team.facil, cwd=outsider_home)
    assert result.rc == 2 and result.out == ""
    assert result.err.startswith(f"bb-tui check-folder: {folder}: cannot be")
