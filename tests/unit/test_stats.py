"""stats.compute: known answers on small hand-made groups, flags, dig-deeper order, subgroups, anonymity."""

from __future__ import annotations

import json
import math
import statistics

import pytest

from bb_tui.core.collection import collect
from bb_tui.core.session import Participant, Session
from bb_tui.core.stats import Thresholds, compute, item_figures
from bb_tui.render import words


def person(framework, name, scores=None, indicators=None, skipped=None, organisation="", level=""):
    return Session(
        framework.id,
        Participant(name, organisation, level),
        scores=dict(scores or {}),
        indicators=dict(indicators or {}),
        skipped=list(skipped or []),
    )


def test_known_answer_one_enabler(framework):
    group = [
        person(framework, "A", {"leadership": 1}),
        person(framework, "B", {"leadership": 3}),
        person(framework, "C", {"leadership": 5}),
        person(framework, "D", skipped=["leadership"]),
        person(framework, "E", {"locality": 3}),  # scored, not leadership
    ]
    f = compute(group, framework).enablers["leadership"]
    assert (f.n, f.skipped, f.unscored) == (3, 1, 1)
    assert (f.mean, f.median, f.min, f.max) == (3.0, 3.0, 1, 5)
    assert f.stdev == pytest.approx(math.sqrt(8 / 3))
    assert f.counts == (1, 0, 1, 0, 1)
    assert (f.q1, f.q3) == (2.0, 4.0)
    assert f.polarised and not f.low  # 5 - 1 >= 3; 3.0 is not below 2.5
    assert f.to_json() == {
        "n": 3,
        "skipped": 1,
        "unscored": 1,
        "mean": 3.0,
        "median": 3.0,
        "min": 1,
        "max": 5,
        "stdev": 1.633,
        "q1": 2.0,
        "q3": 4.0,
        "counts": {"1": 1, "2": 0, "3": 1, "4": 0, "5": 1},
        "low": False,
        "polarised": True,
        "too_few": False,
    }


def test_known_answer_low_not_polarised_and_even_median(framework):
    group = [person(framework, n, {"locality": s}) for n, s in zip("ABCD", (2, 2, 3, 2))]
    f = compute(group, framework).enablers["locality"]
    assert f.mean == 2.25 and f.median == 2.0 and f.low and not f.polarised
    f = compute(group[2:], framework).enablers["locality"]  # 3, 2
    assert f.median == 2.5 and f.mean == 2.5 and not f.low  # not *below* 2.5


def test_nobody_scored_gives_no_figures_and_no_flags(framework):
    f = compute([person(framework, "A", skipped=["leadership"])], framework).enablers["leadership"]
    assert f.n == 0 and f.skipped == 1 and f.mean is None and f.stdev is None
    assert not f.low and not f.polarised
    assert f.to_json()["mean"] is None


def test_quartiles_match_the_statistics_module():
    thresholds = Thresholds(2.5, 3, 3)
    for scores in ([1], [1, 2], [1, 2, 2, 5], [3, 3, 4, 5, 5, 1, 2], [5] * 9 + [1]):
        counts = [scores.count(level) for level in range(1, 6)]
        f = item_figures("x", counts, 0, len(scores), 1, thresholds)
        assert f.mean == pytest.approx(statistics.fmean(scores))
        assert f.median == statistics.median(scores)
        assert f.stdev == pytest.approx(statistics.pstdev(scores))
        if len(scores) > 1:
            q1, _, q3 = statistics.quantiles(scores, n=4, method="inclusive")
            assert (f.q1, f.q3) == (pytest.approx(q1), pytest.approx(q3))


