"""The last parse of each file, kept until the file changes on disk.

Shared by merge (core.collection) and the sessions list (core.listing): a refresh after one
colleague's save reads that one file, not the folder. A file is identified by what fstat says
of the handle open_for_reading opened (device, inode, size, mtime, ctime), so what is kept is
always the parse of the very bytes that handle would give, with the account that owns them
(st_uid of that handle: a chown changes ctime, a rename-over the inode). Anything unusual (not a
plain file, over the size limit, growing while read, cannot be opened) is handed to the uncached loader,
which says what is wrong exactly as it always has: a file over the limit is refused by its fstat
size, never read. Two threads wanting the same changed file (two screens refreshing on the same
save) parse it once: the second waits for the first's parse and takes it.
"""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

from bb_tui.storage.errors import BBError
from bb_tui.storage.tomlio import MAX_FILE_BYTES, open_for_reading, read_up_to

T = TypeVar("T")
Stamp = tuple[int, int, int, int, int]


def stamp_of(st: os.stat_result) -> Stamp:
    """What changes when a file's content does: (st_dev, st_ino, st_size, st_mtime_ns, st_ctime_ns)."""
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns


def _read_fd(fd: int, size: int) -> bytes | None:
    """The file's bytes, or None when it is not exactly `size` bytes now (it changed)."""
    data = read_up_to(fd, size + 1)
    return data if len(data) == size else None


class ParseCache(Generic[T]):
    """path -> (stamp, tag, outcome). `tag` is what else the outcome depends on (the framework),
    compared by identity. Outcomes are shared between callers: never change them. Thread-safe."""

    MAX = 50_000  # files remembered; more, and it starts again

    def __init__(self) -> None:
        self._kept: dict[Path, tuple[Stamp, object, T]] = {}
        self._lock = threading.Lock()
        self._reading: dict[Path, threading.Lock] = {}  # held while a file is read and parsed
        self.parses = 0  # files read and parsed (not served from the cache): for tests, benchmarks
        self.refused = 0  # files handed to the loader unread (over the limit, not a plain file)

    def get(
        self,
        path: Path,
        tag: object,
        parse: Callable[[Path, bytes, int], T],
        load: Callable[[Path], T],
    ) -> T:
        """The outcome for `path`: kept if unchanged, else parse(path, bytes, owner's uid) of one
        safe read; load(path) (the uncached reader, which never raises) for anything out of the
        ordinary."""
        try:
            fd = open_for_reading(path)
        except (OSError, BBError):
            return self._loaded(path, load)
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_FILE_BYTES:
                # refused by its fstat, unread: the loader gives the one-line reason
                return self._loaded(path, load, refused=True)
            stamp = stamp_of(st)
            hit = self._hit(path, stamp, tag)
            if hit is not None:
                return hit[2]
            with self._reader(path):  # another thread parsing this very file: take its parse
                hit = self._hit(path, stamp, tag)
                if hit is not None:
                    return hit[2]
                return self._parsed(path, fd, st, stamp, tag, parse, load)
        finally:
            os.close(fd)

    def _hit(self, path: Path, stamp: Stamp, tag: object) -> tuple[Stamp, object, T] | None:
        with self._lock:
            hit = self._kept.get(path)
        return hit if hit is not None and hit[0] == stamp and hit[1] is tag else None

    def _reader(self, path: Path) -> threading.Lock:
        with self._lock:
            return self._reading.setdefault(path, threading.Lock())

    def _parsed(
        self,
        path: Path,
        fd: int,
        st: os.stat_result,
        stamp: Stamp,
        tag: object,
        parse: Callable[[Path, bytes, int], T],
        load: Callable[[Path], T],
    ) -> T:
        """Read the open file and parse it (with its owner), keeping the outcome under its stamp."""
        owner = st.st_uid
        try:
            data = _read_fd(fd, st.st_size)
        except OSError:
            data = None
        if data is None:  # it changed while read: read it the ordinary way, keep nothing
            return self._loaded(path, load)
        outcome = parse(path, data, owner)
        with self._lock:
            self.parses += 1
            if len(self._kept) >= self.MAX:
                self._kept.clear()
                self._reading.clear()
            self._kept[path] = (stamp, tag, outcome)
        return outcome

    def known(self, path: Path, tag: object) -> bool:
        """Whether what is kept for `path` looks current (by lstat): a cheap guess, only to choose
        where to read it; get() still opens it safely and checks the handle."""
        try:
            stamp = stamp_of(os.lstat(path))
        except OSError:
            return False
        with self._lock:
            hit = self._kept.get(path)
        return hit is not None and hit[0] == stamp and hit[1] is tag

    def _loaded(self, path: Path, load: Callable[[Path], T], refused: bool = False) -> T:
        with self._lock:
            self.refused += refused
            self.parses += not refused
            self._kept.pop(path, None)
        return load(path)

    def forget(self) -> None:
        with self._lock:
            self._kept.clear()
            self._reading.clear()

    def __len__(self) -> int:
        return len(self._kept)
