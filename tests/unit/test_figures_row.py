"""Issue 19: one presentation, one precision, and thresholds tested at their boundaries.

An item's figures are built once (render.figures_row) and read the same in every output; core
gives flags and figures, render words them; what a person reads is to one decimal; n, skipped
and not scored add up to the participants in every table that shows n. Every boundary test uses
at least the minimum group size of people, so the rule under test is the one that decides.
"""

from __future__ import annotations

import csv
import inspect
import io
import json
import re
from pathlib import Path

import pytest

from bb_tui.cli.main import main
from bb_tui.core import rounds, stats
from bb_tui.core.framework import load_framework
from bb_tui.core.rounds import load_round
from bb_tui.core.session import Participant, Session
from bb_tui.core.stats import DigDeeper, Thresholds, compute
from bb_tui.render import charts, words
from bb_tui.render.figures_row import figures_row
from bb_tui.render.markdown import render_markdown
from bb_tui.render.spreadsheet import csv_files
from bb_tui.render.text import merge_report
from bb_tui.tui.screens.group.results.dig import dig_table

FW = load_framework()
REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "sessions" / "demo"
ALL = [e.id for e in FW.enablers]
THEME = FW.theme(FW.enabler("leadership").theme_id)


def person(name: str, scores=None, skipped=(), level="", sector="") -> Session:
    return Session(
        FW.id,
        participant=Participant(name=name, level=level, sector=sector),
        scores=dict(scores or {}),
        skipped=list(skipped),
    )


def leadership(*given: int) -> list[Session]:
    return [person(f"P{n}", {"leadership": s}) for n, s in enumerate(given)]


def write_session(folder: Path, stem: str, name: str, level: str, scores: dict[str, int]) -> None:
    body = "\n".join(f"{k} = {v}" for k, v in scores.items())
    (folder / f"{stem}.toml").write_text(
        'format = "bb-session"\nformat_version = 1\n'
        f'framework = "{FW.id}"\ncreated = 2026-10-01T09:00:00Z\n'
        f'updated = 2026-10-01T10:00:00Z\n\n[participant]\nname = "{name}"\n'
        f'organisation = "Org {stem}"\nlevel = "{level}"\n\n[scores]\n{body}\n',
        "utf-8",
    )


# ---------------------------------------------------------------- thresholds at their boundaries


def test_other_thresholds_decide_at_their_own_boundaries():
    """Low 3, gap 2, minimum 4: each rule reads its threshold, not the framework's default."""
    t = Thresholds(3.0, 2, 4)
    at = compute(leadership(3, 3, 3, 3), FW, thresholds=t).enablers["leadership"]
    assert (at.n, at.mean, at.too_few, at.low) == (4, 3.0, False, False)  # 3.0 is not below 3
    under = compute(leadership(3, 3, 3, 2), FW, thresholds=t).enablers["leadership"]
    assert under.mean == 2.75 and under.low
    gap = compute(leadership(2, 4, 3, 3), FW, thresholds=t).enablers["leadership"]
    assert not gap.too_few and gap.polarised  # 4 - 2 = 2, the gap itself
    narrow = compute(leadership(3, 4, 3, 3), FW, thresholds=t).enablers["leadership"]
    assert not narrow.polarised
    three = compute(leadership(1, 1, 1), FW, thresholds=t).enablers["leadership"]
    assert three.too_few and not three.low  # 3 is under a minimum of 4
    four = compute(leadership(1, 1, 1, 1), FW, thresholds=t).enablers["leadership"]
    assert not four.too_few and four.low


def test_a_theme_is_low_only_when_one_of_its_enablers_is_scored_by_enough():
    ids = [e.id for e in THEME.enablers]
    two = [person(f"P{n}", dict.fromkeys(ids, 1)) for n in range(2)]
    theme = compute(two, FW).themes[THEME.id]
    assert theme.mean == 1.0 and not theme.low  # every enabler too few to call
    three = two + [person("P2", dict.fromkeys(ids, 1))]
    assert compute(three, FW).themes[THEME.id].low
    # one enabler scored by three is enough for the theme to be called
    mixed = two + [person("P2", {ids[0]: 1})]
    assert compute(mixed, FW).themes[THEME.id].low


