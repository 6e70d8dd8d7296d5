"""Atomic, durable file saves and the locks that keep two writers from losing each other's work.

Safe in a folder others can write to: a link is written through only when the writer made it;
lock, in-use, temp and conflict-copy files are opened with O_NOFOLLOW (O_EXCL when created) and
used only when fstat shows a regular file with one link, owned by the writer (or the session's
owner); anything else is left alone and named in one line. See docs/security.md.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import pwd
import re
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bb_tui.storage.errors import BBError, ConflictError, ReplacedError, SaveError
from bb_tui.storage.paths import TEMP_SUFFIX, parse_pid, temp_name

NEW_FILE_MODE = 0o640  # a new session or partnership file: the team reads, only its owner writes
NO_SHARED_WRITE = 0o022  # never left on a session file by a save
LOCK_MODE = 0o600  # in-use and save-lock files: nobody else can open them, so nobody can hold them
_SAFE_OPEN = os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NOCTTY | os.O_NONBLOCK  # FIFOs never block


def _umask() -> int:
    try:
        with open("/proc/self/status", "rb") as status:  # bytes: no codec to import
            for line in status:
                if line.startswith(b"Umask:"):
                    return int(line.split()[1], 8)
    except OSError:
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def resolve_target(path: str | Path) -> Path:
    """The real file a save should replace: a symlink is followed, never replaced."""
    return Path(os.path.realpath(path))


def user_name(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except (KeyError, OSError):
        return f"user {uid}"


def owner_if_other(path: str | Path) -> str | None:
    """The user owning `path` (followed through links), or None when it is ours or unreadable."""
    try:
        uid = os.stat(path).st_uid
    except OSError:
        return None
    return None if uid == os.geteuid() else user_name(uid)


def foreign_link_owner(path: str | Path) -> str | None:
    """Who made the first link on the way to `path` that the current user did not make, if any."""
    link, me = Path(path), os.geteuid()
    for _ in range(40):  # the kernel's own limit
        try:
            st = os.lstat(link)
        except OSError:
            return None
        if not stat.S_ISLNK(st.st_mode):
            return None
        if st.st_uid != me:
            return user_name(st.st_uid)
        link = link.parent / os.readlink(link)
    return None


def write_refusal(path: str | Path) -> str | None:
    """Why nothing may be written through `path` (a link someone else made), or None."""
    maker = foreign_link_owner(path)
    return None if maker is None else f"is a link made by another user ({maker}); not saved"


def fingerprint(path: str | Path) -> str | None:
    """SHA-256 of a file's bytes, or None when it does not exist; only a regular file is read."""
    return fingerprint_and_owner(path)[0]


def fingerprint_and_owner(path: str | Path) -> tuple[str | None, int | None]:
    """fingerprint, and the account owning the file read (fstat of the same handle)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | os.O_NONBLOCK | os.O_NOCTTY)
    except FileNotFoundError:
        return None, None
    with os.fdopen(fd, "rb") as handle:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        return hashlib.sha256(handle.read()).hexdigest(), st.st_uid


def fingerprint_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def atomic_write(
    path: str | Path,
    data: bytes,
    *,
    new_mode: int | None = None,
    drop: int = 0,
    mode: int | None = None,
    follow: bool = True,
) -> Path:
    """Write `data` to `path` atomically and durably; on failure the original is untouched.

    Temp file in the same folder (mkstemp: O_EXCL|O_NOFOLLOW), fsync, os.replace, fsync the
    folder. The file's permission bits are kept less `drop`; a new file gets `new_mode`, else
    follows the umask. A symlink is followed only when the writer made it (else SaveError);
    `follow=False` replaces the name itself. `mode` sets the bits outright.
    """
    refusal = write_refusal(path) if follow else None
    if refusal:
        raise SaveError(path, refusal)
    target = resolve_target(path) if follow else Path(path)
    folder = target.parent
    if mode is None:
        try:
            mode = os.lstat(target).st_mode & 0o7777 & ~drop
        except FileNotFoundError:
            mode = (0o666 & ~_umask()) if new_mode is None else new_mode
        except OSError as exc:
            raise SaveError(path, f"not saved: {exc.strerror or exc}") from None
    import tempfile  # here, not at import: reading (a merge) never saves

    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.name}.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=folder
        )
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            os.fchmod(handle.fileno(), mode)  # by descriptor: a swapped name cannot redirect it
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
    if exc.errno == errno.EDQUOT:
        return "the disk is full (your quota is used up)"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "the folder cannot be written to (permission denied or read-only)"
    return exc.strerror or str(exc)


def pid_alive(pid: int) -> bool:
    """Whether process `pid` (as parse_pid gives it) exists on this machine, whoever runs it."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError, ValueError):
        return True  # someone else's (EPERM), or not ours to judge: left alone
    return True