def test_indicators_and_themes(framework):
    group = [
        person(
            framework,
            "A",
            {"leadership": 2, "common-agenda": 4},
            {"leadership.1": 1, "leadership.2": 5},
        ),
        person(framework, "B", {"leadership": 4}, {"leadership.1": 2}),
    ]
    r = compute(group, framework)  # two people: too few to call leadership.1 low
    assert r.indicators["leadership.1"].too_few and not r.indicators["leadership.1"].low
    r = compute(group, framework, min_group_size=2)
    assert r.indicators["leadership.1"].mean == 1.5 and r.indicators["leadership.1"].low
    assert r.indicators["leadership.2"].n == 1 and r.indicators["leadership.2"].unscored == 1
    assert r.indicators["locality.1"].n == 0
    theme = r.themes["purpose-priorities"]
    assert theme.mean == (3.0 + 4.0) / 2 and theme.enablers_scored == 2  # means of its enablers
    assert r.themes["people-place"].mean is None


def test_thresholds_adjustable_and_checked(framework):
    group = [person(framework, n, {"leadership": s}) for n, s in zip("ABC", (2, 3, 4))]
    assert not compute(group, framework).enablers["leadership"].low
    r = compute(group, framework, low=3.5, gap=2)
    assert r.enablers["leadership"].low and r.enablers["leadership"].polarised
    assert r.thresholds == Thresholds(3.5, 2, framework.analysis.min_group_size)
    for bad in (
        {"low": 0.5},
        {"low": 9},
        {"low": math.nan},
        {"gap": 0},
        {"gap": 5},
        {"gap": True},
        {"by": "colour"},
        {"min_group_size": 0},
    ):
        with pytest.raises(ValueError):
            compute(group, framework, **bad)


def test_dig_deeper_order(framework):
    # leadership: low and polarised; locality: polarised; common-agenda: low (mean 1.67);
    # information-sharing: low (mean 2.0); working-practices: unflagged, spread; delivery: all 4
    rows = [
        {
            "leadership": 1,
            "locality": 1,
            "common-agenda": 1,
            "information-sharing": 2,
            "working-practices": 3,
            "delivery-partners": 4,
        },
        {
            "leadership": 1,
            "locality": 5,
            "common-agenda": 2,
            "information-sharing": 2,
            "working-practices": 5,
            "delivery-partners": 4,
        },
        {
            "leadership": 4,
            "locality": 3,
            "common-agenda": 2,
            "information-sharing": 2,
            "working-practices": 4,
            "delivery-partners": 4,
        },
    ]
    r = compute([person(framework, str(n), s) for n, s in enumerate(rows)], framework)
    order = [d.enabler_id for d in r.dig_deeper()]
    # low first (lowest mean, then widest sd), then polarised, then the rest (docs/merging.md)
    assert order == [
        "common-agenda",
        "leadership",
        "information-sharing",
        "locality",
        "working-practices",
        "delivery-partners",
    ]
    second = r.dig_deeper()[1]
    # low before polarised, as the order ranks them (issue 19)
    assert words.reasons(second.figures, r.thresholds) == (
        "low: mean 2.0, below 2.5",
        "polarised: scores from 1 to 4",
    )


def test_demo_shows_the_designed_patterns(framework, demo_dir):
    r = compute(collect([demo_dir], framework), framework)
    low = {k for k, f in r.enablers.items() if f.low}
    polarised = {k for k, f in r.enablers.items() if f.polarised}
    assert low == {"information-sharing", "continuous-improvement"}
    assert polarised == {"joint-governance", "single-service"}
    assert [d.enabler_id for d in r.dig_deeper()][:4] == [
        "information-sharing",
        "continuous-improvement",
        "joint-governance",
        "single-service",
    ]


def level_group(framework, levels):
    return [
        person(framework, f"P{n}", {"leadership": 1 + n % 5}, level=level)
        for n, level in enumerate(levels)
    ]


def test_groups_by_level_all_big_enough(framework):
    r = compute(
        level_group(framework, ["strategic"] * 3 + ["operational"] * 4), framework, by="level"
    )
    assert [(g.key, g.participants) for g in r.groups] == [("strategic", 3), ("operational", 4)]
    assert r.pooled == ()
    assert r.groups[0].figures.enablers["leadership"].counts == (1, 1, 1, 0, 0)


