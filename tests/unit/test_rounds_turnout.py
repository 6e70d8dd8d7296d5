"""Issue 11, case 9: comparing rounds says who took part in both, who is new and who is gone, and shows
the change among the people in both rounds beside the change in the whole group."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from bb_tui.core.framework import load_framework
from bb_tui.core.rounds import compare, load_round
from bb_tui.render import changes
from bb_tui.render.markdown import render_markdown

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "sessions" / "demo"
SPRING = REPO / "sessions" / "demo-spring-2026"
FW = load_framework()


def scores(folder: Path, enabler: str, names: set[str] | None = None) -> list[int]:
    out = []
    for path in sorted(folder.glob("*.toml")):
        data = tomllib.loads(path.read_text("utf-8"))
        if data.get("format") != "bb-session" or (
            names and data["participant"]["name"] not in names
        ):
            continue
        if enabler in data.get("scores", {}):
            out.append(data["scores"][enabler])
    return out


@pytest.fixture
def rounds(tmp_path: Path) -> tuple[Path, Path]:
    now, before = tmp_path / "now", tmp_path / "spring"
    shutil.copytree(DEMO, now)
    shutil.copytree(SPRING, before)
    return now, before


def test_turnout_counts_and_names(rounds):
    now, before = rounds
    (now / "amina-okafor.toml").unlink()  # took part in spring only
    c = compare(load_round([now], FW), load_round([before], FW))
    t = c.turnout
    assert (len(t.both), len(t.new), len(t.gone)) == (5, 4, 1)
    assert t.gone == ("Amina Okafor",)
    assert "Bethan Pryce" in t.new and "Helen Marchbank" in t.both
    text = " ".join(changes.turnout_lines(t))
    assert (
        "5 took part in both rounds" in text
        and "4 are new" in text
        and "1 took part only in" in text
    )
    assert "Amina Okafor" in text and "Bethan Pryce" in text


def test_anonymous_turnout_gives_counts_only(rounds):
    now, before = rounds
    c = compare(load_round([now], FW, anonymous=True), load_round([before], FW, anonymous=True))
    text = " ".join(changes.turnout_lines(c.turnout))
    assert "6 took part in both rounds" in text and "4 are new" in text
    for name in ("Amina Okafor", "Bethan Pryce", "Helen Marchbank"):
        assert name not in text


def test_people_are_matched_as_merge_matches_them(rounds):
    now, before = rounds
    path = before / "helen-marchbank.toml"
    path.write_text(
        path.read_text("utf-8").replace(
            'name = "Helen Marchbank"', 'name = "  helen   MARCHBANK "'
        ),
        "utf-8",
    )
    c = compare(load_round([now], FW), load_round([before], FW))
    assert len(c.turnout.both) == 6 and not c.turnout.gone


def test_change_among_the_same_people_beside_the_whole_group(rounds):
    now, before = rounds
    (now / "amina-okafor.toml").unlink()
    c = compare(load_round([now], FW), load_round([before], FW))
    both = set(c.turnout.both)
    jg = {s.id: s for s in c.same_people}["joint-governance"]
    then, later = scores(before, "joint-governance", both), scores(now, "joint-governance", both)
    assert jg.mean_before == pytest.approx(sum(then) / len(then))
    assert jg.mean_now == pytest.approx(sum(later) / len(later))
    whole = {s.id: s for s in c.enablers}["joint-governance"]
    assert whole.mean_now == pytest.approx(
        sum(scores(now, "joint-governance")) / len(scores(now, "joint-governance"))
    )
    assert "Change, same 5 people" in changes.columns(c)
    row = dict((r[0], r) for r in changes.rows(c))["Joint governance"]
    assert row[changes.columns(c).index("Change, same 5 people")] != "-"


def test_report_says_who_took_part_and_the_change_among_the_same_people(rounds):
    now, before = rounds
    c = compare(load_round([now], FW), load_round([before], FW))
    md = render_markdown(c.now, c)
    section = md[md.index("## Change since") :]
    assert "6 took part in both rounds" in section and "4 are new" in section
    assert "Bethan Pryce" in section
    assert "Change, same 6 people" in section
    anon = compare(load_round([now], FW, anonymous=True), load_round([before], FW, anonymous=True))
    section = render_markdown(anon.now, anon)
    section = section[section.index("## Change since") :]
    assert "6 took part in both rounds" in section and "Bethan Pryce" not in section
