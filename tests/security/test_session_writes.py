"""Session, partnership, temp and conflict-copy writes: nothing bob plants redirects them.

A session or partnership file that is a link is written through only when the link is the
writer's own; a link bob made is refused in one line and nothing is written. Conflict copies
and temps are made with O_EXCL, never through a planted name. New session files are 0640 (the
facilitator reads them, no colleague writes them) whatever the umask, and a save never leaves
group or other write on a session file.
"""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path

import pytest

import bb_tui.core.editing  # loaded before a child drops to a user who cannot read root's stdlib
import bb_tui.core.partnership  # noqa: F401
from bb_tui.core.framework import load_framework
from tests.support.accounts import as_user, own

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "sessions" / "demo"
SESSION = DEMO / "joanne-hallett.toml"
FW = load_framework()
STAMP = "20250101-120000"
PRIVATE = SESSION.read_bytes()


def leadership(path: Path) -> int | None:
    return tomllib.loads(path.read_text("utf-8")).get("scores", {}).get("leadership")


def private_session(team) -> Path:
    """A session alice keeps in her own (0700) home."""
    path = team.alice.home / "draft.toml"
    path.write_bytes(PRIVATE)
    return own(path, team.alice, 0o600)


def save_as_session(path: Path, score: int = 2, read_from: Path | None = None):
    """alice's side: open `path` with SessionFile, score, save; prints the one-line outcome.

    `read_from`: the session is read from there and bound to `path` (a save-side check only).
    """

    def run() -> int:
        from bb_tui.core.session import SessionFile, read_session
        from bb_tui.storage.errors import BBError
        from bb_tui.storage.safesave import fingerprint_bytes

        if read_from is None:
            file = SessionFile.open(path, FW)
        else:
            session, data = read_session(read_from, FW)
            file = SessionFile(path, session, FW, fingerprint_bytes(data))
        file.session.set_score("leadership", score)
        try:
            file.save()
        except BBError as exc:
            print(f"REFUSED {exc.line()}")
            return 3
        print("SAVED")
        return 0

    return run


def refusal(out: str) -> str:
    lines = [line for line in out.splitlines() if line.startswith("REFUSED ")]
    assert len(lines) == 1, out
    return lines[0][len("REFUSED ") :]


# ---------------------------------------------------------------- links to session files


def test_a_session_link_bob_made_is_not_written_through(team):
    target = private_session(team)
    link = team.shared / "alice.toml"
    assert as_user(team.bob, lambda: link.symlink_to(target)).rc == 0

    # (reading through it is refused too, by tomlio; the save must refuse on its own)
    outcome = as_user(team.alice, save_as_session(link, read_from=target))

    assert target.read_bytes() == PRIVATE, "alice's private file was written through bob's link"
    assert outcome.rc == 3 and outcome.err == "", outcome
    line = refusal(outcome.out)
    assert "is a link made by another user" in line and "not saved" in line
    assert team.bob.name in line and "alice.toml" in line
    assert link.is_symlink() and sorted(p.name for p in team.alice.home.iterdir()) == ["draft.toml"]


def test_opening_a_session_link_bob_made_is_read_only_with_one_line(team):
    target = private_session(team)
    link = team.shared / "alice.toml"
    assert as_user(team.bob, lambda: link.symlink_to(target)).rc == 0

    def run() -> int:
        from bb_tui.core.editing import load_for_editing
        from bb_tui.storage.errors import BBError

        try:
            opening = load_for_editing(link, FW)
        except BBError as exc:  # not even read (what the app shows under "Cannot open")
            print(f"NOTICE {exc.line()}")
            return 0
        print(f"READ_ONLY {opening.read_only}")
        for line in opening.notices:
            print(f"NOTICE {line}")
        opening.file.lock.release()
        return 0

    outcome = as_user(team.alice, run)
    assert outcome.rc == 0 and outcome.err == "", outcome
    assert "READ_ONLY False" not in outcome.out
    said = [line for line in outcome.out.splitlines() if line.startswith("NOTICE ")]
    assert len(said) == 1 and "link made by another user" in said[0], outcome
    assert sorted(p.name for p in team.alice.home.iterdir()) == ["draft.toml"]  # no lock files
    assert target.read_bytes() == PRIVATE


