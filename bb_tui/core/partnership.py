"""The partnership's own file: agreed scores, spectrum, challenges and action plan (bb-partnership)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from bb_tui.core.framework import Framework
from bb_tui.storage.errors import FileFormatError
from bb_tui.storage.safesave import InUseLock, fingerprint_bytes, guarded_write
from bb_tui.storage.textsafe import clean_text, one_line
from bb_tui.storage.tomlio import parse_toml_bytes, read_toml_bytes

FORMAT = "bb-partnership"
FORMAT_VERSION = 1
FILE_NAME = "partnership.toml"  # the name looked for in a sessions folder
RESPONSES = ("change", "influence", "work-around")
STATUSES = ("not started", "in progress", "done", "on hold", "dropped")
TEXT_MAX = 4000  # characters in one note; the whole file is also size-limited when read

_KNOWN = {
    "format",
    "format_version",
    "framework",
    "name",
    "round",
    "updated",
    "agreed",
    "spectrum",
    "challenges",
    "actions",
    "analysis",
}
ANALYSIS_KEYS = (
    "low_threshold",
    "polarised_gap",
    "min_group_size",
)  # as the framework's [analysis]
_KNOWN_SPECTRUM = {"model", "note"}
_KNOWN_CHALLENGE = {"in_play", "response", "note"}
_KNOWN_ACTION = {"enabler", "what", "owner", "due", "status"}


class PartnershipError(FileFormatError):
    """A partnership file that is not a valid bb-partnership."""


@dataclass
class ChallengeView:
    """What the partnership decided about one common challenge."""

    in_play: bool = False
    response: str = ""  # one of RESPONSES, or "" while undecided
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def is_blank(self) -> bool:
        return not (self.in_play or self.response or self.note or self.extra)


@dataclass
class Action:
    """One line of the action plan."""

    what: str
    enabler: str = ""  # an enabler id, or "" for the partnership as a whole
    owner: str = ""
    due: dt.date | None = None
    status: str = STATUSES[0]
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Partnership:
    """The group's decisions for one round."""

    framework_id: str
    name: str = ""
    round: str = ""
    agreed: dict[str, int] = field(default_factory=dict)
    spectrum: str = ""  # a framework spectrum id, or ""
    spectrum_note: str = ""
    challenges: dict[str, ChallengeView] = field(default_factory=dict)
    actions: list[Action] = field(default_factory=list)
    updated: Any = None
    extra: dict[str, Any] = field(default_factory=dict)
    spectrum_extra: dict[str, Any] = field(default_factory=dict)
    analysis: dict[str, float | int] = field(default_factory=dict)  # this folder's thresholds
    analysis_extra: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def challenge(self, challenge_id: str) -> ChallengeView:
        """The view on a challenge, created blank on first use."""
        return self.challenges.setdefault(challenge_id, ChallengeView())

    def in_play(self) -> list[str]:
        return [cid for cid, view in self.challenges.items() if view.in_play]

    def actions_for(self, enabler_id: str) -> list[Action]:
        return [a for a in self.actions if a.enabler == enabler_id]


def new_partnership(framework: Framework, name: str = "", round_name: str = "") -> Partnership:
    return Partnership(framework.id, one_line(name), one_line(round_name))


# ---------------------------------------------------------------- parsing


def _show(value: Any) -> str:
    text = one_line(repr(value) if not isinstance(value, float) else str(value))
    return text if len(text) <= 40 else text[:37] + "..."


