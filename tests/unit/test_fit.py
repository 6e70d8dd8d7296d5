"""render.fit: a table in a terminal's width, words cut and figures never (issue 20)."""

from __future__ import annotations

import datetime as dt

from bb_tui.render.board import saved_at
from bb_tui.render.charts import Table
from bb_tui.render.fit import cut_words, fit

LONG = "Riverside Council – Children's Services"
TABLE = Table(
    ("", "n", "mean", LONG, "Other long organisation name", "flags"),
    (
        (
            "1. Long-term commitment to improving early years outcomes",
            "10",
            "3.8",
            "4",
            "too few",
            "low, polarised",
        ),
    ),
)


def test_words_are_cut_after_a_whole_word_with_an_ellipsis():
    assert cut_words("Riverside Council – Children's", 18) == "Riverside Council…"
    assert cut_words("Mutual understanding", 12) == "Mutual…"
    assert cut_words("Supercalifragilistic", 8) == "Superca…"
    assert cut_words("short", 8) == "short"
    assert all(len(cut_words(LONG, w)) <= w for w in range(1, 50))


def test_at_80_every_figure_shows_and_long_headings_are_letters_in_a_legend():
    f = fit(TABLE, 78)
    assert f.columns == ("", "n", "mean", "A", "B", "flags")
    assert f.rows[0][1:] == TABLE.rows[0][1:]
    assert f.legend == (f"A {LONG}", "B Other long organisation name")
    assert f.more == ""
    assert sum(w + 2 for w in f.widths) <= 78
    assert f.detail(0) == TABLE.rows[0][0]  # cut on the table, whole on the detail line


def test_columns_that_cannot_fit_are_scrolled_to_and_counted():
    seen: set[str] = set()
    offset = 0
    for _ in range(6):
        f = fit(TABLE, 30, offset=offset)
        assert sum(w + 2 for w in f.widths) <= 30
        assert f.more.endswith("more columns (← →)") or f.more.endswith("more column (← →)")
        seen.update(f.rows[0][1:])
        if not f.hidden_right:
            break
        offset = f.hidden_left + 1
    assert seen == set(TABLE.rows[0][1:])


def test_saved_is_a_clock_today_and_a_day_before():
    now = dt.datetime(2026, 12, 7, 15, 0).astimezone()
    assert saved_at(now.replace(hour=9, minute=5), now) == "09:05"
    assert saved_at(now - dt.timedelta(days=3), now) == "4 Dec"
    assert saved_at(None) == "-"
