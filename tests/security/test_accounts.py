"""The account helper itself: a child really runs as the user, and the kernel enforces it."""

from __future__ import annotations

import os

from tests.support.accounts import as_user


def test_child_runs_as_the_user_and_cannot_write_a_colleagues_home(team):
    target = team.alice.home / "notes.txt"

    def attempt() -> int:
        assert os.getuid() == team.bob.uid and os.geteuid() == team.bob.uid
        try:
            target.write_text("bob was here")
        except PermissionError:
            return 3
        return 0

    outcome = as_user(team.bob, attempt)
    assert outcome.rc == 3, outcome
    assert not target.exists()


def test_participants_can_create_files_in_the_shared_folder(team):
    def create() -> None:
        (team.shared / "bob.toml").write_text("x")

    assert as_user(team.bob, create).rc == 0
    made = team.shared / "bob.toml"
    assert made.stat().st_uid == team.bob.uid
    assert made.stat().st_gid == team.gid  # setgid folder: the team's group
