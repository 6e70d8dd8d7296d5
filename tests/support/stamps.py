"""A file's stamp (inode, modification time, size), and waiting until a save has replaced it:
for the kill -9 tests, which must see a save finish before the next kill."""

from __future__ import annotations

import os
import time
from pathlib import Path


def stamp(path: Path) -> tuple[int, int, int]:
    st = os.stat(path)
    return st.st_ino, st.st_mtime_ns, st.st_size


def saved(path: Path, before: tuple[int, int, int], timeout: float = 30.0) -> None:
    """Wait until a save has replaced `path` since `before` (its stamp then)."""
    deadline = time.monotonic() + timeout
    while stamp(path) == before:
        assert time.monotonic() < deadline, f"no save of {path} in {timeout} s"
        time.sleep(0.001)
