"""One participant's session: parse and validate a bb-session file, edit it, save it safely."""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bb_tui.core.framework import Framework
from bb_tui.storage.errors import FileFormatError, SaveError, SessionError, shown_path
from bb_tui.storage.record import Record
from bb_tui.storage.safesave import (
    NEW_FILE_MODE,
    InUseLock,
    fingerprint_bytes,
    guarded_write,
)
from bb_tui.storage.textsafe import clean_text, one_line
from bb_tui.storage.tomlio import (
    MAX_TEXT_CHARS,
    parse_toml_bytes,
    read_owned,
    text_over_limit,
)

FORMAT = "bb-session"
FORMAT_VERSION = 1
LEVELS = ("strategic", "operational")
_KNOWN = {
    "format",
    "format_version",
    "framework",
    "skipped",
    "participant",
    "scores",
    "indicators",
    "evidence",
    "reflections",
    "created",
    "updated",
}
_KNOWN_PARTICIPANT = {"name", "organisation", "role", "level", "sector"}
SKIPPED = "skipped"
NAME_MAX = 120  # characters a name can be typed up to (the form and plain mode alike)
ORGANISATION_MAX = 200
TEXT_CAP = MAX_TEXT_CHARS  # a note is typed up to the limit a file may hold (tomlio)


class Participant(Record):
    name: str
    organisation: str
    level: str
    role: str
    sector: str  # one of the framework's sector ids, or "" (not given; older files)

    def __init__(
        self, name: str, organisation: str = "", level: str = "", role: str = "", sector: str = ""
    ) -> None:
        self.name = name
        self.organisation = organisation
        self.level = level
        self.role = role
        self.sector = sector


class Session(Record):
    """What one participant wrote. Scores and skips are kept mutually exclusive."""

    framework_id: str
    participant: Participant
    scores: dict[str, int]
    indicators: dict[str, int]
    skipped: list[str]
    evidence: dict[str, str]
    reflections: dict[str, str]
    created: Any
    updated: Any
    extra: dict[str, Any]
    participant_extra: dict[str, Any]
    warnings: list[str]

    def __init__(
        self,
        framework_id: str,
        participant: Participant,
        scores: dict[str, int] | None = None,
        indicators: dict[str, int] | None = None,
        skipped: list[str] | None = None,
        evidence: dict[str, str] | None = None,
        reflections: dict[str, str] | None = None,
        created: Any = None,
        updated: Any = None,
        extra: dict[str, Any] | None = None,
        participant_extra: dict[str, Any] | None = None,
        warnings: list[str] | None = None,
    ) -> None:
        self.framework_id = framework_id
        self.participant = participant
        self.scores = {} if scores is None else scores
        self.indicators = {} if indicators is None else indicators
        self.skipped = [] if skipped is None else skipped
        self.evidence = {} if evidence is None else evidence
        self.reflections = {} if reflections is None else reflections
        self.created = created
        self.updated = updated
        self.extra = {} if extra is None else extra
        self.participant_extra = {} if participant_extra is None else participant_extra
        self.warnings = [] if warnings is None else warnings

    def _table(self, item_id: str) -> dict[str, int]:
        return self.indicators if "." in item_id else self.scores

    def state(self, item_id: str) -> int | str | None:
        """The score, "skipped", or None when not yet scored."""
        if item_id in self.skipped:
            return SKIPPED
        return self._table(item_id).get(item_id)

    def score(self, item_id: str) -> int | None:
        return self._table(item_id).get(item_id)

    def set_score(self, item_id: str, score: int) -> None:
        if item_id in self.skipped:
            self.skipped.remove(item_id)
        self._table(item_id)[item_id] = score

    def skip(self, item_id: str) -> None:
        self._table(item_id).pop(item_id, None)
        if item_id not in self.skipped:
            self.skipped.append(item_id)

    def clear(self, item_id: str) -> None:
        self._table(item_id).pop(item_id, None)
        if item_id in self.skipped:
            self.skipped.remove(item_id)

    def set_text(self, table: str, key: str, text: str) -> None:
        target = self.evidence if table == "evidence" else self.reflections
        text = clean_text(text).strip()
        if text:
            target[key] = text
        else:
            target.pop(key, None)

    def set_profile(
        self, framework: Framework, *, name: str, organisation: str, level: str, sector: str
    ) -> None:
        """Change who this is (the role is kept); ValueError, nothing changed, when a value is bad."""
        name, organisation = one_line(name), one_line(organisation)
        if not name:
            raise ValueError("a name is required")
        if level not in LEVELS and level != "":
            raise ValueError(f"{level!r} is not a level")
        if sector and framework.sector(sector) is None:
            raise ValueError(f"{sector!r} is not a sector of this framework")
        p = self.participant
        p.name, p.organisation, p.level, p.sector = name, organisation, level, sector

    def indicator_mean(self, framework: Framework, enabler_id: str) -> float | None:
        values = [
            self.indicators[i.id]
            for i in framework.enabler(enabler_id).indicators
            if i.id in self.indicators
        ]
        return sum(values) / len(values) if values else None

    def progress(self, framework: Framework) -> tuple[int, int]:
        """(enablers scored or skipped, indicators scored or skipped)."""
        done = set(self.scores) | set(self.indicators) | set(self.skipped)
        enablers = sum(1 for e in framework.enablers if e.id in done)
        indicators = sum(1 for i in framework.indicators if i.id in done)
        return enablers, indicators


