"""The framework loader: the bundled framework's shape, and one-line errors for broken ones.

Every broken variant is the bundled framework.toml with one thing changed, written to a
temp file; the error must be a FrameworkError naming that file and the exact key path.
"""

from __future__ import annotations

import copy
import re
import tomllib
from pathlib import Path

import pytest
import tomli_w

from bb_tui.core.framework import (
    ANALYSIS_DEFAULTS,
    BUNDLED_FRAMEWORK,
    LABEL_MAX,
    default_framework_path,
    load_framework,
    parse_framework,
)
from bb_tui.storage.errors import FrameworkError

THEMES = {
    "purpose-priorities": ["leadership", "common-agenda", "joint-governance", "communicating-why"],
    "people-place": ["mutual-understanding", "working-practices", "locality", "single-service"],
    "partnership-process": [
        "information-sharing",
        "delivery-partners",
        "families-community",
        "continuous-improvement",
    ],
}
INDICATOR_COUNTS = [6, 5, 4, 4, 3, 5, 5, 6, 4, 4, 5, 4]


@pytest.fixture(scope="module")
def raw() -> dict:
    """The bundled framework as parsed TOML, to be copied and broken."""
    return tomllib.loads(BUNDLED_FRAMEWORK.read_text(encoding="utf-8"))


def write_framework(folder: Path, data: dict, name: str = "fw.toml") -> Path:
    path = folder / name
    path.write_bytes(tomli_w.dumps(data).encode("utf-8"))
    return path


# ---------------------------------------------------------------- the bundled framework


def test_bundled_counts_and_ids(framework):
    assert framework.id == "beyond-boundaries-london-2022"
    assert framework.version >= 1
    assert [t.id for t in framework.themes] == list(THEMES)
    for theme in framework.themes:
        assert [e.id for e in theme.enablers] == THEMES[theme.id]
        assert all(e.theme_id == theme.id for e in theme.enablers)
    assert len(framework.themes) == 3
    assert len(framework.enablers) == 12
    assert len(framework.indicators) == 55
    assert len(framework.challenges) == 6
    assert len(framework.case_studies) == 12
    assert [c.id for c in framework.case_studies] == list("ABCDEFGHIJKL")
    assert [m.id for m in framework.spectrum] == ["coalition", "coordinated", "unified"]


def test_indicator_ids_count_from_one_within_each_enabler(framework):
    assert [len(e.indicators) for e in framework.enablers] == INDICATOR_COUNTS
    for enabler in framework.enablers:
        for n, indicator in enumerate(enabler.indicators, start=1):
            assert indicator.id == f"{enabler.id}.{n}"
            assert indicator.number == n and indicator.enabler_id == enabler.id
            assert indicator.text and indicator.text == " ".join(indicator.text.split())
    assert framework.indicator("leadership.6").number == 6
    assert framework.indicator("locality.5").enabler_id == "locality"
    assert not framework.is_indicator("leadership.7")
    assert not framework.is_indicator("leadership.0")


def test_lookups_distinguish_kinds(framework):
    assert framework.is_theme("people-place") and not framework.is_enabler("people-place")
    assert framework.is_enabler("locality") and not framework.is_indicator("locality")
    assert framework.enabler("locality").theme_id == "people-place"
    with pytest.raises(KeyError):
        framework.enabler("people-place")
    with pytest.raises(KeyError):
        framework.theme("locality")
    with pytest.raises(KeyError):
        framework.indicator("locality")
    assert {c.id for c in framework.case_studies_for("information-sharing")} >= {"D", "G", "H"}


def test_labels_short_and_distinct(framework):
    labels = [e.label for e in framework.enablers]
    assert all(0 < len(label) <= LABEL_MAX for label in labels)
    assert len(set(labels)) == 12


def test_scale_analysis_and_texts(framework):
    scale = framework.scale
    assert (scale.min, scale.max) == (1, 5)
    assert [level.score for level in scale.levels] == [1, 2, 3, 4, 5]
    assert scale.descriptor(5).startswith("All descriptors in place")
    assert "average 3" in scale.advice
    assert "skip" in scale.skip_rule
    assert framework.analysis.low_threshold == 2.5
    assert framework.analysis.polarised_gap == 3
    assert framework.analysis.min_group_size == 3
    known = {e.id for e in framework.enablers}
    for case in framework.case_studies:
        assert case.enablers and set(case.enablers) <= known
    for challenge in framework.challenges:
        assert challenge.examples and set(challenge.enablers) <= known


