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
- Accounts are identity on a shared folder: each file's account is the st_uid of the handle it
  was read from. The newer-stamp rule works within one account only. A person claimed by files
  of more than one account is a Claim: none of those files counts until the facilitator chooses
  an account (`Collection.chosen`, from the partnership file's [[same_person]]).
- Files are processed in sorted order of path, so the result never depends on the order given.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from bb_tui.core.framework import Framework
from bb_tui.core.session import Session, parse_session
from bb_tui.storage.errors import BBError, SessionError, shown_path
from bb_tui.storage.paths import expand_paths
from bb_tui.storage.record import Frozen
from bb_tui.storage.safesave import user_name
from bb_tui.storage.textsafe import one_line
from bb_tui.storage.tomlio import parse_toml_bytes, read_owned

if TYPE_CHECKING:  # a merge from the command line reads every file once: no cache, no threading
    from bb_tui.core.readcache import ParseCache

# Other bb-tui file formats that may share a folder with sessions: listed as ignored, not rejected.
OTHER_FORMATS = ("bb-partnership",)

SAME_PATH, SAME_CONTENT, SAME_PARTICIPANT = "same-path", "same-content", "same-participant"
NOT_CHOSEN = "not-chosen"  # a claimant whose account the facilitator did not choose

# An `updated` stamp further ahead of this machine's clock than this is not trusted.
FUTURE_SLACK = dt.timedelta(minutes=5)


class LoadedSession(Frozen):
    """A valid session and where it came from."""

    __slots__ = ("digest", "key", "owner", "path", "session")
    _not_shown = ("digest", "key")

    path: str  # as named (folder + file name), for display
    session: Session
    digest: str  # hash of the file's bytes
    key: str  # normalised absolute path
    owner: int | None  # the account (uid) that owns the file read; None when not known

    def __init__(
        self, path: str, session: Session, digest: str, key: str, owner: int | None = None
    ) -> None:
        self._init(path, session, digest, key, owner)

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

    def started_note(self, file: str | None = None, account: str = "") -> FileNote:
        """As results list a session with nothing answered; `file` replaces the path (anonymous)."""
        return FileNote(
            STARTED, self.shown if file is None else file, STARTED_REASON, account=account
        )


REJECTED, DUPLICATE, IGNORED, STARTED = "rejected", "duplicate", "ignored", "started"
STARTED_REASON = "started, nothing scored; not counted"


class FileNote(Frozen):
    """A file read but not counted, as results show it (its name hidden in anonymous mode)."""

    __slots__ = ("account", "file", "format", "kept", "kind", "reason", "rule")

    kind: str  # REJECTED, DUPLICATE, IGNORED or STARTED
    file: str  # the path shown, or e.g. "rejected file 1"
    reason: str  # one line, without the file name
    kept: str  # DUPLICATE: the file (or, anonymous, the participant) counted instead
    rule: str  # DUPLICATE: SAME_PATH, SAME_CONTENT, SAME_PARTICIPANT or NOT_CHOSEN
    format: str  # IGNORED: the file's `format`
    account: str  # who wrote it, when the folder holds files of several accounts

    def __init__(
        self,
        kind: str,
        file: str,
        reason: str,
        kept: str = "",
        rule: str = "",
        format: str = "",
        account: str = "",
    ) -> None:
        self._init(kind, file, reason, kept, rule, format, account)

    def to_json(self) -> dict[str, str]:
        if self.kind == REJECTED:
            data = {"file": self.file, "error": self.reason}
        elif self.kind == IGNORED:
            data = {"file": self.file, "format": self.format}
        elif self.kind == STARTED:
            data = {"file": self.file}
        else:
            data = {"file": self.file, "kept": self.kept, "rule": self.rule, "reason": self.reason}
        return {**data, "account": self.account} if self.account else data


class Rejected(Frozen):
    __slots__ = ("error", "file", "owner")

    file: str
    error: str  # one line, without the file name
    owner: int | None  # the account, when the file could be opened

    def __init__(self, file: str, error: str, owner: int | None = None) -> None:
        self._init(file, error, owner)

    def line(self) -> str:
        return f"{self.file}: {self.error}"

    def note(self, file: str | None = None, account: str = "") -> FileNote:
        """As results show it; `file` replaces the path (anonymous mode)."""
        return FileNote(REJECTED, self.file if file is None else file, self.error, account=account)


class Ignored(Frozen):
    __slots__ = ("file", "format", "owner")

    file: str
    format: str  # the file's `format`, e.g. "bb-partnership"
    owner: int | None

    def __init__(self, file: str, format: str, owner: int | None = None) -> None:
        self._init(file, format, owner)

    def note(self, file: str | None = None, account: str = "") -> FileNote:
        """As results show it; `file` replaces the path (anonymous mode)."""
        return FileNote(
            IGNORED,
            self.file if file is None else file,
            f"a {self.format} file",
            format=self.format,
            account=account,
        )


class Duplicate(Frozen):
    """A file not counted because `kept` already stands for the same file or participant."""

    __slots__ = ("claimed", "dropped", "kept", "rule")

    dropped: LoadedSession
    kept: LoadedSession
    rule: str  # SAME_PATH, SAME_CONTENT, SAME_PARTICIPANT or NOT_CHOSEN
    claimed: bool  # SAME_PARTICIPANT: `kept` is claimed by another account too

    def __init__(
        self, dropped: LoadedSession, kept: LoadedSession, rule: str, claimed: bool = False
    ) -> None:
        self._init(dropped, kept, rule, claimed)

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
        if self.rule == NOT_CHOSEN:
            return f"same participant as {kept}, whose account the facilitator chose"
        why = _why_kept(self.kept, self.dropped)
        if future_stamp(self.dropped.session) is not None:
            why += "; this file's updated is in the future, so not used"
        if self.claimed:
            return f"same participant and account as {kept} ({why})"
        return f"same participant as {kept}, which is counted ({why})"

    def note(
        self, file: str | None = None, kept_name: str | None = None, account: str = ""
    ) -> FileNote:
        """As results show it; `file` and `kept_name` replace the paths (anonymous mode)."""
        kept = self.kept.shown if kept_name is None else kept_name
        return FileNote(
            DUPLICATE,
            self.file if file is None else file,
            self.reason(kept_name),
            kept=kept,
            rule=self.rule,
            account=account,
        )


class Claim(Frozen):
    """One person claimed by files of more than one account: none counts until the facilitator
    chooses one account (Collection.chosen). `files`: each account's newest, by account name."""

    __slots__ = ("files",)

    files: tuple[LoadedSession, ...]

    def __init__(self, files: tuple[LoadedSession, ...]) -> None:
        self._init(files)

    @property
    def identity(self) -> tuple[str, str]:
        return self.files[0].identity

    @property
    def person(self) -> str:
        """The name as the first file gives it."""
        return self.files[0].session.participant.name

    @property
    def accounts(self) -> tuple[str, ...]:
        return tuple(account_name(f.owner) for f in self.files)


class Collection(Frozen):
    """Everything found in a set of paths; `participants` are the sessions that count."""

    __slots__ = ("claims", "duplicates", "ignored", "participants", "rejected", "started")

    participants: tuple[LoadedSession, ...]
    duplicates: tuple[Duplicate, ...]
    rejected: tuple[Rejected, ...]
    ignored: tuple[Ignored, ...]
    started: tuple[LoadedSession, ...]  # valid, nothing scored or skipped: not counted
    claims: tuple[Claim, ...]  # people claimed by several accounts, not counted

    def __init__(
        self,
        participants: tuple[LoadedSession, ...] = (),
        duplicates: tuple[Duplicate, ...] = (),
        rejected: tuple[Rejected, ...] = (),
        ignored: tuple[Ignored, ...] = (),
        started: tuple[LoadedSession, ...] = (),
        claims: tuple[Claim, ...] = (),
    ) -> None:
        self._init(participants, duplicates, rejected, ignored, started, claims)

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
            + sum(len(c.files) for c in self.claims)
        )

    def loaded(self) -> list[LoadedSession]:
        """Every valid session read: counted, counted once, claimed, or started."""
        return [
            *self.participants,
            *(d.dropped for d in self.duplicates),
            *(f for c in self.claims for f in c.files),
            *self.started,
        ]

    @property
    def accounts(self) -> tuple[int, ...]:
        """The accounts that own the files read, in order of uid."""
        owners = [
            *(i.owner for i in self.loaded()),
            *(r.owner for r in self.rejected),
            *(i.owner for i in self.ignored),
        ]
        return tuple(sorted({uid for uid in owners if uid is not None}))

    def writers(self, me: int | None) -> tuple[tuple[int, int], ...]:
        """Accounts other than `me` with sessions for more than one person: (uid, people), by name.

        `me` is the account running merge or the app, which browser seats write as."""
        people: dict[int, set[tuple[str, str]]] = {}
        for item in self.loaded():
            if item.owner is not None and item.owner != me:
                people.setdefault(item.owner, set()).add(item.identity)
        many = [(uid, len(who)) for uid, who in people.items() if len(who) > 1]
        return tuple(sorted(many, key=lambda pair: (account_name(pair[0]), pair[0])))

    def chosen(self, choices: Iterable[tuple[str, str, str]]) -> Collection:
        """The facilitator's choices, (name, organisation, account), applied: a claimed person
        counts the chosen account's file, the other accounts' files are listed as not chosen.
        A choice naming none of the claimants' accounts changes nothing."""
        wanted = {(normalise(name), normalise(org)): account for name, org, account in choices}
        if not self.claims or not wanted:
            return self
        participants, duplicates, claims = list(self.participants), list(self.duplicates), []
        for claim in self.claims:
            account = wanted.get(claim.identity)
            pick = next((f for f in claim.files if account_name(f.owner) == account), None)
            if pick is None:
                claims.append(claim)
                continue
            participants.append(pick)
            duplicates.extend(Duplicate(f, pick, NOT_CHOSEN) for f in claim.files if f is not pick)
            duplicates = [d.replace(claimed=False) if d.kept is pick else d for d in duplicates]
        return self.replace(
            participants=tuple(sorted(participants, key=_order)),
            duplicates=tuple(sorted(duplicates, key=_dup_order)),
            claims=tuple(claims),
        )

    def union(self, other: Collection) -> Collection:
        """Both collections as one, duplicates across them resolved by the same rules."""
        return _assemble(
            [*self.loaded(), *other.loaded()],
            [*self.rejected, *other.rejected],
            [*self.ignored, *other.ignored],
        )

    def warnings(self) -> list[str]:
        """Warnings from valid files (unknown keys kept), then every `updated` from the future
        (counted or not), one line each."""
        future = (i for i in self.loaded() if i.answered and future_stamp(i.session))  # not started
        notes = (future_note(item.session, item.shown) for item in sorted(future, key=_order))
        return [
            *(w for p in self.participants for w in p.session.warnings),
            *dict.fromkeys(line for line in notes if line),
        ]