def test_small_group_is_pooled_and_cannot_be_worked_out_by_subtraction(framework):
    # one participant without a level: alone it would be shown; "other" of 1 could be derived
    # from whole - strategic - operational, so the smaller shown group joins the pool
    r = compute(
        level_group(framework, ["strategic"] * 4 + ["operational"] * 3 + [""]),
        framework,
        by="level",
    )
    assert [(g.key, g.participants) for g in r.groups] == [("strategic", 4), ("other", 4)]
    assert r.groups[1].members == ("Operational", "Level not given")
    assert all(g.participants >= 3 for g in r.groups)


def test_groups_too_small_everywhere_show_nothing(framework):
    r = compute(
        level_group(framework, ["strategic", "operational", "operational"]), framework, by="level"
    )
    assert r.groups == () and r.pooled == ("Strategic", "Operational")
    r = compute(
        level_group(framework, ["strategic"] * 2 + ["operational"] * 2),
        framework,
        by="level",
        min_group_size=2,
    )
    assert [g.participants for g in r.groups] == [2, 2]


def test_groups_by_organisation_compare_names_loosely(framework):
    orgs = ["NHS Trust", "nhs  trust", "NHS TRUST", "Council", "Council", "Council", "Charity", ""]
    group = [
        person(framework, f"P{n}", {"leadership": 3}, organisation=o) for n, o in enumerate(orgs)
    ]
    r = compute(group, framework, by="organisation")
    # Charity (1) and not given (1) make a pool of 2, so the last of the smallest shown joins it
    assert [(g.label, g.participants) for g in r.groups] == [
        ("Council", 3),
        ("Other (3 groups)", 5),
    ]
    assert r.groups[-1].members == ("Charity", "NHS Trust", "Organisation not given")
    group.append(person(framework, "P9", {"leadership": 3}, organisation="charity"))
    r = compute(group, framework, by="organisation")
    assert [(g.label, g.participants) for g in r.groups] == [
        ("Council", 3),
        ("NHS Trust", 3),
        ("Other (2 groups)", 3),
    ]
    assert r.groups[-1].members == ("Charity", "Organisation not given")


def test_json_shape(framework, demo_dir):
    data = compute(collect([demo_dir], framework), framework, by="level").to_json()
    assert data["participants"] == 10 and data["rejected"] == []
    assert set(data["enablers"]) == {e.id for e in framework.enablers}
    assert set(data["indicators"]) == {i.id for i in framework.indicators}
    for item in (*data["enablers"].values(), *data["indicators"].values()):
        assert {
            "n",
            "skipped",
            "mean",
            "median",
            "min",
            "max",
            "stdev",
            "counts",
            "low",
            "polarised",
        } <= set(item)
    assert set(data["themes"]["people-place"]) >= {"mean"}
    assert set(data["groups"]) == {"strategic", "operational"}
    assert set(data["groups"]["strategic"]["enablers"]["leadership"]) >= {"mean", "counts"}
    json.dumps(data)  # plain JSON types only


def test_anonymous_mode_hides_every_name(framework, demo_dir, tmp_path):
    (tmp_path / "broken.toml").write_text("format = ")
    c = collect([demo_dir, tmp_path, demo_dir / "amina-okafor.toml"], framework)
    visible = compute(c, framework)
    assert visible.who("leadership")
    r = compute(c, framework, anonymous=True, by="level")
    text = json.dumps(r.to_json())
    for p in c.participants:
        assert p.session.participant.name not in text
        assert p.path not in text and "okafor" not in text.lower()
    assert "broken" not in text
    assert sorted(p.label for p in r.people) == sorted(f"Participant {n}" for n in range(1, 11))
    assert all(p.organisation == p.level == p.file == "" for p in r.people)
    assert r.who("leadership") == {}
    assert r.duplicates[0].kept == "another file"  # no pseudonym (issue 11)
    assert r.rejected[0].file == "rejected file 1"


def test_who_said_what(framework):
    group = [
        person(framework, "Ann", {"leadership": 2}),
        person(framework, "Bo", {"leadership": 2}),
        person(framework, "Cy", {"leadership": 5}),
    ]
    assert compute(group, framework).who("leadership") == {2: ("Ann", "Bo"), 5: ("Cy",)}