class _Check:
    """Checks values of one file, naming the key in every error."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, key: str, problem: str) -> PartnershipError:
        return PartnershipError(self.path, f"{key}: {problem}")

    def table(self, key: str, value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(key, "must be a table")
        return value

    def text(self, key: str, value: Any, *, single_line: bool = False) -> str:
        if not isinstance(value, str):
            raise self.fail(key, "must be text")
        text = one_line(value) if single_line else clean_text(value).strip()
        if len(text) > TEXT_MAX:
            raise self.fail(key, f"is {len(text):,} characters; at most {TEXT_MAX:,}")
        return text

    def choice(self, key: str, value: Any, allowed: tuple[str, ...]) -> str:
        if value == "":
            return ""
        if not isinstance(value, str) or value not in allowed:
            raise self.fail(
                key, f"{_show(value)} is not one of " + ", ".join(repr(a) for a in allowed)
            )
        return value

    def date(self, key: str, value: Any) -> dt.date | None:
        if value == "":
            return None
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise self.fail(key, f"{_show(value)} is not a date like 2027-03-31")

    def extras(
        self, warnings: list[str], where: str, table: dict[str, Any], known: set[str]
    ) -> dict[str, Any]:
        extra = {k: v for k, v in table.items() if k not in known}
        for key in extra:
            name = f"{where}.{key}" if where else key
            warnings.append(f"{self.path}: unknown key {one_line(name)!r} kept as it is")
        return extra


def parse_partnership(
    data: dict[str, Any], framework: Framework, path: str | Path = "<partnership>"
) -> Partnership:
    """Validate parsed TOML into a Partnership, or raise PartnershipError naming the key."""
    path = Path(path)
    check = _Check(path)
    fmt = data.get("format")
    if fmt != FORMAT:
        if fmt is None:
            raise check.fail("format", "missing; not a bb-partnership file")
        raise check.fail("format", f"{_show(fmt)} is not a bb-partnership file")
    version = data.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise check.fail("format_version", "missing or not a whole number")
    if version > FORMAT_VERSION:
        raise check.fail(
            "format_version",
            f"{version} is newer than this bb-tui reads ({FORMAT_VERSION}); upgrade bb-tui",
        )
    if version < 1:
        raise check.fail("format_version", f"{version} is not a known version")
    if data.get("framework") != framework.id:
        raise check.fail(
            "framework", f"file is for {_show(data.get('framework'))}, not {framework.id!r}"
        )

    p = Partnership(
        framework.id,
        name=check.text("name", data.get("name", ""), single_line=True),
        round=check.text("round", data.get("round", ""), single_line=True),
        updated=data.get("updated"),
    )

    lo, hi = framework.scale.min, framework.scale.max
    for enabler_id, value in check.table("agreed", data.get("agreed", {})).items():
        key = f"agreed.{one_line(enabler_id)}"
        if not framework.is_enabler(enabler_id):
            raise check.fail(key, "unknown enabler id")
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            raise check.fail(key, f"{_show(value)} is not a whole number from {lo} to {hi}")
        p.agreed[enabler_id] = value

    p.analysis, p.analysis_extra = _analysis(check, data.get("analysis", {}), framework, p.warnings)

    spectrum = check.table("spectrum", data.get("spectrum", {}))
    p.spectrum = check.choice(
        "spectrum.model", spectrum.get("model", ""), tuple(m.id for m in framework.spectrum)
    )
    p.spectrum_note = check.text("spectrum.note", spectrum.get("note", ""))
    p.spectrum_extra = check.extras(p.warnings, "spectrum", spectrum, _KNOWN_SPECTRUM)

    known_challenges = {c.id for c in framework.challenges}
    for challenge_id, raw in check.table("challenges", data.get("challenges", {})).items():
        where = f"challenges.{one_line(challenge_id)}"
        if challenge_id not in known_challenges:
            raise check.fail(where, "unknown challenge id")
        raw = check.table(where, raw)
        in_play = raw.get("in_play", False)
        if not isinstance(in_play, bool):
            raise check.fail(f"{where}.in_play", "must be true or false")
        p.challenges[challenge_id] = ChallengeView(
            in_play=in_play,
            response=check.choice(f"{where}.response", raw.get("response", ""), RESPONSES),
            note=check.text(f"{where}.note", raw.get("note", "")),
            extra=check.extras(p.warnings, where, raw, _KNOWN_CHALLENGE),
        )

    raw_actions = data.get("actions", [])
    if not isinstance(raw_actions, list):
        raise check.fail("actions", "must be a list of tables ([[actions]])")
    for n, raw in enumerate(raw_actions, start=1):
        where = f"actions[{n}]"
        raw = check.table(where, raw)
        what = check.text(f"{where}.what", raw.get("what", ""), single_line=True)
        if not what:
            raise check.fail(f"{where}.what", "missing or empty; say what will be done")
        enabler = raw.get("enabler", "")
        if enabler != "" and not (isinstance(enabler, str) and framework.is_enabler(enabler)):
            raise check.fail(f"{where}.enabler", f"{_show(enabler)} is not an enabler id")
        p.actions.append(
            Action(
                what=what,
                enabler=enabler,
                owner=check.text(f"{where}.owner", raw.get("owner", ""), single_line=True),
                due=check.date(f"{where}.due", raw.get("due", "")),
                status=check.choice(f"{where}.status", raw.get("status", STATUSES[0]), STATUSES)
                or STATUSES[0],
                extra=check.extras(p.warnings, where, raw, _KNOWN_ACTION),
            )
        )

    p.extra = check.extras(p.warnings, "", data, _KNOWN)
    return p


def _analysis(
    check: _Check, raw: Any, framework: Framework, warnings: list[str]
) -> tuple[dict[str, float | int], dict[str, Any]]:
    """[analysis]: the folder's thresholds, each checked as the framework's are."""
    raw = check.table("analysis", raw)
    lo, hi = framework.scale.min, framework.scale.max
    out: dict[str, float | int] = {}
    low = raw.get("low_threshold")
    if low is not None:
        if isinstance(low, bool) or not isinstance(low, (int, float)) or not lo <= low <= hi:
            raise check.fail(
                "analysis.low_threshold", f"{_show(low)} is not a number from {lo} to {hi}"
            )
        out["low_threshold"] = float(low)
    for key, top in (("polarised_gap", hi - lo), ("min_group_size", 1000)):
        value = raw.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= top:
            raise check.fail(
                f"analysis.{key}", f"{_show(value)} is not a whole number from 1 to {top}"
            )
        out[key] = value
    return out, check.extras(warnings, "analysis", raw, set(ANALYSIS_KEYS))


def read_partnership(path: str | Path, framework: Framework) -> tuple[Partnership, bytes]:
    """Load a partnership file with every safeguard; returns it and the bytes read."""
    path = Path(path)
    try:
        data = read_toml_bytes(path)
        parsed = parse_toml_bytes(path, data)
    except FileFormatError as exc:
        raise PartnershipError(path, exc.problem) from None
    return parse_partnership(parsed, framework, path), data


def load_partnership(path: str | Path, framework: Framework) -> Partnership:
    return read_partnership(path, framework)[0]


def is_partnership_file(path: str | Path) -> bool:
    """True when a file declares format = "bb-partnership" (read with the usual safeguards)."""
    try:
        data = parse_toml_bytes(Path(path), read_toml_bytes(Path(path)))
    except FileFormatError:
        return False
    return data.get("format") == FORMAT


def find_partnership(paths: list[Path]) -> Path | None:
    """The partnership file among command-line paths: a file given directly, or FILE_NAME in a folder.

    Raises PartnershipError when more than one is found, so the user names one.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            candidate = path / FILE_NAME
            if candidate.is_file():
                found.append(candidate)
        elif path.suffix == ".toml" and path.is_file() and is_partnership_file(path):
            found.append(path)
    unique = list(dict.fromkeys(p.resolve() for p in found))
    if len(unique) > 1:
        names = ", ".join(str(p) for p in found)
        raise PartnershipError(
            None, f"several partnership files found ({names}); name one with --partnership FILE"
        )
    return found[0] if found else None


