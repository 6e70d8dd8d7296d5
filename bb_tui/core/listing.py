"""The sessions in a folder, for the start screen: valid ones, broken ones, and other files.

`scan_sessions` yields them one file at a time (a big folder is read in the background);
`list_sessions` reads them all at once. `same_person` says where one person has two files, and
which one a merge counts (merge's own rule, from core.collection).
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bb_tui.core.collection import Collection, Duplicate, LoadedSession, normalise
from bb_tui.core.framework import Framework
from bb_tui.core.partnership import FILE_NAME as PARTNERSHIP_FILE
from bb_tui.core.readcache import ParseCache
from bb_tui.core.session import FORMAT, Session, parse_session
from bb_tui.storage.errors import FileFormatError
from bb_tui.storage.paths import peek_format, toml_names
from bb_tui.storage.tomlio import parse_toml_bytes, read_owned


@dataclass(frozen=True)
class Entry:
    path: Path
    session: Session
    digest: str = field(default="", repr=False, compare=False)  # of the bytes read, as merge's
    owner: int | None = field(default=None, repr=False, compare=False)  # the account, as merge's

    @property
    def is_conflict_copy(self) -> bool:
        return ".conflict-" in self.path.name

    @property
    def identity(self) -> tuple[str, str]:
        """Who this is, as merge compares people: normalised (name, organisation)."""
        p = self.session.participant
        return normalise(p.name), normalise(p.organisation)


@dataclass(frozen=True)
class SamePerson:
    """One file of a person who has more than one here, and the one a merge counts."""

    counted: Path  # the file merge counts for this person
    files: tuple[Path, ...]  # all this person's files here, in path order
    reason: str = ""  # for a file not counted: merge's one line on why

    def counts(self, path: Path) -> bool:
        return path == self.counted


def same_person(entries: Iterable[Entry]) -> dict[Path, SamePerson]:
    """For each file whose participant has another file among `entries`: which one merge counts.

    Decided by merge's own rules (core.collection), so the list and the results always agree."""
    loaded = [
        LoadedSession(
            str(e.path),
            e.session,
            e.digest or f"path:{e.path}",
            os.path.normcase(os.path.abspath(e.path)),
            e.owner,
        )
        for e in entries
    ]
    merged = Collection(tuple(loaded)).union(Collection())
    groups: dict[str, list[Duplicate]] = {}
    for dup in merged.duplicates:
        groups.setdefault(dup.kept.path, []).append(dup)
    found: dict[Path, SamePerson] = {}
    for kept, dups in groups.items():
        files = tuple(sorted([Path(kept), *(Path(d.dropped.path) for d in dups)]))
        found[Path(kept)] = SamePerson(Path(kept), files)
        for dup in dups:
            found[Path(dup.dropped.path)] = SamePerson(
                Path(kept), files, dup.reason(Path(kept).name)
            )
    return found


def find_person(entries: Iterable[Entry], name: str, organisation: str) -> list[Entry]:
    """The sessions of the person with this name and organisation (merge's comparison)."""
    wanted = normalise(name), normalise(organisation)
    return [e for e in entries if e.identity == wanted]