def test_alices_own_session_link_is_still_written_through(team):
    target = private_session(team)
    link = team.shared / "alice.toml"
    assert as_user(team.alice, lambda: link.symlink_to(target)).rc == 0

    outcome = as_user(team.alice, save_as_session(link, 4))

    assert outcome.rc == 0 and "SAVED" in outcome.out, outcome
    assert link.is_symlink() and leadership(target) == 4


def test_a_partnership_link_bob_made_is_refused_and_creates_nothing(team):
    aim = team.facil.home / "made-by-bob.toml"
    link = team.shared / "partnership.toml"
    assert as_user(team.bob, lambda: link.symlink_to(aim)).rc == 0

    def run() -> int:
        from bb_tui.core.partnership import PartnershipFile
        from bb_tui.storage.errors import BBError

        file = PartnershipFile.in_folder(team.shared, FW)
        file.partnership.name = "Team"
        try:
            file.save()
        except BBError as exc:
            print(f"REFUSED {exc.line()}")
            return 3
        return 0

    outcome = as_user(team.facil, run)
    assert not aim.exists() and not os.path.lexists(aim)
    assert outcome.rc == 3 and outcome.err == "", outcome
    assert "is a link made by another user" in refusal(outcome.out)


def test_an_export_through_a_link_bob_made_is_refused(team):
    from bb_tui.storage.safesave import atomic_write

    bashrc = team.facil.home / ".bashrc"
    bashrc.write_bytes(b"# mine\n")
    own(bashrc, team.facil, 0o644)
    link = team.shared / "report.md"
    assert as_user(team.bob, lambda: link.symlink_to(bashrc)).rc == 0

    def run() -> int:
        from bb_tui.storage.errors import BBError

        try:
            atomic_write(link, b"# report\n")
        except BBError as exc:
            print(f"REFUSED {exc.line()}")
            return 3
        return 0

    outcome = as_user(team.facil, run)
    assert bashrc.read_bytes() == b"# mine\n" and outcome.rc == 3, outcome


# ---------------------------------------------------------------- conflict copies and temps


def plant(team, kind: str, at: Path, victim: Path) -> None:
    """bob makes `kind` at `at`: a link dangles into alice's home; a hard link is to `victim`."""

    def make() -> None:
        if kind == "symlink":
            at.symlink_to(team.alice.home / f"made-by-bob-{at.name}")
        elif kind == "hardlink":
            os.link(victim, at)
        elif kind == "fifo":
            os.mkfifo(at, 0o666)
        elif kind == "directory":
            at.mkdir(mode=0o777)

    assert as_user(team.bob, make, umask=0).rc == 0


def lsnap(path: Path) -> tuple:
    st = os.lstat(path)
    return stat.S_IFMT(st.st_mode), st.st_uid, st.st_nlink, st.st_ino


def shared_victim(team) -> Path:
    """An older session of alice's that the group may write (so bob may hard-link it)."""
    victim = team.shared / "alice-2023.toml"
    victim.write_bytes(PRIVATE)
    return own(victim, team.alice, 0o664)


KINDS = ["symlink", "hardlink", "fifo", "directory"]


@pytest.mark.parametrize("kind", KINDS)
def test_conflict_copies_never_go_through_a_planted_name(team, kind):
    session = team.shared / "alice.toml"
    session.write_bytes(PRIVATE)
    own(session, team.alice, 0o640)
    victim = shared_victim(team)
    planted = [
        team.shared / f"alice.conflict-{STAMP}.toml",
        team.shared / f"alice.conflict-{STAMP}-2.toml",
    ]
    for at in planted:
        plant(team, kind, at, victim)
    before = {at: lsnap(at) for at in planted}

    def run() -> int:
        from bb_tui.core.session import SessionFile
        from bb_tui.storage import safesave
        from bb_tui.storage.errors import ConflictError

        safesave.time.strftime = lambda fmt, *a: STAMP
        file = SessionFile.open(session, FW)
        session.write_bytes(PRIVATE + b"\n# changed elsewhere\n")  # by alice's other window
        file.session.set_score("leadership", 1)
        try:
            file.save()
        except ConflictError as exc:
            print(f"COPY {exc.copy_path}")
            return 0
        return 4

    outcome = as_user(team.alice, run, timeout=20)
    assert outcome.rc == 0 and outcome.err == "", outcome
    assert victim.read_bytes() == PRIVATE
    assert sorted(p.name for p in team.alice.home.iterdir()) == []
    assert {at: lsnap(at) for at in planted} == before
    copy = Path(outcome.out.split("COPY ", 1)[1].strip())
    assert copy not in planted and copy.parent == team.shared
    st = os.lstat(copy)
    assert stat.S_ISREG(st.st_mode) and st.st_uid == team.alice.uid and st.st_nlink == 1
    assert stat.S_IMODE(st.st_mode) & 0o022 == 0
    assert leadership(copy) == 1


