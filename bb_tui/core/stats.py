"""Group figures from merged sessions: per item counts and statistics, flags, dig-deeper order, subgroups.

Every figure is computed from the count of participants at each scale level, so figures are exact,
additive across groups, and independent of the order of files. Skipped and not-yet-scored items are
left out of every figure and counted separately. See docs/merging.md.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import Any

from bb_tui.core.collection import (
    Collection,
    FileNote,
    LoadedSession,
    account_name,
    normalise,
)
from bb_tui.core.framework import Framework
from bb_tui.core.session import Session
from bb_tui.storage.record import Frozen

GROUP_BY = ("level", "organisation", "sector")
LEVEL_LABELS = {"strategic": "Strategic", "operational": "Operational", "": "Level not given"}
SECTOR_NOT_GIVEN = "Sector not given"
OTHER = "other"


# ---------------------------------------------------------------- thresholds


ANALYSIS_KEYS = ("low_threshold", "polarised_gap", "min_group_size")  # as in [analysis]


class Thresholds(Frozen):
    __slots__ = ("gap", "low", "min_group_size", "source")
    _not_compared = ("source",)

    low: float  # a mean below this is "low"
    gap: int  # highest minus lowest score at least this is "polarised"
    min_group_size: int  # fewer people than this: a subgroup is not shown, an item not called
    source: str  # where they came from, for the reader

    def __init__(
        self, low: float, gap: int, min_group_size: int, source: str = "framework"
    ) -> None:
        self._init(low, gap, min_group_size, source)

    @classmethod
    def for_framework(
        cls,
        framework: Framework,
        low: float | None = None,
        gap: int | None = None,
        min_group_size: int | None = None,
        source: str = "framework",
    ) -> Thresholds:
        """The framework's [analysis] defaults, overridden where given; ValueError if out of range."""
        a, scale = framework.analysis, framework.scale
        low = a.low_threshold if low is None else low
        gap = a.polarised_gap if gap is None else gap
        size = a.min_group_size if min_group_size is None else min_group_size
        if not (
            isinstance(low, (int, float)) and math.isfinite(low) and scale.min <= low <= scale.max
        ):
            raise ValueError(f"low threshold must be a number from {scale.min} to {scale.max}")
        if (
            isinstance(gap, bool)
            or not isinstance(gap, int)
            or not 1 <= gap <= scale.max - scale.min
        ):
            raise ValueError(
                f"polarised gap must be a whole number from 1 to {scale.max - scale.min}"
            )
        if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= 1000:
            raise ValueError("minimum group size must be a whole number from 1 to 1000")
        return cls(float(low), gap, size, source)

    def to_json(self) -> dict[str, Any]:
        return {"low": self.low, "gap": self.gap, "min_group_size": self.min_group_size}


def under_minimum(n: int, thresholds: Thresholds) -> bool:
    """The one rule for "too few": a figure for fewer than the minimum group size stands for
    people who could be singled out, so it is words, not a number (docs/merging.md)."""
    return n < thresholds.min_group_size


def thresholds_for(
    framework: Framework,
    partnership: Any = None,
    *,
    low: float | None = None,
    gap: int | None = None,
    min_group_size: int | None = None,
) -> Thresholds:
    """The thresholds for a folder: the framework's [analysis] < the partnership file's < flags.

    `partnership` is a core.partnership.Partnership (its `analysis` table) or None. ValueError for
    a value out of range.
    """
    saved = dict(getattr(partnership, "analysis", None) or {})
    flags = {"low_threshold": low, "polarised_gap": gap, "min_group_size": min_group_size}
    # values from the partnership file are unchecked here: for_framework checks every one
    chosen: dict[str, Any] = {
        k: flags[k] if flags[k] is not None else saved.get(k) for k in ANALYSIS_KEYS
    }
    sources = []
    if any(k in saved for k in ANALYSIS_KEYS):
        sources.append("partnership file")
    if any(v is not None for v in flags.values()):
        sources.append("command line")
    source = (
        ("framework defaults, then " + " and ".join(sources)) if sources else "framework defaults"
    )
    return Thresholds.for_framework(
        framework,
        chosen["low_threshold"],
        chosen["polarised_gap"],
        chosen["min_group_size"],
        source,
    )


