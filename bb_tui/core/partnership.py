"""The partnership's own file: agreed scores, spectrum, challenges and action plan (bb-partnership)."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Collection
from pathlib import Path
from typing import Any

from bb_tui.core.collection import normalise
from bb_tui.core.framework import Framework
from bb_tui.storage.errors import FileFormatError, shown_path
from bb_tui.storage.record import Frozen, Record
from bb_tui.storage.safesave import InUseLock, fingerprint_bytes, guarded_write, user_name
from bb_tui.storage.textsafe import clean_text, one_line
from bb_tui.storage.tomlio import (
    NoSuchFile,
    OthersFile,
    parse_toml_bytes,
    read_owned,
    read_toml_bytes,
    text_over_limit,
)

FORMAT = "bb-partnership"
FORMAT_VERSION = 1
FILE_NAME = "partnership.toml"  # the name looked for in a sessions folder
OWN_FILE = re.compile(r"^partnership-(?P<account>[A-Za-z0-9_][A-Za-z0-9._-]{0,63})\.toml$")
RESPONSES = ("change", "influence", "work-around")
STATUSES = ("not started", "in progress", "done", "on hold", "dropped")

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
    "same_person",
}
ANALYSIS_KEYS = (
    "low_threshold",
    "polarised_gap",
    "min_group_size",
)  # as the framework's [analysis]
_KNOWN_SPECTRUM = {"model", "note"}
_KNOWN_CHALLENGE = {"in_play", "response", "note"}
_KNOWN_ACTION = {"enabler", "what", "owner", "due", "status"}
_KNOWN_CHOICE = {"name", "organisation", "account"}


class PartnershipError(FileFormatError):
    """A partnership file that is not a valid bb-partnership."""


class ChallengeView(Record):
    """What the partnership decided about one common challenge."""

    in_play: bool
    response: str  # one of RESPONSES, or "" while undecided
    note: str
    extra: dict[str, Any]

    def __init__(
        self,
        in_play: bool = False,
        response: str = "",
        note: str = "",
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.in_play = in_play
        self.response = response
        self.note = note
        self.extra = {} if extra is None else extra

    def is_blank(self) -> bool:
        return not (self.in_play or self.response or self.note or self.extra)


class Action(Record):
    """One line of the action plan."""

    what: str
    enabler: str  # an enabler id, or "" for the partnership as a whole
    owner: str
    due: dt.date | None
    status: str
    extra: dict[str, Any]

    def __init__(
        self,
        what: str,
        enabler: str = "",
        owner: str = "",
        due: dt.date | None = None,
        status: str = STATUSES[0],
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.what = what
        self.enabler = enabler
        self.owner = owner
        self.due = due
        self.status = status
        self.extra = {} if extra is None else extra


class ChosenAccount(Record):
    """The facilitator's choice for a person claimed by files of several accounts: whose counts."""

    name: str
    organisation: str
    account: str  # the account whose file counts, as merge names it
    extra: dict[str, Any]

    def __init__(
        self, name: str, organisation: str, account: str, extra: dict[str, Any] | None = None
    ) -> None:
        self.name = name
        self.organisation = organisation
        self.account = account
        self.extra = {} if extra is None else extra


