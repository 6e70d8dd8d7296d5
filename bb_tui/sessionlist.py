"""The sessions in a folder, for the start screen: valid ones, broken ones, and other files."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bb_tui.errors import FileFormatError
from bb_tui.files import expand_paths, peek_format
from bb_tui.framework import Framework
from bb_tui.session import FORMAT, Session, parse_session
from bb_tui.tomlio import parse_toml_bytes, read_toml_bytes


@dataclass(frozen=True)
class Entry:
    path: Path
    session: Session

    @property
    def is_conflict_copy(self) -> bool:
        return ".conflict-" in self.path.name


@dataclass
class Listing:
    folder: Path
    exists: bool
    sessions: list[Entry] = field(default_factory=list)
    broken: list[tuple[Path, str]] = field(default_factory=list)  # (file, one-line problem)
    others: int = 0                                               # TOML files of other formats


def list_sessions(folder: str | Path, framework: Framework) -> Listing:
    """Read every *.toml in `folder` (not recursively); never raises for a bad file."""
    folder = Path(folder)
    listing = Listing(folder, folder.is_dir())
    if not listing.exists:
        return listing
    for path in expand_paths([folder]):
        try:
            data = parse_toml_bytes(path, read_toml_bytes(path))
        except FileFormatError as exc:
            listing.broken.append((path, exc.problem))
            continue
        fmt = peek_format(data)
        if fmt is not None and fmt != FORMAT:
            listing.others += 1  # e.g. a partnership file: not ours to list
            continue
        try:
            listing.sessions.append(Entry(path, parse_session(data, framework, path)))
        except FileFormatError as exc:
            listing.broken.append((path, exc.problem))
    return listing