# ---------------------------------------------------------------- one item


class ItemFigures(Frozen):
    """The group's scores for one enabler or indicator. Statistics are None when nobody scored it."""

    __slots__ = (
        "counts",
        "id",
        "low",
        "max",
        "mean",
        "median",
        "min",
        "n",
        "polarised",
        "q1",
        "q3",
        "scale_min",
        "skipped",
        "stdev",
        "too_few",
        "unscored",
        "withheld",
    )

    id: str
    counts: tuple[int, ...]  # participants at each level, from the scale's min to its max
    skipped: int  # said "no knowledge"
    unscored: int  # neither scored nor skipped
    scale_min: int
    n: int
    mean: float | None
    median: float | None
    min: int | None
    max: int | None
    stdev: float | None  # population standard deviation (the group is everyone who took part)
    q1: float | None  # lower and upper quartile: the middle half of the scores
    q3: float | None
    low: bool
    polarised: bool
    too_few: bool  # scored by fewer than the minimum group size: not called low or polarised
    withheld: bool  # a too-few cell of a subgroup or overlap: no figure but n

    def __init__(
        self,
        id: str,
        counts: tuple[int, ...],
        skipped: int,
        unscored: int,
        scale_min: int,
        n: int,
        mean: float | None,
        median: float | None,
        min: int | None,
        max: int | None,
        stdev: float | None,
        q1: float | None,
        q3: float | None,
        low: bool,
        polarised: bool,
        too_few: bool = False,
        withheld: bool = False,
    ) -> None:
        self._init(
            id,
            counts,
            skipped,
            unscored,
            scale_min,
            n,
            mean,
            median,
            min,
            max,
            stdev,
            q1,
            q3,
            low,
            polarised,
            too_few,
            withheld,
        )

    def withhold(self) -> ItemFigures:
        """This item with only n, skips and unscored: what a too-few subgroup cell may show."""
        return self.replace(
            mean=None,
            median=None,
            min=None,
            max=None,
            stdev=None,
            q1=None,
            q3=None,
            low=False,
            polarised=False,
            withheld=True,
        )

    @property
    def spread(self) -> int | None:
        if self.max is None or self.min is None:  # None exactly when n == 0 (nobody scored it)
            return None
        return self.max - self.min

    @property
    def levels(self) -> range:
        return range(self.scale_min, self.scale_min + len(self.counts))

    def count(self, level: int) -> int:
        return self.counts[level - self.scale_min]

    def to_json(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "skipped": self.skipped,
            "unscored": self.unscored,
            "mean": rounded(self.mean),
            "median": rounded(self.median),
            "min": self.min,
            "max": self.max,
            "stdev": rounded(self.stdev),
            "q1": rounded(self.q1),
            "q3": rounded(self.q3),
            "counts": None
            if self.withheld
            else {str(level): c for level, c in zip(self.levels, self.counts)},
            "low": self.low,
            "polarised": self.polarised,
            "too_few": self.too_few,
            **({"withheld": True} if self.withheld else {}),
        }


STORED_PLACES = 4  # decimals kept in JSON and the workbook


def half_up(value: float, places: int) -> Decimal:
    """The one rounding rule: half up, on the decimal the float stands for (its shortest repr), so
    what a reader would round by hand: 2.25 -> 2.3, 2.45 -> 2.5, 2.675 -> 2.68."""
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def rounded(value: float | None, places: int = STORED_PLACES) -> float | None:
    """Every figure stored is rounded here (render.words.number shows one, by the same rule)."""
    return None if value is None else float(half_up(value, places))


