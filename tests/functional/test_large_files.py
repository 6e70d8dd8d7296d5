"""A session file as large as the loader accepts: screens show its start and where to read the rest,
the full text stays reachable, the editor caps typing with a message, and a save keeps every byte.
(Timing is measured in benchmarks/bench_large_files.py, not here.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import TextArea

from bb_tui.core.session import load_session
from bb_tui.tui.widgets.editors import TEXT_CAP
from tests.support.large_sessions import LONG_ENABLER, WHO, make_large
from tests.support.partnership_host import settle
from tests.support.piloting import notifications, screen_text, type_text

TALL = (100, 40)


@pytest.fixture
def large(demo_dir: Path, framework):
    """The demo folder with one session filled to the limit; returns a maker per case."""
    def build(case: str = "evidence-one") -> tuple[Path, str]:
        path = make_large(demo_dir, framework, case)
        return path, load_session(path, framework).evidence.get(LONG_ENABLER, "")
    return build


def plain(widget) -> str:
    return str(widget.render())


async def test_overview_shows_the_start_of_long_evidence_and_where_to_read_the_rest(
        large, make_app):
    path, text = large()
    app = make_app(path.parent, path)
    async with app.run_test(size=TALL) as pilot:
        await pilot.pause()
        app.screen.rebuild(LONG_ENABLER)
        await pilot.pause()
        detail = plain(app.screen.query_one("#detail"))
        assert "evidence line 000001" in detail
        assert f"{text.count(chr(10)) + 1 - 3:,} more lines: e to read all" in detail
        assert len(detail) < 2000
        await pilot.press("e")  # the full text, in the editor
        assert app.screen.query_one(TextArea).text == text


async def test_enabler_screen_evidence_line_is_short_and_says_where_the_rest_is(large, make_app):
    path, text = large("long-line")
    app = make_app(path.parent, path)
    async with app.run_test(size=TALL) as pilot:
        await pilot.pause()
        app.action_enabler(LONG_ENABLER)
        await pilot.pause()
        line = plain(app.screen.query_one("#evidence-line"))
        assert "more characters: e to read all" in line
        assert len(line) < 2000
        await pilot.press("e")
        assert app.screen.query_one(TextArea).text == text


async def test_discussion_pack_cards_are_shortened_and_v_reads_them_whole(large, make_app):
    path, text = large()
    app = make_app(path.parent)
    async with app.run_test(size=TALL) as pilot:
        await pilot.pause()
        await pilot.press("f6")
        await settle(pilot)
        panel = app.screen
        for _ in range(len(panel.order)):
            if panel.enabler_id == LONG_ENABLER:
                break
            await pilot.press("right")
        cards = "\n".join(plain(c) for c in panel.query(".evidence-card"))
        assert "evidence line 000001" in cards
        assert "more lines: v to read all" in cards
        assert len(cards) < 20_000
        await pilot.press("v")
        await pilot.pause()
        assert text in app.screen.query_one(TextArea).text
        await pilot.press("escape")
        assert app.screen is panel


async def test_editor_loads_long_text_whole_refuses_typing_and_a_save_keeps_every_byte(
        large, make_app):
    path, text = large("cjk")
    before = path.read_bytes()
    app = make_app(path.parent, path)
    async with app.run_test(size=TALL) as pilot:
        await pilot.pause()
        app.action_enabler(LONG_ENABLER)
        await pilot.pause()
        await pilot.press("e")
        area = app.screen.query_one(TextArea)
        assert area.text == text
        await type_text(pilot, "abc")
        assert area.text == text
        assert any("longer than" in n and f"{TEXT_CAP:,}" in n for n in notifications(app))
        await pilot.press("escape", "1")  # a score change: the session is saved again
        app.current.flush()
    after = path.read_bytes()
    assert after != before  # it was saved
    assert load_session(path, app.framework).evidence[LONG_ENABLER] == text
    assert text.encode() in after


async def test_typing_past_the_cap_stops_at_the_cap_with_a_message(demo_dir, make_app, framework):
    path = demo_dir / WHO
    app = make_app(demo_dir, path)
    async with app.run_test(size=TALL) as pilot:
        await pilot.pause()
        app.action_enabler(LONG_ENABLER)
        await pilot.pause()
        await pilot.press("e")
        area = app.screen.query_one(TextArea)
        area.load_text("x" * (TEXT_CAP - 2))
        area.move_cursor(area.document.end)
        await type_text(pilot, "abcd")
        assert area.text == "x" * (TEXT_CAP - 2) + "ab"
        assert any(f"{TEXT_CAP:,}" in n for n in notifications(app))
        await pilot.press("escape")
        app.current.flush()
    assert load_session(path, framework).evidence[LONG_ENABLER].endswith("xab")


@pytest.mark.parametrize("case", ["evidence-all", "reflections"])
async def test_every_long_note_is_kept_whole_after_opening_and_saving(large, make_app, framework,
                                                                     case):
    path, _ = large(case)
    original = load_session(path, framework)
    app = make_app(path.parent, path)
    async with app.run_test(size=TALL) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        first = app.framework.themes[0].id
        assert app.screen.query_one(TextArea).text == original.reflections.get(first, "")
        await pilot.press("escape")
        app.action_enabler(LONG_ENABLER)
        await pilot.pause()
        await pilot.press("3")
        if case == "evidence-all":
            assert "more lines: e to read all" in plain(app.screen.query_one("#evidence-line"))
        app.current.flush()
    saved = load_session(path, framework)
    assert saved.evidence == original.evidence and saved.reflections == original.reflections
    assert saved.scores[LONG_ENABLER] == 3
