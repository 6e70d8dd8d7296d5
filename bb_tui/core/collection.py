"""Many session files -> one collection: who took part, which files were rejected, which were duplicates.

The rules (also in docs/merging.md):
- Folders are searched (not recursively) for *.toml; files are taken as given.
- Every file is read with the session module's own checks; any failure becomes a one-line rejection.
- Files of another bb-tui format (e.g. a bb-partnership file kept in the sessions folder) are ignored
  and listed, not rejected.
- Duplicates, counted once: the same path named twice; files with identical bytes (the same file reached
  another way, or a copy); the same participant (name and organisation, compared case- and
  spacing-blind) in two files. Of the same participant's files the kept one is the most recently
  `updated`, then the one with more items answered, then the last path in sorted order. A stamp
  more than FUTURE_SLACK ahead of this machine's clock counts as no stamp, and is warned about.
- A session with nothing scored or skipped is "started, nothing scored": listed, not a participant,
  and never chosen over a file of the same person that has answers.
- Files are processed in sorted order of path, so the result never depends on the order given.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import os
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from bb_tui.core.framework import Framework
from bb_tui.core.readcache import ParseCache
from bb_tui.core.session import Session, parse_session
from bb_tui.storage.errors import BBError, SessionError, shown_path
from bb_tui.storage.paths import expand_paths
from bb_tui.storage.textsafe import one_line
from bb_tui.storage.tomlio import parse_toml_bytes, read_toml_bytes

# Other bb-tui file formats that may share a folder with sessions: listed as ignored, not rejected.
OTHER_FORMATS = ("bb-partnership",)

SAME_PATH, SAME_CONTENT, SAME_PARTICIPANT = "same-path", "same-content", "same-participant"

# An `updated` stamp further ahead of this machine's clock than this is not trusted.
FUTURE_SLACK = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class LoadedSession:
    """A valid session and where it came from."""

    path: str  # as named (folder + file name), for display
    session: Session
    digest: str = field(repr=False)  # hash of the file's bytes
    key: str = field(repr=False)  # normalised absolute path

    @property
    def shown(self) -> str:
        """The path fit for a terminal (control characters stripped)."""
        return shown_path(self.path)

    @property
    def identity(self) -> tuple[str, str]:
        """Who this is, for the duplicate rule: normalised (name, organisation)."""
        p = self.session.participant
        return normalise(p.name), normalise(p.organisation)

    @property
    def answered(self) -> int:
        s = self.session
        return len(s.scores) + len(s.indicators) + len(s.skipped)

    def started_note(self, file: str | None = None) -> FileNote:
        """As results list a session with nothing answered; `file` replaces the path (anonymous)."""
        return FileNote(STARTED, self.shown if file is None else file, STARTED_REASON)


REJECTED, DUPLICATE, IGNORED, STARTED = "rejected", "duplicate", "ignored", "started"
STARTED_REASON = "started, nothing scored; not counted"


@dataclass(frozen=True)
class FileNote:
    """A file read but not counted, as results show it (its name hidden in anonymous mode)."""

    kind: str  # REJECTED, DUPLICATE, IGNORED or STARTED
    file: str  # the path shown, or e.g. "rejected file 1"
    reason: str  # one line, without the file name
    kept: str = ""  # DUPLICATE: the file (or, anonymous, the participant) counted instead
    rule: str = ""  # DUPLICATE: SAME_PATH, SAME_CONTENT or SAME_PARTICIPANT
    format: str = ""  # IGNORED: the file's `format`

    def to_json(self) -> dict[str, str]:
        if self.kind == REJECTED:
            return {"file": self.file, "error": self.reason}
        if self.kind == IGNORED:
            return {"file": self.file, "format": self.format}
        if self.kind == STARTED:
            return {"file": self.file}
        return {"file": self.file, "kept": self.kept, "rule": self.rule, "reason": self.reason}


@dataclass(frozen=True)
class Rejected:
    file: str
    error: str  # one line, without the file name

    def line(self) -> str:
        return f"{self.file}: {self.error}"

    def note(self, file: str | None = None) -> FileNote:
        """As results show it; `file` replaces the path (anonymous mode)."""
        return FileNote(REJECTED, self.file if file is None else file, self.error)


@dataclass(frozen=True)
class Ignored:
    file: str
    format: str  # the file's `format`, e.g. "bb-partnership"

    def note(self, file: str | None = None) -> FileNote:
        """As results show it; `file` replaces the path (anonymous mode)."""
        return FileNote(
            IGNORED,
            self.file if file is None else file,
            f"a {self.format} file",
            format=self.format,
        )


@dataclass(frozen=True)
class Duplicate:
    """A file not counted because `kept` already stands for the same file or participant."""

    dropped: LoadedSession
    kept: LoadedSession
    rule: str  # SAME_PATH, SAME_CONTENT or SAME_PARTICIPANT

    @property
    def file(self) -> str:
        return self.dropped.shown

    def reason(self, kept_name: str | None = None) -> str:
        """One line saying why; `kept_name` replaces the kept file's path (anonymous mode)."""
        kept = kept_name if kept_name is not None else self.kept.shown
        if self.rule == SAME_PATH:
            return f"the same file as {kept}, named twice"
        if self.rule == SAME_CONTENT:
            return f"identical to {kept}"
        why = _why_kept(self.kept, self.dropped)
        if future_stamp(self.dropped.session) is not None:
            why += "; this file's updated is in the future, so not used"
        return f"same participant as {kept}, which is counted ({why})"

    def note(self, file: str | None = None, kept_name: str | None = None) -> FileNote:
        """As results show it; `file` and `kept_name` replace the paths (anonymous mode)."""
        kept = self.kept.shown if kept_name is None else kept_name
        return FileNote(
            DUPLICATE,
            self.file if file is None else file,
            self.reason(kept_name),
            kept=kept,
            rule=self.rule,
        )