class Partnership(Record):
    """The group's decisions for one round."""

    framework_id: str
    name: str
    round: str
    agreed: dict[str, int]
    spectrum: str  # a framework spectrum id, or ""
    spectrum_note: str
    challenges: dict[str, ChallengeView]
    actions: list[Action]
    updated: Any
    extra: dict[str, Any]
    spectrum_extra: dict[str, Any]
    analysis: dict[str, float | int]  # this folder's thresholds
    analysis_extra: dict[str, Any]
    same_person: list[ChosenAccount]  # see docs/merging.md
    warnings: list[str]

    def __init__(
        self,
        framework_id: str,
        name: str = "",
        round: str = "",
        agreed: dict[str, int] | None = None,
        spectrum: str = "",
        spectrum_note: str = "",
        challenges: dict[str, ChallengeView] | None = None,
        actions: list[Action] | None = None,
        updated: Any = None,
        extra: dict[str, Any] | None = None,
        spectrum_extra: dict[str, Any] | None = None,
        analysis: dict[str, float | int] | None = None,
        analysis_extra: dict[str, Any] | None = None,
        same_person: list[ChosenAccount] | None = None,
        warnings: list[str] | None = None,
    ) -> None:
        self.framework_id = framework_id
        self.name = name
        self.round = round
        self.agreed = {} if agreed is None else agreed
        self.spectrum = spectrum
        self.spectrum_note = spectrum_note
        self.challenges = {} if challenges is None else challenges
        self.actions = [] if actions is None else actions
        self.updated = updated
        self.extra = {} if extra is None else extra
        self.spectrum_extra = {} if spectrum_extra is None else spectrum_extra
        self.analysis = {} if analysis is None else analysis
        self.analysis_extra = {} if analysis_extra is None else analysis_extra
        self.same_person = [] if same_person is None else same_person
        self.warnings = [] if warnings is None else warnings

    def challenge(self, challenge_id: str) -> ChallengeView:
        """The view on a challenge, created blank on first use."""
        return self.challenges.setdefault(challenge_id, ChallengeView())

    def in_play(self) -> list[str]:
        return [cid for cid, view in self.challenges.items() if view.in_play]

    # The decisions a facilitator makes, one place for every way of making them (app, plain).

    def agree(self, enabler_id: str, score: int | None) -> None:
        """Record the score the partnership agrees for an enabler; None clears it."""
        if score is None:
            self.agreed.pop(enabler_id, None)
        else:
            self.agreed[enabler_id] = score

    def toggle_in_play(self, challenge_id: str) -> None:
        view = self.challenge(challenge_id)
        view.in_play = not view.in_play

    def respond(self, challenge_id: str, response: str) -> None:
        """Change, influence or work around; the same response again clears it."""
        view = self.challenge(challenge_id)
        view.response = "" if view.response == response else response

    def actions_for(self, enabler_id: str) -> list[Action]:
        return [a for a in self.actions if a.enabler == enabler_id]

    def choices(self) -> list[tuple[str, str, str]]:
        """(name, organisation, account) for each person claimed by several accounts."""
        return [(c.name, c.organisation, c.account) for c in self.same_person]

    def choose(self, name: str, organisation: str, account: str) -> None:
        """Count `account`'s file for this person (replacing an earlier choice for them)."""
        key = normalise(name), normalise(organisation)
        self.same_person = [
            c for c in self.same_person if (normalise(c.name), normalise(c.organisation)) != key
        ]
        self.same_person.append(
            ChosenAccount(one_line(name), one_line(organisation), one_line(account))
        )


def next_status(action: Action) -> None:
    """The action's status moves on one step (after the last, back to the first)."""
    action.status = STATUSES[(STATUSES.index(action.status) + 1) % len(STATUSES)]


def parse_due(text: str) -> dt.date | None:
    """A due date typed as YYYY-MM-DD, or None for none; ValueError otherwise."""
    text = text.strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date like 2027-03-31") from None


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
        problem = text_over_limit(key, value)  # the same limit as a session's notes
        if problem is not None:
            raise PartnershipError(self.path, problem)
        return one_line(value) if single_line else clean_text(value).strip()

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

    p.same_person = _same_person(check, data.get("same_person", []), p.warnings)
    p.extra = check.extras(p.warnings, "", data, _KNOWN)
    return p


def _same_person(check: _Check, raw: Any, warnings: list[str]) -> list[ChosenAccount]:
    """[[same_person]]: whose file counts for a person claimed by several accounts."""
    if not isinstance(raw, list):
        raise check.fail("same_person", "must be a list of tables ([[same_person]])")
    out = []
    for n, table in enumerate(raw, start=1):
        where = f"same_person[{n}]"
        table = check.table(where, table)
        name = check.text(f"{where}.name", table.get("name", ""), single_line=True)
        account = check.text(f"{where}.account", table.get("account", ""), single_line=True)
        for key, value in (("name", name), ("account", account)):
            if not value:
                raise check.fail(f"{where}.{key}", "missing or empty")
        out.append(
            ChosenAccount(
                name,
                check.text(
                    f"{where}.organisation", table.get("organisation", ""), single_line=True
                ),
                account,
                check.extras(warnings, where, table, _KNOWN_CHOICE),
            )
        )
    return out


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