@pytest.mark.parametrize(
    ("given", "ok"),
    [
        ({"low": 1}, True),  # the scale's ends are thresholds a partnership may choose
        ({"low": 5}, True),
        ({"low": 0.99}, False),
        ({"low": 5.01}, False),
        ({"gap": 4}, True),  # 5 - 1: only a 1 and a 5 are polarised
        ({"gap": 1}, True),
        ({"gap": 5}, False),
        ({"gap": 0}, False),
        ({"min_group_size": 1}, True),
        ({"min_group_size": 1000}, True),
        ({"min_group_size": 0}, False),
        ({"min_group_size": 1001}, False),
    ],
)
def test_threshold_ranges_include_their_ends(given, ok):
    if ok:
        Thresholds.for_framework(FW, **given)
    else:
        with pytest.raises(ValueError):
            Thresholds.for_framework(FW, **given)


def test_the_largest_gap_is_polarised_only_from_one_end_to_the_other():
    ends = compute(leadership(1, 5, 3), FW, gap=4).enablers["leadership"]
    assert ends.polarised
    short = compute(leadership(1, 4, 3), FW, gap=4).enablers["leadership"]
    assert not short.polarised


def test_a_pool_of_exactly_the_minimum_takes_no_group_with_it():
    people = [
        person("A0", {"leadership": 3}, level="strategic"),
        *(person(f"B{n}", {"leadership": 3}, level="") for n in range(2)),
        *(person(f"C{n}", {"leadership": 4}, level="operational") for n in range(3)),
    ]
    r = compute(people, FW, by="level")
    assert [(g.key, g.participants) for g in r.groups] == [("operational", 3), ("other", 3)]
    assert r.joined == ()
    assert "pooled too" not in words.pooled_line(r)


def test_anonymous_counts_by_level_when_every_level_has_exactly_the_minimum(tmp_path: Path):
    for n in range(3):
        write_session(tmp_path, f"s{n}", f"S {n}", "strategic", {"leadership": 3})
        write_session(tmp_path, f"o{n}", f"O {n}", "operational", {"leadership": 3})
    text = render_markdown(load_round([tmp_path], FW, anonymous=True))
    assert "6 participants: 3 strategic, 3 operational." in text
    (tmp_path / "o2.toml").unlink()
    text = render_markdown(load_round([tmp_path], FW, anonymous=True))
    assert "5 participants." in text and "2 operational" not in text


def test_a_mean_on_the_threshold_reads_as_it_is():
    f = compute(leadership(2, 3, 2, 3), FW).enablers["leadership"]
    assert f.mean == 2.5 and words.mean(f, compute([], FW).thresholds) == "2.5"


# ---------------------------------------------------------------- words live in render


def test_core_gives_flags_and_figures_not_words():
    assert not hasattr(stats, "_reasons") and not hasattr(stats, "shown")
    assert "reasons" not in inspect.signature(DigDeeper).parameters
    for name in ("fmt", "fmt_int", "signed", "shown_change"):
        assert not hasattr(rounds, name), name
    assert not hasattr(rounds.Comparison, "columns") and not hasattr(rounds.Comparison, "rows")
    assert not hasattr(rounds.Turnout, "lines")


def test_reasons_list_low_before_polarised_everywhere(tmp_path: Path, capsys):
    both = {"leadership": 1}
    people = [person("A", both), person("B", both), person("C", {"leadership": 4})]
    r = compute(people, FW)
    f = r.enablers["leadership"]
    assert f.low and f.polarised
    why = "low: mean 2.0, below 2.5; polarised: scores from 1 to 4"
    assert "; ".join(words.reasons(f, r.thresholds)) == why
    assert f"1. Leadership: {why}" in merge_report(r)
    assert figures_row("Leadership", f, r.thresholds).reasons == words.reasons(f, r.thresholds)
    for n, scores in enumerate(([1], [1], [4])):
        write_session(tmp_path, f"p{n}", f"P {n}", "strategic", {"leadership": scores[0]})
    assert main(["merge", "--json", str(tmp_path)]) == 0
    data = json.loads(capsys.readouterr().out)
    entry = data["dig_deeper"][0]
    assert list(entry)[-2:] == ["reasons", "indicators"]  # where the reasons always stood
    assert entry["reasons"] == why.split("; ")
    assert f"**Leadership**: {why}." in render_markdown(load_round([tmp_path], FW))