@dataclass(frozen=True)
class Collection:
    """Everything found in a set of paths; `participants` are the sessions that count."""

    participants: tuple[LoadedSession, ...] = ()
    duplicates: tuple[Duplicate, ...] = ()
    rejected: tuple[Rejected, ...] = ()
    ignored: tuple[Ignored, ...] = ()
    started: tuple[LoadedSession, ...] = ()  # valid, nothing scored or skipped: not counted

    @property
    def sessions(self) -> list[Session]:
        return [p.session for p in self.participants]

    @property
    def files_read(self) -> int:
        return (
            len(self.participants)
            + len(self.duplicates)
            + len(self.rejected)
            + len(self.ignored)
            + len(self.started)
        )

    def union(self, other: Collection) -> Collection:
        """Both collections as one, duplicates across them resolved by the same rules."""
        loaded = [
            *self.participants,
            *(d.dropped for d in self.duplicates),
            *self.started,
            *other.participants,
            *(d.dropped for d in other.duplicates),
            *other.started,
        ]
        return _assemble(loaded, [*self.rejected, *other.rejected], [*self.ignored, *other.ignored])

    def warnings(self) -> list[str]:
        """Warnings from valid files (unknown keys kept), then every `updated` from the future
        (counted or not), one line each."""
        every = sorted(
            [*self.participants, *(d.dropped for d in self.duplicates)],
            key=lambda item: (item.key, item.path),
        )
        notes = (future_note(item.session, item.shown) for item in every)
        return [
            *(w for p in self.participants for w in p.session.warnings),
            *dict.fromkeys(line for line in notes if line),
        ]


def normalise(text: str) -> str:
    """Case-, width- and spacing-blind form of a name, for comparing people."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _path_key(path: Path) -> str:
    return os.path.normcase(os.path.abspath(path))


def load_one(path: Path, framework: Framework) -> LoadedSession | Rejected | Ignored:
    """Read one file; never raises for anything wrong with the file."""
    try:
        data = read_toml_bytes(path)
    except BBError as exc:
        return Rejected(shown_path(path), exc.problem)
    except Exception as exc:  # noqa: BLE001 - a hostile file must never stop a merge
        return Rejected(
            shown_path(path),
            SessionError(path, f"could not be read ({type(exc).__name__})").problem,
        )
    return load_bytes(path, data, framework)


def load_bytes(path: Path, data: bytes, framework: Framework) -> LoadedSession | Rejected | Ignored:
    """One file's bytes, as read safely, made a session; never raises for anything in them."""
    try:
        parsed = parse_toml_bytes(path, data)
        fmt = parsed.get("format")
        if fmt in OTHER_FORMATS:
            return Ignored(shown_path(path), fmt)
        session = parse_session(parsed, framework, path)
    except BBError as exc:
        return Rejected(shown_path(path), exc.problem)
    except Exception as exc:  # noqa: BLE001 - a hostile file must never stop a merge
        return Rejected(
            shown_path(path),
            SessionError(path, f"could not be read ({type(exc).__name__})").problem,
        )
    digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    return LoadedSession(str(path), session, digest, _path_key(path))


@contextlib.contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while loading: nothing loaded forms cycles, and as the
    kept sessions pile up each collection would walk them all again (about 10% of a merge)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


Outcome = LoadedSession | Rejected | Ignored


def collect(
    paths: Iterable[str | Path], framework: Framework, cache: ParseCache[Outcome] | None = None
) -> Collection:
    """Read every file named or found in the folders named, and sort out what counts.

    With `cache` (kept by a screen that merges again and again) a file unchanged since the last
    collect through it is not read again."""
    with _no_cyclic_gc():
        return _collect(paths, framework, cache)