def normalise(text: str) -> str:
    """Case-, width- and spacing-blind form of a name, for comparing people."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def account_name(uid: int | None) -> str:
    """An account's login name (from the password database), else "user <uid>"; plain text."""
    return "unknown account" if uid is None else one_line(user_name(uid))[:64]


def _path_key(path: Path) -> str:
    return os.path.normcase(os.path.abspath(path))


def load_one(path: Path, framework: Framework) -> LoadedSession | Rejected | Ignored:
    """Read one file; never raises for anything wrong with the file."""
    try:
        data, owner = read_owned(path, None)
    except BBError as exc:
        return Rejected(shown_path(path), exc.problem)
    except Exception as exc:  # noqa: BLE001 - a hostile file must never stop a merge
        return Rejected(
            shown_path(path),
            SessionError(path, f"could not be read ({type(exc).__name__})").problem,
        )
    return load_bytes(path, data, framework, owner)


def load_bytes(
    path: Path, data: bytes, framework: Framework, owner: int | None = None
) -> LoadedSession | Rejected | Ignored:
    """One file's bytes, as read safely, made a session; never raises for anything in them.

    `owner`: the uid fstat gave for the handle the bytes were read from."""
    try:
        parsed = parse_toml_bytes(path, data)
        fmt = parsed.get("format")
        if fmt in OTHER_FORMATS:
            return Ignored(shown_path(path), fmt, owner)
        session = parse_session(parsed, framework, path)
    except BBError as exc:
        return Rejected(shown_path(path), exc.problem, owner)
    except Exception as exc:  # noqa: BLE001 - a hostile file must never stop a merge
        return Rejected(
            shown_path(path),
            SessionError(path, f"could not be read ({type(exc).__name__})").problem,
            owner,
        )
    digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    return LoadedSession(str(path), session, digest, _path_key(path), owner)