def new_session(
    framework: Framework,
    name: str,
    organisation: str = "",
    level: str = "",
    role: str = "",
    sector: str = "",
) -> Session:
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    return Session(
        framework.id,
        Participant(one_line(name), one_line(organisation), level, one_line(role), sector),
        created=now,
        updated=now,
    )


# ---------------------------------------------------------------- parsing


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, float) else str(value)
    text = one_line(text)
    return text if len(text) <= 40 else text[:37] + "..."


def _key(key: str) -> str:
    """A key from the file, cleaned and shortened for a one-line message."""
    text = one_line(key)
    return text if len(text) <= 40 else text[:37] + "..."


def _score(path: Path, key: str, value: Any, framework: Framework) -> int:
    lo, hi = framework.scale.min, framework.scale.max
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise SessionError(path, f"{key}: {_show(value)} is not a whole number from {lo} to {hi}")
    return value


def _text_table(
    path: Path,
    data: dict[str, Any],
    key: str,
    known: Callable[[str], bool],
    named: Callable[[str], str],
) -> dict[str, str]:
    """A table of notes by id; `named(id)` words a note for the length limit's message."""
    table = data.get(key, {})
    if not isinstance(table, dict):
        raise SessionError(path, f"{key}: must be a table")
    out = {}
    for item_id, text in table.items():
        if not known(item_id):
            raise SessionError(path, f"{key}.{_key(item_id)}: unknown id")
        if not isinstance(text, str):
            raise SessionError(path, f"{key}.{item_id}: must be text")
        if len(text) > MAX_TEXT_CHARS:  # worded only when over
            _within_limit(path, named(item_id), text)
        text = clean_text(text).strip()
        if text:
            out[item_id] = text
    return out


def _within_limit(path: Path, what: str, text: str) -> None:
    problem = text_over_limit(what, text)
    if problem is not None:
        raise SessionError(path, problem)


def _sector(path: Path, value: Any, framework: Framework) -> str:
    """An optional sector id: "" when absent, else one of the framework's (format version 1)."""
    if not isinstance(value, str):
        raise SessionError(path, "participant.sector: must be text")
    if value and framework.sector(value) is None:
        known = ", ".join(s.id for s in framework.sectors) or "it lists none"
        raise SessionError(
            path, f"participant.sector: {_show(value)} is not a sector of this framework ({known})"
        )
    return value