def _collect(
    paths: Iterable[str | Path], framework: Framework, cache: ParseCache[Outcome] | None = None
) -> Collection:
    if cache is not None:

        def load(path: Path, framework: Framework) -> Outcome:
            return cache.get(
                path,
                framework,
                lambda p, data: load_bytes(p, data, framework),
                lambda p: load_one(p, framework),
            )
    else:
        load = load_one
    loaded: list[LoadedSession] = []
    rejected: list[Rejected] = []
    ignored: list[Ignored] = []
    outcomes: dict[str, LoadedSession | Rejected | Ignored] = {}
    for path in expand_paths([Path(p) for p in paths]):
        key = _path_key(path)
        outcome = outcomes.get(key)
        if outcome is None:  # each file is read once, however often it is named
            outcome = outcomes[key] = load(path, framework)
        if isinstance(outcome, LoadedSession):
            loaded.append(LoadedSession(str(path), outcome.session, outcome.digest, key))
        else:
            if isinstance(outcome, Rejected):
                rejected.append(outcome)
            else:
                ignored.append(outcome)
    return _assemble(loaded, rejected, ignored)


def _dup_order(d: Duplicate) -> tuple[str, str]:
    return d.dropped.key, d.dropped.path


def _assemble(
    loaded: list[LoadedSession], rejected: list[Rejected], ignored: list[Ignored]
) -> Collection:
    """Apply the duplicate rules to valid sessions and build the collection."""
    loaded = sorted(loaded, key=lambda item: (item.key, item.path))
    duplicates: list[Duplicate] = []
    by_path: dict[str, LoadedSession] = {}
    by_digest: dict[str, LoadedSession] = {}
    distinct: list[LoadedSession] = []
    for item in loaded:
        if item.key in by_path:
            duplicates.append(Duplicate(item, by_path[item.key], SAME_PATH))
            continue
        by_path[item.key] = item
        if item.digest in by_digest:
            duplicates.append(Duplicate(item, by_digest[item.digest], SAME_CONTENT))
            continue
        by_digest[item.digest] = item
        distinct.append(item)
    started = tuple(item for item in distinct if not item.answered)
    distinct = [item for item in distinct if item.answered]
    by_person: dict[tuple[str, str], LoadedSession] = {}
    for item in distinct:
        other = by_person.get(item.identity)
        if other is None:
            by_person[item.identity] = item
        elif _rank(item) > _rank(other):
            by_person[item.identity] = item
            duplicates.append(Duplicate(other, item, SAME_PARTICIPANT))
        else:
            duplicates.append(Duplicate(item, other, SAME_PARTICIPANT))
    kept = {id(item) for item in by_person.values()}
    participants = tuple(item for item in distinct if id(item) in kept)
    # a participant's later-dropped file may have been named as `kept` for an earlier one
    final = {item.identity: item for item in participants}
    duplicates = [
        d if d.rule != SAME_PARTICIPANT else Duplicate(d.dropped, final[d.kept.identity], d.rule)
        for d in duplicates
    ]
    return Collection(
        participants=participants,
        duplicates=tuple(sorted(duplicates, key=_dup_order)),
        rejected=tuple(
            sorted(_unique_files(rejected), key=lambda r: (_path_key(Path(r.file)), r.file))
        ),
        ignored=tuple(
            sorted(_unique_files(ignored), key=lambda r: (_path_key(Path(r.file)), r.file))
        ),
        started=started,
    )


_Filed = TypeVar("_Filed", Rejected, Ignored)


def _unique_files(items: list[_Filed]) -> list[_Filed]:
    seen: dict[str, _Filed] = {}
    for item in items:
        seen.setdefault(_path_key(Path(item.file)), item)
    return list(seen.values())


_EPOCH = dt.datetime.min.replace(tzinfo=dt.timezone.utc)


def updated_at(session: Session) -> dt.datetime | None:
    """The session's `updated` stamp as an aware datetime, or None when absent or unreadable."""
    value = session.updated
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.timezone.utc)
    return None


def future_stamp(session: Session) -> dt.datetime | None:
    """The session's `updated` when it is more than FUTURE_SLACK ahead of now, else None.

    A laptop with a fast clock, or a planted copy, would otherwise win the same-participant rule
    for ever."""
    stamp = updated_at(session)
    if stamp is None or stamp <= dt.datetime.now(dt.timezone.utc) + FUTURE_SLACK:
        return None
    return stamp


def future_note(session: Session, shown: str) -> str | None:
    """One line naming the file when its `updated` is from the future, else None."""
    stamp = future_stamp(session)
    if stamp is None:
        return None
    raw = session.updated
    text = one_line(raw if isinstance(raw, str) else raw.isoformat()).replace("+00:00", "Z")[:40]
    return f"{shown}: updated {text} is in the future; not used to choose between copies"


def trusted_updated(session: Session) -> dt.datetime | None:
    """`updated` as used to choose between copies: None when absent, unreadable or in the future."""
    return None if future_stamp(session) is not None else updated_at(session)


def _rank(item: LoadedSession) -> tuple[dt.datetime, int, str, str]:
    """Higher is kept: most recently updated, then most items answered, then last path."""
    return (trusted_updated(item.session) or _EPOCH, item.answered, item.key, item.path)


def _why_kept(kept: LoadedSession, dropped: LoadedSession) -> str:
    a, b = trusted_updated(kept.session), trusted_updated(dropped.session)
    if (a or _EPOCH) != (b or _EPOCH):
        return "updated more recently"
    if kept.answered != dropped.answered:
        return "more items answered"
    return "its path sorts last"
