"""Safe saves: atomic and durable, permission bits and symlinks kept, failures leave no trace."""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from bb_tui.storage import safesave
from bb_tui.storage.errors import ConflictError, SaveError
from bb_tui.storage.paths import TempName, temp_name
from bb_tui.storage.safesave import (
    InUseLock,
    atomic_write,
    fingerprint,
    guarded_write,
    remove_stale_temps,
    save_lock,
)

OLD, NEW = b"old = 1\n", b"new = 2\n"


def listing(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


@pytest.fixture
def umask():
    """Set the umask for one test and restore it afterwards."""
    saved = os.umask(0o022)
    os.umask(saved)
    yield os.umask
    os.umask(saved)


# ---------------------------------------------------------------- atomic_write


@pytest.mark.parametrize(
    "mask, mode", [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664), (0o077, 0o600)]
)
def test_new_file_follows_the_umask(tmp_path, umask, mask, mode):
    umask(mask)
    target = atomic_write(tmp_path / "new.toml", NEW)
    assert target == tmp_path / "new.toml"
    assert target.read_bytes() == NEW
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert listing(tmp_path) == ["new.toml"]


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o604, 0o664, 0o2660])
def test_existing_permission_bits_are_kept(tmp_path, umask, mode):
    umask(0o077)  # would give 0o600 if the bits were not carried over
    path = tmp_path / "s.toml"
    path.write_bytes(OLD)
    path.chmod(mode)
    atomic_write(path, NEW)
    assert path.read_bytes() == NEW
    assert stat.S_IMODE(path.stat().st_mode) == mode


def test_symlink_stays_a_symlink_and_its_target_is_updated(tmp_path):
    real_dir = tmp_path / "real"
    real_dir.mkdir()
    target = real_dir / "amina.toml"
    target.write_bytes(OLD)
    target.chmod(0o640)
    link = tmp_path / "link.toml"
    link.symlink_to(Path("real") / "amina.toml")  # relative, as people make them
    chain = tmp_path / "chain.toml"
    chain.symlink_to(link)
    assert atomic_write(chain, NEW) == target
    assert link.is_symlink() and chain.is_symlink()
    assert os.readlink(link) == "real/amina.toml" and os.readlink(chain) == str(link)
    assert target.read_bytes() == NEW and stat.S_IMODE(target.stat().st_mode) == 0o640
    assert listing(real_dir) == ["amina.toml"] and listing(tmp_path) == [
        "chain.toml",
        "link.toml",
        "real",
    ]


def test_dangling_symlink_creates_its_target(tmp_path):
    link = tmp_path / "link.toml"
    link.symlink_to(tmp_path / "later.toml")
    atomic_write(link, NEW)
    assert link.is_symlink() and (tmp_path / "later.toml").read_bytes() == NEW


def _fail(err: int):
    def failing(*args, **kwargs):
        raise OSError(err, os.strerror(err))

    return failing


REAL = {"fsync": os.fsync, "replace": os.replace}

FAILURES = [
    # (function to break, errno, message the user sees)
    ("fsync", errno.ENOSPC, "not saved: the disk is full"),
    ("fsync", errno.EIO, "not saved: Input/output error"),
    ("replace", errno.EIO, "not saved: Input/output error"),
    ("replace", errno.ENOSPC, "not saved: the disk is full"),
    (
        "replace",
        errno.EROFS,
        "not saved: the folder cannot be written to (permission denied or read-only)",
    ),
    ("mkstemp", errno.EROFS, "not saved: the folder cannot be written to"),
    ("mkstemp", errno.EACCES, "not saved: the folder cannot be written to"),
    ("mkstemp", errno.ENOSPC, "not saved: the disk is full"),
    ("fchmod", errno.EPERM, "not saved: the folder cannot be written to"),  # by descriptor
]


