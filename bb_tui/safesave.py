"""Atomic, durable file saves and the locks that keep two writers from losing each other's work."""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import re
import socket
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from bb_tui.errors import ConflictError, SaveError

_TEMP_SUFFIX = ".bb-tmp"
_TEMP_NAME = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[^.]+" + re.escape(_TEMP_SUFFIX) + "$")


def _umask() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except OSError:
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def resolve_target(path: str | Path) -> Path:
    """The real file a save should replace: a symlink is followed, never replaced."""
    return Path(os.path.realpath(path))


def fingerprint(path: str | Path) -> str | None:
    """SHA-256 of a file's bytes, or None when it does not exist."""
    try:
        with open(path, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()
    except FileNotFoundError:
        return None


def fingerprint_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def atomic_write(path: str | Path, data: bytes) -> Path:
    """Write `data` to `path` atomically and durably; on failure the original is untouched.

    Temp file in the same folder, fsync, os.replace, fsync the folder. The file's permission
    bits are kept; a new file follows the umask; a symlink is followed.
    """
    target = resolve_target(path)
    folder = target.parent
    try:
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    except OSError as exc:
        raise SaveError(path, f"not saved: {exc.strerror or exc}") from None
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.name}.{os.getpid()}.", suffix=_TEMP_SUFFIX, dir=folder
        )
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
        tmp_name = None
    except OSError as exc:
        raise SaveError(path, f"not saved: {_describe(exc)}") from None
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass
    _fsync_dir(folder)
    return target


def _fsync_dir(folder: Path) -> None:
    """Make the rename durable. Best effort: the new file is in place whatever happens here,
    so a failure must not be reported as "not saved" (some filesystems refuse it)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _describe(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "the folder cannot be written to (permission denied or read-only)"
    return exc.strerror or str(exc)


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temps(folder: str | Path) -> list[Path]:
    """Delete temp files left by saves whose process died (kill -9, power cut)."""
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _TEMP_NAME.match(entry.name)
        if match and not _pid_alive(int(match["pid"])):
            try:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
            except OSError:
                pass
    return removed


def _lock_path(target: Path, kind: str) -> Path:
    return target.parent / f".{target.name}.{kind}"


@contextmanager
def save_lock(target: Path, timeout: float = 5.0) -> Iterator[None]:
    """Hold an exclusive flock for the few milliseconds of a compare-and-save."""
    lock_file = _lock_path(target, "lock")
    try:
        fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o666 & ~_umask())
    except OSError:
        yield  # an unwritable folder: the save itself will fail with a clear message
        return
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise SaveError(target, "not saved: another program holds its save lock") from None
                time.sleep(0.01)
        yield
    finally:
        os.close(fd)


def conflict_copy_path(target: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    stem = target.name[:-5] if target.name.endswith(".toml") else target.name
    candidate = target.with_name(f"{stem}.conflict-{stamp}.toml")
    n = 2
    while candidate.exists():
        candidate = target.with_name(f"{stem}.conflict-{stamp}-{n}.toml")
        n += 1
    return candidate


def guarded_write(path: str | Path, data: bytes, expected: str | None) -> str:
    """Save `data` only if the file still has the fingerprint `expected` (None: must not exist).

    Returns the new fingerprint. When someone else changed the file, nothing is overwritten:
    `data` goes to a conflict copy beside it and ConflictError says where.
    """
    target = resolve_target(path)
    with save_lock(target):
        try:
            current = fingerprint(target)
        except OSError as exc:
            raise SaveError(path, "not saved: cannot check it for changes "
                                  f"({exc.strerror or exc})") from None
        if current != expected:
            copy = conflict_copy_path(target)
            atomic_write(copy, data)
            raise ConflictError(path, copy)
        atomic_write(target, data)
    return fingerprint_bytes(data)


class InUseLock:
    """A lock held while a session is open in the app; a killed holder frees it automatically."""

    def __init__(self, path: str | Path) -> None:
        self.target = resolve_target(path)
        self.lock_file = _lock_path(self.target, "inuse")
        self._fd: int | None = None

    def acquire(self) -> str | None:
        """Take the lock; return None on success, or a description of who holds it."""
        try:
            fd = os.open(self.lock_file, os.O_RDWR | os.O_CREAT, 0o666 & ~_umask())
        except OSError:
            return None  # read-only folder: nothing to coordinate through
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            try:
                holder = os.read(fd, 200).decode("utf-8", "replace").strip()
            finally:
                os.close(fd)
            return holder or "another bb-tui"
        os.ftruncate(fd, 0)
        stamp = time.strftime("%H:%M")
        os.write(fd, f"bb-tui process {os.getpid()} on {socket.gethostname()} since {stamp}".encode())
        self._fd = fd
        return None

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
