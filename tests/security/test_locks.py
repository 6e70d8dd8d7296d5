"""Lock and in-use files on a shared server: nothing bob plants at their names is followed or written.

bob (a participant) plants a symlink into alice's home, a hard link to another of alice's files,
a FIFO or a folder at `.alice.toml.inuse` / `.alice.toml.lock` in the team's folder. alice then
opens her session and scores as herself: the planted thing and everything it points at are
unchanged, she is told in one line whose file it is, and her work is saved. A full disk (or a
read-only or unwritable folder) at open is one line too, never a traceback.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import tomllib
from pathlib import Path

import pytest

import bb_tui.core.editing  # loaded before a child drops to a user who cannot read root's stdlib
import bb_tui.core.partnership  # noqa: F401
from bb_tui.core.framework import load_framework
from bb_tui.storage import safesave
from tests.support.accounts import as_user, own

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "sessions" / "demo" / "joanne-hallett.toml"
FW = load_framework()
RC_HUNG = 9
BASHRC = b"export PATH=$HOME/bin:$PATH\n"


def alice_session(team) -> Path:
    path = team.shared / "alice.toml"
    shutil.copyfile(DEMO, path)
    return own(path, team.alice, 0o640)


def alice_bashrc(team) -> Path:
    path = team.alice.home / ".bashrc"
    path.write_bytes(BASHRC)
    return own(path, team.alice, 0o644)


def open_and_score(path: Path, score: int = 2):
    """alice's side: open the session as the app does, score one enabler, save, close."""

    def run() -> int:
        from bb_tui.core.editing import OpenSession, load_for_editing

        opening = load_for_editing(path, FW)
        for line in opening.notices:
            print(f"NOTICE {line}")
        if opening.holder:
            print(f"HOLDER {opening.holder}")
        session = OpenSession(opening.file, opening.read_only, opening.holder)
        if opening.read_only:
            print("READ-ONLY")
            session.close()
            return 0
        session.set_score("leadership", score)
        report = session.flush()
        print("SAVED" if report.ok else f"FAILED {report.message}")
        session.close()
        return 0

    return run


def notices(out: str) -> list[str]:
    return [line[len("NOTICE ") :] for line in out.splitlines() if line.startswith("NOTICE ")]


def leadership(path: Path) -> int | None:
    return tomllib.loads(path.read_text("utf-8")).get("scores", {}).get("leadership")


def snapshot(path: Path) -> tuple:
    """What a planted thing is: its type, owner, links and (for a file) its bytes."""
    st = os.lstat(path)
    data = path.read_bytes() if stat.S_ISREG(st.st_mode) else None
    return stat.S_IFMT(st.st_mode), st.st_uid, st.st_nlink, st.st_ino, data


# ---------------------------------------------------------------- the reported attacks


def test_a_planted_inuse_link_does_not_empty_alices_bashrc(team):
    session = alice_session(team)
    bashrc = alice_bashrc(team)
    inuse = team.shared / ".alice.toml.inuse"
    assert as_user(team.bob, lambda: inuse.symlink_to(bashrc)).rc == 0

    outcome = as_user(team.alice, open_and_score(session))

    assert bashrc.read_bytes() == BASHRC, "alice's .bashrc was written through bob's link"
    assert outcome.rc == 0 and outcome.err == "", outcome
    assert "SAVED" in outcome.out and leadership(session) == 2, outcome
    said = notices(outcome.out)
    assert len(said) == 1 and "\n" not in said[0], outcome
    assert ".alice.toml.inuse" in said[0] and team.bob.name in said[0]
    assert inuse.is_symlink() and os.readlink(inuse) == str(bashrc)


def test_a_planted_lock_link_creates_nothing_where_it_points(team):
    session = alice_session(team)
    aim = team.alice.home / "made-by-bob"
    lock = team.shared / ".alice.toml.lock"
    assert as_user(team.bob, lambda: lock.symlink_to(aim)).rc == 0

    outcome = as_user(team.alice, open_and_score(session))

    assert not aim.exists(), "a planted .lock link made a file in alice's home"
    assert outcome.rc == 0 and outcome.err == "", outcome
    assert "SAVED" in outcome.out and leadership(session) == 2
    said = notices(outcome.out)
    assert len(said) == 1 and ".alice.toml.lock" in said[0] and team.bob.name in said[0]


# ---------------------------------------------------------------- every kind, at every name


def plant(team, kind: str, at: Path) -> Path | None:
    """bob makes `kind` at `at`; returns the victim file a link points at, if any."""
    victim = None
    if kind in ("symlink", "hardlink"):
        # a group-writable older session of alice's: bob may hard-link it (protected_hardlinks)
        victim = team.shared / "alice-2023.toml"
        shutil.copyfile(DEMO, victim)
        own(victim, team.alice, 0o664)

    def make() -> None:
        if kind == "symlink":
            at.symlink_to(victim)
        elif kind == "hardlink":
            os.link(victim, at)
        elif kind == "fifo":
            os.mkfifo(at, 0o666)
        elif kind == "directory":
            at.mkdir(mode=0o777)
        elif kind == "file":
            at.write_bytes(b"bob's lock\n")
            at.chmod(0o666)

    outcome = as_user(team.bob, make, umask=0)
    assert outcome.rc == 0, outcome
    return victim


