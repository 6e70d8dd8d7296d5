"""charts: radar and spread charts as plain text, ASCII or braille, each with its table."""

from __future__ import annotations

import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from functools import partial

import pytest

from bb_tui.core.collection import collect
from bb_tui.core.session import Participant, Session
from bb_tui.core.stats import compute
from bb_tui.render import charts

BRAILLE = range(0x2800, 0x2900)


@pytest.fixture(scope="module")
def demo(framework, demo_dir):
    return compute(collect([demo_dir], framework), framework, by="level")


def every_chart(results, **size):
    fw = results.framework
    yield charts.enabler_radar(results, **size)
    yield charts.enabler_radar(results, overlay=results.groups, range_kind="middle", **size)
    yield charts.enabler_spread(results, width=size["width"], ascii=size["ascii"])
    for theme in fw.themes:
        yield charts.theme_radar(results, theme.id, **size)
    for enabler in fw.enablers:
        yield charts.indicator_radar(results, enabler.id, **size)
        yield charts.indicator_spread(results, enabler.id, width=size["width"], ascii=size["ascii"])


@pytest.mark.parametrize("width,height", [(78, 18), (118, 32)])
def test_ascii_mode_is_pure_ascii_and_braille_mode_uses_braille(demo, width, height):
    for chart in every_chart(demo, width=width, height=height, ascii=True):
        text = chart.text()
        assert text.isascii() and chart.table.text().isascii(), chart.title
        assert "\x1b" not in text
        assert max(len(line) for line in text.splitlines()) <= width + 2
    radar = charts.enabler_radar(demo, width=width, height=height, ascii=False)
    assert any(ord(ch) in BRAILLE for ch in radar.drawing)
    assert "\x1b" not in radar.text()


def test_every_axis_label_and_the_legend_appear(demo, framework):
    chart = charts.enabler_radar(demo, overlay=demo.groups, width=118, height=32, ascii=True)
    for enabler in framework.enablers:
        assert enabler.label in chart.drawing
    legend = chart.legend_lines()
    assert (
        "* group mean" in legend[0] and "o Strategic" in legend[0] and "x Operational" in legend[0]
    )
    # each series is drawn with its own marker
    assert {"*", "o", "x"} <= set(chart.drawing)
    unicode = charts.enabler_radar(demo, overlay=demo.groups, width=118, height=32)
    assert unicode.legend[0] == ("⣿", "group mean")


