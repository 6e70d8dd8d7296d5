"""render.words: every figure, flag, threshold, file note and dig-deeper line in words, pinned exactly;
the text report comes from render; one rounding rule; file notes are dataclasses, JSON unchanged."""

from __future__ import annotations

import ast
import json
import shutil
from pathlib import Path

import pytest

from bb_tui.cli.main import main
from bb_tui.core.collection import DUPLICATE, IGNORED, REJECTED, FileNote, collect
from bb_tui.core.stats import Thresholds, compute, item_figures, rounded
from bb_tui.render import words
from bb_tui.render.text import merge_report

PACKAGE = Path(__file__).resolve().parents[2] / "bb_tui"


@pytest.fixture
def mixed(demo_dir, tmp_path):
    """The demo folder plus a broken file, an exact copy and an older copy of one participant."""
    folder = tmp_path / "mixed"
    shutil.copytree(demo_dir, folder)
    (folder / "broken.toml").write_text("garbage = [")
    shutil.copy(folder / "amina-okafor.toml", folder / "amina-copy.toml")
    text = (folder / "bethan-pryce.toml").read_text(encoding="utf-8")
    lines = [
        ('updated = "2020-01-01T00:00:00Z"' if line.startswith("updated =") else line)
        for line in text.splitlines()
    ]
    (folder / "bethan-old.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def figures(counts, low=2.5, gap=3, skipped=0):
    return item_figures("x", counts, skipped, sum(counts) + skipped, 1, Thresholds(low, gap, 3))


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("value", "places", "shown"),
    [
        (None, 1, "-"),
        (None, 2, "-"),
        (2.8, 1, "2.8"),
        (2.8, 2, "2.80"),
        (1.625, 1, "1.6"),
        (1.625, 2, "1.63"),
        (2.111111, 1, "2.1"),
        (2.25, 1, "2.3"),
        (2.35, 1, "2.4"),
        (2.675, 2, "2.68"),
        (3.0, 0, "3"),
        (0.7000000000000001, 2, "0.70"),
    ],
)
def test_number_to_places_with_a_dash_for_none(value, places, shown):
    assert words.number(value, places) == shown


def test_number_defaults_to_one_place():
    assert words.number(2.875) == "2.9"


def test_rounded_is_half_up_for_stored_figures():
    assert rounded(None) is None
    assert rounded(1.6329931618554521) == 1.633
    assert rounded(2.123456, 6) == 2.123456
    assert rounded(2.25, 1) == 2.3  # half up on the decimal the float stands for (issue 11)


def test_whole_threshold_and_plural():
    assert (words.whole(None), words.whole(4)) == ("-", "4")
    assert (words.threshold(2.5), words.threshold(3.0), words.threshold(2.75)) == (
        "2.5",
        "3",
        "2.75",
    )
    assert (words.plural(1, "file"), words.plural(0, "file"), words.plural(3, "file")) == (
        "1 file",
        "0 files",
        "3 files",
    )


def test_score_range_and_flags():
    both = figures((2, 0, 0, 0, 1))  # 1, 1, 5: mean 2.33, spread 4
    assert both.low and both.polarised
    assert words.score_range(both) == "1-5"
    assert words.flag_words(both) == ("low", "polarised")
    assert words.flags(both) == "low, polarised"
    assert words.flags(both, " ") == "low polarised"
    calm = figures((0, 0, 2, 1, 0))
    assert (words.flag_words(calm), words.flags(calm)) == ((), "")
    nobody = figures((0, 0, 0, 0, 0), skipped=2)
    assert (words.score_range(nobody), words.number(nobody.mean)) == ("-", "-")


def test_about_a_person(framework, demo_dir):
    r = compute(collect([demo_dir / "amina-okafor.toml"], framework), framework)
    assert words.about(r.people[0]) == "Riverside Public Health, strategic"
    anonymous = compute(
        collect([demo_dir / "amina-okafor.toml"], framework), framework, anonymous=True
    )
    assert words.about(anonymous.people[0]) == ""


# ---------------------------------------------------------------- file notes


def test_file_notes_are_read_only_with_one_line_each(framework, mixed):
    r = compute(collect([mixed], framework), framework)
    assert all(isinstance(n, FileNote) for n in (*r.rejected, *r.duplicates, *r.ignored))
    with pytest.raises(AttributeError):
        r.rejected[0].file = "x"
    assert [(n.kind, Path(n.file).name, n.reason) for n in r.rejected] == [
        (REJECTED, "broken.toml", "is not valid TOML: Invalid value (at end of document)")
    ]
    assert [words.note_line(n).replace(str(mixed) + "/", "") for n in r.duplicates] == [
        "amina-okafor.toml: identical to amina-copy.toml",
        "bethan-old.toml: same participant as bethan-pryce.toml, which is counted "
        "(updated more recently)",
    ]
    assert [words.note_line(n).replace(str(mixed) + "/", "") for n in r.ignored] == [
        "partnership.toml: a bb-partnership file"
    ]
    assert r.ignored[0].kind == IGNORED and r.duplicates[0].kind == DUPLICATE
    assert [(kind, len(notes)) for kind, notes in words.file_notes(r)] == [
        (REJECTED, 1),
        (DUPLICATE, 2),
        (IGNORED, 1),
    ]
    assert [words.note_heading(kind, len(notes)) for kind, notes in words.file_notes(r)] == [
        "Rejected (1)",
        "Duplicates, counted once (2)",
        "Ignored, not session files (1)",
    ]


