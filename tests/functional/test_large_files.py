"""A session file as large as the loader accepts: screens show its start and where to read the rest,
the full text stays reachable (a text longer than the editor takes is read a page at a time), the
editor caps typing with a message, and a save keeps every byte.
(Timing is measured in benchmarks/bench_large_files.py, not here.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import TextArea

from bb_tui.core.session import load_session
from bb_tui.tui.widgets.editors import TEXT_CAP, LongTextReader, page_starts
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
    large, make_app
):
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
        await pilot.press("e")  # the full text, a page at a time
        assert app.screen.query_one(LongTextReader).full_text == text


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
        assert app.screen.query_one(LongTextReader).full_text == text


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


def test_pages_hold_the_whole_text_and_break_at_a_line_or_a_space():
    for text in ("", "short", "a\n" * 40_000, "word " * 100_000, "早期" * 50_000):
        starts = page_starts(text)
        pages = [text[a:b] for a, b in zip(starts, starts[1:] + [len(text)])]
        assert "".join(pages) == text
        assert all(0 < len(page) <= TEXT_CAP for page in pages) or text == ""
    starts = page_starts("a line of text\n" * 10_000)
    assert all(s % len("a line of text\n") == 0 for s in starts)  # whole lines
    assert all(s % 5 == 0 for s in page_starts("word " * 100_000))  # whole words


async def test_text_over_the_cap_opens_read_a_page_at_a_time_and_a_save_keeps_every_byte(
    large, make_app
):
    path, text = large("cjk")
    before = path.read_bytes()
    app = make_app(path.parent, path)
    async with app.run_test(size=TALL) as pilot:
        await pilot.pause()
        app.action_enabler(LONG_ENABLER)
        await pilot.pause()
        await pilot.press("e")
        reader = app.screen.query_one(LongTextReader)
        area = reader.query_one(TextArea)
        assert reader.full_text == text and len(area.text) <= TEXT_CAP
        assert area.read_only and area.has_focus and area.cursor_location == (0, 0)  # its start
        note = plain(reader.query_one(".long-text-note"))
        assert (
            f"This text is {len(text):,} characters, longer than the editor takes "
            f"({TEXT_CAP:,})" in note
        )
        assert "kept whole in your file" in note and "] next page" in note
        starts = page_starts(text)
        assert area.text == text[: starts[1]]
        await pilot.press("right_square_bracket", "right_square_bracket", "left_square_bracket")
        assert area.text == text[starts[1] : starts[2]]
        assert f"Page 2 of {len(starts):,}" in plain(reader.query_one(".long-text-note"))
        await type_text(pilot, "abc")
        await pilot.press("backspace", "enter", "delete")
        assert area.text == text[starts[1] : starts[2]] and reader.full_text == text
        assert any("kept whole" in n and f"{TEXT_CAP:,}" in n for n in notifications(app))
        assert app.current.session.evidence[LONG_ENABLER] == text
        await pilot.press("escape", "1")  # a score change: the session is saved again
        app.current.flush()
    after = path.read_bytes()
    assert after != before  # it was saved
    assert load_session(path, app.framework).evidence[LONG_ENABLER] == text
    assert text.encode() in after


async def test_huge_reflections_open_read_a_page_at_a_time(large, make_app, framework):
    path, _ = large("reflections")
    original = load_session(path, framework)
    app = make_app(path.parent, path)
    async with app.run_test(size=TALL) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        readers = list(app.screen.query(LongTextReader))
        assert [r.full_text for r in readers] == [
            original.reflections[t.id] for t in framework.themes
        ]
        assert "longer than the editor takes" in screen_text(app).replace("\n", " ")
        await type_text(pilot, "abc")
        await pilot.press("tab")
        await type_text(pilot, "abc")
        app.current.flush()
        await pilot.press("escape")
    assert load_session(path, framework).reflections == original.reflections


async def test_typing_in_a_small_note_keeps_the_huge_one_and_serialises_off_the_ui_thread(
    large, make_app, framework, monkeypatch
):
    import threading

    from bb_tui.core import autosave

    path, text = large("evidence-one")
    dumped_on: list[str] = []
    dump = autosave.dump_session

    def recording_dump(*args, **kwargs):
        dumped_on.append(threading.current_thread().name)
        return dump(*args, **kwargs)

    monkeypatch.setattr(autosave, "dump_session", recording_dump)
    app = make_app(path.parent, path)
    async with app.run_test(size=TALL) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        area = app.screen.query_one(TextArea)
        assert not isinstance(area.parent, LongTextReader)
        await type_text(pilot, "abc")
        for _ in range(100):  # the writer saves within a second
            if not app.current.unsaved:
                break
            await pilot.pause(0.05)
        assert not app.current.unsaved and dumped_on
        assert threading.main_thread().name not in dumped_on  # never on the UI thread
        await pilot.press("escape")
    saved = load_session(path, framework)
    assert saved.evidence[LONG_ENABLER] == text
    assert saved.reflections[framework.themes[0].id].endswith("abc")


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
async def test_every_long_note_is_kept_whole_after_opening_and_saving(
    large, make_app, framework, case
):
    path, _ = large(case)
    original = load_session(path, framework)
    app = make_app(path.parent, path)
    async with app.run_test(size=TALL) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        first = app.framework.themes[0].id
        box = app.screen.query_one(f"#r-{first}", TextArea)
        shown = box.parent.full_text if isinstance(box.parent, LongTextReader) else box.text
        assert shown == original.reflections.get(first, "")
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


async def test_back_from_a_panel_the_sessions_list_reads_only_files_that_changed(
    large, make_app, monkeypatch
):
    from bb_tui.core import listing

    path, _ = large()
    app = make_app(path.parent)
    async with app.run_test(size=TALL) as pilot:
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.press("f7")
        await settle(pilot)
        reads: list[str] = []
        real = listing.parse_toml_bytes
        monkeypatch.setattr(
            listing,
            "parse_toml_bytes",
            lambda p, *a, **k: reads.append(Path(p).name) or real(p, *a, **k),
        )
        await pilot.press("escape")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert WHO not in reads and reads == []
        assert WHO in screen_text(app) or "Joanne Hallett" in screen_text(app)
        other = sorted(p for p in path.parent.glob("*.toml") if p.name != WHO)[0]
        other.write_bytes(other.read_bytes() + b"\n")  # changed: read again on refresh
        await pilot.press("f5")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert reads == [other.name]
