"""A round (one folder of sessions + its partnership file) and the change between two rounds (no Textual)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bb_tui.core.collection import Collection, collect
from bb_tui.core.framework import Framework
from bb_tui.core.partnership import (
    Partnership,
    load_partnership,
    locate_partnership,
    parse_bytes,
)
from bb_tui.core.stats import Results, compute, under_minimum
from bb_tui.storage.errors import BBError


class RoundError(BBError):
    """A round that cannot be used: no such folder, no session that loads, a broken partnership file."""


@dataclass(frozen=True)
class Round:
    """One round of the self-evaluation: who took part, the group figures, what was agreed."""

    label: str  # the partnership file's round, else the folder name(s)
    paths: tuple[str, ...]
    collection: Collection
    results: Results
    partnership: Partnership | None
    partnership_path: str | None
    notes: tuple[str, ...] = ()  # one line each: a partnership.toml not used, and whose it is


def load_round(
    paths: Sequence[str | Path],
    framework: Framework,
    *,
    partnership: str | Path | Partnership | None = None,
    anonymous: bool = False,
    low: float | None = None,
    gap: int | None = None,
    min_group_size: int | None = None,
    by: str | None = None,
    answer: str | None = None,
) -> Round:
    """Read a round; RoundError (one line) when it has no usable sessions or a broken partnership file.

    The partnership file is `partnership` when given (a file, or one already open), else found
    among `paths` (the one a folder uses for this account, partnership.partnership_in: someone
    else's partnership.toml is not used and `notes` says whose; or a bb-partnership file named
    directly); its [analysis] thresholds are used unless overridden here (stats.thresholds_for).
    `by` adds subgroups (stats.compute); `answer` is the app's person's choice about someone
    else's partnership.toml (partnership_in). ValueError for a bad threshold or `by`.
    """
    folders = [Path(p) for p in paths]
    for path in folders:
        if not path.exists():
            raise RoundError(path, "no such file or folder")
    notes: tuple[str, ...] = ()
    found: Path | None
    loaded: Partnership | None
    try:
        if isinstance(partnership, Partnership):
            found, loaded = None, partnership
        elif partnership is not None:
            found = Path(partnership)
            loaded = load_partnership(found, framework)
        else:
            located = locate_partnership(folders, answer)
            found, notes = located.path, located.notes
            loaded = (
                None
                if found is None
                else parse_bytes(found, located.data, framework)
                if located.data is not None
                else load_partnership(found, framework)
            )
    except BBError as exc:
        raise RoundError(None, exc.line()) from None
    collection = collect(folders, framework)
    results = compute(
        collection,
        framework,
        anonymous=anonymous,
        low=low,
        gap=gap,
        min_group_size=min_group_size,
        partnership=loaded,
        by=by,
    )
    where = ", ".join(str(p) for p in folders)
    if results.participants == 0 and collection.claims:
        raise RoundError(
            where,
            "no session counts: everyone is claimed by more than one account "
            "(bb-tui merge lists them; docs/merging.md says how to choose)",
        )
    if results.participants == 0:
        why = (
            f" ({len(collection.rejected)} rejected, first: {collection.rejected[0].line()})"
            if collection.rejected
            else f" ({len(collection.started)} started, nothing scored)"
            if collection.started
            else ""
        )
        raise RoundError(where, f"no session file could be read{why}")
    label = (
        loaded.round
        if loaded and loaded.round
        else ", ".join(p.resolve().name or str(p) for p in folders)
    )
    return Round(
        label,
        tuple(str(p) for p in folders),
        collection,
        results,
        loaded,
        str(found) if found is not None else None,
        notes,
    )


@dataclass(frozen=True)
class Change:
    """One enabler (or theme) in two rounds: the group mean and the agreed score, before and now."""

    id: str
    label: str
    mean_before: float | None
    mean_now: float | None
    agreed_before: int | None = None
    agreed_now: int | None = None
    too_few: int | None = None  # the same people: fewer than the minimum scored it (this many)
    low_before: bool = False  # a theme's low flag in each round (enablers': see the results)
    low_now: bool = False

    @property
    def mean_change(self) -> float | None:
        if self.mean_before is None or self.mean_now is None:
            return None
        return self.mean_now - self.mean_before

    @property
    def agreed_change(self) -> int | None:
        if self.agreed_before is None or self.agreed_now is None:
            return None
        return self.agreed_now - self.agreed_before


@dataclass(frozen=True)
class Turnout:
    """Who took part in both rounds, who is new and who is gone, matched as merge matches people.

    The names are kept for the named view; render.changes words it, without the names when either
    round is anonymous.
    """

    both: tuple[str, ...]
    new: tuple[str, ...]
    gone: tuple[str, ...]
    before_label: str
    now_label: str
    anonymous: bool


def turnout(now: Round, before: Round) -> Turnout:
    def named(r: Round) -> dict[tuple[str, str], str]:
        return {item.identity: item.session.participant.name for item in r.collection.participants}

    then, later = named(before), named(now)

    def names(keys: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted(keys, key=str.casefold))

    return Turnout(
        names(later[k] for k in later if k in then),
        names(later[k] for k in later if k not in then),
        names(then[k] for k in then if k not in later),
        before.label,
        now.label,
        now.results.anonymous or before.results.anonymous,
    )


@dataclass(frozen=True)
class Comparison:
    now: Round
    before: Round
    enablers: tuple[Change, ...]
    themes: tuple[Change, ...]
    turnout: Turnout | None = None
    same_people: tuple[Change, ...] = ()  # per enabler, the means of those in both rounds only


def compare(now: Round, before: Round) -> Comparison:
    """Per enabler and per theme: the change in group mean and in agreed score."""
    fw = now.results.framework
    agreed_now = now.partnership.agreed if now.partnership else {}
    agreed_before = before.partnership.agreed if before.partnership else {}
    enablers = tuple(
        Change(
            e.id,
            e.label,
            before.results.enablers[e.id].mean,
            now.results.enablers[e.id].mean,
            agreed_before.get(e.id),
            agreed_now.get(e.id),
        )
        for e in fw.enablers
    )
    themes = tuple(
        Change(
            t.id,
            t.title,
            before.results.themes[t.id].mean,
            now.results.themes[t.id].mean,
            low_before=before.results.themes[t.id].low,
            low_now=now.results.themes[t.id].low,
        )
        for t in fw.themes
    )
    return Comparison(
        now, before, enablers, themes, turnout(now, before), _same_people(now, before)
    )


def _same_people(now: Round, before: Round) -> tuple[Change, ...]:
    """Per enabler, the mean before and now among those who took part in both rounds."""
    fw = now.results.framework
    later = {item.identity: item.session for item in now.collection.participants}
    pairs = [
        (item.session, later[item.identity])
        for item in before.collection.participants
        if item.identity in later
    ]
    if not pairs:
        return ()
    t = now.results.thresholds
    then = compute([b for b, _ in pairs], fw, thresholds=t)
    again = compute([n for _, n in pairs], fw, thresholds=t)
    out = []
    for e in fw.enablers:
        a, b = then.enablers[e.id], again.enablers[e.id]
        few = [f.n for f in (a, b) if f.n and under_minimum(f.n, t)]
        if few:  # a change among too few people is theirs: words, no figure (docs/merging.md)
            out.append(Change(e.id, e.label, None, None, too_few=min(few)))
        else:
            out.append(Change(e.id, e.label, a.mean, b.mean))
    return tuple(out)