@pytest.mark.parametrize(
    "name, err, message", FAILURES, ids=[f"{f[0]}-{errno.errorcode[f[1]]}" for f in FAILURES]
)
@pytest.mark.parametrize("existing", [True, False], ids=["existing", "new"])
def test_failure_leaves_the_original_and_no_temp_file(
    tmp_path, monkeypatch, name, err, message, existing
):
    path = tmp_path / "s.toml"
    if existing:
        path.write_bytes(OLD)
        path.chmod(0o640)
    before = listing(tmp_path)
    module = tempfile if name == "mkstemp" else safesave.os  # safesave imports it to save
    monkeypatch.setattr(module, name, _fail(err))
    with pytest.raises(SaveError) as caught:
        atomic_write(path, NEW)
    monkeypatch.undo()
    assert caught.value.line() == f"{path}: {caught.value.problem}"
    assert caught.value.problem.startswith(message), caught.value.problem
    assert "\n" not in caught.value.line()
    assert listing(tmp_path) == before  # no temp file left behind
    if existing:
        assert path.read_bytes() == OLD and stat.S_IMODE(path.stat().st_mode) == 0o640


def test_interrupt_during_fsync_removes_the_temp_file(tmp_path, monkeypatch):
    path = tmp_path / "s.toml"
    path.write_bytes(OLD)

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(safesave.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(path, NEW)
    assert listing(tmp_path) == ["s.toml"] and path.read_bytes() == OLD


def test_folder_fsync_failure_after_the_rename_is_not_a_failed_save(tmp_path, monkeypatch):
    """The new file is in place; reporting "not saved" would make the next save a false conflict."""
    path = tmp_path / "s.toml"
    path.write_bytes(OLD)
    calls = []

    def fsync_files_only(fd):
        calls.append(stat.S_ISDIR(os.fstat(fd).st_mode))
        if calls[-1]:
            raise OSError(errno.EINVAL, "Invalid argument")
        return REAL["fsync"](fd)

    monkeypatch.setattr(safesave.os, "fsync", fsync_files_only)
    expected = hashlib.sha256(OLD).hexdigest()
    new_fp = guarded_write(path, NEW, expected)
    assert calls == [False, True]  # the file, then its folder
    assert path.read_bytes() == NEW
    assert guarded_write(path, b"third = 3\n", new_fp)  # no false conflict afterwards


@pytest.mark.skipif(
    os.geteuid() == 0,
    reason="root writes into a chmod 555 folder anyway; "
    "the monkeypatched EROFS/EACCES cases above cover it",
)
def test_read_only_folder_real(tmp_path):
    path = tmp_path / "s.toml"
    path.write_bytes(OLD)
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(SaveError, match="cannot be written to"):
            atomic_write(path, NEW)
    finally:
        tmp_path.chmod(0o755)
    assert path.read_bytes() == OLD and listing(tmp_path) == ["s.toml"]


def test_missing_folder_is_a_save_error(tmp_path):
    with pytest.raises(SaveError, match="not saved: No such file or directory"):
        atomic_write(tmp_path / "gone" / "s.toml", NEW)


# ---------------------------------------------------------------- stale temp files


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_remove_stale_temps_only_removes_dead_savers_temps(tmp_path):
    dead = _dead_pid()
    stale = tmp_path / f".amina.toml.{dead}.k3j4h5g6.bb-tmp"
    live = tmp_path / f".amina.toml.{os.getpid()}.a1b2c3d4.bb-tmp"
    others = [
        tmp_path / "amina.toml",
        tmp_path / f".amina.toml.{dead}.bb-tmp",
        tmp_path / "notes.bb-tmp",
        tmp_path / ".amina.toml.lock",
    ]
    for path in [stale, live, *others]:
        path.write_bytes(b"x")
    assert remove_stale_temps(tmp_path) == [stale]
    assert not stale.exists() and live.exists() and all(p.exists() for p in others)
    assert remove_stale_temps(tmp_path / "missing") == []


def test_temp_files_are_named_so_they_can_be_found(tmp_path, monkeypatch):
    seen = []

    def spy(src, dst):
        seen.append(Path(src).name)
        return REAL["replace"](src, dst)

    monkeypatch.setattr(safesave.os, "replace", spy)
    atomic_write(tmp_path / "amina.toml", NEW)
    assert len(seen) == 1 and temp_name(seen[0]) == TempName("amina.toml", os.getpid())
    assert seen[0].startswith(f".amina.toml.{os.getpid()}.")


# ---------------------------------------------------------------- guarded_write


def test_guarded_write_saves_when_nobody_else_changed_the_file(tmp_path):
    path = tmp_path / "s.toml"
    fp = guarded_write(path, OLD, None)  # None: the file must not exist yet
    assert fp == hashlib.sha256(OLD).hexdigest() == fingerprint(path)
    assert guarded_write(path, NEW, fp) == fingerprint(path)
    assert path.read_bytes() == NEW


@pytest.mark.parametrize("outside", ["edited", "deleted", "created"])
def test_guarded_write_refuses_an_outside_change(tmp_path, outside):
    path = tmp_path / "amina.toml"
    if outside == "created":
        expected = None
        path.write_bytes(b"theirs = 1\n")
    else:
        path.write_bytes(OLD)
        expected = fingerprint(path)
        if outside == "edited":
            path.write_bytes(b"theirs = 1\n")
        else:
            path.unlink()
    on_disk = path.read_bytes() if path.exists() else None
    with pytest.raises(ConflictError) as caught:
        guarded_write(path, NEW, expected)
    assert (path.read_bytes() if path.exists() else None) == on_disk
    copy = Path(caught.value.copy_path)
    assert copy.parent == tmp_path and copy.read_bytes() == NEW
    assert copy.name.startswith("amina.conflict-") and copy.suffix == ".toml"
    line = caught.value.line()
    assert line.startswith(f"{path}: changed on disk by someone else") and str(copy) in line
    assert "\n" not in line
    # a second conflict in the same second gets its own copy
    with pytest.raises(ConflictError) as again:
        guarded_write(path, b"second = 2\n", expected)
    assert again.value.copy_path != caught.value.copy_path
    assert Path(again.value.copy_path).read_bytes() == b"second = 2\n"


def test_guarded_write_turns_an_unreadable_file_into_a_save_error(tmp_path, monkeypatch):
    path = tmp_path / "s.toml"
    path.write_bytes(OLD)

    def denied(p):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(safesave, "fingerprint_and_owner", denied)
    with pytest.raises(
        SaveError,
        match="not saved: cannot check it for changes "
        r"\(Permission denied\)",
    ):
        guarded_write(path, NEW, hashlib.sha256(OLD).hexdigest())
    assert path.read_bytes() == OLD


def test_save_lock_held_elsewhere_times_out_with_a_message(tmp_path):
    target = tmp_path / "s.toml"
    holder = os.open(tmp_path / ".s.toml.lock", os.O_RDWR | os.O_CREAT, 0o600)  # as bb-tui's
    fcntl.flock(holder, fcntl.LOCK_EX)
    try:
        start = time.monotonic()
        with (
            pytest.raises(SaveError, match="another program holds its save lock"),
            save_lock(target, timeout=0.2),
        ):
            pass
        assert 0.2 <= time.monotonic() - start < 2
    finally:
        os.close(holder)
    with save_lock(target, timeout=0.2):
        pass  # free again


# ---------------------------------------------------------------- InUseLock

HOLDER = """
import sys, time
from bb_tui.storage.safesave import InUseLock
lock = InUseLock(sys.argv[1])
print(lock.acquire(), flush=True)
time.sleep(60)
"""


def test_in_use_lock_reports_a_live_holder_and_frees_after_kill_9(tmp_path):
    path = tmp_path / "amina.toml"
    path.write_bytes(OLD)
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout.readline().strip() == "None"  # the child holds it
        holder = InUseLock(path).acquire()
        assert holder is not None and f"bb-tui process {child.pid} on " in holder
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL
    lock = InUseLock(path)
    assert lock.acquire() is None  # the killed holder does not block the next start
    assert f"bb-tui process {os.getpid()} " in (tmp_path / ".amina.toml.inuse").read_text()
    other = InUseLock(path)
    assert str(os.getpid()) in other.acquire()
    lock.release()
    assert other.acquire() is None
    other.release()


def test_in_use_lock_in_a_read_only_folder_does_not_block(tmp_path, monkeypatch):
    real_open = os.open

    def read_only(path, flags, *args):
        if str(path).endswith(".inuse"):
            raise OSError(errno.EROFS, "Read-only file system")
        return real_open(path, flags, *args)

    monkeypatch.setattr(safesave.os, "open", read_only)
    assert InUseLock(tmp_path / "s.toml").acquire() is None