KINDS = ["symlink", "hardlink", "fifo", "directory", "file"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", [".alice.toml.inuse", ".alice.toml.lock"])
def test_anything_planted_at_a_lock_name_is_left_alone_and_alice_works(team, name, kind):
    session = alice_session(team)
    at = team.shared / name
    victim = plant(team, kind, at)
    before = snapshot(at)
    victim_before = victim.read_bytes() if victim else None

    outcome = as_user(team.alice, open_and_score(session), timeout=20)

    assert outcome.rc == 0, f"alice's open hung or failed: {outcome}"
    assert snapshot(at) == before
    if victim is not None:
        assert victim.read_bytes() == victim_before
    assert outcome.err == "" and "SAVED" in outcome.out, outcome
    assert leadership(session) == 2
    said = notices(outcome.out)
    assert len(said) == 1 and name in said[0] and "\n" not in said[0], outcome
    # who made a hard link is not recorded anywhere: it is named as one instead
    assert ("hard link" if kind == "hardlink" else team.bob.name) in said[0]


def test_alices_own_in_use_file_is_reused_and_not_writable_by_others(team):
    session = alice_session(team)
    assert as_user(team.alice, open_and_score(session, 3)).rc == 0
    inuse, lock = team.shared / ".alice.toml.inuse", team.shared / ".alice.toml.lock"
    for made in (inuse, lock):
        st = os.lstat(made)
        assert stat.S_ISREG(st.st_mode) and st.st_uid == team.alice.uid
        assert stat.S_IMODE(st.st_mode) & 0o022 == 0, oct(st.st_mode)
    assert stat.S_IMODE(lock.stat().st_mode) == 0o600  # nobody else can flock it and stall saves
    outcome = as_user(team.alice, open_and_score(session, 4))
    assert notices(outcome.out) == [] and "SAVED" in outcome.out, outcome
    assert leadership(session) == 4


def test_the_facilitator_opening_alices_session_leaves_no_in_use_file_of_theirs(team):
    session = alice_session(team)
    outcome = as_user(team.facil, open_and_score(session))
    assert outcome.rc == 0 and outcome.err == "", outcome
    for made in team.shared.iterdir():
        assert made.stat().st_uid != team.facil.uid, made  # it would block alice's lock forever
    assert "Traceback" not in outcome.out


# ---------------------------------------------------------------- write failures at open


def _failing(real, err: int, when):
    def call(*args, **kwargs):
        if when(args):
            raise OSError(err, os.strerror(err))
        return real(*args, **kwargs)

    return call


ERRORS = [errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES]


@pytest.mark.parametrize("err", ERRORS, ids=[errno.errorcode[e] for e in ERRORS])
@pytest.mark.parametrize("where", ["open", "write", "ftruncate"])
def test_a_write_failure_at_open_is_one_line_and_the_session_still_opens(
    tmp_path, monkeypatch, err, where
):
    from bb_tui.core.editing import load_for_editing

    path = tmp_path / "alice.toml"
    shutil.copyfile(DEMO, path)
    if where == "open":
        monkeypatch.setattr(
            safesave.os,
            "open",
            _failing(os.open, err, lambda a: str(a[0]).endswith(".inuse") and a[1] & os.O_CREAT),
        )
    else:
        monkeypatch.setattr(safesave.os, where, _failing(getattr(os, where), err, lambda a: True))
    opening = load_for_editing(path, FW)
    assert opening.file.session.participant.name
    assert opening.holder is None
    assert len(opening.notices) == 1 and "\n" not in opening.notices[0]
    assert "alice.toml" in opening.notices[0]
    opening.file.lock.release()


@pytest.fixture
def full_disk(tmp_path):
    """A 64 KiB tmpfs holding alice.toml, every other block filled; unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip("needs root to mount a tmpfs")
    disk = tmp_path / "disk"
    disk.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        shutil.copyfile(DEMO, disk / "alice.toml")
        with open(disk / "filler", "wb", buffering=0) as filler:
            try:
                while True:
                    filler.write(b"x" * 512)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True, check=False)


async def test_bb_tui_score_on_a_really_full_disk_opens_the_session(full_disk):
    from bb_tui.tui.app import BBApp
    from bb_tui.tui.screens.participant.overview import OverviewScreen

    path = full_disk / "alice.toml"
    before = path.read_bytes()
    app = BBApp(FW, full_disk, path, cursor_blink=False)  # what `bb-tui score FILE` runs
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        shown = [str(n.message) for n in app._notifications]
        assert any("disk is full" in line and "alice.toml" in line for line in shown), shown
        assert all("\n" not in line for line in shown)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert path.read_bytes() == before