def _value_at(counts: tuple[int, ...], scale_min: int, index: int) -> int:
    """The index-th smallest score (0-based) of the scores described by counts."""
    for offset, c in enumerate(counts):
        if index < c:
            return scale_min + offset
        index -= c
    raise IndexError(index)


def _quantile(counts: tuple[int, ...], scale_min: int, n: int, q: float) -> float:
    """Linear-interpolation quantile (as statistics.quantiles(method="inclusive"))."""
    pos = (n - 1) * q
    lo = math.floor(pos)
    a = _value_at(counts, scale_min, lo)
    if pos == lo:
        return float(a)
    b = _value_at(counts, scale_min, lo + 1)
    return a + (b - a) * (pos - lo)


def item_figures(
    item_id: str,
    counts: Iterable[int],
    skipped: int,
    participants: int,
    scale_min: int,
    thresholds: Thresholds,
) -> ItemFigures:
    """Figures for one item from its counts per level."""
    counts = tuple(counts)
    n = sum(counts)
    unscored = participants - n - skipped
    if n == 0:
        return ItemFigures(
            item_id,
            counts,
            skipped,
            unscored,
            scale_min,
            0,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            False,
            False,
        )
    too_few = under_minimum(n, thresholds)  # one person's view is not the group's
    levels = range(scale_min, scale_min + len(counts))
    total = sum(level * c for level, c in zip(levels, counts))
    mean = total / n
    lo = next(level for level, c in zip(levels, counts) if c)
    hi = next(level for level, c in zip(reversed(levels), reversed(counts)) if c)
    mean = min(max(mean, lo), hi)  # guard the last bit of float rounding
    variance = sum(c * (level - mean) ** 2 for level, c in zip(levels, counts)) / n
    return ItemFigures(
        item_id,
        counts,
        skipped,
        unscored,
        scale_min,
        n,
        mean=mean,
        median=_quantile(counts, scale_min, n, 0.5),
        min=lo,
        max=hi,
        stdev=math.sqrt(variance),
        q1=_quantile(counts, scale_min, n, 0.25),
        q3=_quantile(counts, scale_min, n, 0.75),
        low=not too_few and mean < thresholds.low,
        polarised=not too_few and hi - lo >= thresholds.gap,
        too_few=too_few,
    )


# ---------------------------------------------------------------- a set of participants


class ThemeFigures(Frozen):
    __slots__ = ("enablers_scored", "id", "low", "mean")

    id: str
    mean: float | None  # the mean of its enablers' means (enablers nobody scored left out)
    enablers_scored: int
    low: bool

    def __init__(self, id: str, mean: float | None, enablers_scored: int, low: bool) -> None:
        self._init(id, mean, enablers_scored, low)

    def to_json(self) -> dict[str, Any]:
        return {
            "mean": rounded(self.mean),
            "enablers_scored": self.enablers_scored,
            "low": self.low,
        }


class Figures(Frozen):
    """Figures for one set of participants (the whole group or a subgroup), in framework order."""

    __slots__ = ("enablers", "indicators", "participants", "themes")

    participants: int
    enablers: Mapping[str, ItemFigures]
    indicators: Mapping[str, ItemFigures]
    themes: Mapping[str, ThemeFigures]

    def __init__(
        self,
        participants: int,
        enablers: Mapping[str, ItemFigures],
        indicators: Mapping[str, ItemFigures],
        themes: Mapping[str, ThemeFigures],
    ) -> None:
        self._init(participants, enablers, indicators, themes)

    def item(self, item_id: str) -> ItemFigures:
        return self.enablers.get(item_id) or self.indicators[item_id]

    def to_json(self) -> dict[str, Any]:
        return {
            "participants": self.participants,
            "enablers": {k: v.to_json() for k, v in self.enablers.items()},
            "indicators": {k: v.to_json() for k, v in self.indicators.items()},
            "themes": {k: v.to_json() for k, v in self.themes.items()},
        }