def read_partnership(
    path: str | Path, framework: Framework, owners: Collection[int] | None = None
) -> tuple[Partnership, bytes]:
    """Load a partnership file with every safeguard; returns it and the bytes read.

    With `owners`, a file someone else owns (fstat of the descriptor read) is refused unread."""
    path = Path(path)
    try:
        data = read_owned(path, owners)[0]
    except FileFormatError as exc:
        raise PartnershipError(path, exc.problem) from None
    return parse_bytes(path, data, framework), data


def parse_bytes(path: Path, data: bytes, framework: Framework) -> Partnership:
    """A partnership from the bytes of its file (read safely); PartnershipError naming the key."""
    try:
        parsed = parse_toml_bytes(path, data)
    except FileFormatError as exc:
        raise PartnershipError(path, exc.problem) from None
    return parse_partnership(parsed, framework, path)


def load_partnership(path: str | Path, framework: Framework) -> Partnership:
    return read_partnership(path, framework)[0]


def is_partnership_file(path: str | Path) -> bool:
    """True when a file declares format = "bb-partnership" (read with the usual safeguards)."""
    try:
        data = parse_toml_bytes(Path(path), read_toml_bytes(Path(path)))
    except FileFormatError:
        return False
    return data.get("format") == FORMAT


# ---------------------------------------------------------------- whose file is used

USE, IGNORE, MINE = "use", "ignore", "mine"  # the answers when partnership.toml is someone else's


def own_file_name(uid: int | None = None) -> str:
    """partnership-<account>.toml: the file an account keeps beside a partnership.toml that is
    someone else's (the account number when the name would not make a plain file name)."""
    uid = os.geteuid() if uid is None else uid
    name = f"partnership-{user_name(uid)}.toml"
    return name if OWN_FILE.match(name) else f"partnership-{uid}.toml"


class PartnershipChoice(Frozen):
    """Which partnership file this account uses in a folder, and why (see partnership_in)."""

    __slots__ = (
        "beside_used",
        "data",
        "foreign",
        "intruder",
        "not_whose",
        "owners",
        "path",
        "question",
        "reason",
        "saves",
        "source",
    )

    path: Path  # where this account's partnership is, or is saved when first changed
    reason: str  # one line: which file and why, naming whose a file not used is
    data: bytes | None  # what to start from, read from `source` (None: a blank one)
    source: Path | None  # the file `data` was read from (its owner checked by fstat)
    owners: frozenset[int]  # whose file at `path` may be read again
    foreign: str | None  # whose partnership.toml is not used, when it is someone else's
    saves: bool  # False: ignored this run, or someone else holds `path` too
    question: bool  # partnership.toml is someone else's and no file of ours is here yet
    beside_used: bool  # our own file is used and a partnership.toml is beside it
    intruder: str  # "DIR/partnership.toml is bob's, not yours (ann) nor ...", when it is
    not_whose: str  # "not yours (ann) nor the folder owner's (root)", when it is

    def __init__(
        self,
        path: Path,
        reason: str,
        data: bytes | None = None,
        source: Path | None = None,
        owners: frozenset[int] = frozenset(),
        foreign: str | None = None,
        saves: bool = True,
        question: bool = False,
        beside_used: bool = False,
        intruder: str = "",
        not_whose: str = "",
    ) -> None:
        self._init(
            path,
            reason,
            data,
            source,
            owners,
            foreign,
            saves,
            question,
            beside_used,
            intruder,
            not_whose,
        )

    @property
    def exists(self) -> bool:
        return self.data is not None and self.source == self.path


def _whose(path: Path, owners: Collection[int]) -> tuple[bytes | None, int | None]:
    """(bytes, owner) for a file one of `owners` owns, (None, owner) for someone else's file
    or link, (None, None) when nothing is there; the owner is fstat's, of the descriptor read.
    Raises PartnershipError for a file of `owners` that cannot be read (a folder, too large...)."""
    try:
        return read_owned(path, owners)
    except NoSuchFile:
        return None, None
    except OthersFile as exc:
        return None, exc.uid
    except FileFormatError as exc:
        raise PartnershipError(path, exc.problem) from None