def parse_session(
    data: dict[str, Any], framework: Framework, path: str | Path = "<session>"
) -> Session:
    """Validate parsed TOML into a Session, or raise SessionError naming the key."""
    path = path if isinstance(path, Path) else Path(path)
    fmt = data.get("format")
    if fmt != FORMAT:
        if fmt is None:
            raise SessionError(path, "format: missing; not a bb-session file")
        raise SessionError(path, f"format: {_show(fmt)} is not a bb-session file")
    version = data.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise SessionError(path, "format_version: missing or not a whole number")
    if version > FORMAT_VERSION:
        raise SessionError(
            path,
            f"format_version: {version} is newer than this bb-tui reads "
            f"({FORMAT_VERSION}); upgrade bb-tui",
        )
    if version < 1:
        raise SessionError(path, f"format_version: {version} is not a known version")
    fw = data.get("framework")
    if fw is None:
        raise SessionError(path, f"framework: missing; expected {framework.id!r}")
    if fw != framework.id:
        raise SessionError(path, f"framework: file is for {_show(fw)}, not {framework.id!r}")

    person = data.get("participant")
    if person is None:
        raise SessionError(path, "participant: missing; a session needs [participant] with a name")
    if not isinstance(person, dict):
        raise SessionError(path, "participant: must be a table ([participant]) with a name")
    name = person.get("name")
    if not isinstance(name, str) or not one_line(name):
        raise SessionError(path, "participant.name: missing or empty")
    organisation = person.get("organisation", "")
    if not isinstance(organisation, str):
        raise SessionError(path, "participant.organisation: must be text")
    role = person.get("role", "")
    if not isinstance(role, str):
        raise SessionError(path, "participant.role: must be text")
    for key, text in (("name", name), ("organisation", organisation), ("role", role)):
        _within_limit(path, f"participant.{key}", text)
    level = person.get("level", "")
    if level not in LEVELS and level != "":
        raise SessionError(
            path, f"participant.level: {_show(level)} is not 'strategic' or 'operational'"
        )
    sector = _sector(path, person.get("sector", ""), framework)

    scores: dict[str, int] = {}
    indicators: dict[str, int] = {}
    lo, hi = framework.scale.min, framework.scale.max
    for table, known, out in (
        ("scores", framework.is_enabler, scores),
        ("indicators", framework.is_indicator, indicators),
    ):
        raw = data.get(table, {})
        if not isinstance(raw, dict):
            raise SessionError(path, f"{table}: must be a table")
        for item_id, value in raw.items():
            if not known(item_id):
                raise SessionError(
                    path,
                    f"{table}.{_key(item_id)}: unknown "
                    f"{'enabler' if table == 'scores' else 'indicator'} id",
                )
            if type(value) is int and lo <= value <= hi:  # the common case, inline for speed
                out[item_id] = value
            else:
                out[item_id] = _score(path, f"{table}.{item_id}", value, framework)

    raw_skipped = data.get("skipped", [])
    if not isinstance(raw_skipped, list):
        raise SessionError(path, "skipped: must be a list of enabler or indicator ids")
    skipped: list[str] = []
    for item_id in raw_skipped:
        if not isinstance(item_id, str) or not (
            framework.is_enabler(item_id) or framework.is_indicator(item_id)
        ):
            raise SessionError(path, f"skipped: {_show(item_id)} is not an enabler or indicator id")
        if item_id in scores or item_id in indicators:
            raise SessionError(path, f"skipped: {item_id} is both scored and skipped")
        if item_id not in skipped:
            skipped.append(item_id)

    session = Session(
        framework_id=framework.id,
        participant=Participant(
            one_line(name), one_line(organisation), level, one_line(role), sector
        ),
        scores=scores,
        indicators=indicators,
        skipped=skipped,
        evidence=_text_table(
            path,
            data,
            "evidence",
            framework.is_enabler,
            lambda i: f"evidence for {framework.enabler(i).label}",
        ),
        reflections=_text_table(
            path,
            data,
            "reflections",
            framework.is_theme,
            lambda i: f"reflections on {framework.theme(i).title}",
        ),
        created=data.get("created"),
        updated=data.get("updated"),
        extra={k: v for k, v in data.items() if k not in _KNOWN},
        participant_extra={k: v for k, v in person.items() if k not in _KNOWN_PARTICIPANT},
    )
    for key in session.extra:
        session.warnings.append(f"{shown_path(path)}: unknown key {_key(key)!r} kept as it is")
    for key in session.participant_extra:
        session.warnings.append(
            f"{shown_path(path)}: unknown key 'participant.{_key(key)}' kept as it is"
        )
    return session


def read_session(path: str | Path, framework: Framework) -> tuple[Session, bytes]:
    """Load a session file with every safeguard; returns the session and the bytes read."""
    session, data, _ = read_session_owned(path, framework)
    return session, data


def read_session_owned(path: str | Path, framework: Framework) -> tuple[Session, bytes, int]:
    """read_session, and the account that owns the file read (fstat of the same handle)."""
    path = Path(path)
    try:
        data, owner = read_owned(path, None)
        parsed = parse_toml_bytes(path, data)
    except SessionError:
        raise
    except FileFormatError as exc:
        raise SessionError(path, exc.problem) from None
    return parse_session(parsed, framework, path), data, owner