class _Tally:
    """Counts per item and level, and skips per item: everything the figures need, and additive."""

    def __init__(self, framework: Framework) -> None:
        self.framework = framework
        self.lo = framework.scale.min
        width = framework.scale.max - framework.scale.min + 1
        ids = [e.id for e in framework.enablers] + [i.id for i in framework.indicators]
        self.counts: dict[str, list[int]] = {item_id: [0] * width for item_id in ids}
        self.skipped: dict[str, int] = dict.fromkeys(ids, 0)
        self.participants = 0

    def add(self, session: Session) -> None:
        counts, lo = self.counts, self.lo
        self.participants += 1
        for table in (session.scores, session.indicators):
            for item_id, score in table.items():
                counts[item_id][score - lo] += 1
        skipped = self.skipped
        for item_id in session.skipped:
            skipped[item_id] += 1

    def figures(self, thresholds: Thresholds, withhold: bool = False) -> Figures:
        """The figures; with `withhold` (a subgroup, or the same people across rounds) an item
        fewer than the minimum scored keeps only its n, and themes use only the items shown."""
        fw, lo, n = self.framework, self.lo, self.participants

        def make(item_id: str) -> ItemFigures:
            f = item_figures(
                item_id, self.counts[item_id], self.skipped[item_id], n, lo, thresholds
            )
            return f.withhold() if withhold and f.too_few else f

        enablers = {e.id: make(e.id) for e in fw.enablers}
        indicators = {i.id: make(i.id) for i in fw.indicators}
        themes = {}
        for theme in fw.themes:
            # an item's mean is None exactly when n == 0, so this keeps the scored ones
            means = [m for e in theme.enablers if (m := enablers[e.id].mean) is not None]
            mean = sum(means) / len(means) if means else None
            enough = any(not enablers[e.id].too_few for e in theme.enablers if enablers[e.id].n)
            themes[theme.id] = ThemeFigures(
                theme.id, mean, len(means), enough and mean is not None and mean < thresholds.low
            )
        return Figures(
            n, MappingProxyType(enablers), MappingProxyType(indicators), MappingProxyType(themes)
        )


# ---------------------------------------------------------------- people and subgroups


class Person(Frozen):
    """One counted participant as shown: in anonymous mode only a number, nothing else."""

    __slots__ = ("account", "file", "label", "level", "organisation", "sector", "source")
    _not_compared = ("source",)
    _not_shown = ("source",)

    label: str  # the name, or "Participant N" in anonymous mode
    organisation: str  # "" in anonymous mode
    level: str  # "" in anonymous mode
    file: str  # "" in anonymous mode
    source: LoadedSession  # not for display when anonymous
    sector: str  # the sector id; "" when not given and in anonymous mode
    account: str  # who wrote the file, when the folder holds several accounts' files

    def __init__(
        self,
        label: str,
        organisation: str,
        level: str,
        file: str,
        source: LoadedSession,
        sector: str = "",
        account: str = "",
    ) -> None:
        self._init(label, organisation, level, file, source, sector, account)

    def to_json(self) -> dict[str, str]:
        data = {
            "name": self.label,
            "organisation": self.organisation,
            "level": self.level,
            "sector": self.sector,
            "file": self.file,
        }
        return {**data, "account": self.account} if self.account else data


class ClaimNote(Frozen):
    """A person claimed by files of several accounts, not counted, as results show it.

    Anonymous: no name, no organisation, no account; the files numbered."""

    __slots__ = ("files", "organisation", "person")

    person: str
    organisation: str
    files: tuple[tuple[str, str], ...]  # (file, account)

    def __init__(self, person: str, organisation: str, files: tuple[tuple[str, str], ...]) -> None:
        self._init(person, organisation, files)

    @property
    def accounts(self) -> tuple[str, ...]:
        return tuple(account for _, account in self.files if account)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.person,
            "organisation": self.organisation,
            "accounts": list(self.accounts),
            "files": [{"file": f, "account": a} for f, a in self.files],
        }