# ---------------------------------------------------------------- writing


def partnership_to_dict(p: Partnership, framework: Framework | None = None) -> dict[str, Any]:
    """The TOML document for a partnership, items in framework order, unknown keys kept."""
    doc: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "framework": p.framework_id,
    }
    if p.name:
        doc["name"] = p.name
    if p.round:
        doc["round"] = p.round
    if p.updated is not None:
        doc["updated"] = p.updated
    doc.update(p.extra)
    if p.agreed:
        order = [e.id for e in framework.enablers] if framework else sorted(p.agreed)
        doc["agreed"] = {k: p.agreed[k] for k in order if k in p.agreed}
    spectrum: dict[str, Any] = {}
    if p.spectrum:
        spectrum["model"] = p.spectrum
    if p.spectrum_note:
        spectrum["note"] = p.spectrum_note
    spectrum.update(p.spectrum_extra)
    if spectrum:
        doc["spectrum"] = spectrum
    analysis = {**{k: p.analysis[k] for k in ANALYSIS_KEYS if k in p.analysis}, **p.analysis_extra}
    if analysis:
        doc["analysis"] = analysis
    order = [c.id for c in framework.challenges] if framework else sorted(p.challenges)
    challenges = {}
    for cid in order:
        view = p.challenges.get(cid)
        if view is None or view.is_blank():
            continue
        table: dict[str, Any] = {"in_play": view.in_play}
        if view.response:
            table["response"] = view.response
        if view.note:
            table["note"] = view.note
        table.update(view.extra)
        challenges[cid] = table
    if challenges:
        doc["challenges"] = challenges
    actions = []
    for action in p.actions:
        table = {"what": action.what}
        if action.enabler:
            table["enabler"] = action.enabler
        if action.owner:
            table["owner"] = action.owner
        if action.due is not None:
            table["due"] = action.due
        table["status"] = action.status
        table.update(action.extra)
        actions.append(table)
    if actions:
        doc["actions"] = actions
    return doc