# ---------------------------------------------------------------- one precision


TWO_DECIMALS = re.compile(r"(?<![\d.])\d\.\d\d(?!\d)")


def test_the_by_tables_print_means_to_one_decimal(capsys):
    assert main(["merge", "--by", "sector", str(DEMO)]) == 0
    text = capsys.readouterr().out.split("Mean score by sector")[1].split("Participants (")[0]
    assert "Joint governance" in text and not TWO_DECIMALS.findall(text)
    assert main(["report", "--by", "sector", str(DEMO)]) == 0
    report = capsys.readouterr().out
    section = report.split("## Mean score by sector")[1].split("\n## ")[0]
    assert "| Joint governance | 2.8 |" in section and not TWO_DECIMALS.findall(section)


def test_the_text_report_prints_every_figure_to_one_decimal(capsys):
    r = load_round([DEMO], FW).results
    text = merge_report(r).split("Where to dig deeper")[0]
    assert "(theme mean 3.1)" in text and not TWO_DECIMALS.findall(text)


def test_json_and_csv_keep_full_precision(tmp_path: Path, capsys):
    now = load_round([DEMO], FW)
    f = now.results.enablers["information-sharing"]
    assert f.mean == 1.625 and figures_row("", f, now.results.thresholds).mean == "1.6"
    assert main(["merge", "--json", str(DEMO)]) == 0
    assert json.loads(capsys.readouterr().out)["enablers"]["information-sharing"]["mean"] == 1.625
    summary = csv_files(now, tmp_path / "x.csv")[tmp_path / "x-summary.csv"].decode()
    rows = {row["item_id"]: row for row in csv.DictReader(io.StringIO(summary))}
    assert rows["information-sharing"]["mean"] == "1.625"
    assert rows["information-sharing"]["stdev"] == "0.484123"


# ---------------------------------------------------------------- a low theme is called low


def test_a_low_theme_is_called_low_wherever_themes_are_shown():
    now = load_round([DEMO], FW)
    r = now.results
    assert r.themes["partnership-process"].low
    assert "Partnership and process (theme mean 2.3, low)" in merge_report(r)
    assert "### Theme 3: Partnership and process (mean 2.3, low)" in render_markdown(now)
    chart = charts.theme_radar(r, "partnership-process", ascii=True)
    assert chart.title == "Theme: Partnership and process, mean 2.3, low"
    calm = charts.theme_radar(r, "people-place", ascii=True)
    assert calm.title == "Theme: People and place, mean 3.3"


# ---------------------------------------------------------------- n, skipped and not scored


def _adds_up(columns, rows, participants, n="n", skipped="skipped", unscored="unscored"):
    assert rows
    for row in rows:
        cells = dict(zip(columns, row))
        assert int(cells[n]) + int(cells[skipped]) + int(cells[unscored]) == participants, row


def test_every_table_that_shows_n_shows_skipped_and_not_scored():
    now = load_round([DEMO], FW, by="level")
    r = now.results
    assert r.participants == 10
    for chart in (
        charts.enabler_radar(r, overlay=r.groups),
        charts.theme_radar(r, "people-place"),
        charts.indicator_radar(r, "joint-governance"),
        charts.enabler_spread(r),
        charts.indicator_spread(r, "information-sharing"),
    ):
        _adds_up(chart.table.columns, chart.table.rows, 10)
    table = dig_table(r)
    _adds_up(table.columns, table.rows, 10)
    markdown = render_markdown(now)
    head = "| Enabler | n | Skipped | Not scored | Mean |"
    assert markdown.count(head) == 3
    tables = [[c.strip() for c in line.strip("|").split("|")] for line in markdown.splitlines()]
    rows = [cells[1:4] for cells in tables if len(cells) == 10 and cells[1].isdigit()]
    assert len(rows) == 12 and all(sum(int(c) for c in row) == 10 for row in rows)
    text = merge_report(r)
    assert "n skip unsc mean" in text
    locality = next(line for line in text.splitlines() if line.startswith("Locality"))
    assert locality.split()[1:4] == ["8", "1", "1"]


