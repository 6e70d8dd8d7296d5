"""The browser seat's link store, as real users: the facilitator's alone, never in the shared folder."""

from __future__ import annotations

import os
import shutil

from tests.support.accounts import as_user, cli_as, own
from tests.support.demo import DEMO


def test_links_made_by_the_facilitator_are_readable_by_nobody_else(team):
    session = own(
        shutil.copy(DEMO / "amina-okafor.toml", team.shared / "amina-okafor.toml"),
        team.alice,
        0o640,
    )
    before = sorted(os.listdir(team.shared))
    env = {"HOME": str(team.facil.home), "PATH": os.environ.get("PATH", "")}
    made = cli_as(
        team.facil, ["serve", "--sessions", str(team.shared), "--link", str(session)], env=env
    )
    assert made.rc == 0, made.err
    assert "/seat/" in made.out
    store = team.facil.home / ".config" / "bb-tui" / "browser-seats.toml"
    assert os.stat(store).st_uid == team.facil.uid
    assert os.stat(store).st_mode & 0o077 == 0
    assert sorted(os.listdir(team.shared)) == before  # nothing written beside the sessions

    def alice_reads() -> int:
        try:
            with open(store, "rb") as handle:
                handle.read()
        except PermissionError:
            return 0
        return 1

    assert as_user(team.alice, alice_reads).rc == 0