def remove_stale_temps(folder: str | Path) -> list[Path]:
    """Delete the user's own temp files left by saves whose process died (kill -9, power cut).
    A name that says no real pid is not one of ours (paths.temp_name): left alone."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    me = os.geteuid()
    for entry in entries:
        temp = temp_name(entry.name)
        if temp is None or pid_alive(temp.pid):
            continue
        try:
            if entry.stat(follow_symlinks=False).st_uid != me:
                continue  # someone else's (their save, on another machine perhaps)
            os.unlink(entry.path)
            removed.append(Path(entry.path))
        except OSError:
            pass
    return removed


def _lock_path(target: Path, kind: str) -> Path:
    return target.parent / f".{target.name}.{kind}"


def _owner(target: Path) -> int:
    """Whose file `target` is (the current user's when it does not exist yet)."""
    try:
        return os.stat(target).st_uid
    except OSError:
        return os.geteuid()


def _kind_problem(st: os.stat_result, trusted: set[int]) -> str | None:
    """Why a lock file with this lstat/fstat must be left alone, or None if it may be used."""
    who = user_name(st.st_uid)
    if stat.S_ISLNK(st.st_mode):
        return f"is a link made by {who}"
    if stat.S_ISDIR(st.st_mode):
        return f"is a folder made by {who}"
    if stat.S_ISFIFO(st.st_mode):
        return f"is a FIFO (named pipe) made by {who}"
    if not stat.S_ISREG(st.st_mode):
        return f"is not a regular file (made by {who})"
    if st.st_nlink != 1:
        return "is a hard link, a second name of another file (perhaps planted)"
    if st.st_uid not in trusted:
        return f"was made by {who}, not by you"
    return None


def _open_lock(path: Path, trusted: set[int], create: bool) -> tuple[int | None, str | None, bool]:
    """Open a lock file without following a link or blocking on a FIFO.

    Returns (descriptor, None, exposed) for a fresh file of ours (O_EXCL, LOCK_MODE) or an
    existing regular file with one link owned by a `trusted` user; (None, why, False) for
    anything planted, left untouched; (None, None, False) when there is none to use. `exposed`:
    the file is ours but not LOCK_MODE (older versions made it 0644), so someone else may have
    it open and hold it; the caller replaces it (_renew). OSError when creating it fails.
    """
    if create:
        try:
            flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | _SAFE_OPEN
            return os.open(path, flags, LOCK_MODE), None, False
        except FileExistsError:
            pass
    fd = None
    for flags in (os.O_RDWR, os.O_RDONLY):  # opening never changes the file: no O_TRUNC
        try:
            fd = os.open(path, flags | _SAFE_OPEN)
            break
        except FileNotFoundError:
            return None, None, False
        except OSError:
            continue
    try:
        st = os.fstat(fd) if fd is not None else os.lstat(path)
    except OSError:
        st = None
    problem = _kind_problem(st, trusted) if st is not None else None
    if fd is not None and (problem or st is None):
        os.close(fd)
        fd = None
    exposed = False
    if fd is not None and st is not None and st.st_uid == os.geteuid():
        exposed = stat.S_IMODE(st.st_mode) != LOCK_MODE
        try:
            if exposed:
                os.fchmod(fd, LOCK_MODE)  # closed to new opens at once, should _renew fail
        except OSError:
            pass
    return fd, problem, exposed


def _renew(path: Path) -> int | None:
    """A fresh lock file of ours (LOCK_MODE), already held, renamed over `path`; None when it
    cannot be made. Whoever opened the old one while others could holds nothing that counts."""
    import tempfile

    try:
        fd, tmp = tempfile.mkstemp(
            prefix=f".{path.name}.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=path.parent
        )  # O_EXCL, 0600: nobody else can open it before or after the rename
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.replace(tmp, path)
    except OSError:
        os.close(fd)
        _unlink_quietly(Path(tmp))
        return None
    return fd


def _still_named(fd: int, path: Path) -> bool:
    """Whether `path` is still the file open at `fd` (a lock taken on a file since replaced by
    _renew would count for nothing)."""
    try:
        held, named = os.fstat(fd), os.lstat(path)
    except OSError:
        return False
    return (held.st_dev, held.st_ino) == (named.st_dev, named.st_ino)


def _flock(fd: int, deadline: float | None = None) -> bool:
    """Take an exclusive flock on `fd`, trying until `deadline` (monotonic) if given."""
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if deadline is None or time.monotonic() > deadline:
                return False
            time.sleep(0.01)


def lock_problem(target: Path, kind: str) -> str | None:
    """One line naming a planted `.NAME.kind` lock file beside `target`, or None."""
    lock_file = _lock_path(target, kind)
    try:
        st = os.lstat(lock_file)
    except OSError:
        return None
    problem = _kind_problem(st, {os.geteuid(), _owner(target)})
    return None if problem is None else BBError(lock_file, f"{problem}; {_LEFT_ALONE[kind]}").line()


_NOT_YOURS = (
    "was held, but by no bb-tui of yours (older versions left it readable to everyone, so "
    "anyone could hold it); replaced by one only you can open"
)
_LEFT_ALONE = {
    "inuse": "left alone, so this session opens without checking whether it is open elsewhere",
    "lock": "left alone, so saves go ahead without it (each still refuses to overwrite a "
    "change made elsewhere)",
}


@contextmanager
def save_lock(target: Path, timeout: float = 5.0) -> Iterator[None]:
    """Hold an exclusive flock for the few milliseconds of a compare-and-save.

    The lock file is 0600: nobody else can hold it and stall the owner's saves. An older one of
    ours that others could open is replaced by a fresh one, at once if we can hold it, else
    after `timeout`. One planted by someone else is left alone (InUseLock names it when the
    session opens).
    """
    fd = _hold_save_lock(target, timeout)
    try:
        yield
    finally:
        if fd is not None:
            os.close(fd)


def _hold_save_lock(target: Path, timeout: float) -> int | None:
    """The save lock's descriptor, held; None when there is none to use (the save goes ahead)."""
    me, owner = os.geteuid(), _owner(target)
    path = _lock_path(target, "lock")
    deadline = time.monotonic() + timeout
    for _ in range(3):  # again if the file was replaced while we waited for it
        try:
            fd, _, exposed = _open_lock(path, {me, owner}, create=owner == me)
        except OSError:
            return None  # an unwritable folder or full disk: the save itself says so in one line
        if fd is None:
            return None
        held = _flock(fd, deadline)
        if not _still_named(fd, path):
            os.close(fd)
            continue
        fresh = _renew(path) if exposed else None
        if fresh is not None:
            os.close(fd)  # held by us, or by someone who could open it: either way, done with
            return fresh
        if held:
            return fd
        os.close(fd)
        raise SaveError(target, "not saved: another program holds its save lock")
    return None


def reserve_conflict_copy(target: Path) -> Path:
    """Make a new empty file beside `target` for a conflict copy (O_EXCL, never through a link)."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    stem = target.name[:-5] if target.name.endswith(".toml") else target.name
    for n in range(1, 1000):
        candidate = target.with_name(f"{stem}.conflict-{stamp}{'' if n == 1 else f'-{n}'}.toml")
        try:
            fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _SAFE_OPEN, 0o600)
        except FileExistsError:
            continue  # whatever is there (a link, a FIFO, a folder...) is left alone
        except OSError as exc:
            raise SaveError(target, f"not saved, nor its conflict copy: {_describe(exc)}") from None
        os.close(fd)
        return candidate
    raise SaveError(target, "not saved: no free name for a conflict copy")


def guarded_write(
    path: str | Path, data: bytes, expected: str | None, owner: int | None = None
) -> str:
    """Save `data` only if the file still has the fingerprint `expected` (None: must not exist)
    and, with `owner`, still belongs to that account.

    Returns the new fingerprint. When someone else changed the file, nothing is overwritten:
    `data` goes to a conflict copy beside it and ConflictError says where (ReplacedError when
    another account's file took its place). A link someone else made is refused (SaveError).
    A new file is NEW_FILE_MODE; a save keeps the file's mode without group or other write.
    """
    refusal = write_refusal(path)
    if refusal:
        raise SaveError(path, refusal)
    target = resolve_target(path)
    with save_lock(target):
        try:
            current, holder = fingerprint_and_owner(target)
        except OSError as exc:
            raise SaveError(
                path, f"not saved: cannot check it for changes ({exc.strerror or exc})"
            ) from None
        replaced = owner is not None and holder is not None and holder != owner
        if current != expected or replaced:
            try:
                mode = os.stat(target).st_mode & 0o7777 & ~NO_SHARED_WRITE
            except OSError:
                mode = NEW_FILE_MODE
            copy = reserve_conflict_copy(target)
            try:
                atomic_write(copy, data, mode=mode, follow=False)
            except BaseException:
                _unlink_quietly(copy)
                raise
            if replaced:
                raise ReplacedError(path, copy, user_name(holder or 0))
            raise ConflictError(path, copy)
        atomic_write(target, data, new_mode=NEW_FILE_MODE, drop=NO_SHARED_WRITE)
    return fingerprint_bytes(data)


def _unlink_quietly(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


_HOLDER = re.compile(r"bb-tui process (?P<pid>[0-9]+) on (?P<host>\S+) since \S+")


VISITS_MAX = 4096  # bytes of an in-use file past which no more windows are noted in it


def _holder_line() -> bytes:
    """What an in-use file says while held: read back by _not_my_bb_tui, shown to others."""
    import socket  # here, not at import: reading (a merge) never takes a file

    stamp = time.strftime("%H:%M")
    return f"bb-tui process {os.getpid()} on {socket.gethostname()} since {stamp}".encode()


def _not_my_bb_tui(line: str) -> bool:
    """Whether an in-use file's line shows that whatever holds it is no bb-tui of this user's:
    the line names this machine and a process that has ended or is someone else's. A line that
    does not parse, or names another machine, cannot tell: False."""
    import socket

    match = _HOLDER.fullmatch(line)
    pid = parse_pid(match["pid"]) if match else None
    if match is None or pid is None or match["host"] != socket.gethostname():
        return False
    if not pid_alive(pid):
        return True
    try:
        return os.stat(f"/proc/{pid}").st_uid != os.geteuid()
    except FileNotFoundError:
        return os.path.isdir("/proc/self")  # hidden from us (hidepid): someone else's
    except OSError:
        return False


class InUseLock:
    """A lock held while a session is open in the app; a killed holder frees it automatically.

    Only the session's owner makes `.NAME.inuse` (O_EXCL|O_NOFOLLOW, LOCK_MODE 0600: nobody
    else can open it, so nobody else can hold it) and writes who holds it, into a file fstat
    shows is theirs. One of ours that older versions left readable is replaced by a fresh one;
    if it was held by no bb-tui of the owner's, the owner is told once. Someone else (the
    facilitator) can only check an older, readable one. A planted one is left alone and named
    in `notices`, as is a write failure.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.target = resolve_target(path)
        self.lock_file = _lock_path(self.target, "inuse")
        self.notices: list[str] = []  # one line each, when a lock could not be used
        self._fd: int | None = None

    def acquire(self) -> str | None:
        """Take the lock; return None on success, or a description of who holds it."""
        self.notices = []
        if write_refusal(self.path):
            return None  # opened read-only; no lock files beside someone else's target
        planted_lock = lock_problem(self.target, "lock")
        if planted_lock:
            self.notices.append(planted_lock)
        opened = self._open()
        if opened is None:
            return None
        fd, held, exposed = opened
        holder = ""
        if not held:
            try:  # the holder's line; windows that opened it too add lines below (tell_holder)
                holder = os.read(fd, 200).decode("utf-8", "replace").strip().split("\n")[0]
            except OSError:
                pass
            if not (exposed and _not_my_bb_tui(holder)):
                os.close(fd)
                return holder or "another bb-tui"
        fresh = _renew(self.lock_file) if exposed else None
        if fresh is None and not held:
            os.close(fd)
            return holder or "another bb-tui"
        if fresh is not None:
            os.close(fd)
            fd = fresh
            if not held:
                self.notices.append(BBError(self.lock_file, _NOT_YOURS).line())
        if os.fstat(fd).st_uid != os.geteuid():
            os.close(fd)  # not ours to hold or write: checked that nobody has it open
            return None
        self._fd = fd
        try:
            os.ftruncate(fd, 0)
            os.write(fd, _holder_line())
        except OSError as exc:  # still held: others are told "another bb-tui"
            self.notices.append(self._failed(exc))
        return None

    def _open(self) -> tuple[int, bool, bool] | None:
        """(descriptor, held by us, exposed) of the in-use file, or None when there is none to
        use (planted: named in `notices`; not made: why, too)."""
        me, owner = os.geteuid(), _owner(self.target)
        for _ in range(3):  # again if the file was replaced (_renew) while we opened it
            try:
                fd, problem, exposed = _open_lock(self.lock_file, {me, owner}, create=owner == me)
            except OSError as exc:
                self.notices.append(self._failed(exc))
                return None
            if problem:
                self.notices.append(
                    BBError(self.lock_file, f"{problem}; {_LEFT_ALONE['inuse']}").line()
                )
            if fd is None:
                return None
            held = _flock(fd)
            if _still_named(fd, self.lock_file):
                return fd, held, exposed
            os.close(fd)
        return None

    def _failed(self, exc: OSError) -> str:
        return BBError(
            self.target,
            f"cannot be marked as open ({_describe(exc)}); it opens, but saving may fail",
        ).line()

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def tell_holder(self, how: str) -> bool:
        """Add a line for the copy of bb-tui holding the lock: this process has the session open
        too (`how`: "read-only", "anyway"), or has closed it ("closed"). Only into the owner's
        own in-use file, opened as `acquire` opens it (never through a link, nothing planted),
        appended below the holder's line, never past VISITS_MAX. True when written."""
        import socket  # here, not at import (as _holder_line)

        if self._fd is not None or write_refusal(self.path):
            return False
        me = os.geteuid()
        try:
            fd, _problem, _exposed = _open_lock(self.lock_file, {me}, create=False)
        except OSError:
            return False
        if fd is None:
            return False
        try:
            st = os.fstat(fd)
            if st.st_uid != me or st.st_size > VISITS_MAX:
                return False
            os.lseek(fd, 0, os.SEEK_END)
            os.write(fd, f"\n{how} {os.getpid()} {socket.gethostname()}".encode())
            return True
        except OSError:
            return False
        finally:
            os.close(fd)

    def visitors(self) -> list[str]:
        """For the holder: how each other window that told it has the session open now
        ("read-only", "anyway"), oldest first; [] when not held here. Read back from the file
        the holder keeps open: a line someone else could have written is only counted."""
        import socket

        if self._fd is None:
            return []
        try:
            data = os.pread(self._fd, VISITS_MAX + 400, 0).decode("utf-8", "replace")
        except OSError:
            return []
        open_now: dict[tuple[str, str], str] = {}
        for line in data.split("\n")[1:]:
            how, _, where = line.strip().partition(" ")
            pid, _, host = where.partition(" ")
            if how == "closed":
                open_now.pop((pid, host), None)
            elif how in ("read-only", "anyway") and pid:
                open_now[(pid, host)] = how
        here = socket.gethostname()
        return [
            how
            for (pid, host), how in open_now.items()
            if host != here or ((number := parse_pid(pid)) is not None and pid_alive(number))
        ]  # a window killed on this machine is gone, though it never said so


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


def write_own_file(
    path: str | Path, data: bytes, overwrite: bool = False, mode: int = 0o600
) -> Path:
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
        tmp = f".{name}.{os.getpid()}.{os.urandom(4).hex()}{TEMP_SUFFIX}"
        try:
            fd = os.open(
                tmp,
                os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                0o600,
                dir_fd=dfd,
            )
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
            raise SaveError(
                folder,
                f"can be written by others (mode {stat.S_IMODE(st.st_mode):o}); "
                f"not used until you run: chmod go-w {folder}",
            )
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
