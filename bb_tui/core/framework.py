"""The framework as data: load and validate a framework TOML into read-only records."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from bb_tui.storage.errors import FileFormatError, FrameworkError
from bb_tui.storage.record import Frozen
from bb_tui.storage.textsafe import one_line
from bb_tui.storage.tomlio import load_toml

BUNDLED_FRAMEWORK = Path(__file__).resolve().parents[1] / "data" / "framework.toml"
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LABEL_MAX = 20
SCALE = (1, 5)  # the session format stores whole-number scores from 1 to 5


class Level(Frozen):
    __slots__ = ("descriptor", "score")

    score: int
    descriptor: str

    def __init__(self, score: int, descriptor: str) -> None:
        self._init(score, descriptor)


class Scale(Frozen):
    __slots__ = ("advice", "instructions", "levels", "max", "min", "skip_rule")

    min: int
    max: int
    levels: tuple[Level, ...]
    instructions: str
    advice: str
    skip_rule: str

    def __init__(
        self,
        min: int,
        max: int,
        levels: tuple[Level, ...],
        instructions: str,
        advice: str,
        skip_rule: str,
    ) -> None:
        self._init(min, max, levels, instructions, advice, skip_rule)

    def descriptor(self, score: int) -> str:
        return next(level.descriptor for level in self.levels if level.score == score)


class Analysis(Frozen):
    __slots__ = ("low_threshold", "min_group_size", "polarised_gap")

    low_threshold: float
    polarised_gap: int
    min_group_size: int

    def __init__(self, low_threshold: float, polarised_gap: int, min_group_size: int) -> None:
        self._init(low_threshold, polarised_gap, min_group_size)


ANALYSIS_DEFAULTS = Analysis(low_threshold=2.5, polarised_gap=3, min_group_size=3)


class Indicator(Frozen):
    __slots__ = ("enabler_id", "id", "number", "text")

    id: str
    enabler_id: str
    number: int
    text: str

    def __init__(self, id: str, enabler_id: str, number: int, text: str) -> None:
        self._init(id, enabler_id, number, text)


class Enabler(Frozen):
    __slots__ = ("id", "indicators", "label", "theme_id", "title")

    id: str
    theme_id: str
    title: str
    label: str
    indicators: tuple[Indicator, ...]

    def __init__(
        self, id: str, theme_id: str, title: str, label: str, indicators: tuple[Indicator, ...]
    ) -> None:
        self._init(id, theme_id, title, label, indicators)


class Theme(Frozen):
    __slots__ = ("enablers", "id", "reflection_prompt", "title")

    id: str
    title: str
    reflection_prompt: str
    enablers: tuple[Enabler, ...]

    def __init__(
        self, id: str, title: str, reflection_prompt: str, enablers: tuple[Enabler, ...]
    ) -> None:
        self._init(id, title, reflection_prompt, enablers)


class SpectrumModel(Frozen):
    __slots__ = ("description", "id", "title")

    id: str
    title: str
    description: str

    def __init__(self, id: str, title: str, description: str) -> None:
        self._init(id, title, description)


class Challenge(Frozen):
    __slots__ = ("enablers", "examples", "heading", "id", "text", "title")

    id: str
    title: str
    heading: str
    text: str
    examples: tuple[str, ...]
    enablers: tuple[str, ...]  # enablers it most often holds back (the project's reading)

    def __init__(
        self,
        id: str,
        title: str,
        heading: str,
        text: str,
        examples: tuple[str, ...],
        enablers: tuple[str, ...] = (),
    ) -> None:
        self._init(id, title, heading, text, examples, enablers)


class CaseStudy(Frozen):
    __slots__ = ("enablers", "id", "issues", "title", "where")

    id: str
    title: str
    issues: tuple[str, ...]
    where: str
    enablers: tuple[str, ...]

    def __init__(
        self, id: str, title: str, issues: tuple[str, ...], where: str, enablers: tuple[str, ...]
    ) -> None:
        self._init(id, title, issues, where, enablers)


class Sector(Frozen):
    """A kind of partner a participant comes from (local authority, health...), for comparing."""

    __slots__ = ("description", "id", "label", "source")

    id: str
    label: str
    description: str
    source: tuple[str, ...]  # the source document's own phrases the label is made of

    def __init__(
        self, id: str, label: str, description: str = "", source: tuple[str, ...] = ()
    ) -> None:
        self._init(id, label, description, source)


class Framework(Frozen):
    __slots__ = (
        "_index",
        "analysis",
        "case_studies",
        "challenges",
        "id",
        "path",
        "scale",
        "sectors",
        "source",
        "spectrum",
        "texts",
        "themes",
        "title",
        "version",
    )
    _not_compared = ("texts", "_index")
    _not_shown = ("_index",)

    id: str
    version: int
    title: str
    source: str
    scale: Scale
    analysis: Analysis
    themes: tuple[Theme, ...]
    spectrum: tuple[SpectrumModel, ...]
    challenges: tuple[Challenge, ...]
    case_studies: tuple[CaseStudy, ...]
    sectors: tuple[Sector, ...]
    texts: dict[str, str]
    path: str
    _index: dict[str, Any]

    def __init__(
        self,
        id: str,
        version: int,
        title: str,
        source: str,
        scale: Scale,
        analysis: Analysis,
        themes: tuple[Theme, ...],
        spectrum: tuple[SpectrumModel, ...],
        challenges: tuple[Challenge, ...],
        case_studies: tuple[CaseStudy, ...],
        sectors: tuple[Sector, ...] = (),
        texts: dict[str, str] | None = None,
        path: str = "",
    ) -> None:
        self._init(
            id,
            version,
            title,
            source,
            scale,
            analysis,
            themes,
            spectrum,
            challenges,
            case_studies,
            sectors,
            {} if texts is None else texts,
            path,
            {},
        )
        index = self._index  # every theme, enabler and indicator by id
        for theme in self.themes:
            index[theme.id] = theme
            for enabler in theme.enablers:
                index[enabler.id] = enabler
                for indicator in enabler.indicators:
                    index[indicator.id] = indicator

    @property
    def enablers(self) -> tuple[Enabler, ...]:
        return tuple(e for t in self.themes for e in t.enablers)

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for e in self.enablers for i in e.indicators)

    def theme(self, theme_id: str) -> Theme:
        item = self._index.get(theme_id)
        if not isinstance(item, Theme):
            raise KeyError(theme_id)
        return item

    def enabler(self, enabler_id: str) -> Enabler:
        item = self._index.get(enabler_id)
        if not isinstance(item, Enabler):
            raise KeyError(enabler_id)
        return item

    def indicator(self, indicator_id: str) -> Indicator:
        item = self._index.get(indicator_id)
        if not isinstance(item, Indicator):
            raise KeyError(indicator_id)
        return item

    def is_enabler(self, item_id: str) -> bool:
        return isinstance(self._index.get(item_id), Enabler)

    def is_indicator(self, item_id: str) -> bool:
        return isinstance(self._index.get(item_id), Indicator)

    def is_theme(self, item_id: str) -> bool:
        return isinstance(self._index.get(item_id), Theme)

    def case_studies_for(self, enabler_id: str) -> tuple[CaseStudy, ...]:
        return tuple(c for c in self.case_studies if enabler_id in c.enablers)

    def challenges_for(self, enabler_id: str) -> tuple[Challenge, ...]:
        return tuple(c for c in self.challenges if enabler_id in c.enablers)

    def sector(self, sector_id: str) -> Sector | None:
        return next((s for s in self.sectors if s.id == sector_id), None)


class _Reader:
    """Typed access to a parsed TOML table, naming the key path in every error."""

    def __init__(self, path: Path, data: Any, where: str = "") -> None:
        self.path, self.data, self.where = path, data, where

    def _key(self, key: str | int) -> str:
        if isinstance(key, int):
            return f"{self.where}[{key}]"
        return f"{self.where}.{key}" if self.where else key

    def fail(self, key: str | int, problem: str) -> FrameworkError:
        return FrameworkError(self.path, f"{self._key(key)}: {problem}")

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = ...) -> Any:
        if key not in self.data:
            if default is ...:
                raise self.fail(key, "missing")
            return default
        value = self.data[key]
        if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
            raise self.fail(key, f"must be {_kind_name(kind)}, not a boolean")
        if not isinstance(value, kind):
            raise self.fail(key, f"must be {_kind_name(kind)}")
        return value

    def text(self, key: str, default: Any = ...) -> str:
        value = one_line(self.get(key, str, default))
        if default is ... and not value:
            raise self.fail(key, "must not be empty")
        return value

    def ident(self, key: str) -> str:
        value: str = self.get(key, str)
        if not _ID.match(value):
            raise self.fail(
                key,
                f"{value[:40]!r} is not a valid id "
                "(lowercase letters and digits, joined by single hyphens)",
            )
        return value

    def tables(self, key: str) -> list[_Reader]:
        items = self.get(key, list)
        if not items:
            raise self.fail(key, "must not be empty")
        readers = []
        for n, item in enumerate(items):
            where = f"{self._key(key)}[{n}]"
            if not isinstance(item, dict):
                raise FrameworkError(self.path, f"{where}: must be a table")
            readers.append(_Reader(self.path, item, where))
        return readers

    def table(self, key: str) -> _Reader:
        return _Reader(self.path, self.get(key, dict), self._key(key))

    def strings(self, key: str, default: Any = ...) -> tuple[str, ...]:
        items = self.get(key, list, default)
        for n, item in enumerate(items):
            if not isinstance(item, str) or not one_line(item):
                raise FrameworkError(self.path, f"{self._key(key)}[{n}]: must be non-empty text")
        return tuple(one_line(item) for item in items)


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {str: "text", int: "a whole number", float: "a number", list: "a list", dict: "a table"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def _unique(reader: _Reader, items: list[tuple[str, str]], what: str = "id") -> None:
    """Fail on the second of two equal values, naming both key paths; items are (key path, value)."""
    seen: dict[str, str] = {}
    for where, value in items:
        if value in seen:
            raise FrameworkError(
                reader.path, f"{where}: {what} {value!r} is already used at {seen[value]}"
            )
        seen[value] = where


def _paths(
    reader: _Reader, key: str, items: tuple[Any, ...], attr: str = "id"
) -> list[tuple[str, Any]]:
    """(key path, value) of `attr` for each item of the array of tables `key`."""
    return [
        (f"{reader._key(key)}[{n}].{attr}", getattr(item, attr)) for n, item in enumerate(items)
    ]


def _scale(root: _Reader) -> Scale:
    r = root.table("scale")
    lo, hi = r.get("min", int), r.get("max", int)
    if lo != SCALE[0]:
        raise r.fail("min", f"must be {SCALE[0]} (sessions store scores {SCALE[0]} to {SCALE[1]})")
    if hi != SCALE[1]:
        raise r.fail("max", f"must be {SCALE[1]} (sessions store scores {SCALE[0]} to {SCALE[1]})")
    levels = []
    for lr in r.tables("levels"):
        score = lr.get("score", int)
        if not lo <= score <= hi:
            raise lr.fail("score", f"{score} is outside the scale {lo} to {hi}")
        levels.append(Level(score, lr.text("descriptor")))
    _unique(r, _paths(r, "levels", tuple(levels), "score"), "score")
    if len(levels) != hi - lo + 1:
        raise r.fail("levels", f"must describe each score from {lo} to {hi} exactly once")
    levels.sort(key=lambda level: level.score)
    return Scale(
        lo, hi, tuple(levels), r.text("instructions"), r.text("advice", ""), r.text("skip_rule", "")
    )


def _analysis(root: _Reader, scale: Scale) -> Analysis:
    r = root.table("analysis") if "analysis" in root.data else _Reader(root.path, {}, "analysis")
    low = float(r.get("low_threshold", (int, float), ANALYSIS_DEFAULTS.low_threshold))
    if not scale.min <= low <= scale.max:
        raise r.fail("low_threshold", f"must lie between {scale.min} and {scale.max}")
    gap = r.get("polarised_gap", int, ANALYSIS_DEFAULTS.polarised_gap)
    if not 1 <= gap <= scale.max - scale.min:
        raise r.fail("polarised_gap", f"must be from 1 to {scale.max - scale.min}")
    size = r.get("min_group_size", int, ANALYSIS_DEFAULTS.min_group_size)
    if not 1 <= size <= 1000:
        raise r.fail("min_group_size", "must be from 1 to 1000")
    return Analysis(low, gap, size)


def _themes(root: _Reader) -> tuple[Theme, ...]:
    themes = []
    for tr in root.tables("themes"):
        theme_id = tr.ident("id")
        enablers = []
        for er in tr.tables("enablers"):
            enabler_id = er.ident("id")
            label = er.text("label")
            if len(label) > LABEL_MAX:
                raise er.fail("label", f"is {len(label)} characters; at most {LABEL_MAX}")
            texts = er.strings("indicators")
            if not texts:
                raise er.fail("indicators", "must not be empty")
            indicators = tuple(
                Indicator(f"{enabler_id}.{n}", enabler_id, n, text)
                for n, text in enumerate(texts, start=1)
            )
            enablers.append(Enabler(enabler_id, theme_id, er.text("title"), label, indicators))
        themes.append(
            Theme(theme_id, tr.text("title"), tr.text("reflection_prompt", ""), tuple(enablers))
        )
    enabler_paths = [
        (f"themes[{i}].enablers[{j}]", e)
        for i, t in enumerate(themes)
        for j, e in enumerate(t.enablers)
    ]
    _unique(
        root,
        _paths(root, "themes", tuple(themes))
        + [(f"{where}.id", e.id) for where, e in enabler_paths],
    )
    _unique(root, [(f"{where}.label", e.label) for where, e in enabler_paths], "label")
    return tuple(themes)


def _spectrum(root: _Reader) -> tuple[SpectrumModel, ...]:
    if "spectrum" not in root.data:
        return ()
    models = tuple(
        SpectrumModel(r.ident("id"), r.text("title"), r.text("description"))
        for r in root.tables("spectrum")
    )
    _unique(root, _paths(root, "spectrum", models))
    return models


def _enabler_list(r: _Reader, enabler_ids: set[str]) -> tuple[str, ...]:
    enablers = r.strings("enablers", [])
    for n, enabler_id in enumerate(enablers):
        if enabler_id not in enabler_ids:
            raise FrameworkError(
                r.path, f"{r._key('enablers')}[{n}]: unknown enabler id {enabler_id[:40]!r}"
            )
    return enablers


def _challenges(root: _Reader, enabler_ids: set[str]) -> tuple[Challenge, ...]:
    if "challenges" not in root.data:
        return ()
    items = tuple(
        Challenge(
            r.ident("id"),
            r.text("title"),
            r.text("heading", ""),
            r.text("text", ""),
            r.strings("examples", []),
            _enabler_list(r, enabler_ids),
        )
        for r in root.tables("challenges")
    )
    _unique(root, _paths(root, "challenges", items))
    return items


def _case_studies(root: _Reader, enabler_ids: set[str]) -> tuple[CaseStudy, ...]:
    if "case_studies" not in root.data:
        return ()
    items = []
    for r in root.tables("case_studies"):
        case_id = r.text("id")
        enablers = _enabler_list(r, enabler_ids)
        items.append(
            CaseStudy(
                case_id, r.text("title"), r.strings("issues", []), r.text("where", ""), enablers
            )
        )
    _unique(root, _paths(root, "case_studies", tuple(items)))
    return tuple(items)


SECTOR_LABEL_MAX = 40


def _sectors(root: _Reader) -> tuple[Sector, ...]:
    if "sectors" not in root.data:
        return ()
    items = []
    for r in root.tables("sectors"):
        label = r.text("label")
        if len(label) > SECTOR_LABEL_MAX:
            raise r.fail("label", f"is {len(label)} characters; at most {SECTOR_LABEL_MAX}")
        items.append(
            Sector(r.ident("id"), label, r.text("description", ""), r.strings("source", []))
        )
    sectors = tuple(items)
    _unique(root, _paths(root, "sectors", sectors))
    _unique(
        root,
        [(where, _folded(label)) for where, label in _paths(root, "sectors", sectors, "label")],
        "label",
    )
    return sectors


def _folded(label: str) -> str:
    return " ".join(label.casefold().split())


_TEXT_KEYS = ("how_to_use", "dig_deeper", "challenges_intro", "case_studies_intro", "spectrum_note")


def parse_framework(data: dict[str, Any], path: str | Path = "<framework>") -> Framework:
    """Validate parsed TOML into a Framework, or raise FrameworkError naming the key path."""
    root = _Reader(Path(path), data)
    fw_id = root.ident("id")
    version = root.get("version", int)
    if version < 1:
        raise root.fail("version", "must be 1 or more")
    scale = _scale(root)
    themes = _themes(root)
    enabler_ids = {e.id for t in themes for e in t.enablers}
    texts = {key: root.text(key, "") for key in _TEXT_KEYS}
    return Framework(
        id=fw_id,
        version=version,
        title=root.text("title"),
        source=root.text("source"),
        scale=scale,
        analysis=_analysis(root, scale),
        themes=themes,
        spectrum=_spectrum(root),
        challenges=_challenges(root, enabler_ids),
        case_studies=_case_studies(root, enabler_ids),
        sectors=_sectors(root),
        texts=texts,
        path=str(path),
    )


def default_framework_path() -> Path:
    """The framework named by BB_TUI_FRAMEWORK, else the bundled one."""
    override = os.environ.get("BB_TUI_FRAMEWORK")
    return Path(override) if override else BUNDLED_FRAMEWORK


def load_framework(path: str | Path | None = None) -> Framework:
    """Load a framework file (the bundled one by default)."""
    path = Path(path) if path is not None else default_framework_path()
    try:
        data = load_toml(path)
    except FileFormatError as exc:
        raise FrameworkError(path, exc.problem) from None
    return parse_framework(data, path)