def test_framework_is_frozen(framework):
    with pytest.raises(AttributeError):  # read-only (FrozenInstanceError is an AttributeError)
        framework.id = "other"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        framework.enablers[0].label = "x"  # type: ignore[misc]


def test_no_control_characters_in_any_text(framework):
    unsafe = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
    texts = [
        framework.title,
        framework.source,
        *framework.texts.values(),
        framework.scale.instructions,
        framework.scale.advice,
        framework.scale.skip_rule,
    ]
    texts += [level.descriptor for level in framework.scale.levels]
    texts += [t.title for t in framework.themes] + [e.title for e in framework.enablers]
    texts += [i.text for i in framework.indicators]
    assert not [t for t in texts if unsafe.search(t)]


def test_env_var_names_the_default_framework(monkeypatch, tmp_path):
    monkeypatch.delenv("BB_TUI_FRAMEWORK", raising=False)
    assert default_framework_path() == BUNDLED_FRAMEWORK
    monkeypatch.setenv("BB_TUI_FRAMEWORK", str(tmp_path / "x.toml"))
    assert default_framework_path() == tmp_path / "x.toml"


# ---------------------------------------------------------------- other frameworks


def test_small_framework_of_the_same_shape_loads(data_dir):
    fw = load_framework(data_dir / "frameworks" / "small.toml")
    assert fw.id == "small-test-framework" and fw.version == 2
    assert [t.id for t in fw.themes] == ["vision", "delivery"]
    assert [i.id for i in fw.indicators] == [
        "shared-goals.1",
        "shared-goals.2",
        "one-front-door.1",
        "one-front-door.2",
        "one-front-door.3",
        "shared-data.1",
    ]
    assert fw.analysis == ANALYSIS_DEFAULTS  # no [analysis]: the documented defaults
    assert fw.challenges == () and fw.case_studies == () and fw.spectrum == ()


