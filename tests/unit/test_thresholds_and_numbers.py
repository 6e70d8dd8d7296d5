"""Issue 11: one set of thresholds per folder, small numbers not called, numbers that agree."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

from bb_tui.cli.main import main
from bb_tui.core.collection import collect
from bb_tui.core.discussion import discussion_pack
from bb_tui.core.partnership import (
    PartnershipError,
    dump_partnership,
    load_partnership,
    parse_partnership,
)
from bb_tui.core.rounds import load_round
from bb_tui.core.session import Participant, Session
from bb_tui.core.stats import compute, rounded, thresholds_for
from bb_tui.render import words
from bb_tui.render.markdown import render_markdown
from bb_tui.render.spreadsheet import csv_files
from bb_tui.render.text import merge_report
from tests.support.demo import DEMO

PACKAGE = Path(__file__).resolve().parents[2] / "bb_tui"


def person(framework, name, scores=None, indicators=None):
    return Session(
        framework.id,
        Participant(name, "", ""),
        scores=dict(scores or {}),
        indicators=dict(indicators or {}),
    )


def many(framework, enabler, *scores):
    return [person(framework, f"P{n}", {enabler: s}) for n, s in enumerate(scores)]


@pytest.fixture
def folder(tmp_path):
    """A copy of the demo folder whose partnership file sets low below 3 (not the framework's 2.5)."""
    copy = tmp_path / "demo"
    shutil.copytree(DEMO, copy)
    path = copy / "partnership.toml"
    path.write_text(path.read_text("utf-8") + "\n[analysis]\nlow_threshold = 3.0\n", "utf-8")
    return copy


def cli(capsys, *argv):
    try:
        code = main([*map(str, argv)])
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


# ---------------------------------------------------------------- 4. one set of thresholds


def test_partnership_file_holds_analysis_and_keeps_it(framework):
    data = {
        "format": "bb-partnership",
        "format_version": 1,
        "framework": framework.id,
        "analysis": {"low_threshold": 3.0, "polarised_gap": 2, "min_group_size": 4},
    }
    p = parse_partnership(data, framework)
    assert p.analysis == {"low_threshold": 3.0, "polarised_gap": 2, "min_group_size": 4}
    assert p.warnings == []
    assert b"[analysis]" in dump_partnership(p, framework)
    for key, bad in (("low_threshold", 9), ("polarised_gap", 2.5), ("min_group_size", 0)):
        with pytest.raises(PartnershipError, match=f"analysis.{key}"):
            parse_partnership({**data, "analysis": {key: bad}}, framework)


def test_one_function_resolves_framework_then_partnership_then_flags(framework, folder):
    p = load_partnership(folder / "partnership.toml", framework)
    assert thresholds_for(framework).low == 2.5
    t = thresholds_for(framework, p)
    assert (t.low, t.gap, t.min_group_size) == (3.0, 3, 3) and "partnership" in t.source
    t = thresholds_for(framework, p, low=2.0)
    assert t.low == 2.0 and "command line" in t.source


def test_merge_report_and_export_of_the_folder_use_its_thresholds(
    capsys, framework, folder, tmp_path
):
    code, out, _ = cli(capsys, "merge", folder)
    assert code == 0 and "mean below 3;" in out and "below 2.5" not in out
    code, out, _ = cli(capsys, "merge", folder, "--low", "2")
    assert "mean below 2;" in " ".join(out.split()) and "command line" in out
    code, out, _ = cli(capsys, "report", folder)
    assert code == 0 and "below 3" in out and "below 2.5" not in out
    now = load_round([folder], framework)
    assert now.results.thresholds.low == 3.0
    summary = b"".join(csv_files(now, tmp_path / "x.csv").values()).decode()
    assert "mean below 3;" in summary


def test_discussion_pack_uses_the_folders_thresholds(framework, folder):
    p = load_partnership(folder / "partnership.toml", framework)
    results = compute(collect([folder], framework), framework, partnership=p)
    pack = discussion_pack(results, "common-agenda", p)  # mean 2.9: low below 3, not below 2.5
    reasons = words.reasons(pack.figures, results.thresholds)
    assert any("below 3" in r for r in reasons), reasons


def test_every_output_says_which_thresholds(framework, folder):
    now = load_round([folder], framework)
    line = words.thresholds_line(now.results.thresholds)
    assert "3" in line and "partnership" in line
    flat = " ".join(line.split())
    assert flat in " ".join(merge_report(now.results).split())
    assert flat in render_markdown(now)


# ---------------------------------------------------------------- 5. one person is not the group


def test_fewer_than_the_minimum_group_size_is_too_few_to_call(framework):
    group = many(framework, "leadership", 2) + many(framework, "locality", 3, 3, 3)
    group[0].indicators["leadership.1"] = 2
    r = compute(group, framework)
    f = r.indicators["leadership.1"]
    assert f.n == 1 and not f.low and not f.polarised and f.too_few
    assert words.flags(f) == "too few to call (n 1)"
    assert r.enablers["leadership"].too_few and not r.enablers["leadership"].low
    assert "leadership" not in [d.enabler_id for d in r.dig_deeper() if d.flagged]
    r = compute(group, framework, min_group_size=1)  # adjustable
    assert r.indicators["leadership.1"].low and not r.indicators["leadership.1"].too_few


def test_demo_discussion_pack_no_longer_flags_one_persons_indicator(framework):
    r = compute(collect([DEMO], framework), framework)
    one = [f for f in r.indicators.values() if f.n == 1]
    assert one and not any(f.low or f.polarised for f in one)


# ---------------------------------------------------------------- 8. numbers that agree


def test_rounding_is_half_up_everywhere():
    assert rounded(2.25, 1) == 2.3 and rounded(2.45, 1) == 2.5 and rounded(2.35, 1) == 2.4
    assert rounded(2.675, 2) == 2.68 and rounded(1.6329931618554521) == 1.633
    assert words.number(2.25) == "2.3" and words.number(2.45) == "2.5"


def test_a_low_mean_never_reads_as_the_threshold(framework):
    group = many(framework, "leadership", *([2] * 11 + [3] * 9))  # mean 2.45
    r = compute(group, framework)
    f = r.enablers["leadership"]
    assert f.mean == pytest.approx(2.45) and f.low
    (d,) = [d for d in r.dig_deeper() if d.enabler_id == "leadership"]
    assert "low: mean 2.45, below 2.5" in words.reasons(d.figures, r.thresholds)
    assert words.number(f.mean, 1, against=r.thresholds.low) == "2.45"
    assert words.number(2.25, 1, against=2.5) == "2.3"
    assert "2.45" in merge_report(r).split("Where to dig deeper")[1]


def test_dig_deeper_puts_the_lowest_mean_first(framework):
    r = compute(collect([DEMO], framework), framework)
    order = [d.enabler_id for d in r.dig_deeper()]
    assert order[0] == "information-sharing"
    assert order.index("information-sharing") < order.index("leadership")
    flagged = [d for d in r.dig_deeper() if d.flagged]
    lows = [d for d in flagged if d.figures.low]
    assert flagged[: len(lows)] == lows  # low before polarised
    assert [d.figures.mean for d in lows] == sorted(d.figures.mean for d in lows)


def test_dig_deeper_ties_keep_framework_order(framework):
    ids = [e.id for e in framework.enablers]
    group = [person(framework, f"P{n}", {e: 3 for e in ids}) for n in range(3)]
    r = compute(group, framework)
    assert [d.enabler_id for d in r.dig_deeper()] == ids


def test_docs_say_the_order_the_code_uses(repo):
    text = (repo / "docs" / "merging.md").read_text("utf-8")
    assert "low before polarised" in text and "too few to call" in text
    assert "lowest mean first" in text and "widest disagreement first" in text


TUI_AND_ROUNDS = [
    PACKAGE / "core" / "rounds.py",
    PACKAGE / "core" / "discussion.py",
    *sorted((PACKAGE / "tui" / "screens" / "group").rglob("*.py")),
    PACKAGE / "tui" / "screens" / "participant" / "dig_deeper.py",
    PACKAGE / "tui" / "screens" / "participant" / "enabler.py",
]


@pytest.mark.parametrize("path", TUI_AND_ROUNDS, ids=lambda p: p.name)
def test_no_other_module_formats_decimals(path):
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
    assert found == []