def partnership_in(folder: str | Path, answer: str | None = None) -> PartnershipChoice:
    """The one place that says which partnership file a folder uses for the account running bb-tui.

    The partnership file is the facilitator's: partnership.toml is used when the account running
    this or the folder's owner owns it (fstat of the descriptor read; no second look-up). Our own
    partnership-<account>.toml beside it is used whenever it is there. Anyone else's
    partnership.toml is not used without `answer`: USE (start from it, save to our own file),
    IGNORE (nothing shown, nothing saved) or MINE (our own file, blank). Raises PartnershipError
    when a file that would be used cannot be read.
    """
    folder = Path(folder)
    shared, own = folder / FILE_NAME, folder / own_file_name()
    me = os.geteuid()
    try:
        folder_owner = os.stat(folder).st_uid
    except OSError:
        folder_owner = me
    trusted = frozenset({me, folder_owner})
    ours, own_holder = _whose(own, {me})
    if ours is not None:
        try:  # only for the words: whose file beside it is not used
            beside: int | None = os.lstat(shared).st_uid
        except OSError:
            beside = None
        why = f"{shown_path(own)}: your own partnership file" + (
            "" if beside is None else f"; {user_name(beside)}'s {FILE_NAME} beside it is not used"
        )
        return PartnershipChoice(
            own,
            why,
            ours,
            own,
            frozenset({me}),
            foreign=user_name(beside) if beside is not None and beside not in trusted else None,
            beside_used=beside is not None,
        )
    data, holder = _whose(shared, trusted)
    if data is not None or holder is None:
        why = f"{shown_path(shared)}: " + (
            "none yet; made on the first change"
            if holder is None
            else "yours"
            if holder == me
            else f"{user_name(holder)}'s, who owns the folder"
        )
        return PartnershipChoice(shared, why, data, shared if data is not None else None, trusted)
    who = user_name(holder)
    not_whose = f"not yours ({user_name(me)})" + (
        "" if folder_owner == me else f" nor the folder owner's ({user_name(folder_owner)})"
    )
    intruder = f"{shown_path(shared)} is {who}'s, {not_whose}"
    if own_holder is not None:
        return PartnershipChoice(
            own,
            f"{intruder}, and {own.name} is {user_name(own_holder)}'s: neither is used and "
            "nothing can be saved here (bb-tui check-folder says how to remove them)",
            owners=frozenset({me}),
            foreign=who,
            intruder=intruder,
            not_whose=not_whose,
            saves=False,
        )
    if answer == USE:  # as they agreed to: a file of the same owner
        theirs, _ = _whose(shared, trusted | {holder})
        return PartnershipChoice(
            own,
            f"{intruder}: "
            + ("used as you chose" if theirs is not None else "not a file that can be read")
            + f"; your changes are saved in {own.name} beside it",
            theirs,
            shared if theirs is not None else None,
            frozenset({me}),
            foreign=who,
            intruder=intruder,
            not_whose=not_whose,
        )
    if answer == MINE:
        return PartnershipChoice(
            own,
            f"{intruder}: not used; your own {own.name} beside it is made on the first change",
            owners=frozenset({me}),
            foreign=who,
            intruder=intruder,
            not_whose=not_whose,
        )
    return PartnershipChoice(
        shared,
        f"{intruder}: " + ("ignored this run, as you chose" if answer == IGNORE else "not used"),
        owners=trusted,
        foreign=who,
        intruder=intruder,
        not_whose=not_whose,
        saves=False,
        question=answer != IGNORE,
    )


def find_partnership(paths: list[Path]) -> Path | None:
    """The partnership file among command-line paths: a file given directly, or the one a folder
    uses for this account (partnership_in: someone else's partnership.toml is passed over).

    Raises PartnershipError when more than one is found, so the user names one.
    """
    found = locate_partnership(paths)
    return found.path


class Located(Frozen):
    """The partnership file for command-line paths, its bytes, and the lines to tell."""

    __slots__ = ("data", "notes", "path")

    path: Path | None
    data: bytes | None  # None: a file named directly (read it), or none found
    notes: tuple[str, ...]  # one line each, e.g. whose partnership.toml was not used

    def __init__(
        self, path: Path | None, data: bytes | None = None, notes: tuple[str, ...] = ()
    ) -> None:
        self._init(path, data, notes)