def test_charts_are_as_big_as_asked_whatever_the_terminal(demo, monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    monkeypatch.setenv("LINES", "10")
    chart = charts.indicator_radar(demo, "joint-governance", width=118, height=32, ascii=True)
    for label in chart.texts:  # all four, left and right ones included
        assert label in chart.drawing
    lines = chart.drawing.splitlines()
    assert len(lines) >= 30 and max(len(line) for line in lines) > 100


@pytest.mark.parametrize("room", [17, 21, 38])
def test_given_its_room_a_radar_fits_it_whatever_its_legend(demo, room):
    """Title, drawing and every legend row in `room` lines: a longer legend (subgroups, a sentence
    wrapped onto two rows, the indicator key) takes its rows from the drawing, not from below it."""
    fw = demo.framework
    radars = [
        charts.enabler_radar,
        *(partial(charts.theme_radar, theme_id=t.id) for t in fw.themes),
    ]
    radars += [partial(charts.indicator_radar, enabler_id=e.id) for e in fw.enablers]
    rows = set()
    for draw in radars:
        for overlay in ((), demo.groups):
            chart = draw(demo, width=78, room=room, ascii=True, overlay=overlay)
            lines = chart.text().splitlines()
            assert len(lines) <= room, (chart.title, overlay, lines)
            legend = len(chart.legend_rows())
            rows.add(legend)
            # the drawing is the one asked for with what the title and legend leave
            same = draw(demo, width=78, height=room - 1 - legend, ascii=True, overlay=overlay)
            assert chart.drawing == same.drawing, (chart.title, overlay)
    assert len(rows) >= 3  # legends of several lengths, each fitted


def test_labels_are_shortened_to_fit_a_narrow_chart(demo):
    chart = charts.indicator_radar(demo, "leadership", width=60, height=16, ascii=True)
    assert "..." in chart.drawing
    assert max(len(line) for line in chart.drawing.splitlines()) <= 60


def test_table_holds_the_same_numbers(demo, framework):
    chart = charts.enabler_radar(demo, overlay=demo.groups)
    assert chart.table.columns == (
        "",
        "n",
        "skipped",
        "unscored",
        "mean",
        "min",
        "max",
        "Strategic",
        "Operational",
        "flags",
    )
    row = dict(zip(chart.table.columns, chart.table.rows[2]))  # joint governance
    f = demo.enablers["joint-governance"]
    assert row[""] == "Joint governance"
    assert (row["n"], row["mean"], row["min"], row["max"]) == ("10", f"{f.mean:.1f}", "1", "5")
    # n, skipped and not scored account for every participant (issue 19)
    locality = dict(zip(chart.table.columns, chart.table.rows[6]))
    assert (locality["n"], locality["skipped"], locality["unscored"]) == ("8", "1", "1")
    assert row["flags"] == "polarised"
    spread = charts.enabler_spread(demo)
    row = dict(zip(spread.table.columns, spread.table.rows[8]))  # information sharing
    assert [row[str(level)] for level in range(1, 6)] == ["3", "5", "0", "0", "0"]
    assert row["flags"] == "low"
    assert "Information sharing" in spread.table.text()


def radar_rows(values, ascii=True):
    text = charts.draw_radar(
        ["N", "E", "S", "W"], [charts.Series("m", values)], width=41, height=21, ascii=ascii
    )
    return text.splitlines()


def test_radar_known_answer_distance_from_the_centre():
    def extent(values):
        rows = radar_rows(values)
        stars = [(r, c) for r, line in enumerate(rows) for c, ch in enumerate(line) if ch == "*"]
        return (
            min(r for r, _ in stars),
            max(r for r, _ in stars),
            min(c for _, c in stars),
            max(c for _, c in stars),
        )

    top5, bottom5, left5, right5 = extent((5, 5, 5, 5))
    top1, bottom1, left1, right1 = extent((1, 1, 1, 1))
    assert top5 < top1 and bottom5 > bottom1 and left5 < left1 and right5 > right1
    # symmetric: as far up as down, as far left as right (to a cell)
    centre_row, centre_col = (top5 + bottom5) / 2, (left5 + right5) / 2
    assert (
        abs(centre_row - (top1 + bottom1) / 2) <= 1 and abs(centre_col - (left1 + right1) / 2) <= 1
    )
    # a lopsided shape: high at the top, low elsewhere
    top, bottom, left, right = extent((5, 1, 1, 1))
    assert top == top5 and bottom == bottom1 and left == left1 and right == right1
    # the axis label sits above the top of the shape
    rows = radar_rows((5, 5, 5, 5))
    assert rows[0].strip() == "N" and rows[0].index("N") == pytest.approx(centre_col, abs=1)


def one_item_group(framework, scores):
    return compute(
        [
            Session(framework.id, Participant(f"P{n}"), scores={"leadership": s})
            for n, s in enumerate(scores)
        ],
        framework,
    )


def test_spread_known_answer_split_view(framework):
    results = one_item_group(framework, [1, 1, 5, 5, 5])
    chart = charts.spread_chart(results, ["leadership"], ["Leadership"], "t", width=60, ascii=True)
    lines = chart.drawing.splitlines()
    row = next(line for line in lines if line.lstrip().startswith("Leadership"))
    ticks = lines[-1]
    assert row.count("o") == 5
    dots = [c for c, ch in enumerate(row) if ch == "o"]
    left, right = dots[:2], dots[2:]
    assert abs(sum(left) / 2 - ticks.index("1")) <= 1
    assert abs(sum(right) / 3 - ticks.index("5")) <= 1
    assert row.rstrip().endswith("3.4 split")


def test_spread_scales_dots_for_big_groups(framework):
    results = one_item_group(framework, [3] * 200 + [4] * 5)
    chart = charts.spread_chart(results, ["leadership"], ["Leadership"], "t", width=60, ascii=True)
    row = next(line for line in chart.drawing.splitlines() if "Leadership" in line)
    per_dot = int(re.search(r"\d+", chart.legend[0][1]).group())
    # a dot per `per_dot` people; those left over shown as their number (issue 12)
    assert per_dot > 1 and row.count("#") == 200 // per_dot + 5 // per_dot
    assert chart.legend[0][0] == "#" and "o" not in row  # "o" is one participant, everywhere
    numbers = [int(d) for d in re.findall(r"(?<![\d.])\d+(?![\d.])", row)]
    assert numbers == [n % per_dot for n in (200, 5) if n % per_dot]


def test_nothing_scored_still_draws(framework):
    empty = compute([], framework)
    for chart in every_chart(empty, width=78, height=18, ascii=True):
        assert chart.text().isascii()
    assert charts.enabler_radar(empty).table.rows[0][1:6] == ("0", "0", "0", "-", "-")


def test_range_kinds(demo):
    with pytest.raises(ValueError):
        charts.enabler_radar(demo, range_kind="everything")
    none = charts.enabler_radar(demo, range_kind="none", ascii=True)
    assert not any("range" in label for _, label in none.legend)
    middle = charts.enabler_radar(demo, range_kind="middle", ascii=True)
    assert middle.table.columns[5:7] == ("q1", "q3")


def test_ascii_folding_of_words_from_files():
    assert (
        charts.ascii_text("Children’s Services – Zoë “Jo” Ó Sé…")
        == 'Children\'s Services - Zoe "Jo" O Se...'
    )
    assert charts.ascii_text("健康") == "??"


def test_braille_follows_the_locale():
    assert charts.braille_ok({"LANG": "en_GB.UTF-8"})
    assert charts.braille_ok({"LC_ALL": "C.utf8", "LANG": "C"})
    assert not charts.braille_ok({"LC_ALL": "C", "LANG": "en_GB.UTF-8"})
    assert not charts.braille_ok({"LANG": "en_GB.ISO-8859-1"})
    assert not charts.braille_ok({})


def test_charts_drawn_from_threads_match_serial_drawing(demo):
    serial = [
        charts.enabler_radar(demo, ascii=True).drawing,
        charts.enabler_spread(demo).drawing,
    ] * 4
    with ThreadPoolExecutor(4) as pool:
        futures = [
            pool.submit(
                lambda n=n: (
                    (
                        charts.enabler_radar(demo, ascii=True)
                        if n % 2 == 0
                        else charts.enabler_spread(demo)
                    ).drawing
                )
            )
            for n in range(8)
        ]
    assert [f.result() for f in futures] == serial


def test_plotext_is_imported_only_when_a_chart_is_drawn():
    code = (
        "import sys\n"
        "from bb_tui.core.framework import load_framework\n"
        "from bb_tui.core import collection as merge, stats\n"
        "from bb_tui.render import charts\n"
        "fw = load_framework()\n"
        "r = stats.compute(merge.collect(['sessions/demo'], fw), fw)\n"
        "assert 'plotext' not in sys.modules and 'textual' not in sys.modules\n"
        "charts.enabler_radar(r)\n"
        "assert 'plotext' in sys.modules and 'textual' not in sys.modules\n"
    )
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", code], check=True, cwd=repo)


def test_a_dot_is_one_participant_on_every_spread_whatever_its_width(framework):
    """Issue 20: ● meant 2 participants on a narrow spread and 1 on a wide one."""
    results = one_item_group(framework, [3] * 30 + [4] * 5)
    for width in range(40, 121, 10):
        for ascii in (False, True):
            chart = charts.spread_chart(
                results, ["leadership"], ["Leadership"], "t", width=width, ascii=ascii
            )
            meaning = dict(chart.legend)
            assert meaning.get(charts.DOT[ascii], "1 participant") == "1 participant"
            if charts.DOT[ascii] not in meaning:  # several to a mark: another shape, counted
                assert re.fullmatch(r"\d+ participants", meaning[charts.DOTS[ascii]])
