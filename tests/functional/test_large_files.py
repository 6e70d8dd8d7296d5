"""Limits a person would expect: a file over 1 MiB or a text field over 20,000 characters is refused
by validate, merge and the app in one line naming the limit, and never changed; a file just inside
both limits opens, shows the start of its long notes, edits every note whole and keeps every byte.
(Timing is measured in benchmarks/bench_large_files.py, not here.)"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import TextArea

from bb_tui.cli.main import main
from bb_tui.core.session import load_session
from bb_tui.storage.tomlio import MAX_FILE_BYTES, MAX_TEXT_CHARS
from tests.support.large_sessions import LONG_ENABLER, WHO, make_large, over_limit
from tests.support.partnership_host import settle
from tests.support.piloting import notifications, run_test, screen_text, type_text, workers_done

TALL = (100, 40)
TEXT_LINE = f"evidence for Leadership is {MAX_TEXT_CHARS + 1:,} characters; the limit is 20,000"


@pytest.fixture
def large(demo_dir: Path, framework):
    """The demo folder with one session filled to the limits; returns a maker per case."""

    def build(case: str = "evidence-one") -> tuple[Path, str]:
        path = make_large(demo_dir, framework, case)
        return path, load_session(path, framework).evidence.get(LONG_ENABLER, "")

    return build


def plain(widget) -> str:
    return str(widget.render())


def refusal(path: Path, what: str) -> str:
    if what == "text":
        return TEXT_LINE
    return f"is {path.stat().st_size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit; not read"


def run_cli(capsys, *argv) -> tuple[int, list[str], str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


# ---------------------------------------------------------------- past a limit: refused


@pytest.mark.parametrize("what", ["text", "size"])
def test_validate_and_merge_refuse_a_file_past_a_limit_in_one_line_naming_it(
    capsys, demo_dir, framework, what
):
    path = over_limit(demo_dir, framework, what)
    before, line = path.read_bytes(), f"{path}: {refusal(path, what)}"
    code, out, err = run_cli(capsys, "validate", path)
    assert (code, out, err) == (1, [line], "")
    code, out, err = run_cli(capsys, "merge", demo_dir)
    assert code == 0 and err == ""
    assert out[0].startswith("9 participants merged (1 rejected")
    assert out[out.index("Rejected (1)") + 1] == f"  {line}"
    assert path.read_bytes() == before


@pytest.mark.parametrize("what", ["text", "size"])
def test_score_file_past_a_limit_says_so_in_one_line_and_leaves_it_as_it_is(
    demo_dir, framework, what
):
    path = over_limit(demo_dir, framework, what)
    before = path.read_bytes()
    result = subprocess.run(
        [sys.executable, "-m", "bb_tui", "score", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == f"bb-tui: {path}: {refusal(path, what)}\n"
    assert path.read_bytes() == before


async def test_the_sessions_list_shows_a_file_past_a_limit_as_one_line_and_never_opens_it(
    demo_dir, framework, make_app
):
    path = over_limit(demo_dir, framework, "text")
    before = path.read_bytes()
    app = make_app(demo_dir)
    async with run_test(app, size=TALL) as pilot:
        await workers_done(app)
        await pilot.pause()
        rows = [line for line in screen_text(app).splitlines() if WHO in line]
        assert len(rows) == 1 and TEXT_LINE in rows[0]
        app.open_session(path)  # as enter would, were the row not disabled
        await pilot.pause()
        assert app.current is None
        assert any(TEXT_LINE in n for n in notifications(app))
    assert path.read_bytes() == before


def test_a_partnership_note_past_the_limit_is_refused_in_one_line(capsys, demo_dir):
    import tomllib

    import tomli_w

    path = demo_dir / "partnership.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    data["spectrum"]["note"] = "x" * (MAX_TEXT_CHARS + 1)
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    before = path.read_bytes()
    code, out, _ = run_cli(capsys, "validate", path)
    assert code == 1
    assert out == [f"{path}: spectrum.note is 20,001 characters; the limit is 20,000"]
    assert path.read_bytes() == before


def test_the_limits_are_what_the_format_document_says(repo):
    doc = (repo / "docs" / "session-format.md").read_text(encoding="utf-8")
    assert MAX_FILE_BYTES == 1024 * 1024 and "**1 MiB (1,048,576 bytes)**" in doc
    assert MAX_TEXT_CHARS == 20_000 and "**20,000 characters**" in doc


# ---------------------------------------------------------------- just inside: opens, whole


async def test_overview_shows_the_start_of_long_evidence_and_e_edits_all_of_it(large, make_app):
    path, text = large()
    app = make_app(path.parent, path)
    async with run_test(app, size=TALL) as pilot:
        await pilot.pause()
        app.screen.rebuild(LONG_ENABLER)
        await pilot.pause()
        detail = plain(app.screen.query_one("#detail"))
        assert "evidence line 00001" in detail
        assert f"{text.count(chr(10)) + 1 - 3:,} more lines: e to read all" in detail
        assert len(detail) < 2000
        await pilot.press("e")
        area = app.screen.query_one(TextArea)
        assert area.text == text and not area.read_only and area.has_focus


async def test_enabler_screen_evidence_line_is_short_and_says_where_the_rest_is(large, make_app):
    path, text = large("long-line")
    app = make_app(path.parent, path)
    async with run_test(app, size=TALL) as pilot:
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
    async with run_test(app, size=TALL) as pilot:
        await pilot.pause()
        await pilot.press("f6")
        await settle(pilot)
        panel = app.screen
        for _ in range(len(panel.order)):
            if panel.enabler_id == LONG_ENABLER:
                break
            await pilot.press("right")
        cards = "\n".join(plain(c) for c in panel.query(".evidence-card"))
        assert "evidence line 00001" in cards
        assert "more lines: v to read all" in cards
        assert len(cards) < MAX_TEXT_CHARS
        await pilot.press("v")
        await pilot.pause()
        assert text in app.screen.query_one(TextArea).text
        await pilot.press("escape")
        assert app.screen is panel


async def test_the_largest_accepted_file_edits_every_note_whole_and_keeps_every_byte(
    large, make_app, framework
):
    path, text = large("cjk")
    assert MAX_FILE_BYTES - 8 * 1024 < path.stat().st_size <= MAX_FILE_BYTES
    original = load_session(path, framework)
    assert all(len(note) <= MAX_TEXT_CHARS for note in original.evidence.values())
    app = make_app(path.parent, path)
    async with run_test(app, size=TALL) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        shown = [app.screen.query_one(f"#r-{t.id}", TextArea).text for t in framework.themes]
        assert shown == [original.reflections[t.id] for t in framework.themes]
        await pilot.press("escape")
        app.action_enabler(LONG_ENABLER)
        await pilot.pause()
        await pilot.press("e")
        area = app.screen.query_one(TextArea)
        assert area.text == text
        await type_text(pilot, "more")  # room for 10 characters: all four are added
        await pilot.press("escape", "3")
        app.current.flush()
    saved = load_session(path, framework)
    assert saved.evidence[LONG_ENABLER] == text + "more" and saved.scores[LONG_ENABLER] == 3
    assert {k: v for k, v in saved.evidence.items() if k != LONG_ENABLER} == {
        k: v for k, v in original.evidence.items() if k != LONG_ENABLER
    }
    assert saved.reflections == original.reflections
    assert saved.participant == original.participant


async def test_typing_and_pasting_past_the_limit_stop_at_it_with_a_message(
    demo_dir, make_app, framework
):
    from textual import events

    path = demo_dir / WHO
    app = make_app(demo_dir, path)
    async with run_test(app, size=TALL) as pilot:
        await pilot.pause()
        app.action_enabler(LONG_ENABLER)
        await pilot.pause()
        await pilot.press("e")
        area = app.screen.query_one(TextArea)
        area.load_text("x" * (MAX_TEXT_CHARS - 2))
        area.move_cursor(area.document.end)
        await type_text(pilot, "abcd")
        assert area.text == "x" * (MAX_TEXT_CHARS - 2) + "ab"
        assert any(f"{MAX_TEXT_CHARS:,}" in n and "not added" in n for n in notifications(app))
        area.move_cursor((0, 5))
        area.post_message(events.Paste("pasted"))
        await pilot.pause()
        await pilot.press("backspace")  # one character less: one more fits
        await type_text(pilot, "yz")
        assert len(area.text) == MAX_TEXT_CHARS and "pasted" not in area.text
        assert area.text == "x" * 4 + "y" + "x" * (MAX_TEXT_CHARS - 7) + "ab"
        await pilot.press("escape")
        app.current.flush()
    assert load_session(path, framework).evidence[LONG_ENABLER].endswith("xab")


async def test_typing_in_a_small_note_keeps_the_long_one_and_serialises_off_the_ui_thread(
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
    async with run_test(app, size=TALL) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
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


async def test_back_from_a_panel_the_sessions_list_reads_only_files_that_changed(
    large, make_app, monkeypatch
):
    from bb_tui.core import listing

    path, _ = large("cjk")
    app = make_app(path.parent)
    async with run_test(app, size=TALL) as pilot:
        await pilot.pause()
        await workers_done(pilot.app)
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
        await workers_done(pilot.app)
        await pilot.pause()
        assert WHO not in reads and reads == []
        assert WHO in screen_text(app) or "Joanne Hallett" in screen_text(app)
        other = sorted(p for p in path.parent.glob("*.toml") if p.name != WHO)[0]
        other.write_bytes(other.read_bytes() + b"\n")  # changed: read again on refresh
        await pilot.press("f5")
        await workers_done(pilot.app)
        await pilot.pause()
        assert reads == [other.name]