def test_the_discussion_figures_line_counts_everyone():
    r = load_round([DEMO], FW).results
    line = figures_row("Locality", r.enablers["locality"], r.thresholds).summary()
    assert line.endswith("8 scored, 1 skipped, 1 not scored")
    assert line.startswith("Mean 3.3  median 3.0  range 2-4  sd 0.7  ") and len(line) <= 76


# ---------------------------------------------------------------- one builder


def test_every_view_takes_its_figures_from_the_one_row(tmp_path: Path):
    now = load_round([DEMO], FW)
    r = now.results
    row = figures_row("Joint governance", r.enablers["joint-governance"], r.thresholds)
    assert (row.n, row.skipped, row.unscored, row.mean, row.median, row.range, row.sd) == (
        "10",
        "0",
        "0",
        "2.8",
        "2.5",
        "1-5",
        "1.2",
    )
    text = next(line for line in merge_report(r).splitlines() if line.startswith("Joint gov"))
    assert text.split()[2:8] == [row.n, row.skipped, row.unscored, row.mean, row.median, row.sd]
    assert "| Joint governance | 10 | 0 | 0 | 2.8 | 2.5 | 1-5 | 1.2 | 3 | polarised |" in (
        render_markdown(now)
    )
    radar = charts.enabler_radar(r)
    cells = dict(zip(radar.table.columns, radar.table.rows[2]))
    assert (cells["mean"], cells["min"], cells["max"]) == (row.mean, row.lowest, row.highest)
    spread = charts.enabler_spread(r)
    cells = dict(zip(spread.table.columns, spread.table.rows[2]))
    assert (cells["mean"], cells["median"], cells["sd"], cells["flags"]) == (
        row.mean,
        row.median,
        row.sd,
        row.flags(),
    )
    summary = csv_files(now, tmp_path / "x.csv")[tmp_path / "x-summary.csv"].decode()
    rows = {r["item_id"]: r for r in csv.DictReader(io.StringIO(summary))}
    jg = rows["joint-governance"]
    machine = row.machine()
    assert (jg["n"], jg["skipped"], jg["unscored"]) == tuple(str(v) for v in machine[:3])
    assert float(jg["mean"]) == machine[3] == 2.8


# ---------------------------------------------------------------- why a group joined the pool


def test_the_pooling_sentence_says_why_a_big_enough_group_joined(tmp_path: Path, capsys):
    people = [
        *(person(f"S{n}", {"leadership": 3}, level="strategic") for n in range(3)),
        *(person(f"O{n}", {"leadership": 4}, level="operational") for n in range(4)),
        person("N0", {"leadership": 2}),
    ]
    r = compute(people, FW, by="level")
    assert [g.key for g in r.groups] == ["operational", "other"]
    assert r.pooled == ("Strategic", "Level not given") and r.joined == ("Strategic",)
    line = words.pooled_line(r)
    assert line == (
        "Groups under 3 participants are pooled so no one can be singled out; Strategic has 3 "
        "or more but was pooled too, as a pool under 3 could be worked out by subtracting the "
        "groups shown from the whole group."
    )
    assert line.split("; ")[1] in " ".join(merge_report(r).split())
    # everything pooled: the sentence does not say no group had the minimum
    r = compute(people[:3] + people[-1:], FW, by="level")
    assert r.groups == () and r.joined == ("Strategic",)
    assert "No subgroup has" not in words.pooled_line(r)
    assert "Strategic has 3 or more but was pooled too" in words.pooled_line(r)
