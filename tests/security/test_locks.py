"""Lock and in-use files on a shared server: nothing bob plants at their names is followed or written,
and bob cannot hold alice's.

bob (a participant) plants a symlink into alice's home, a hard link to another of alice's files,
a FIFO or a folder at `.alice.toml.inuse` / `.alice.toml.lock` in the team's folder. alice then
opens her session and scores as herself: the planted thing and everything it points at are
unchanged, she is told in one line whose file it is, and her work is saved. bob flocking alice's
in-use or lock file (0600 now; older versions left them 0644) never makes her app say her session
is open elsewhere, nor stalls her saves. A full disk (or a read-only or unwritable folder) at
open is one line too, never a traceback.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import socket
import stat
import subprocess
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

import bb_tui.core.editing  # loaded before a child drops to a user who cannot read root's stdlib
import bb_tui.core.partnership  # noqa: F401
from bb_tui.core.framework import load_framework
from bb_tui.storage import safesave
from bb_tui.tui.app import BBApp
from bb_tui.tui.dialogs.in_use import InUseScreen
from bb_tui.tui.screens.participant.overview import OverviewScreen
from tests.support.accounts import Account, as_user, own, run_coroutine
from tests.support.piloting import notifications, run_test, workers_done

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
        assert stat.S_IMODE(st.st_mode) == 0o600, oct(st.st_mode)  # nobody else can flock it
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


# ---------------------------------------------------------------- nobody else can hold them


@contextmanager
def holding(account: Account, path: Path, write_holder: bool = False) -> Iterator[str]:
    """`account` opens `path` (read-only, as anyone may open a file they can read) and holds an
    exclusive flock on it until the block ends. Yields "held PID" or why not ("Permission
    denied"). `write_holder`: opened read-write and the holder's line written, as an older
    bb-tui did."""
    said_r, said_w = os.pipe()
    go_r, go_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: drop to the account, hold, wait for the parent to close `go`
        rc = 0
        try:
            os.close(said_r)
            os.close(go_w)
            os.setgroups([account.gid])
            os.setgid(account.gid)
            os.setuid(account.uid)
            try:
                fd = os.open(path, os.O_RDWR if write_holder else os.O_RDONLY)
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                if write_holder:
                    line = f"bb-tui process {os.getpid()} on {socket.gethostname()} since 09:00"
                    os.write(fd, line.encode())
                os.write(said_w, f"held {os.getpid()}".encode())
            except OSError as exc:
                os.write(said_w, (exc.strerror or str(exc)).encode())
            os.close(said_w)
            os.read(go_r, 1)
        except BaseException:  # noqa: BLE001 - the forked child never returns into pytest
            rc = 70
        finally:
            os._exit(rc)
    os.close(said_w)
    os.close(go_r)
    try:
        yield os.read(said_r, 200).decode()
    finally:
        os.close(go_w)
        os.close(said_r)
        os.waitpid(pid, 0)


def older_file(team, name: str, text: bytes = b"") -> Path:
    """alice's `name` as an older bb-tui left it: 0644 (made 0666 less her umask)."""
    path = team.shared / name
    path.write_bytes(text)
    return own(path, team.alice, 0o644)


def a_dead_pid() -> int:
    done = subprocess.Popen(["true"])
    done.wait()
    return done.pid


async def first_screen(path: Path) -> str:
    """`bb-tui score FILE`: the first screen shown, once the session is read."""
    app = BBApp(FW, path.parent, path, cursor_blink=False, theme="textual-dark")
    async with run_test(app, size=(100, 30)) as pilot:
        await pilot.pause()
        await workers_done(app)
        await pilot.pause()
        shown = type(app.screen).__name__
        await pilot.press("ctrl+q")
    return shown


@pytest.fixture(scope="module")
def app_loaded(tmp_path_factory) -> None:
    """The app run once as root: everything it imports is loaded before a child drops to alice
    (who cannot read the interpreter's library under /root)."""
    folder = tmp_path_factory.mktemp("warm")
    path = Path(shutil.copy(DEMO, folder / "alice.toml"))
    assert run_coroutine(first_screen(path)) == OverviewScreen.__name__


def test_bob_holding_alices_in_use_file_does_not_make_her_app_say_already_open(team, app_loaded):
    session = alice_session(team)
    assert as_user(team.alice, open_and_score(session, 3)).rc == 0  # her in-use file now exists
    inuse = team.shared / ".alice.toml.inuse"

    with holding(team.bob, inuse) as said:
        outcome = as_user(
            team.alice,
            lambda: print(run_coroutine(first_screen(session))),
            env={"BB_TUI_LIVE": "off"},
        )

    assert outcome.rc == 0 and outcome.err == "", outcome
    assert outcome.out.strip() == OverviewScreen.__name__ != InUseScreen.__name__, outcome
    assert said == "Permission denied"  # 0600: bob cannot even open it
    assert stat.S_IMODE(inuse.stat().st_mode) == 0o600 and inuse.stat().st_uid == team.alice.uid


def test_an_older_readable_in_use_file_bob_holds_is_replaced_and_alice_is_told_once(team):
    session = alice_session(team)
    line = f"bb-tui process {a_dead_pid()} on {socket.gethostname()} since 09:00"
    inuse = older_file(team, ".alice.toml.inuse", line.encode())
    before = inuse.stat().st_ino

    with holding(team.bob, inuse) as said:
        assert said.startswith("held "), said  # what any account could do to a 0644 file
        first = as_user(team.alice, open_and_score(session, 3))
        again = as_user(team.alice, open_and_score(session, 4))

    assert "HOLDER" not in first.out + again.out, (first, again)
    assert first.rc == again.rc == 0 and first.err == again.err == "", (first, again)
    assert "SAVED" in first.out and "SAVED" in again.out and leadership(session) == 4
    (told,) = notices(first.out)
    assert ".alice.toml.inuse" in told and "by no bb-tui of yours" in told and "\n" not in told
    assert notices(again.out) == []  # told once: the fresh file is hers alone
    st = inuse.stat()
    assert st.st_ino != before and st.st_uid == team.alice.uid
    assert stat.S_IMODE(st.st_mode) == 0o600


def test_an_older_readable_in_use_file_held_by_alices_own_older_copy_still_says_open(team):
    session = alice_session(team)
    inuse = older_file(team, ".alice.toml.inuse")

    with holding(team.alice, inuse, write_holder=True) as said:
        outcome = as_user(team.alice, open_and_score(session))

    assert said.startswith("held "), said
    pid = said.split()[1]
    assert f"HOLDER bb-tui process {pid} on " in outcome.out, outcome  # really open: she is told
    assert notices(outcome.out) == [], outcome


def test_an_older_readable_save_lock_bob_holds_does_not_stop_alices_saves(team):
    session = alice_session(team)
    lock = older_file(team, ".alice.toml.lock")
    before = lock.stat().st_ino

    with holding(team.bob, lock) as said:
        assert said.startswith("held "), said
        outcome = as_user(team.alice, open_and_score(session, 5))  # waits out the 5 s timeout

    assert outcome.rc == 0 and outcome.err == "" and "SAVED" in outcome.out, outcome
    assert leadership(session) == 5
    st = lock.stat()
    assert st.st_ino != before and stat.S_IMODE(st.st_mode) == 0o600


def test_older_readable_lock_files_of_ones_own_still_work_and_become_0600(tmp_path):
    from bb_tui.core.editing import OpenSession, load_for_editing

    path = tmp_path / "alice.toml"
    shutil.copyfile(DEMO, path)
    olds = [tmp_path / ".alice.toml.inuse", tmp_path / ".alice.toml.lock"]
    for old in olds:
        old.write_bytes(b"")
        old.chmod(0o644)  # as older versions left them (0666 less a 022 umask)
    opening = load_for_editing(path, FW)
    assert opening.holder is None and opening.notices == []
    session = OpenSession(opening.file, opening.read_only, opening.holder)
    session.set_score("leadership", 4)
    assert session.flush().ok
    session.close()
    assert leadership(path) == 4
    assert [stat.S_IMODE(old.stat().st_mode) for old in olds] == [0o600, 0o600]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [path.name, *(o.name for o in olds)]
    )


def test_a_holders_line_is_parsed_so_that_nothing_in_it_can_raise():
    host = socket.gethostname()
    mine = f"bb-tui process {os.getpid()} on {host} since 09:00"
    dead = f"bb-tui process {a_dead_pid()} on {host} since 09:00"
    assert not safesave._not_my_bb_tui(mine)  # a live bb-tui of ours: really open
    assert safesave._not_my_bb_tui(dead)  # its process has ended: not open
    for line in [  # cannot tell, so "open elsewhere" stays
        f"bb-tui process {os.getpid()} on another-{host} since 09:00",
        f"bb-tui process {'9' * 40} on {host} since 09:00",
        f"bb-tui process \u0663 on {host} since 09:00",
        f"bb-tui process 0 on {host} since 09:00",
        f"{mine}\nbb-tui process 1 on {host} since 09:00",
        "",
        "\x1b[2J[b]anything",
    ]:
        assert not safesave._not_my_bb_tui(line), line


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
    async with run_test(app, size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        shown = notifications(app)
        assert any("disk is full" in line and "alice.toml" in line for line in shown), shown
        assert all("\n" not in line for line in shown)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert path.read_bytes() == before
