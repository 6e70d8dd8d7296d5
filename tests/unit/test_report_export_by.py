"""Issue 11: `--by level|organisation|sector` for report and export, as merge and Group results
have it: subgroup means per enabler, groups under the minimum size pooled."""

from __future__ import annotations

import csv
import json

import pytest

from bb_tui.cli.main import main
from bb_tui.core.framework import load_framework
from bb_tui.core.rounds import load_round
from bb_tui.render import words
from tests.support.demo import demo_workbook


def merged_groups(capsys, demo_dir, by: str) -> dict:
    assert main(["merge", "--json", "--by", by, str(demo_dir)]) == 0
    return json.loads(capsys.readouterr().out)["groups"]


def test_load_round_passes_by(demo_dir):
    now = load_round([demo_dir], load_framework(), by="sector")
    assert now.results.by == "sector"
    assert [g.label for g in now.results.groups] == ["Local authority", "Other (3 groups)"]


def test_report_by_sector_has_a_subgroup_section(capsys, demo_dir):
    groups = merged_groups(capsys, demo_dir, "sector")
    assert main(["report", "--by", "sector", str(demo_dir)]) == 0
    text = capsys.readouterr().out
    assert "## Mean score by sector" in text
    section = text.split("## Mean score by sector", 1)[1].split("\n## ", 1)[0]
    la = groups["local-authority"]["enablers"]["joint-governance"]["mean"]
    # means to one decimal, as in every other table (issue 19: not "1.63 beside 1.6")
    assert "| Joint governance | 2.8 | " + words.number(la) + " |" in section
    assert "Local authority" in section and "Other (3 groups)" in section
    assert "Health service" in section  # the pooled groups are named
    assert "pooled" in section
    # Health service has 3 people: the sentence says why it is in the pool anyway
    assert "Health service has 3 or more but was pooled too" in " ".join(section.split())


def test_report_without_by_has_no_subgroup_section(capsys, demo_dir):
    assert main(["report", str(demo_dir)]) == 0
    assert "## Mean score by" not in capsys.readouterr().out


@pytest.mark.parametrize("by", ["level", "organisation"])
def test_report_by_level_and_organisation(capsys, demo_dir, by):
    assert main(["report", "--by", by, str(demo_dir)]) == 0
    assert f"## Mean score by {by}" in capsys.readouterr().out


def test_report_refuses_an_unknown_by(capsys, demo_dir):
    with pytest.raises(SystemExit) as exit:
        main(["report", "--by", "colour", str(demo_dir)])
    assert exit.value.code == 2


def test_export_csv_by_sector_adds_group_columns(tmp_path, capsys, demo_dir):
    groups = merged_groups(capsys, demo_dir, "sector")
    out = tmp_path / "scores.csv"
    assert main(["export", "--by", "sector", "--csv", str(out), str(demo_dir)]) == 0
    rows = list(csv.DictReader((tmp_path / "scores-summary.csv").open(encoding="utf-8")))
    column = next(c for c in rows[0] if c.startswith("mean: Local authority"))
    row = next(r for r in rows if r["item_id"] == "joint-governance")
    want = groups["local-authority"]["enablers"]["joint-governance"]["mean"]
    assert float(row[column]) == pytest.approx(want, abs=0.01)
    assert any(
        r["item_id"] == "groups_pooled" and "Health service" in r["item_label"] for r in rows
    )
    plain = tmp_path / "plain.csv"
    assert main(["export", "--csv", str(plain), str(demo_dir)]) == 0
    header = (tmp_path / "plain-summary.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "mean: " not in header


def test_export_workbook_by_sector():
    openpyxl = pytest.importorskip("openpyxl")
    sheet = openpyxl.load_workbook(demo_workbook("--by", "sector"))["Group figures"]
    header = [c.value for c in sheet[1]]
    assert any(str(h).startswith("mean: Local authority") for h in header)