def test_the_documented_minimal_example_loads(repo, tmp_path):
    doc = (repo / "docs" / "framework-format.md").read_text(encoding="utf-8")
    example = doc.split("## Minimal example", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "example.toml"
    path.write_text(example, encoding="utf-8")
    fw = load_framework(path)
    assert fw.id == "my-framework"
    assert [i.id for i in fw.indicators] == ["shared-goals.1", "shared-goals.2"]


def test_framework_text_is_cleaned(raw, tmp_path):
    data = copy.deepcopy(raw)
    data["title"] = "Evil\x1b[2J title\u202e"
    data["themes"][0]["enablers"][0]["indicators"][0] = "One\x07 two\x9b"
    fw = load_framework(write_framework(tmp_path, data))
    assert fw.title == "Evil[2J title"
    assert fw.indicators[0].text == "One two"


def _set(path: str, value):
    """A mutator setting (or with value=DELETE, removing) the key at a dotted/indexed path."""

    def mutate(data):
        parts = re.findall(r"[^.\[\]]+", path)
        *parents, last = [int(p) if p.isdigit() else p for p in parts]
        for part in parents:
            data = data[part]
        if value is DELETE:
            del data[last]
        else:
            data[last] = value(data) if callable(value) else value

    return mutate


DELETE = object()

BROKEN = [
    # (what is changed, the key path and problem the error must contain)
    (_set("id", DELETE), "id: missing"),
    (_set("id", 5), "id: must be text"),
    (_set("id", "Beyond Boundaries"), "id: 'Beyond Boundaries' is not a valid id"),
    (_set("version", "1"), "version: must be a whole number"),
    (_set("version", True), "version: must be a whole number, not a boolean"),
    (_set("version", 0), "version: must be 1 or more"),
    (_set("title", DELETE), "title: missing"),
    (_set("title", " \t "), "title: must not be empty"),
    (_set("source", DELETE), "source: missing"),
    (_set("how_to_use", 3), "how_to_use: must be text"),
    (_set("scale", DELETE), "scale: missing"),
    (_set("scale", "1-5"), "scale: must be a table"),
    (_set("scale.min", 0), "scale.min: must be 1"),
    (_set("scale.max", 10), "scale.max: must be 5"),
    (_set("scale.max", 5.0), "scale.max: must be a whole number"),
    (_set("scale.instructions", DELETE), "scale.instructions: missing"),
    (_set("scale.levels", "five"), "scale.levels: must be a list"),
    (_set("scale.levels", []), "scale.levels: must not be empty"),
    (_set("scale.levels.2.score", 7), "scale.levels[2].score: 7 is outside the scale 1 to 5"),
    (
        _set("scale.levels.3.score", 2),
        "scale.levels[3].score: score 2 is already used at scale.levels[1].score",
    ),
    (_set("scale.levels.4", DELETE), "scale.levels: must describe each score from 1 to 5"),
    (_set("scale.levels.0.descriptor", DELETE), "scale.levels[0].descriptor: missing"),
    (_set("scale.levels.1", "two"), "scale.levels[1]: must be a table"),
    (_set("analysis", 3), "analysis: must be a table"),
    (_set("analysis.low_threshold", 9), "analysis.low_threshold: must lie between 1 and 5"),
    (_set("analysis.low_threshold", float("nan")), "analysis.low_threshold: must lie between"),
    (
        _set("analysis.low_threshold", "low"),
        "analysis.low_threshold: must be a whole number or a number",
    ),
    (_set("analysis.polarised_gap", 0), "analysis.polarised_gap: must be from 1 to 4"),
    (_set("analysis.polarised_gap", 2.5), "analysis.polarised_gap: must be a whole number"),
    (_set("analysis.min_group_size", 0), "analysis.min_group_size: must be from 1 to 1000"),
    (
        _set("analysis.min_group_size", False),
        "analysis.min_group_size: must be a whole number, not a boolean",
    ),
    (_set("themes", DELETE), "themes: missing"),
    (_set("themes", []), "themes: must not be empty"),
    (_set("themes.1", "people"), "themes[1]: must be a table"),
    (
        _set("themes.1.id", "purpose-priorities"),
        "themes[1].id: id 'purpose-priorities' is already used at themes[0].id",
    ),
    (_set("themes.2.title", DELETE), "themes[2].title: missing"),
    (_set("themes.0.enablers", DELETE), "themes[0].enablers: missing"),
    (
        _set("themes.1.enablers.2.label", "Locality and family hubs"),
        "themes[1].enablers[2].label: is 24 characters; at most 20",
    ),
    (_set("themes.1.enablers.2.label", DELETE), "themes[1].enablers[2].label: missing"),
    (
        _set("themes.2.enablers.0.label", "Leadership"),
        "themes[2].enablers[0].label: label 'Leadership' is already used at "
        "themes[0].enablers[0].label",
    ),
    (
        _set("themes.2.enablers.1.id", "leadership"),
        "themes[2].enablers[1].id: id 'leadership' is already used at themes[0].enablers[0].id",
    ),
    (
        _set("themes.0.enablers.0.id", "people-place"),
        "themes[0].enablers[0].id: id 'people-place' is already used at themes[1].id",
    ),
    (
        _set("themes.0.enablers.1.id", "Common Agenda"),
        "themes[0].enablers[1].id: 'Common Agenda' is not a valid id",
    ),
    (
        _set("themes.0.enablers.1.id", "common--agenda"),
        "themes[0].enablers[1].id: 'common--agenda' is not a valid id",
    ),
    (
        _set("themes.0.enablers.1.id", "common.agenda"),
        "themes[0].enablers[1].id: 'common.agenda' is not a valid id",
    ),
    (_set("themes.0.enablers.1.title", ["a"]), "themes[0].enablers[1].title: must be text"),
    (
        _set("themes.0.enablers.1.indicators", []),
        "themes[0].enablers[1].indicators: must not be empty",
    ),
    (
        _set("themes.0.enablers.1.indicators", "one"),
        "themes[0].enablers[1].indicators: must be a list",
    ),
    (
        _set("themes.0.enablers.1.indicators.2", 5),
        "themes[0].enablers[1].indicators[2]: must be non-empty text",
    ),
    (
        _set("themes.0.enablers.1.indicators.2", " \x1b "),
        "themes[0].enablers[1].indicators[2]: must be non-empty text",
    ),
    (_set("spectrum.1.description", DELETE), "spectrum[1].description: missing"),
    (
        _set("spectrum.2.id", "coalition"),
        "spectrum[2].id: id 'coalition' is already used at spectrum[0].id",
    ),
    (_set("challenges.3.title", 3), "challenges[3].title: must be text"),
    (_set("challenges.4.examples.1", ""), "challenges[4].examples[1]: must be non-empty text"),
    (
        _set("challenges.0.enablers", ["locality", "teamwork"]),
        "challenges[0].enablers[1]: unknown enabler id 'teamwork'",
    ),
    (
        _set("challenges.5.id", "technical-blockages"),
        "challenges[5].id: id 'technical-blockages' is already used at challenges[0].id",
    ),
    (
        _set("case_studies.4.enablers", ["locality", "teamwork"]),
        "case_studies[4].enablers[1]: unknown enabler id 'teamwork'",
    ),
    (
        _set("case_studies.2.id", "A"),
        "case_studies[2].id: id 'A' is already used at case_studies[0].id",
    ),
    (_set("case_studies.0.title", DELETE), "case_studies[0].title: missing"),
    (_set("case_studies.7", 8), "case_studies[7]: must be a table"),
    (_set("sectors", "health"), "sectors: must be a list"),
    (_set("sectors", []), "sectors: must not be empty"),
    (_set("sectors.1", "health"), "sectors[1]: must be a table"),
    (_set("sectors.1.id", DELETE), "sectors[1].id: missing"),
    (_set("sectors.1.id", "Health Service"), "sectors[1].id: 'Health Service' is not a valid id"),
    (_set("sectors.2.id", "health"), "sectors[2].id: id 'health' is already used at sectors[1].id"),
    (_set("sectors.3.label", DELETE), "sectors[3].label: missing"),
    (_set("sectors.3.label", " "), "sectors[3].label: must not be empty"),
    (_set("sectors.3.label", "x" * 41), "sectors[3].label: is 41 characters; at most 40"),
    (
        _set("sectors.4.label", "local  AUTHORITY"),
        "sectors[4].label: label 'local authority' is already used at sectors[0].label",
    ),
    (_set("sectors.0.description", 3), "sectors[0].description: must be text"),
    (_set("sectors.0.source", ["ok", ""]), "sectors[0].source[1]: must be non-empty text"),
]


@pytest.mark.parametrize("mutate, expected", BROKEN, ids=[b[1][:60] for b in BROKEN])
def test_broken_framework_names_file_and_key_path(raw, tmp_path, mutate, expected):
    data = copy.deepcopy(raw)
    mutate(data)
    path = write_framework(tmp_path, data)
    with pytest.raises(FrameworkError) as caught:
        load_framework(path)
    line = caught.value.line()
    assert line == f"{path}: {caught.value.problem}"
    assert expected in caught.value.problem, line
    assert caught.value.problem.startswith(expected.split(":")[0] + ":"), line
    assert "\n" not in line and str(caught.value) == line


def test_bundled_sectors_are_the_partners(framework):
    assert [s.id for s in framework.sectors] == [
        "local-authority",
        "health",
        "early-education",
        "voluntary-community",
        "other",
    ]
    assert framework.sector("health").label == "Health service"
    assert "schools" in framework.sector("early-education").description
    assert framework.sector("nope") is None


def test_a_framework_without_sectors_loads(raw, tmp_path):
    data = copy.deepcopy(raw)
    del data["sectors"]
    assert load_framework(write_framework(tmp_path, data)).sectors == ()


def test_missing_analysis_uses_the_documented_defaults(raw, tmp_path):
    data = copy.deepcopy(raw)
    del data["analysis"]
    assert load_framework(write_framework(tmp_path, data)).analysis == ANALYSIS_DEFAULTS
    data["analysis"] = {"polarised_gap": 2}
    analysis = load_framework(write_framework(tmp_path, data)).analysis
    assert (analysis.low_threshold, analysis.polarised_gap, analysis.min_group_size) == (2.5, 2, 3)


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"\xef\xbb\xbfid = 'x'\n", "byte-order mark"),
        (b"id = \n", "is not valid TOML"),
        (b"", "is empty"),
        (b"title = '\xff'\n", "is not valid UTF-8"),
    ],
)
def test_unreadable_framework_file(tmp_path, content, expected):
    path = tmp_path / "fw.toml"
    path.write_bytes(content)
    with pytest.raises(FrameworkError) as caught:
        load_framework(path)
    assert caught.value.line().startswith(f"{path}: ") and expected in caught.value.problem


def test_missing_or_directory_framework(tmp_path):
    with pytest.raises(FrameworkError, match="no such file"):
        load_framework(tmp_path / "nope.toml")
    (tmp_path / "dir.toml").mkdir()
    with pytest.raises(FrameworkError, match="is a directory"):
        load_framework(tmp_path / "dir.toml")


def test_parse_framework_without_a_file_names_a_placeholder(raw):
    data = copy.deepcopy(raw)
    data["themes"][0]["enablers"][0]["label"] = "x" * 21
    with pytest.raises(FrameworkError, match=r"^<framework>: themes\[0\]\.enablers\[0\]\.label"):
        parse_framework(data)
