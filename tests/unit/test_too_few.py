"""Issue 19: every figure stands for enough people, and every person counts once.

Boundary tests for each threshold use at least the minimum group size of people, so the rule under
test is the one that decides (with 2 people every item is "too few", and a `<` -> `<=` slip in the
low rule would pass unseen).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bb_tui.cli.main import main
from bb_tui.core.collection import collect
from bb_tui.core.framework import load_framework
from bb_tui.core.rounds import compare, load_round
from bb_tui.core.session import Participant, Session
from bb_tui.core.stats import Thresholds, compute, under_minimum
from bb_tui.render import changes, charts, words
from bb_tui.render.markdown import render_markdown
from bb_tui.render.progress import progress
from bb_tui.render.text import merge_report
from tests.support.toofew import build_rounds, session_text

FW = load_framework()
ALL = [e.id for e in FW.enablers]


def person(name: str, scores=None, indicators=None, skipped=(), sector="", level="") -> Session:
    return Session(
        FW.id,
        participant=Participant(name=name, sector=sector, level=level),
        scores=dict(scores or {}),
        indicators=dict(indicators or {}),
        skipped=list(skipped),
    )


def leadership(*given: int) -> list[Session]:
    return [person(f"P{n}", {"leadership": s}) for n, s in enumerate(given)]


# ---------------------------------------------------------------- each threshold at its boundary


def test_low_is_strictly_below_the_threshold_with_enough_people():
    exactly = compute(leadership(2, 3, 2, 3), FW).enablers["leadership"]
    assert exactly.n == 4 and not exactly.too_few and exactly.mean == 2.5
    assert not exactly.low  # 2.5 is not below 2.5
    below = compute(leadership(2, 3, 2, 2), FW).enablers["leadership"]
    assert below.mean == 2.25 and below.low


def test_polarised_is_at_least_the_gap_with_enough_people():
    at_gap = compute(leadership(1, 4, 4), FW).enablers["leadership"]
    assert not at_gap.too_few and at_gap.polarised  # 4 - 1 = 3, the gap itself
    under = compute(leadership(2, 4, 4), FW).enablers["leadership"]
    assert not under.too_few and not under.polarised


def test_too_few_is_fewer_than_the_minimum_exactly():
    t = Thresholds(2.5, 3, 3)
    assert under_minimum(2, t) and not under_minimum(3, t)
    three = compute(leadership(1, 1, 2), FW).enablers["leadership"]
    assert not three.too_few and three.low  # the minimum itself is enough to call
    two = compute(leadership(1, 1), FW).enablers["leadership"]
    assert two.too_few and not two.low


def test_theme_low_is_strictly_below_with_enough_people():
    theme = FW.theme(FW.enabler("leadership").theme_id)
    ids = [e.id for e in theme.enablers]
    people = [person(f"P{n}", dict.fromkeys(ids, s)) for n, s in enumerate((2, 3, 2, 3))]
    assert compute(people, FW).themes[theme.id].mean == 2.5
    assert not compute(people, FW).themes[theme.id].low
    people[-1] = person("P3", dict.fromkeys(ids, 2))
    assert compute(people, FW).themes[theme.id].low


def test_a_subgroup_of_exactly_the_minimum_is_shown_and_one_smaller_is_pooled():
    people = [
        *(person(f"S{n}", {"leadership": 3}, level="strategic") for n in range(3)),
        *(person(f"O{n}", {"leadership": 4}, level="operational") for n in range(2)),
    ]
    r = compute(people, FW, by="level")
    assert [g.key for g in r.groups] == []  # the pool of 2 takes the group of 3 with it
    assert r.pooled == ("Strategic", "Operational")
    people.append(person("O2", {"leadership": 4}, level="operational"))
    r = compute(people, FW, by="level")
    assert [(g.key, g.participants) for g in r.groups] == [("strategic", 3), ("operational", 3)]


# ---------------------------------------------------------------- subgroup cells


def sectors() -> list[Session]:
    """Health: three people, two of whom skipped Leadership. Local authority: three who scored it."""
    others = {e: 4 for e in ALL if e != "leadership"}
    return [
        person("H1", {"leadership": 5, **others}, sector="health"),
        person("H2", others, skipped=["leadership"], sector="health"),
        person("H3", others, skipped=["leadership"], sector="health"),
        *(person(f"L{n}", {"leadership": 2, **others}, sector="local-authority") for n in range(3)),
    ]


def test_a_subgroup_cell_under_the_minimum_keeps_only_its_count():
    r = compute(sectors(), FW, by="sector")
    health = {g.key: g for g in r.groups}["health"].figures.enablers["leadership"]
    assert health.withheld and health.too_few and health.n == 1 and health.skipped == 2
    assert (health.mean, health.median, health.min, health.max, health.stdev) == (None,) * 5
    data = health.to_json()
    assert data["counts"] is None and data["mean"] is None and data["withheld"] is True
    # the whole group's figure is kept (the facilitator's named table calls it too few itself)
    assert r.enablers["leadership"].mean == pytest.approx(11 / 4)
    assert words.cell(health.mean, health) == "too few (n 1)"
    # a cell at the minimum is a figure
    la = {g.key: g for g in r.groups}["local-authority"].figures.enablers["leadership"]
    assert not la.withheld and words.cell(la.mean, la, 2) == "2.00"


def test_subgroup_theme_means_use_only_the_items_shown():
    r = compute(sectors(), FW, by="sector")
    theme = FW.enabler("leadership").theme_id
    health = {g.key: g for g in r.groups}["health"].figures.themes[theme]
    assert health.mean == 4.0  # leadership's lone 5 left out


def test_text_and_markdown_say_too_few_in_the_subgroup_table(tmp_path: Path, capsys):
    r = compute(sectors(), FW, by="sector", anonymous=True)
    text = merge_report(r)
    groups = text.split("Mean score by sector")[1]
    row = next(line for line in groups.splitlines() if line.startswith("Leadership"))
    assert "too few (n 1)" in row and "5.00" not in row
    assert all(len(line) <= 80 for line in text.splitlines())
    assert "fewer than 3 in that group scored it" in groups


def test_merge_by_with_many_groups_still_fits_80_columns(tmp_path: Path, capsys):
    """Six sectors shown, each with a too-few cell: the table wraps into blocks of columns."""
    for sector in ("local-authority", "health", "early-education", "voluntary-community", "other"):
        for n in range(3):
            scores = {e: 3 for e in ALL}
            if n:
                del scores["leadership"]
            (tmp_path / f"{sector}-{n}.toml").write_text(
                session_text(
                    FW, f"{sector} {n}", "Org", sector, scores, () if not n else ("leadership",)
                ),
                "utf-8",
            )
    assert main(["merge", str(tmp_path), "--by", "sector", "--anonymous"]) == 0
    out = capsys.readouterr().out
    assert all(len(line) <= 80 for line in out.splitlines())
    groups = out.split("Mean score by sector")[1]
    rows = [line for line in groups.splitlines() if line.startswith("Leadership ")]
    assert len(rows) == 2 and sum(r.count("too few (n 1)") for r in rows) == 5


# ---------------------------------------------------------------- the same people across rounds


def test_the_change_among_too_few_same_people_is_words(tmp_path: Path):
    now, before = build_rounds(tmp_path, FW)
    c = compare(load_round([now], FW, anonymous=True), load_round([before], FW, anonymous=True))
    assert len(c.turnout.both) == 1
    assert all(s.too_few == 1 and s.mean_before is None for s in c.same_people)
    assert all(row[4] == "too few (n 1)" for row in changes.rows(c))
    assert "+3.0" not in render_markdown(c.now, c)


def test_the_change_among_the_minimum_same_people_is_a_figure(tmp_path: Path):
    now, before = build_rounds(tmp_path, FW)
    for stem, name in (("lena-one", "Lena One"), ("leo-two", "Leo Two")):
        text = session_text(
            FW, name, "Northfield Council", "local-authority", dict.fromkeys(ALL, 3)
        )
        (before / f"{stem}.toml").write_text(text, "utf-8")
    c = compare(load_round([now], FW), load_round([before], FW))
    assert len(c.turnout.both) == 3
    lead = {s.id: s for s in c.same_people}["leadership"]
    assert lead.too_few is None and lead.mean_before is not None
    row = dict((r[0], r) for r in changes.rows(c))["Leadership"]
    assert row[4] == "+0.3"  # 2, 3, 3 -> 5, 2, 2: 2.7 -> 3.0


# ---------------------------------------------------------------- indicator radars


def test_indicator_radar_draws_only_items_enough_people_scored():
    lone = [person("A", indicators={"leadership.1": 5, "leadership.2": 5})]
    many = [person(f"B{n}", indicators={"leadership.1": 2}) for n in range(2)]
    r = compute(lone + many, FW)
    chart = charts.indicator_radar(r, "leadership", width=78, height=20, ascii=True)
    legend = " ".join(label for _, label in chart.legend)
    assert "group mean" in legend  # leadership.1: three scored it
    assert "not drawn, too few (under 3 scored): 2" in legend
    rows = {row[0].split(".")[0]: row for row in chart.table.rows}
    mean = chart.table.columns.index("mean")
    assert rows["2"][mean] == "too few (n 1)" and rows["1"][mean] == "3.0"
    only = charts.indicator_radar(compute(lone, FW), "leadership", ascii=True)
    labels = " ".join(label for _, label in only.legend)
    assert "group mean" not in labels and "not drawn, too few" in labels
    assert "*" not in only.drawing  # nothing of the one person's is drawn


# ---------------------------------------------------------------- who counts


def test_a_session_with_nothing_scored_is_started_not_a_participant(tmp_path: Path, capsys):
    now, _ = build_rounds(tmp_path, FW)
    collection = collect([now], FW)
    assert [p.session.participant.name for p in collection.started] == ["Ezra Empty"]
    assert "Ezra Empty" not in [p.session.participant.name for p in collection.participants]
    r = compute(collection, FW)
    assert r.participants == 6
    assert [n.file for n in r.started] == [str(now / "ezra-empty.toml")]
    assert main(["merge", str(now)]) == 0
    text = capsys.readouterr().out
    assert text.startswith("6 participants merged")
    assert "Started, nothing scored (1)" in text and "ezra-empty.toml" in text
    assert main(["merge", str(now), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["started"] == [
        {"file": str(now / "ezra-empty.toml")}
    ]
    md = render_markdown(load_round([now], FW))
    assert "- Participants: 6 counted; 1 started, nothing scored (not counted)." in md
    assert "Started, nothing scored (not counted): `" in md


def test_an_empty_session_never_hides_the_same_persons_answers(tmp_path: Path):
    full = session_text(FW, "Zoe Fair", "Org", "health", dict.fromkeys(ALL, 4))
    (tmp_path / "zoe.toml").write_text(full, "utf-8")
    empty = session_text(FW, "Zoe Fair", "Org", "health", {}).replace(
        "updated = 2026-10-01T10:00:00Z",
        "updated = 2026-10-02T10:00:00Z",  # newer
    )
    (tmp_path / "zoe-2.toml").write_text(empty, "utf-8")
    collection = collect([tmp_path], FW)
    assert [p.path for p in collection.participants] == [str(tmp_path / "zoe.toml")]
    assert [p.path for p in collection.started] == [str(tmp_path / "zoe-2.toml")]


def test_the_sessions_list_shows_an_empty_session_as_not_started():
    assert progress(person("A"), FW) == "not started"
    started = progress(person("A", skipped=["leadership"]), FW)
    assert started == f"1/{len(FW.enablers)} · 0/{len(FW.indicators)}"


def test_the_sessions_list_row_says_not_started(tmp_path: Path):
    from bb_tui.core.listing import Entry
    from bb_tui.tui.screens.participant.start import session_row

    row = session_row(Entry(tmp_path / "a.toml", person("Ann")), FW, (22, 20, 11, 14))
    assert "not started" in str(row.prompt)
    row = session_row(
        Entry(tmp_path / "b.toml", person("Bo", {"leadership": 3})), FW, (22, 20, 11, 14)
    )
    assert "not started" not in str(row.prompt) and "1/12" in str(row.prompt)