def test_file_notes_hide_names_when_anonymous(framework, mixed):
    r = compute(collect([mixed], framework), framework, anonymous=True)
    assert [words.note_line(n) for n in r.rejected] == [
        "rejected file 1: is not valid TOML: Invalid value (at end of document)"
    ]
    assert words.note_line(r.ignored[0]) == "ignored file 1: a bb-partnership file"
    assert [n.file for n in r.duplicates] == ["duplicate file 1", "duplicate file 2"]
    # anonymous: the kept file is named by nobody's pseudonym (no link between one person's files)
    assert all(n.kept == "another file" and n.kept in n.reason for n in r.duplicates)


def test_file_notes_json_keeps_its_shape(framework, mixed):
    data = compute(collect([mixed], framework), framework).to_json()
    strip = json.loads(json.dumps(data).replace(str(mixed) + "/", ""))
    assert strip["rejected"] == [
        {"file": "broken.toml", "error": "is not valid TOML: Invalid value (at end of document)"}
    ]
    assert strip["duplicates"] == [
        {
            "file": "amina-okafor.toml",
            "kept": "amina-copy.toml",
            "rule": "same-content",
            "reason": "identical to amina-copy.toml",
        },
        {
            "file": "bethan-old.toml",
            "kept": "bethan-pryce.toml",
            "rule": "same-participant",
            "reason": "same participant as bethan-pryce.toml, which is counted (updated more recently)",
        },
    ]
    assert strip["ignored"] == [{"file": "partnership.toml", "format": "bb-partnership"}]


# ---------------------------------------------------------------- where to dig deeper


def test_dig_deeper_lines(framework, mixed):
    r = compute(collect([mixed], framework), framework)
    lines = words.dig_deeper(r)
    first = lines[2]  # low ones first (issue 11), then polarised
    assert (first.rank, first.enabler_id, first.label, first.flagged) == (
        3,
        "joint-governance",
        "Joint governance",
        True,
    )
    assert (first.mean, first.sd, first.range, first.n) == ("2.8", "1.2", "1-5", "10")
    assert first.why == "polarised: scores from 1 to 5"
    assert first.indicators == "1, 2, 3"  # indicator 4: two people, too few to call
    assert first.case_ids == "B, C" and first.case_places == "B (Islington), C (Lewisham)"
    low = lines[0]
    assert (low.rank, low.label, low.why, low.mean) == (
        1,
        "Information sharing",
        "low: mean 1.6, below 2.5",
        "1.6",
    )
    calm = lines[4]
    assert (calm.label, calm.flagged, calm.why, calm.case_ids, calm.case_places) == (
        "Families & community",
        False,
        "",
        "",
        "",
    )
    assert calm.indicators == ""
    flagged = words.dig_deeper(r, flagged_only=True)
    assert [d.rank for d in flagged] == [1, 2, 3, 4] and flagged == lines[:4]


# ---------------------------------------------------------------- the text report


def test_merge_prints_what_render_gives(capsys, framework, mixed):
    assert main(["merge", str(mixed)]) == 0
    out = capsys.readouterr().out
    r = compute(collect([mixed], framework), framework)
    assert out == merge_report(r) + "\n"
    assert "Rejected (1)\n  " in out and "Ignored, not session files (1)\n  " in out
    assert (
        "  3. Joint governance: polarised: scores from 1 to 5\n"
        "     indicators also low or polarised: 1, 2, 3\n" in out
    )
    assert "13 participants" not in out and out.startswith(
        "10 participants merged (1 rejected, 2 duplicates, 1 ignored)\n"
        "Thresholds: low = mean below 2.5; polarised = scores 3 or more apart; fewer\n"
        "than 3 scores is too few to call (framework defaults).\n"
    )


def test_the_cli_holds_no_report():
    source = (PACKAGE / "cli" / "merge.py").read_text(encoding="utf-8")
    names = {n.name for n in ast.walk(ast.parse(source)) if isinstance(n, ast.FunctionDef)}
    assert not names & {"render_text", "_groups_text", "_row", "_num", "_flags"}


# ---------------------------------------------------------------- one rule for decimals

OWNED = [
    *sorted((PACKAGE / "render").glob("*.py")),
    *sorted((PACKAGE / "cli").glob("*.py")),
    PACKAGE / "core" / "stats.py",
]


@pytest.mark.parametrize("path", OWNED, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_decimals_are_rounded_and_shown_in_one_place(path):
    """No module rounds a figure or writes decimals itself: words.number and stats.rounded do."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "round":
            found.append(f"round() at line {node.lineno}")
        if isinstance(node, ast.FormattedValue) and node.format_spec is not None:
            spec = "".join(
                v.value if isinstance(v, ast.Constant) else "{}" for v in node.format_spec.values
            )
            if "." in spec and spec.endswith("f"):
                found.append(f"format {spec!r} at line {node.lineno}")
    allowed = {("words.py", "format '.{}f'"), ("stats.py", "round()")}
    found = [f for f in found if (path.name, f.split(" at ")[0]) not in allowed]
    assert found == []
