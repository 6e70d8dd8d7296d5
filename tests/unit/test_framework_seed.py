"""framework.toml is a complete, verbatim transcription of the source document.

These tests read framework.toml with tomllib only (no bb_tui import) and check
every piece of transcribed prose against the seed text extraction of the
Beyond Boundaries self-evaluation tool, plus the structural counts and ids.

Matching is exact after the same normalisation of both sides: PDF bullets are
removed and every run of whitespace (including line breaks) becomes one space.
Because the PDF breaks some hyphenated words across lines ("day-\\nto-day"),
a second exact comparison is tried with "- " joined to "-" on *both* sides.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FRAMEWORK = REPO / "framework.toml"
SEED = REPO.parent / "shared" / "seeds" / "000_ba1a1fdf4c18f677.txt"

THEME_IDS = ["purpose-priorities", "people-place", "partnership-process"]
ENABLER_IDS = [
    "leadership",
    "common-agenda",
    "joint-governance",
    "communicating-why",
    "mutual-understanding",
    "working-practices",
    "locality",
    "single-service",
    "information-sharing",
    "delivery-partners",
    "families-community",
    "continuous-improvement",
]
INDICATOR_COUNTS = [6, 5, 4, 4, 3, 5, 5, 6, 4, 4, 5, 4]
CHALLENGE_IDS = [
    "technical-blockages",
    "stretched-capacity",
    "cultural-barriers",
    "tensions-about-levels",
    "shifting-landscapes",
    "competing-priorities",
]
ORDINALS = ["First", "Second", "Third", "Fourth", "Fifth", "Sixth"]
# Order in which the challenges' bullets appear in the seed's diagram text.
DIAGRAM_ORDER = [
    "competing-priorities",
    "shifting-landscapes",
    "tensions-about-levels",
    "stretched-capacity",
    "technical-blockages",
    "cultural-barriers",
]
SPECTRUM_IDS = ["coalition", "coordinated", "unified"]
CASE_IDS = list("ABCDEFGHIJKL")
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _collapse(text: str) -> str:
    """Drop PDF bullets and collapse every whitespace run to one space."""
    text = re.sub(r"•\s*", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _join_hyphens(text: str) -> str:
    """Rejoin words hyphenated across a line break ("day- to-day")."""
    return text.replace("- ", "-")


@pytest.fixture(scope="module")
def seed() -> str:
    if not SEED.exists():
        pytest.skip(f"seed document not found at {SEED} (repo must sit beside shared/)")
    return _collapse(SEED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def fw() -> dict:
    with FRAMEWORK.open("rb") as fh:
        return tomllib.load(fh)


def in_seed(seed: str, text: str) -> bool:
    """Exact containment after identical normalisation of both sides."""
    needle = _collapse(text)
    assert needle, "empty text cannot be checked against the seed"
    return needle in seed or _join_hyphens(needle) in _join_hyphens(seed)


def assert_in_seed(seed: str, text: str, what: str) -> None:
    assert in_seed(seed, text), f"{what} not found verbatim in seed: {text!r}"


def enablers(fw: dict) -> list[dict]:
    return [e for t in fw["themes"] for e in t["enablers"]]


# --- structure ---------------------------------------------------------------


def test_top_level_identity(fw):
    assert fw["id"] == "beyond-boundaries-london-2022"
    assert fw["version"] == 1
    assert fw["title"] == "Beyond Boundaries: early years integration self-evaluation tool"
    assert "London Councils" in fw["source"] and "Isos Partnership" in fw["source"]


def test_counts_and_ids(fw):
    assert [t["id"] for t in fw["themes"]] == THEME_IDS
    assert [e["id"] for e in enablers(fw)] == ENABLER_IDS
    assert [len(t["enablers"]) for t in fw["themes"]] == [4, 4, 4]
    assert [len(e["indicators"]) for e in enablers(fw)] == INDICATOR_COUNTS
    assert sum(len(e["indicators"]) for e in enablers(fw)) == 55
    assert [c["id"] for c in fw["challenges"]] == CHALLENGE_IDS
    assert [c["id"] for c in fw["case_studies"]] == CASE_IDS
    assert [s["id"] for s in fw["spectrum"]] == SPECTRUM_IDS
    assert len(fw["scale"]["levels"]) == 5


def test_ids_are_well_formed(fw):
    for ident in THEME_IDS + ENABLER_IDS + CHALLENGE_IDS + SPECTRUM_IDS + [fw["id"]]:
        assert ID_RE.match(ident), ident


def test_scale(fw):
    scale = fw["scale"]
    assert (scale["min"], scale["max"]) == (1, 5)
    assert [lv["score"] for lv in scale["levels"]] == [1, 2, 3, 4, 5]


def test_analysis_defaults(fw):
    a = fw["analysis"]
    assert a["low_threshold"] == 2.5
    assert a["polarised_gap"] == 3
    assert a["min_group_size"] == 3


def test_labels_short_and_unique(fw):
    labels = [e["label"] for e in enablers(fw)]
    assert all(0 < len(lb) <= 20 for lb in labels), labels
    assert len(set(labels)) == len(labels)


def test_indicators_unique_within_enabler(fw):
    for e in enablers(fw):
        assert len(set(e["indicators"])) == len(e["indicators"]), e["id"]


def test_case_study_enablers_known(fw):
    known = set(ENABLER_IDS)
    for cs in fw["case_studies"]:
        assert cs["enablers"], cs["id"]
        assert set(cs["enablers"]) <= known, (cs["id"], cs["enablers"])
        assert len(set(cs["enablers"])) == len(cs["enablers"]), cs["id"]


# --- verbatim transcription ----------------------------------------------------


def test_normalisation_is_strict(seed):
    """Guard against a helper that would accept anything."""
    assert in_seed(seed, "bring a wide range of staff together on a day-to-day basis")
    assert not in_seed(seed, "bring a wide range of staff together on a daily basis")
    assert not in_seed(
        seed,
        "Long-term commitment to improving early years outcomes across leaders in childrens services",
    )


def test_top_level_prose_verbatim(seed, fw):
    for key in (
        "how_to_use",
        "dig_deeper",
        "spectrum_note",
        "challenges_intro",
        "case_studies_intro",
    ):
        assert_in_seed(seed, fw[key], key)
    for key in ("instructions", "advice", "skip_rule"):
        assert_in_seed(seed, fw["scale"][key], f"scale.{key}")
    # The instructions are followed directly by the advice sentence in the seed.
    assert_in_seed(seed, fw["scale"]["instructions"] + " " + fw["scale"]["advice"], "scale text")


def test_level_descriptors_verbatim(seed, fw):
    descriptors = [lv["descriptor"] for lv in fw["scale"]["levels"]]
    for d in descriptors:
        assert_in_seed(seed, d, "level descriptor")
    assert_in_seed(seed, " ".join(descriptors), "level descriptors in order")


def test_spectrum_verbatim(seed, fw):
    for s in fw["spectrum"]:
        assert_in_seed(seed, s["description"], f"spectrum {s['id']}")
        assert_in_seed(seed, s["title"].upper(), f"spectrum {s['id']} title")


def test_themes_verbatim(seed, fw):
    for t in fw["themes"]:
        assert_in_seed(seed, t["reflection_prompt"], "reflection prompt")
        # Each grid page opens "<THEME> Enabler Maturity indicators 1 2 3 4 5 <first enabler>".
        opening = f"{t['title'].upper()} Enabler Maturity indicators 1 2 3 4 5 {t['enablers'][0]['title']}"
        assert_in_seed(seed, opening, f"theme {t['id']} grid opening")


def test_enablers_and_indicators_verbatim(seed, fw):
    for e in enablers(fw):
        assert_in_seed(seed, e["title"], f"enabler {e['id']} title")
        for ind in e["indicators"]:
            assert_in_seed(seed, ind, f"indicator of {e['id']}")
        # Title followed by all its indicators, contiguous and in order: nothing missed.
        row = e["title"] + " " + " ".join(e["indicators"])
        assert_in_seed(seed, row, f"grid row {e['id']}")


def test_challenges_verbatim(seed, fw):
    for ordinal, c in zip(ORDINALS, fw["challenges"]):
        heading = c["heading"][0].lower() + c["heading"][1:]
        assert_in_seed(seed, f"{ordinal}, {heading}", f"challenge {c['id']} heading")
        assert_in_seed(seed, c["text"], f"challenge {c['id']} text")
        assert_in_seed(seed, f"{ordinal}, {heading} {c['text']}", f"challenge {c['id']} paragraph")
        assert_in_seed(seed, c["title"].upper(), f"challenge {c['id']} diagram label")
        for ex in c["examples"]:
            assert_in_seed(seed, ex, f"challenge {c['id']} example")
    by_id = {c["id"]: c for c in fw["challenges"]}
    all_bullets = " ".join(ex for cid in DIAGRAM_ORDER for ex in by_id[cid]["examples"])
    assert_in_seed(seed, all_bullets, "diagram bullets, complete and in order")


def test_case_studies_verbatim(seed, fw):
    for cs in fw["case_studies"]:
        assert_in_seed(seed, f"Box {cs['id']}: {cs['title']}", f"box {cs['id']} title")
        for issue in cs["issues"]:
            assert_in_seed(seed, issue, f"box {cs['id']} issue")
        assert_in_seed(seed, cs["where"], f"box {cs['id']} where")
        # Whole table row: title, every issue, place - contiguous and in order.
        row = f"Box {cs['id']}: {cs['title']} {' '.join(cs['issues'])} {cs['where']}"
        assert_in_seed(seed, row, f"box {cs['id']} table row")


# --- sectors: the partners, in the seed's own words ----------------------------

SECTOR_IDS = ["local-authority", "health", "early-education", "voluntary-community", "other"]


def test_sector_ids(fw):
    assert [s["id"] for s in fw["sectors"]] == SECTOR_IDS
    assert all(ID_RE.match(s["id"]) for s in fw["sectors"])


def test_sector_labels_are_traceable_to_the_seed(seed, fw):
    """Every source phrase is verbatim in the seed, and every word of a label is in its phrases."""
    for s in fw["sectors"]:
        assert s["source"], s["id"]
        for phrase in s["source"]:
            assert_in_seed(seed, phrase, f"sector {s['id']} source")
        words = set(re.findall(r"[a-z]+", " ".join(s["source"]).lower())) | {"and", "other"}
        label_words = set(re.findall(r"[a-z]+", s["label"].lower()))
        assert label_words <= words, (s["id"], label_words - words)


def test_seed_names_the_partners(seed):
    assert_in_seed(
        seed,
        "all partners in the local authority, health service, and private, "
        "voluntary and community sectors",
        "the partners",
    )
    assert_in_seed(
        seed,
        "compare findings across agencies or strategic and operational level staff",
        "comparing agencies",
    )
