"""Atomic, durable file saves and the locks that keep two writers from losing each other's work."""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import re
import socket
import stat
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


# ---------------------------------------------------------------- files of one's own (exports)


class AlreadyExists(SaveError):
    """An earlier file of the same name, kept because overwriting was not asked for."""


def _refuse_existing(path: Path, st: os.stat_result, overwrite: bool) -> None:
    """Raise unless the name holds a plain file of ours, with no other name, we may replace."""
    if stat.S_ISLNK(st.st_mode):
        raise SaveError(path, "is a symbolic link; not replaced, not followed")
    if stat.S_ISDIR(st.st_mode):
        raise SaveError(path, "is a folder; not replaced")
    if not stat.S_ISREG(st.st_mode):
        raise SaveError(path, "is not a regular file (a FIFO, socket or device); not replaced")
    if st.st_uid != os.geteuid():
        raise SaveError(path, "belongs to someone else; not replaced")
    if st.st_nlink > 1:
        raise SaveError(path, f"has {st.st_nlink - 1} other hard link(s); not replaced")
    if not overwrite:
        raise AlreadyExists(path, "already exists; not overwritten")


def _open_folder(folder: Path) -> int:
    """A descriptor on `folder`; a symlink there is followed only if it is ours (or root's)."""
    flags = os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC
    try:
        return os.open(folder, flags | os.O_NOFOLLOW)
    except OSError as exc:
        # a symlink gives ELOOP, or ENOTDIR with O_DIRECTORY
        if exc.errno not in (errno.ELOOP, errno.ENOTDIR) or not os.path.islink(folder):
            raise SaveError(folder, f"cannot be opened ({_describe(exc)})") from None
    check_folder_link(folder)
    try:
        return os.open(folder, flags)
    except OSError as exc:
        raise SaveError(folder, f"cannot be opened ({_describe(exc)})") from None


def check_folder_link(folder: Path) -> None:
    """Refuse a folder whose last component is a symlink owned by someone else (not us, not root)."""
    try:
        st = os.lstat(folder)
    except OSError:
        return
    if stat.S_ISLNK(st.st_mode) and st.st_uid not in (os.geteuid(), 0):
        raise SaveError(folder, "is a symbolic link owned by someone else; not followed")


def check_own_file(path: str | Path, overwrite: bool = False) -> bool:
    """Whether `path` exists; SaveError (one line) if write_own_file would refuse it."""
    path = Path(path)
    check_folder_link(path.parent)
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise SaveError(path, f"cannot be checked ({_describe(exc)})") from None
    _refuse_existing(path, st, overwrite)
    return True


def write_own_file(path: str | Path, data: bytes, overwrite: bool = False,
                   mode: int = 0o600) -> Path:
    """Write a file of the user's own (an export, a report) without ever following a link.

    The final name is lstat'ed, never resolved: a symlink, a hard-linked file, a FIFO, a folder
    or someone else's file there is refused in one line, and an earlier file of ours only with
    `overwrite`. The temp is made O_EXCL beside it and renamed over the name itself, all through
    one descriptor on the folder, so swapping the folder afterwards redirects nothing. A new
    file gets `mode`; a replaced one keeps its read bits (shared stays shared), never more.
    """
    path = Path(path)
    name = path.name
    dfd = _open_folder(path.parent)
    tmp = None
    try:
        try:
            st = os.stat(name, dir_fd=dfd, follow_symlinks=False)
        except FileNotFoundError:
            new_mode = mode
        except OSError as exc:
            raise SaveError(path, f"cannot be checked ({_describe(exc)})") from None
        else:
            _refuse_existing(path, st, overwrite)
            new_mode = (st.st_mode & 0o644) | 0o600
        tmp = f".{name}.{os.getpid()}.{os.urandom(4).hex()}{_TEMP_SUFFIX}"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                         0o600, dir_fd=dfd)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fchmod(handle.fileno(), new_mode)
                os.fsync(handle.fileno())
            os.replace(tmp, name, src_dir_fd=dfd, dst_dir_fd=dfd)
            tmp = None
        except OSError as exc:
            raise SaveError(path, f"not saved: {_describe(exc)}") from None
        try:
            os.fsync(dfd)
        except OSError:
            pass
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp, dir_fd=dfd)
            except OSError:
                pass
        os.close(dfd)
    return path


def own_folder(folder: str | Path, private: bool = False) -> Path:
    """Make sure `folder` is fit to write exports into; made if missing (0700).

    private (the default exports folder): refused unless a real folder of ours that nobody else
    can write. Otherwise (a folder the user chose): refused if it is not a folder, or its last
    component is a symlink owned by someone else.
    """
    folder = Path(folder)
    if private:
        try:
            os.mkdir(folder, 0o700)
            os.chmod(folder, 0o700)
            return folder
        except FileExistsError:
            pass
        except OSError as exc:
            raise SaveError(folder, f"cannot be made ({_describe(exc)})") from None
        st = os.lstat(folder)
        if stat.S_ISLNK(st.st_mode):
            raise SaveError(folder, "is a symbolic link, not a folder of your own; not used")
        if not stat.S_ISDIR(st.st_mode):
            raise SaveError(folder, "is not a folder; not used")
        if st.st_uid != os.geteuid():
            raise SaveError(folder, "belongs to someone else; not used")
        if st.st_mode & 0o022:
            raise SaveError(folder, f"can be written by others (mode {stat.S_IMODE(st.st_mode):o}); "
                                    f"not used until you run: chmod go-w {folder}")
        return folder
    check_folder_link(folder)
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
    except FileExistsError:
        raise SaveError(folder, "is not a folder; not used") from None
    except OSError as exc:
        raise SaveError(folder, f"cannot be made ({_describe(exc)})") from None
    if not folder.is_dir():
        raise SaveError(folder, "is not a folder; not used")
    return folder