Outcome = LoadedSession | Rejected | Ignored


def collect(
    paths: Iterable[str | Path], framework: Framework, cache: ParseCache[Outcome] | None = None
) -> Collection:
    """Read every file named or found in the folders named, and sort out what counts.

    With `cache` (kept by a screen that merges again and again) a file unchanged since the last
    collect through it is not read again."""
    return _collect(paths, framework, cache)


def _collect(
    paths: Iterable[str | Path], framework: Framework, cache: ParseCache[Outcome] | None = None
) -> Collection:
    if cache is not None:

        def load(path: Path, framework: Framework) -> Outcome:
            return cache.get(
                path,
                framework,
                lambda p, data, owner: load_bytes(p, data, framework, owner),
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
            shown = str(path)  # as named this time (a cached outcome may have been named otherwise)
            same = outcome.path == shown and outcome.key == key
            loaded.append(outcome if same else outcome.replace(path=shown, key=key))
        else:
            if isinstance(outcome, Rejected):
                rejected.append(outcome)
            else:
                ignored.append(outcome)
    return _assemble(loaded, rejected, ignored)


def _order(item: LoadedSession) -> tuple[str, str]:
    return item.key, item.path


def _dup_order(d: Duplicate) -> tuple[str, str]:
    return _order(d.dropped)


def _assemble(
    loaded: list[LoadedSession], rejected: list[Rejected], ignored: list[Ignored]
) -> Collection:
    """Apply the duplicate rules to valid sessions and build the collection."""
    loaded = sorted(loaded, key=_order)
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
    # one person's files, account by account: the newest of each account stands for it
    by_person: dict[tuple[str, str], dict[int | None, list[LoadedSession]]] = {}
    for item in distinct:
        by_person.setdefault(item.identity, {}).setdefault(item.owner, []).append(item)
    kept: list[LoadedSession] = []
    claims: list[Claim] = []
    for accounts in by_person.values():
        newest = []
        for files in accounts.values():
            best = files[0] if len(files) == 1 else max(files, key=_rank)
            newest.append(best)
            claimed = len(accounts) > 1
            duplicates += [
                Duplicate(f, best, SAME_PARTICIPANT, claimed) for f in files if f is not best
            ]
        if len(newest) == 1:
            kept.append(newest[0])
        else:  # no stamp from another account decides: the facilitator does
            by_name = sorted(newest, key=lambda f: (account_name(f.owner), f.owner or 0, _order(f)))
            claims.append(Claim(tuple(by_name)))
    return Collection(
        participants=tuple(sorted(kept, key=_order)),
        duplicates=tuple(sorted(duplicates, key=_dup_order)),
        claims=tuple(sorted(claims, key=lambda c: min(map(_order, c.files)))),
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