def dump_partnership(p: Partnership, framework: Framework | None = None) -> bytes:
    return tomli_w.dumps(partnership_to_dict(p, framework), multiline_strings=True).encode("utf-8")


class PartnershipFile:
    """A partnership bound to its file: saves refuse to overwrite someone else's changes.

    A Document for the autosaver (path, fingerprint, dump), with the same in-use lock as a session.
    """

    def __init__(
        self,
        path: str | Path,
        partnership: Partnership,
        framework: Framework,
        fingerprint: str | None,
    ) -> None:
        self.path = Path(path)
        self.partnership = partnership
        self.framework = framework
        self.fingerprint = fingerprint  # None: the file does not exist yet
        self.lock = InUseLock(self.path)

    @classmethod
    def open(cls, path: str | Path, framework: Framework) -> PartnershipFile:
        partnership, data = read_partnership(path, framework)
        return cls(path, partnership, framework, fingerprint_bytes(data))

    @classmethod
    def in_folder(cls, folder: str | Path, framework: Framework) -> PartnershipFile:
        """The folder's partnership file, or a new one (not written until the first save)."""
        path = Path(folder) / FILE_NAME
        if path.exists():
            return cls.open(path, framework)
        return cls(path, new_partnership(framework), framework, None)

    @property
    def exists(self) -> bool:
        return self.fingerprint is not None

    def read_again(self) -> None:
        """Hold the file as it is now (someone else saved it); raises PartnershipError."""
        if self.path.exists():
            partnership, data = read_partnership(self.path, self.framework)
            self.partnership, self.fingerprint = partnership, fingerprint_bytes(data)
        else:
            self.partnership, self.fingerprint = new_partnership(self.framework), None

    def dump(self) -> bytes:
        """The file's bytes, stamped with the time of this change."""
        self.partnership.updated = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        return dump_partnership(self.partnership, self.framework)

    def save(self) -> None:
        """Save atomically; raises SaveError (file untouched) or ConflictError."""
        self.fingerprint = guarded_write(self.path, self.dump(), self.fingerprint)