class Group(Frozen):
    __slots__ = ("figures", "key", "label", "members")

    key: str  # "strategic", "operational", "" (not given), an organisation, or "other"
    label: str
    figures: Figures
    members: tuple[str, ...]  # for the pooled "other" group: the labels of the groups in it

    def __init__(
        self, key: str, label: str, figures: Figures, members: tuple[str, ...] = ()
    ) -> None:
        self._init(key, label, figures, members)

    @property
    def participants(self) -> int:
        return self.figures.participants

    def to_json(self) -> dict[str, Any]:
        data = {"label": self.label, **self.figures.to_json()}
        if self.members:
            data["pooled"] = list(self.members)
        return data


def _group_key(session: Session, by: str, framework: Framework) -> tuple[str, str]:
    p = session.participant
    if by == "level":
        return p.level, LEVEL_LABELS[p.level]
    if by == "sector":
        sector = framework.sector(p.sector)
        return (sector.id, sector.label) if sector else ("", SECTOR_NOT_GIVEN)
    return normalise(p.organisation), p.organisation or "Organisation not given"


def _groups(
    participants: tuple[LoadedSession, ...], framework: Framework, by: str, thresholds: Thresholds
) -> tuple[tuple[Group, ...], tuple[str, ...], tuple[str, ...]]:
    """Subgroups of at least the minimum size; smaller ones pooled into "other" (see docs/merging.md).

    Returns the groups shown, the labels of the groups pooled, and of those the ones at or above
    the minimum that joined the pool so it cannot be worked out by subtraction."""
    members: dict[str, list[Session]] = {}
    labels: dict[str, str] = {}
    for item in participants:
        key, label = _group_key(item.session, by, framework)
        members.setdefault(key, []).append(item.session)
        labels.setdefault(key, label)
    order: list[str]
    if by == "level":
        order = [k for k in ("strategic", "operational", "") if k in members]
    elif by == "sector":  # the framework's order, "not given" last
        order = [k for k in (*(s.id for s in framework.sectors), "") if k in members]
    else:
        order = sorted(members, key=lambda k: (k == "", k))
    pooled = [k for k in order if under_minimum(len(members[k]), thresholds)]
    shown = [k for k in order if not under_minimum(len(members[k]), thresholds)]
    # A pool smaller than the minimum could be worked out by subtracting the shown groups from the
    # whole, so the smallest shown groups join it until it is big enough.
    joined = []
    while pooled and under_minimum(sum(len(members[k]) for k in pooled), thresholds) and shown:
        smallest = min(reversed(shown), key=lambda k: len(members[k]))
        shown.remove(smallest)
        pooled.append(smallest)
        joined.append(smallest)
    big = tuple(labels[k] for k in order if k in joined)
    if pooled and not shown:
        return (), tuple(labels[k] for k in order), big
    groups = []
    for key in shown:
        tally = _Tally(framework)
        for session in members[key]:
            tally.add(session)
        groups.append(Group(key, labels[key], tally.figures(thresholds, withhold=True)))
    if pooled:
        pooled.sort(key=order.index)
        tally = _Tally(framework)
        for key in pooled:
            for session in members[key]:
                tally.add(session)
        names = tuple(labels[k] for k in pooled)
        pool_key = OTHER if OTHER not in shown else f"{OTHER}-pooled"  # a sector may be "other"
        groups.append(
            Group(
                pool_key,
                f"Other ({len(pooled)} groups)" if len(pooled) > 1 else "Other",
                tally.figures(thresholds, withhold=True),
                names,
            )
        )
    return tuple(groups), tuple(labels[k] for k in pooled), big


# ---------------------------------------------------------------- dig deeper


