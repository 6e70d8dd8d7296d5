"""Issue 12: chart legends say only what the chart shows; the two rounds are two distinct outlines."""

from __future__ import annotations

from pathlib import Path

import pytest

from bb_tui.core.rounds import compare, load_round
from bb_tui.core.session import Participant, Session
from bb_tui.core.stats import compute
from bb_tui.render import charts

REPO = Path(__file__).resolve().parents[2]


def one_item_group(framework, scores):
    return compute(
        [
            Session(framework.id, Participant(f"P{n}"), scores={"leadership": s})
            for n, s in enumerate(scores)
        ],
        framework,
    )


def test_spread_legend_shows_a_mean_the_chart_shows(framework):
    results = one_item_group(framework, [1, 2, 2, 3, 4])  # mean 2.4
    chart = charts.spread_chart(results, ["leadership"], ["Leadership"], "t", width=60, ascii=True)
    numbers = [m for m, _ in chart.legend if m[:1].isdigit()]
    assert numbers == ["2.4"]
    assert "2.4" in chart.drawing


def test_spread_legend_names_no_flag_the_chart_does_not_show(framework):
    results = one_item_group(framework, [3, 3, 4, 4])
    chart = charts.spread_chart(results, ["leadership"], ["Leadership"], "t", width=60, ascii=True)
    assert "low" not in chart.drawing and "split" not in chart.drawing
    assert [m for m, _ in chart.legend if m in ("low", "split")] == []


@pytest.mark.parametrize("ascii", [True, False])
def test_spread_one_and_two_participants_look_different(framework, ascii):
    # so many at 3 that a dot stands for more than one person
    results = one_item_group(framework, [3] * 40 + [1] + [5, 5])
    chart = charts.spread_chart(results, ["leadership"], ["Leadership"], "t", width=60, ascii=ascii)
    row = next(line for line in chart.drawing.splitlines() if "Leadership" in line)
    ticks = chart.drawing.splitlines()[-1]
    at_1 = row[ticks.index("1") - 2 : ticks.index("1") + 3].strip()
    at_5 = row[ticks.index("5") - 2 : ticks.index("5") + 3].strip()
    assert at_1 and at_5 and at_1 != at_5
    described = "".join(m for m, _ in chart.legend)
    # every mark is in the legend: the dot, or a number of people the legend explains
    assert all(ch in described or (ch.isdigit() and "-" in described) for ch in at_1 + at_5)


def test_empty_indicator_radar_says_why_in_a_sentence(framework):
    results = one_item_group(framework, [3, 4])  # enabler scores only, no indicators
    chart = charts.indicator_radar(results, "leadership", width=78, height=18, ascii=True)
    words = " ".join(label for _, label in chart.legend)
    assert "nobody" in words.lower() and "indicator" in words.lower()
    assert "group mean" not in words  # no series is drawn, so none is in the legend


def test_indicator_table_holds_each_indicators_full_text(framework):
    results = one_item_group(framework, [3, 4])
    for width in (78, 118):
        chart = charts.indicator_radar(results, "leadership", width=width, height=18, ascii=False)
        full = [f"{i.number}. {i.text}" for i in framework.enabler("leadership").indicators]
        assert [row[0] for row in chart.table.rows] == full


@pytest.fixture
def comparison(framework):
    now = load_round([REPO / "sessions" / "demo"], framework)
    before = load_round([REPO / "sessions" / "demo-spring-2026"], framework)
    return compare(now, before)


@pytest.mark.parametrize("ascii", [True, False])
def test_comparison_radar_two_outlines_told_apart_by_marker(comparison, ascii):
    chart = charts.comparison_radar(comparison, width=76, height=18, ascii=ascii)
    assert len(set(chart.markers)) >= 2  # coloured per series, not one grey
    roles = {role for line in chart.runs() for _, role in line}
    assert {"series-0", "series-1"} <= roles
    before = chart.markers[1]
    drawn = sum(line.count(before) for line in chart.drawing.splitlines()[1:-1])
    both = (
        sum(line.count(chart.markers[2]) for line in chart.drawing.splitlines()[1:-1])
        if len(chart.markers) > 2
        else 0
    )
    # the earlier round is an outline round all 12 axes, not a few scattered marks
    assert drawn + both >= 40
    for marker in chart.markers:
        assert any(m == marker for m, _ in chart.legend)


def test_shortened_indicator_labels_say_where_the_full_text_is(framework):
    results = one_item_group(framework, [3, 4])
    chart = charts.indicator_radar(results, "leadership", width=78, height=18, ascii=True)
    assert any("in full" in label for _, label in chart.legend)