def name_key(name: str) -> str:
    """A name as a person would compare it: case, spacing and accents folded ("José" = "jose")."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(unicodedata.normalize("NFKC", bare).casefold().split())


def find_name(entries: Iterable[Entry], name: str) -> list[Entry]:
    """The sessions whose participant has this name, whatever organisation they gave."""
    wanted = name_key(name)
    return [e for e in entries if wanted and name_key(e.session.participant.name) == wanted]


@dataclass(frozen=True)
class Broken:
    path: Path
    problem: str  # one line


@dataclass(frozen=True)
class Other:
    path: Path  # a TOML file of another format, e.g. a partnership file


Found = Entry | Broken | Other


@dataclass
class Listing:
    folder: Path
    exists: bool
    sessions: list[Entry] = field(default_factory=list)
    broken: list[tuple[Path, str]] = field(default_factory=list)  # (file, one-line problem)
    others: int = 0  # TOML files of other formats
    partnership: bool = False  # one of them is the folder's partnership file

    def add(self, found: Found) -> None:
        """Add one file's outcome; adding in scan order gives list_sessions' order."""
        if isinstance(found, Entry):
            self.sessions.append(found)
        elif isinstance(found, Broken):
            self.broken.append((found.path, found.problem))
        else:
            self.others += 1
            self.partnership |= found.path.name == PARTNERSHIP_FILE

    def sort(self) -> None:
        """Back in folder order (list_sessions' order) after files were added out of it."""
        self.sessions.sort(key=lambda entry: entry.path.name)
        self.broken.sort(key=lambda broken: broken[0].name)


def session_paths(folder: str | Path) -> list[Path]:
    """The *.toml in `folder`, sorted, hidden ones skipped: what storage.paths.expand_paths finds
    in a folder (and nothing for a missing one)."""
    folder = Path(folder)
    return [folder / name for name in sorted(toml_names(folder))]


def count_up_to(folder: str | Path, limit: int) -> int:
    """How many files session_paths would give, counting no further than `limit` (cheap)."""
    count = 0
    for count, _ in enumerate(toml_names(Path(folder)), 1):
        if count >= limit:
            break
    return count


def read_found(path: Path, framework: Framework) -> Found:
    """One file's outcome; never raises for a bad file."""
    try:
        raw, owner = read_owned(path, None)
    except FileFormatError as exc:
        return Broken(path, exc.problem)
    return found_in(path, raw, framework, owner)


def found_in(path: Path, raw: bytes, framework: Framework, owner: int | None = None) -> Found:
    """One file's outcome from its bytes (as read safely, by an `owner`'s file); never raises."""
    try:
        data = parse_toml_bytes(path, raw)
    except FileFormatError as exc:
        return Broken(path, exc.problem)
    fmt = peek_format(data)
    if fmt is not None and fmt != FORMAT:
        return Other(path)  # e.g. a partnership file: not ours to list
    try:
        return Entry(
            path,
            parse_session(data, framework, path),
            hashlib.blake2b(raw, digest_size=16).hexdigest(),
            owner,
        )
    except FileFormatError as exc:
        return Broken(path, exc.problem)


class ReadCache:
    """Files already read: one unchanged since (same handle fstat: device, inode, size, mtime,
    ctime) is not read again. The sessions list comes back after every panel; a 2 MiB file takes
    ~0.3 s to read. The one cache of core.readcache, as merge's. Never change what it gives."""

    def __init__(self) -> None:
        self._cache: ParseCache[Found] = ParseCache()

    def known(self, path: Path, framework: Framework) -> bool:
        """Read already and unchanged since, by a cheap look (lstat)."""
        return self._cache.known(path, framework)

    def read(self, path: Path, framework: Framework) -> Found:
        return self._cache.get(
            path,
            framework,
            lambda p, raw, owner: found_in(p, raw, framework, owner),
            lambda p: read_found(p, framework),
        )


def quick_first(
    paths: Iterable[Path], framework: Framework, cache: ReadCache, budget: int
) -> tuple[list[Path], list[Path]]:
    """`paths` split, each part in order, into those to read now (kept in `cache` and unchanged,
    or new bytes up to `budget` in all) and the rest, to read in the background (a 2 MiB file
    takes ~0.2 s to parse)."""
    now: list[Path] = []
    later: list[Path] = []
    spent = 0
    for path in paths:
        if cache.known(path, framework):
            now.append(path)
            continue
        try:
            size = os.lstat(path).st_size
        except OSError:
            size = 0  # the reader says what is wrong, at once
        if spent + size <= budget:
            spent += size
            now.append(path)
        else:
            later.append(path)
    return now, later


def scan_sessions(
    folder: str | Path,
    framework: Framework,
    paths: Iterable[Path] | None = None,
    cache: ReadCache | None = None,
) -> Iterator[Found]:
    """Each *.toml in `folder` (or `paths`, from session_paths), read in order, one at a time
    (through `cache` when given)."""
    read = read_found if cache is None else cache.read
    for path in session_paths(folder) if paths is None else paths:
        yield read(path, framework)


def list_sessions(folder: str | Path, framework: Framework) -> Listing:
    """Read every *.toml in `folder` (not recursively); never raises for a bad file."""
    folder = Path(folder)
    listing = Listing(folder, folder.is_dir())
    if listing.exists:
        for found in scan_sessions(folder, framework):
            listing.add(found)
    return listing