@pytest.mark.parametrize("kind", KINDS)
def test_temps_are_never_made_at_a_planted_name(team, kind):
    session = team.shared / "alice.toml"
    session.write_bytes(PRIVATE)
    own(session, team.alice, 0o640)
    victim = shared_victim(team)
    names = ["planted1", "planted2"]
    planted = [team.shared / f".alice.toml.4242.{n}.bb-tmp" for n in names]
    for at in planted:
        plant(team, kind, at, victim)
    before = {at: lsnap(at) for at in planted}

    def run() -> int:
        import tempfile

        from bb_tui.storage import safesave

        safesave.os.getpid = lambda: 4242
        tempfile._get_candidate_names = lambda: iter(names + ["fresh"])
        return save_as_session(session)()

    outcome = as_user(team.alice, run, timeout=20)
    assert outcome.rc == 0 and "SAVED" in outcome.out, outcome
    assert victim.read_bytes() == PRIVATE and leadership(session) == 2
    assert {at: lsnap(at) for at in planted} == before


# ---------------------------------------------------------------- modes


@pytest.mark.parametrize("umask", [0o000, 0o002, 0o022, 0o077])
def test_new_session_files_are_0640_whatever_the_umask(team, umask):
    def run() -> int:
        from bb_tui.core.session import SessionFile, new_session

        file = SessionFile.create(team.shared, new_session(FW, "Alice Smith"), FW)
        print(f"MADE {file.path}")
        return 0

    outcome = as_user(team.alice, run, umask=umask)
    assert outcome.rc == 0, outcome
    made = Path(outcome.out.split("MADE ", 1)[1].strip())
    assert stat.S_IMODE(made.stat().st_mode) == 0o640
    assert made.stat().st_uid == team.alice.uid and made.stat().st_gid == team.gid

    def scribble() -> int:
        try:
            with open(made, "ab") as handle:
                handle.write(b"bob was here")
        except PermissionError:
            return 3
        return 0

    assert as_user(team.bob, scribble).rc == 3
    assert as_user(team.facil, lambda: made.read_bytes() and None).rc == 0


def test_a_planted_link_at_the_new_session_name_is_passed_over(team):
    bashrc = team.alice.home / ".bashrc"
    bashrc.write_bytes(b"# alice\n")
    own(bashrc, team.alice, 0o644)
    assert as_user(team.bob, lambda: (team.shared / "alice-smith.toml").symlink_to(bashrc)).rc == 0

    def run() -> int:
        from bb_tui.core.session import SessionFile, new_session

        file = SessionFile.create(team.shared, new_session(FW, "Alice Smith"), FW)
        print(f"MADE {file.path.name}")
        return 0

    outcome = as_user(team.alice, run)
    assert outcome.rc == 0 and "MADE alice-smith-2.toml" in outcome.out, outcome
    assert bashrc.read_bytes() == b"# alice\n"


@pytest.mark.parametrize(
    "mode, after",
    [(0o640, 0o640), (0o600, 0o600), (0o664, 0o644), (0o666, 0o644), (0o2660, 0o2640)],
)
def test_a_save_keeps_the_mode_but_never_leaves_group_or_other_write(team, mode, after):
    session = team.shared / "alice.toml"
    session.write_bytes(PRIVATE)
    own(session, team.alice, mode)
    outcome = as_user(team.alice, save_as_session(session))
    assert outcome.rc == 0, outcome
    assert stat.S_IMODE(session.stat().st_mode) == after