class DigDeeper(Frozen):
    """One enabler in the "where to dig deeper" list: its figures say why (render.words.reasons)."""

    __slots__ = ("enabler_id", "figures", "indicators")

    enabler_id: str
    figures: ItemFigures
    indicators: tuple[ItemFigures, ...]  # its indicators that are themselves low or polarised

    def __init__(
        self, enabler_id: str, figures: ItemFigures, indicators: tuple[ItemFigures, ...]
    ) -> None:
        self._init(enabler_id, figures, indicators)

    @property
    def flagged(self) -> bool:
        return self.figures.low or self.figures.polarised

    def to_json(self) -> dict[str, Any]:
        f = self.figures
        return {
            "id": self.enabler_id,
            "low": f.low,
            "polarised": f.polarised,
            "mean": rounded(f.mean),
            "stdev": rounded(f.stdev),
            "min": f.min,
            "max": f.max,
            "indicators": [i.id for i in self.indicators],
        }


def dig_deeper_key(f: ItemFigures, position: int) -> tuple[int, float | None, float, int]:
    """Sort key: low first, then polarised, then the rest, then those too few people scored.

    Within each: lowest mean first, then widest disagreement (standard deviation) first; ties keep
    framework order. Figures are compared unrounded (the sd to 9 places, so float noise never
    breaks a tie). docs/merging.md says the same.
    """
    rank = 0 if f.low else 1 if f.polarised else 3 if f.too_few else 2
    return (rank, f.mean, -(rounded(f.stdev, 9) or 0.0), position)


# ---------------------------------------------------------------- results


class Results(Frozen):
    """Everything the results views, the CLI and reports show; build with compute()."""

    __slots__ = (
        "accounts",
        "anonymous",
        "by",
        "claims",
        "duplicates",
        "figures",
        "framework",
        "groups",
        "ignored",
        "joined",
        "people",
        "pooled",
        "rejected",
        "started",
        "thresholds",
        "writers",
    )

    framework: Framework
    thresholds: Thresholds
    figures: Figures
    people: tuple[Person, ...]
    rejected: tuple[FileNote, ...]  # files not counted, names hidden in anonymous mode
    duplicates: tuple[FileNote, ...]
    ignored: tuple[FileNote, ...]
    anonymous: bool
    by: str | None
    groups: tuple[Group, ...]
    pooled: tuple[str, ...]  # labels of subgroups not shown on their own
    started: tuple[FileNote, ...]  # sessions with nothing scored or skipped: not counted
    claims: tuple[ClaimNote, ...]  # people claimed by several accounts: not counted
    writers: tuple[tuple[str, int], ...]  # (account, people) of another account's many
    accounts: tuple[str, ...]  # every account behind the files, when more than one
    joined: tuple[str, ...]  # pooled groups big enough alone, pooled so none is subtracted

    def __init__(
        self,
        framework: Framework,
        thresholds: Thresholds,
        figures: Figures,
        people: tuple[Person, ...],
        rejected: tuple[FileNote, ...],
        duplicates: tuple[FileNote, ...],
        ignored: tuple[FileNote, ...],
        anonymous: bool = False,
        by: str | None = None,
        groups: tuple[Group, ...] = (),
        pooled: tuple[str, ...] = (),
        started: tuple[FileNote, ...] = (),
        claims: tuple[ClaimNote, ...] = (),
        writers: tuple[tuple[str, int], ...] = (),
        accounts: tuple[str, ...] = (),
        joined: tuple[str, ...] = (),
    ) -> None:
        self._init(
            framework,
            thresholds,
            figures,
            people,
            rejected,
            duplicates,
            ignored,
            anonymous,
            by,
            groups,
            pooled,
            started,
            claims,
            writers,
            accounts,
            joined,
        )

    @property
    def participants(self) -> int:
        return self.figures.participants

    @property
    def enablers(self) -> Mapping[str, ItemFigures]:
        return self.figures.enablers

    @property
    def indicators(self) -> Mapping[str, ItemFigures]:
        return self.figures.indicators

    @property
    def themes(self) -> Mapping[str, ThemeFigures]:
        return self.figures.themes

    def dig_deeper(self) -> list[DigDeeper]:
        """Enablers someone scored, those most in need of discussion first."""
        fw = self.framework
        scored = [(n, e) for n, e in enumerate(fw.enablers) if self.enablers[e.id].n]
        scored.sort(key=lambda pair: dig_deeper_key(self.enablers[pair[1].id], pair[0]))
        out = []
        for _, enabler in scored:
            f = self.enablers[enabler.id]
            flagged = tuple(
                self.indicators[i.id]
                for i in enabler.indicators
                if self.indicators[i.id].low or self.indicators[i.id].polarised
            )
            out.append(DigDeeper(enabler.id, f, flagged))
        return out

    def who(self, item_id: str) -> dict[int, tuple[str, ...]]:
        """Who gave each score to an item; empty in anonymous mode (who said what stays hidden)."""
        if self.anonymous:
            return {}
        out: dict[int, list[str]] = {}
        for person in self.people:
            score = person.source.session.score(item_id)
            if score is not None:
                out.setdefault(score, []).append(person.label)
        return {score: tuple(names) for score, names in sorted(out.items())}

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "framework": self.framework.id,
            "participants": self.participants,
            "anonymous": self.anonymous,
            "thresholds": self.thresholds.to_json(),
            "people": [] if self.anonymous else [p.to_json() for p in self.people],
            "rejected": [r.to_json() for r in self.rejected],
            "duplicates": [d.to_json() for d in self.duplicates],
            "ignored": [i.to_json() for i in self.ignored],
            "started": [s.to_json() for s in self.started],
            "enablers": {k: v.to_json() for k, v in self.enablers.items()},
            "indicators": {k: v.to_json() for k, v in self.indicators.items()},
            "themes": {k: v.to_json() for k, v in self.themes.items()},
            "dig_deeper": [d.to_json() for d in self.dig_deeper()],
        }
        if self.accounts:  # only when the files are of several accounts (docs/merging.md)
            data["accounts"] = list(self.accounts)
        if self.claims:
            data["claimed"] = [c.to_json() for c in self.claims]
        if self.writers:
            data["accounts_writing_for_others"] = [
                {"account": a, "sessions": n} for a, n in self.writers
            ]
        if self.by:
            data["group_by"] = self.by
            data["groups"] = {g.key or "not-given": g.to_json() for g in self.groups}
            data["groups_pooled"] = list(self.pooled)
        return data


