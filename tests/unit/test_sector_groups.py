"""Comparing agencies: subgroups by the framework's partner sectors (issue 11, case 3)."""

from __future__ import annotations

import json

from bb_tui.cli.main import main
from bb_tui.core.collection import collect
from bb_tui.core.session import Participant, Session
from bb_tui.core.stats import GROUP_BY, compute


def person(framework, name, sector, score):
    return Session(
        framework.id, Participant(name, "Org " + name, "", "", sector), scores={"leadership": score}
    )


def merge(capsys, *argv):
    try:
        code = main(["merge", *map(str, argv)])
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def test_sector_is_a_grouping(framework):
    assert "sector" in GROUP_BY
    group = (
        [person(framework, f"L{n}", "local-authority", 2) for n in range(3)]
        + [person(framework, f"H{n}", "health", 4) for n in range(3)]
        + [
            person(framework, "E", "early-education", 5),
            person(framework, "N", "", 1),
            person(framework, "V", "voluntary-community", 3),
        ]
    )
    r = compute(group, framework, by="sector")
    assert [(g.key, g.label, g.participants) for g in r.groups] == [
        ("local-authority", "Local authority", 3),
        ("health", "Health service", 3),
        ("other", "Other (3 groups)", 3),
    ]
    assert r.groups[0].figures.enablers["leadership"].mean == 2.0
    assert r.pooled == (
        "Early education, childcare and schools",
        "Voluntary and community sector",
        "Sector not given",
    )


def test_the_other_sector_and_the_pool_do_not_share_a_key(framework):
    group = (
        [person(framework, f"O{n}", "other", 2) for n in range(3)]
        + [person(framework, f"H{n}", "health", 4) for n in range(3)]
        + [person(framework, f"E{n}", "early-education", 5) for n in range(2)]
        + [person(framework, "V", "voluntary-community", 3)]
    )
    r = compute(group, framework, by="sector")
    keys = [g.key for g in r.groups]
    assert len(set(keys)) == len(keys) == 3
    assert set(r.to_json()["groups"]) == set(keys)
    assert r.to_json()["groups"]["other"]["label"] == "Other partners"


def test_demo_compares_agencies_not_one_council_against_the_rest(capsys, demo_dir):
    """--by organisation gave 'Riverside Council – Children's Services' against 'Other (7 groups)'."""
    code, out, _ = merge(capsys, demo_dir, "--json", "--by", "sector", "--min-group", "1")
    data = json.loads(out)
    assert code == 0 and data["group_by"] == "sector"
    assert {k: (g["label"], g["participants"]) for k, g in data["groups"].items()} == {
        "local-authority": ("Local authority", 5),
        "health": ("Health service", 3),
        "early-education": ("Early education, childcare and schools", 1),
        "voluntary-community": ("Voluntary and community sector", 1),
    }
    code, out, _ = merge(capsys, demo_dir, "--json", "--by", "sector")
    data = json.loads(out)  # the default minimum of 3 pools the two small sectors and one more
    assert sum(g["participants"] for g in data["groups"].values()) == 10
    assert all(g["participants"] >= 3 for g in data["groups"].values())


def test_merge_table_by_sector(capsys, demo_dir):
    code, out, _ = merge(capsys, demo_dir, "--by", "sector", "--min-group", "3")
    assert code == 0 and "Mean score by sector" in out and "Local authority" in out


def test_people_carry_their_sector(framework, demo_dir):
    r = compute(collect([demo_dir], framework), framework)
    assert {p.to_json()["sector"] for p in r.people} == {
        "local-authority",
        "health",
        "early-education",
        "voluntary-community",
    }
    anonymous = compute(collect([demo_dir], framework), framework, anonymous=True)
    assert {p.to_json()["sector"] for p in anonymous.people} == {""}