def locate_partnership(paths: list[Path], answer: str | None = None) -> Located:
    """As find_partnership, with the bytes read from each folder's file and what to tell;
    `answer` as the app's person chose (partnership_in) when partnership.toml is someone else's."""
    found: list[tuple[Path, bytes | None]] = []
    notes: list[str] = []
    for path in paths:
        if path.is_dir():
            choice = partnership_in(path, answer)
            if choice.beside_used or choice.question:
                named = " (name it with --partnership FILE to use it)" if choice.question else ""
                notes.append(choice.reason + named)
            elif choice.foreign is not None:
                notes.append(choice.reason)
            if choice.data is not None and choice.source is not None:
                found.append((choice.source, choice.data))
        elif path.suffix == ".toml" and path.is_file() and is_partnership_file(path):
            found.append((path, None))  # named: used whoever's it is
    unique = list(dict.fromkeys(p.resolve() for p, _ in found))
    if len(unique) > 1:
        names = ", ".join(str(p) for p, _ in found)
        raise PartnershipError(
            None, f"several partnership files found ({names}); name one with --partnership FILE"
        )
    if not found:
        return Located(None, None, tuple(notes))
    return Located(found[0][0], found[0][1], tuple(notes))


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
    chosen = [
        {"name": c.name, "organisation": c.organisation, "account": c.account, **c.extra}
        for c in p.same_person
    ]
    if chosen:
        doc["same_person"] = chosen
    return doc


def dump_partnership(p: Partnership, framework: Framework | None = None) -> bytes:
    import tomli_w  # here, not at import: reading (a merge) never writes

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
        owners: Collection[int] | None = None,
    ) -> None:
        self.path = Path(path)
        self.partnership = partnership
        self.framework = framework
        self.fingerprint = fingerprint  # None: the file does not exist yet
        self.owners = owners  # whose file at `path` is read again (None: anyone's)
        self.lock = InUseLock(self.path)
        self.choice: PartnershipChoice | None = None  # why this file (in_folder)

    @classmethod
    def open(cls, path: str | Path, framework: Framework) -> PartnershipFile:
        partnership, data = read_partnership(path, framework)
        return cls(path, partnership, framework, fingerprint_bytes(data))

    @classmethod
    def in_folder(
        cls, folder: str | Path, framework: Framework, answer: str | None = None
    ) -> PartnershipFile:
        """The partnership file this account uses in the folder (partnership_in), or a new one
        (not written until the first save). Raises PartnershipError when it cannot be read."""
        choice = partnership_in(folder, answer)
        if choice.data is not None and choice.source is not None:
            partnership = parse_bytes(choice.source, choice.data, framework)
        else:
            partnership = new_partnership(framework)
        fingerprint = (
            fingerprint_bytes(choice.data) if choice.exists and choice.data is not None else None
        )
        file = cls(choice.path, partnership, framework, fingerprint, choice.owners)
        file.choice = choice
        return file

    @property
    def exists(self) -> bool:
        return self.fingerprint is not None

    def taken_meanwhile(self) -> str | None:
        """Before the first save of a new partnership.toml: if someone else has made a file of
        that name since it was looked for, save to our own file beside it instead; the line
        saying so (None when nothing changed)."""
        if self.exists or self.path.name != FILE_NAME or self.owners is None:
            return None
        _, holder = _whose(self.path, self.owners)
        own = self.path.with_name(own_file_name())
        if holder is None or holder in self.owners:
            return None
        taken = f"{shown_path(self.path)} was made by {user_name(holder)} meanwhile"
        if _whose(own, {os.geteuid()}) != (None, None):
            return f"{taken}, and {own.name} is someone else's too (see bb-tui check-folder)"
        self.path, self.owners, self.lock = own, frozenset({os.geteuid()}), InUseLock(own)
        return f"{taken}, so your changes are saved in {own.name} beside it"

    def read_again(self) -> None:
        """Hold the file as it is now (someone else saved it); raises PartnershipError."""
        if self.path.exists():
            partnership, data = read_partnership(self.path, self.framework, self.owners)
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