def _as_collection(source: Collection | Iterable[Session]) -> Collection:
    if isinstance(source, Collection):
        return source
    loaded = [
        LoadedSession(f"<session {n}>", s, f"{n:032x}", f"<session {n:09d}>")
        for n, s in enumerate(source, start=1)
    ]
    return Collection(
        tuple(item for item in loaded if item.answered),
        started=tuple(item for item in loaded if not item.answered),
    )


Namer = Callable[[int | None], str]


def _namer(collection: Collection, anonymous: bool) -> Namer:
    """Account names beside files only where a folder holds files of several accounts."""
    if anonymous or len(collection.accounts) < 2:
        return lambda uid: ""
    names = {uid: account_name(uid) for uid in collection.accounts}  # one look-up per account
    return lambda uid: names.get(uid, "") if uid is not None else ""  # None: never opened


def _people(collection: Collection, anonymous: bool, account: Namer) -> tuple[Person, ...]:
    if not anonymous:
        return tuple(
            Person(
                p.session.participant.name,
                p.session.participant.organisation,
                p.session.participant.level,
                p.shown,
                p,
                sector=p.session.participant.sector,
                account=account(p.owner),
            )
            for p in collection.participants
        )
    # numbered in order of file content, which says nothing about who is who
    ordered = sorted(collection.participants, key=lambda p: (p.digest, p.key))
    number = {id(p): n for n, p in enumerate(ordered, start=1)}
    return tuple(
        Person(f"Participant {number[id(p)]}", "", "", "", p) for p in collection.participants
    )


