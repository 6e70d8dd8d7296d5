"""Rounds: loading a folder with its partnership file, and the change between two rounds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bb_tui.core.framework import load_framework
from bb_tui.core.rounds import RoundError, compare, load_round
from bb_tui.render import changes
from bb_tui.render.changes import mean, shown_change, signed
from bb_tui.render.charts import comparison_radar

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "sessions" / "demo"
SPRING = REPO / "sessions" / "demo-spring-2026"
BROKEN = REPO / "tests" / "data" / "partnership" / "broken"
FW = load_framework()


def test_demo_rounds_load_with_their_partnership_files():
    now, before = load_round([DEMO], FW), load_round([SPRING], FW)
    assert (now.label, now.results.participants) == ("Autumn 2026", 10)
    assert (before.label, before.results.participants) == ("Spring 2026", 6)
    assert now.partnership_path == str(DEMO / "partnership.toml")
    assert [i.format for i in now.collection.ignored] == ["bb-partnership"]


def test_comparison_known_answers():
    c = compare(load_round([DEMO], FW), load_round([SPRING], FW))
    by_id = {change.id: change for change in c.enablers}
    jg = by_id["joint-governance"]
    # spring: 2, 1, 4, 3, 1, 3 -> 14/6; autumn: 28/10
    assert jg.mean_before == pytest.approx(14 / 6) and jg.mean_now == pytest.approx(2.8)
    assert jg.mean_change == pytest.approx(2.8 - 14 / 6)
    assert (jg.agreed_before, jg.agreed_now, jg.agreed_change) == (2, 3, 1)
    cw = by_id["communicating-why"]  # agreed only now: no change to show
    assert (cw.agreed_before, cw.agreed_now, cw.agreed_change) == (None, 3, None)
    assert [change.id for change in c.themes] == [t.id for t in FW.themes]
    assert changes.columns(c)[1:3] == ("Mean Spring 2026", "Mean Autumn 2026")
    row = {r[0]: r for r in changes.rows(c)}["Joint governance"]
    # beside the whole group's change, the change among the 6 in both rounds (issue 11)
    assert changes.columns(c)[4] == "Change, same 6 people"
    assert row == ("Joint governance", "2.3", "2.8", "+0.5", "+0.9", "2", "3", "+1")


def test_radar_overlays_both_rounds_with_a_table():
    c = compare(load_round([DEMO], FW), load_round([SPRING], FW))
    chart = comparison_radar(c, width=72, height=20, ascii=True)
    assert chart.text().isascii()
    assert "*" in chart.drawing and "o" in chart.drawing
    assert ("*", "Autumn 2026 mean") in chart.legend and ("o", "Spring 2026 mean") in chart.legend
    assert len(chart.table.rows) == 12 and chart.table.columns == changes.columns(c)


@given(st.floats(1, 5), st.floats(1, 5))
def test_shown_change_adds_up_on_the_page(before, now):
    shown = shown_change(before, now)
    assert float(shown) == pytest.approx(float(mean(now)) - float(mean(before)), abs=1e-9)
    assert shown == "0.0" or shown[0] in "+-"


def test_signed():
    assert (signed(0.0), signed(-0.04), signed(1, 0), signed(None)) == ("0.0", "0.0", "+1", "-")


def test_label_falls_back_to_the_folder_name(tmp_path):
    folder = tmp_path / "winter-2027"
    folder.mkdir()
    for path in SPRING.glob("*.toml"):
        if path.name != "partnership.toml":
            shutil.copy(path, folder / path.name)
    r = load_round([folder], FW)
    assert (r.label, r.partnership, r.partnership_path) == ("winter-2027", None, None)


def test_missing_folder(tmp_path):
    with pytest.raises(RoundError) as caught:
        load_round([tmp_path / "nope"], FW)
    assert caught.value.line() == f"{tmp_path / 'nope'}: no such file or folder"


def test_folder_of_broken_sessions_names_the_first_problem(tmp_path):
    (tmp_path / "a.toml").write_text(
        'format = "bb-session"\nformat_version = 1\n', encoding="utf-8"
    )
    with pytest.raises(RoundError) as caught:
        load_round([tmp_path], FW)
    line = caught.value.line()
    assert line.startswith(f"{tmp_path}: no session file could be read (1 rejected, first: ")
    assert "a.toml" in line and "\n" not in line


def test_broken_partnership_file_is_a_round_error(tmp_path):
    shutil.copytree(SPRING, tmp_path / "spring")
    shutil.copy(BROKEN / "challenge-unknown.toml", tmp_path / "spring" / "partnership.toml")
    with pytest.raises(RoundError) as caught:
        load_round([tmp_path / "spring"], FW)
    assert caught.value.line() == (
        f"{tmp_path / 'spring' / 'partnership.toml'}: challenges.money: unknown challenge id"
    )


def test_named_partnership_file_wins(tmp_path):
    r = load_round([DEMO], FW, partnership=SPRING / "partnership.toml")
    assert r.label == "Spring 2026" and r.results.participants == 10
