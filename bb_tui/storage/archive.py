"""Archiving a session: its owner moves it into the folder's `archive/`, and back; never deleted.

Merge and the sessions list read only the folder's own files, so an archived session is left out
of every figure. Every step goes through descriptors and is never led by a link: the sessions
folder and `archive/` are opened with O_NOFOLLOW and checked with fstat; the file moves by a
second name made in the same file system (link, which never replaces an existing name) and then
the first name removed. Only the file's owner may move it; `archive/` must be a real folder of
the user, root or the sessions folder's owner (whoever owns it could delete what is in it).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from bb_tui.storage.errors import SaveError
from bb_tui.storage.safesave import InUseLock, user_name

ARCHIVE = "archive"
_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_TRIES = 100  # name.toml, name-2.toml ... when a name is taken


def _open_dir(path: Path, name: str | None = None, dir_fd: int | None = None) -> int:
    where = path if name is None else path / name
    try:
        return os.open(path if name is None else name, _DIR, dir_fd=dir_fd)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):
            raise SaveError(where, "is a link or not a folder; not used, not followed") from None
        raise SaveError(where, f"cannot be opened ({exc.strerror or exc})") from None


def _archive_fd(folder: Path, folder_fd: int, create: bool) -> int | None:
    """`archive/` opened safely; made (with the folder's mode, never writable by others) if asked."""
    path = folder / ARCHIVE
    fst = os.fstat(folder_fd)
    made = False
    if create:
        try:
            os.mkdir(ARCHIVE, 0o700, dir_fd=folder_fd)
            made = True
        except FileExistsError:
            pass
        except OSError as exc:
            raise SaveError(path, f"cannot be made ({exc.strerror or exc})") from None
    try:
        fd = _open_dir(folder, ARCHIVE, folder_fd)
    except SaveError:
        if not create and not os.path.lexists(path):
            return None
        raise
    st = os.fstat(fd)
    problem = None
    if st.st_uid not in (os.geteuid(), 0, fst.st_uid):
        problem = (
            f"belongs to {user_name(st.st_uid)}, who could delete what is archived; "
            "not used (the folder's owner can make it)"
        )
    elif st.st_mode & 0o022 and not st.st_mode & stat.S_ISVTX:
        problem = "can be written by others without the sticky bit; not used"
    if problem:
        os.close(fd)
        raise SaveError(path, problem)
    if made and st.st_uid == os.geteuid():
        os.fchmod(fd, stat.S_IMODE(fst.st_mode) & ~0o002)  # as the folder (team, sticky)
    return fd


def _own_session(path: Path, name: str, dir_fd: int) -> None:
    try:
        st = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except OSError as exc:
        raise SaveError(path, f"cannot be checked ({exc.strerror or exc})") from None
    if not stat.S_ISREG(st.st_mode):
        raise SaveError(path, "is not a regular file; not moved")
    if st.st_uid != os.geteuid():
        raise SaveError(path, f"belongs to {user_name(st.st_uid)}: only its owner may move it")
    if st.st_nlink != 1:
        raise SaveError(path, "has another name (a hard link); not moved")


def _move(path: Path, src_fd: int, dst: Path, dst_fd: int) -> Path:
    """Give the file a free name in `dst` (never over one), then remove its old name."""
    _own_session(path, path.name, src_fd)
    stem, suffix = Path(path.name).stem, Path(path.name).suffix
    for n in range(1, _TRIES + 1):
        name = path.name if n == 1 else f"{stem}-{n}{suffix}"
        try:
            os.link(path.name, name, src_dir_fd=src_fd, dst_dir_fd=dst_fd, follow_symlinks=False)
        except FileExistsError:
            continue
        except OSError as exc:
            raise SaveError(path, f"not moved ({exc.strerror or exc})") from None
        try:
            os.unlink(path.name, dir_fd=src_fd)
        except OSError as exc:
            os.unlink(name, dir_fd=dst_fd)
            raise SaveError(path, f"not moved ({exc.strerror or exc})") from None
        for fd in (dst_fd, src_fd):
            try:
                os.fsync(fd)
            except OSError:
                pass
        return dst / name
    raise SaveError(path, f"not moved: {_TRIES} names like it are taken in {dst}")


def archive_session(path: str | Path) -> Path:
    """Move one's own session into `archive/` beside it; returns where it went.

    Refused while the session is open in bb-tui anywhere: its in-use lock is held for the move.
    """
    path = Path(path)
    lock = InUseLock(path)
    holder = lock.acquire()
    if holder:
        raise SaveError(path, f"is open in {holder}; close it there first, then archive it")
    try:
        return _archive(path)
    finally:
        lock.release()


def _archive(path: Path) -> Path:
    folder_fd = _open_dir(path.parent)
    try:
        archive_fd = _archive_fd(path.parent, folder_fd, create=True)
        assert archive_fd is not None
        try:
            return _move(path, folder_fd, path.parent / ARCHIVE, archive_fd)
        finally:
            os.close(archive_fd)
    finally:
        os.close(folder_fd)


def restore_session(folder: str | Path, name: str) -> Path:
    """Bring `archive/NAME` (one's own) back into the sessions folder; returns its new path."""
    folder = Path(folder)
    folder_fd = _open_dir(folder)
    try:
        archive_fd = _archive_fd(folder, folder_fd, create=False)
        if archive_fd is None:
            raise SaveError(folder / ARCHIVE, "no such folder")
        try:
            return _move(folder / ARCHIVE / name, archive_fd, folder, folder_fd)
        finally:
            os.close(archive_fd)
    finally:
        os.close(folder_fd)


def archived(folder: str | Path) -> list[str]:
    """The names of the sessions in `archive/` (every *.toml); [] when there is none or it is unsafe."""
    folder = Path(folder)
    try:
        folder_fd = _open_dir(folder)
    except SaveError:
        return []
    try:
        fd = _archive_fd(folder, folder_fd, create=False)
    except SaveError:
        fd = None
    finally:
        os.close(folder_fd)
    if fd is None:
        return []
    try:
        return sorted(n for n in os.listdir(fd) if n.endswith(".toml") and not n.startswith("."))
    finally:
        os.close(fd)