def _file_rows(
    collection: Collection, anonymous: bool, account: Namer
) -> tuple[tuple[FileNote, ...], tuple[FileNote, ...], tuple[FileNote, ...], tuple[FileNote, ...]]:
    """The files not counted as FileNotes (rejected, duplicates, ignored, started); in anonymous
    mode numbered, a kept file "another file"."""
    if not anonymous:
        return (
            tuple(r.note(account=account(r.owner)) for r in collection.rejected),
            tuple(d.note(account=account(d.dropped.owner)) for d in collection.duplicates),
            tuple(i.note(account=account(i.owner)) for i in collection.ignored),
            tuple(s.started_note(account=account(s.owner)) for s in collection.started),
        )
    rejected = tuple(
        r.note(f"rejected file {n}") for n, r in enumerate(collection.rejected, start=1)
    )
    ignored = tuple(i.note(f"ignored file {n}") for n, i in enumerate(collection.ignored, start=1))
    duplicates = tuple(
        d.note(f"duplicate file {n}", "another file")  # no pseudonym: see docs
        for n, d in enumerate(collection.duplicates, start=1)
    )
    started = tuple(
        s.started_note(f"started file {n}") for n, s in enumerate(collection.started, start=1)
    )
    return rejected, duplicates, ignored, started


def _claims(collection: Collection, anonymous: bool) -> tuple[ClaimNote, ...]:
    """Each person claimed by several accounts, with the files and accounts (numbered if anonymous)."""
    if anonymous:
        numbers = iter(range(1, sum(len(c.files) for c in collection.claims) + 1))
        return tuple(
            ClaimNote("", "", tuple((f"claimed file {next(numbers)}", "") for _ in c.files))
            for c in collection.claims
        )
    return tuple(
        ClaimNote(
            c.person,
            c.files[0].session.participant.organisation,
            tuple((f.shown, account_name(f.owner)) for f in c.files),
        )
        for c in collection.claims
    )


def compute(
    source: Collection | Iterable[Session],
    framework: Framework,
    *,
    low: float | None = None,
    gap: int | None = None,
    by: str | None = None,
    anonymous: bool = False,
    min_group_size: int | None = None,
    partnership: Any = None,
    thresholds: Thresholds | None = None,
    choices: Iterable[tuple[str, str, str]] | None = None,
    me: int | None = None,
) -> Results:
    """Group figures for a collection (or plain sessions); ValueError for a bad threshold or `by`.

    Thresholds: `thresholds` when given, else thresholds_for(framework, partnership, flags...).
    Choices for people claimed by several accounts: `choices` when given, else the partnership
    file's. `me`: the facilitator's account (default: the one running this), whose many
    sessions (browser seats) are not remarked on.
    """
    if by is not None and by not in GROUP_BY:
        raise ValueError(f"cannot group by {by!r}; choose from {', '.join(GROUP_BY)}")
    if thresholds is None:
        thresholds = thresholds_for(
            framework, partnership, low=low, gap=gap, min_group_size=min_group_size
        )
    collection = _as_collection(source)
    if choices is None and partnership is not None:
        choices = partnership.choices()
    collection = collection.chosen(choices or ())
    tally = _Tally(framework)
    for item in collection.participants:
        tally.add(item.session)
    account = _namer(collection, anonymous)
    people = _people(collection, anonymous, account)
    rejected, duplicates, ignored, started = _file_rows(collection, anonymous, account)
    writers = collection.writers(os.geteuid() if me is None else me)
    groups, pooled, joined = (
        _groups(collection.participants, framework, by, thresholds) if by else ((), (), ())
    )
    return Results(
        framework,
        thresholds,
        tally.figures(thresholds),
        people,
        rejected,
        duplicates,
        ignored,
        anonymous,
        by,
        groups,
        pooled,
        started,
        _claims(collection, anonymous),
        tuple(("" if anonymous else account_name(uid), n) for uid, n in writers),
        tuple(sorted(account(uid) for uid in collection.accounts if account(uid))),
        joined,
    )