def load_session(path: str | Path, framework: Framework) -> Session:
    return read_session(path, framework)[0]


# ---------------------------------------------------------------- writing


def _ordered(values: dict[str, Any], order: list[str]) -> dict[str, Any]:
    rank = {item_id: n for n, item_id in enumerate(order)}
    return {k: values[k] for k in sorted(values, key=lambda k: rank.get(k, len(rank)))}


def session_to_dict(session: Session, framework: Framework | None = None) -> dict[str, Any]:
    """The TOML document for a session, items in framework order, unknown keys kept."""
    order: list[str] = []
    if framework is not None:
        order = (
            [t.id for t in framework.themes]
            + [e.id for e in framework.enablers]
            + [i.id for i in framework.indicators]
        )
    doc: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "framework": session.framework_id,
    }
    for key in ("created", "updated"):
        value = getattr(session, key)
        if value is not None:
            doc[key] = value
    if session.skipped:
        doc["skipped"] = list(_ordered(dict.fromkeys(session.skipped), order))
    doc.update(session.extra)
    person: dict[str, Any] = {"name": session.participant.name}
    if session.participant.organisation:
        person["organisation"] = session.participant.organisation
    if session.participant.role:
        person["role"] = session.participant.role
    if session.participant.level:
        person["level"] = session.participant.level
    if session.participant.sector:
        person["sector"] = session.participant.sector
    person.update(session.participant_extra)
    doc["participant"] = person
    for key in ("scores", "indicators", "evidence", "reflections"):
        values = getattr(session, key)
        if values:
            doc[key] = _ordered(values, order)
    return doc


def dump_session(session: Session, framework: Framework | None = None) -> bytes:
    import tomli_w  # here, not at import: reading (a merge) never writes

    return tomli_w.dumps(session_to_dict(session, framework), multiline_strings=True).encode(
        "utf-8"
    )


class SessionFile:
    """A session bound to its file: saves refuse to overwrite someone else's changes."""

    def __init__(
        self,
        path: str | Path,
        session: Session,
        framework: Framework,
        fingerprint: str | None,
        owner: int | None = None,
    ) -> None:
        self.path = Path(path)
        self.session = session
        self.framework = framework
        self.fingerprint = fingerprint
        self.owner = owner  # the account the file belonged to when read or last saved here
        self.lock = InUseLock(self.path)

    @classmethod
    def open(cls, path: str | Path, framework: Framework) -> SessionFile:
        session, data, owner = read_session_owned(path, framework)
        return cls(path, session, framework, fingerprint_bytes(data), owner)

    @classmethod
    def create(cls, folder: str | Path, session: Session, framework: Framework) -> SessionFile:
        """Write a new session to a fresh file named after the participant, never clobbering."""
        folder = Path(folder)
        base = slugify(session.participant.name)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for n in range(1, 10_000):
                path = folder / (f"{base}.toml" if n == 1 else f"{base}-{n}.toml")
                try:  # never through a planted link; 0640 whatever the umask
                    fd = os.open(
                        path,
                        os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                        NEW_FILE_MODE,
                    )
                except FileExistsError:
                    continue
                try:
                    os.fchmod(fd, NEW_FILE_MODE)
                finally:
                    os.close(fd)  # reserved; the real content is written atomically below
                break
            else:
                raise SessionError(folder, "no free file name for this participant")
        except OSError as exc:
            raise SaveError(folder, f"not saved: {exc.strerror or exc}") from None
        file = cls(path, session, framework, fingerprint_bytes(b""), os.geteuid())
        try:
            file.save()
        except BaseException:
            st = os.lstat(path) if os.path.lexists(path) else None
            if st is not None and stat.S_ISREG(st.st_mode) and st.st_size == 0:
                path.unlink()  # give the reserved name back
            raise
        return file

    def save(self) -> None:
        """Save atomically; raises SaveError (file untouched) or ConflictError."""
        self.session.updated = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        self.fingerprint = guarded_write(
            self.path, dump_session(self.session, self.framework), self.fingerprint
        )


def slugify(name: str) -> str:
    """A safe file stem from a person's name: ASCII letters, digits and hyphens only."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60].strip("-")
    return slug or "participant"
