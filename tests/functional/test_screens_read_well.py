"""Issue 12, participant side: every screen reads well at 80x24 and below, in any terminal."""

from __future__ import annotations

import os
from pathlib import Path

from bb_tui.tui.dialogs.help import screen_help
from tests.support.piloting import run_test, screen_text
from tests.support.ptyrun import PtyApp

SESSION = Path("demo") / "joanne-hallett.toml"
DUG_DEEPER = Path("demo") / "grace-adeyemi.toml"


async def _settle(pilot) -> None:
    await pilot.pause()
    await pilot.pause(0.1)


# 3. Single service shows about 4 of its 6 indicators with nothing saying the arrows scroll.
# 11 (in part). A dialog shows its own keys, not those of the screen beneath.
# One app on Joanne's session: the enabler's keys and its help dialog's, then single service.
async def test_enabler_says_its_indicators_scroll_and_a_dialog_shows_its_own_keys(
    demo_dir, make_app
):
    app = make_app(Path("demo"), SESSION)
    async with run_test(app, size=(80, 24)) as pilot:
        await _settle(pilot)
        await pilot.press("enter")
        await _settle(pilot)
        assert "Dig deeper" in screen_text(app).splitlines()[-1]
        await pilot.press("question_mark")
        await _settle(pilot)
        bottom = screen_text(app).splitlines()[-1]
        assert "Close" in bottom and "Dig deeper" not in bottom
        await pilot.press("escape")
        await _settle(pilot)

        app.action_enabler("single-service")
        await _settle(pilot)
        assert "scroll" in screen_text(app)
        box = app.screen.query_one("#indicators")
        assert box.max_scroll_y > 0
        await pilot.press("down", "down")
        assert box.scroll_y > 0
    app = make_app(Path("demo"), SESSION)
    async with run_test(app, size=(120, 40)) as pilot:  # all six fit: no hint
        await _settle(pilot)
        app.action_enabler("single-service")
        await _settle(pilot)
        assert "scroll" not in screen_text(app)


# 8. Dig deeper says "? shows the scale", but neither it nor its help shows the descriptors.
# 11 (in part). A session opened from the command line is highlighted back on the list.
async def test_dig_deeper_shows_the_scale_its_help_too_and_the_list_highlights_the_session(
    demo_dir, make_app, framework
):
    app = make_app(Path("demo"), DUG_DEEPER)
    async with run_test(app, size=(80, 24)) as pilot:
        await _settle(pilot)
        await pilot.press("enter", "d")
        await _settle(pilot)
        shown = " ".join(screen_text(app).split())
        for level in framework.scale.levels:
            assert f"{level.score} {level.descriptor[:30]}" in shown, level.descriptor
        await pilot.press("question_mark")
        await _settle(pilot)
        helped = " ".join(screen_help(app.screen.about).split())
        for level in framework.scale.levels:
            assert level.descriptor[:30] in helped, level.descriptor
        # help, dig deeper, the enabler, the overview: back to the sessions list
        await pilot.press("escape", "escape", "escape", "escape")
        await _settle(pilot)
        sessions = app.screen.query_one("#sessions")
        assert Path(sessions.get_option_at_index(sessions.highlighted).id).name == DUG_DEEPER.name


# 9. TERM=linux and non-UTF-8 locales still get braille, emoji and other marks they cannot show.
WALK = (
    (b"\r", b"Maturity indicators"),  # the enabler
    (b"d", b"Your enabler score"),  # dig deeper
    (b"?", b"scoring indicators"),  # its help
    (b"\x1b", b"Your enabler score"),  # back out, screen by screen
    (b"\x1b", b"Maturity indicators"),
    (b"\x1b", b"NHS Trust"),
    (b"\x1b", b"Start a new session"),  # the sessions list
    (b"\x10", b"earch for commands"),  # ctrl+p's palette ("Search", S under the cursor)
    (b"\x1b", b"Start a new session"),
)


def _run_in_pty(
    demo_dir: Path, env_changes: dict[str, str], *extra: str, walk: tuple = WALK
) -> bytes:
    env = dict(os.environ, **env_changes)
    for name in ("COLORTERM", "TEXTUAL_THEME", "LC_ALL", "LC_CTYPE"):
        if name not in env_changes:
            env.pop(name, None)
    app = PtyApp(["-m", "bb_tui", *extra, "score", str(demo_dir / "grace-adeyemi.toml")], env=env)
    try:
        app.wait_for(b"NHS Trust", timeout=30)  # the overview, with Grace's organisation
        for keys, shows in walk:
            app.press(keys, shows)
        app.send(b"\x11")
        status = app.wait_exit(30.0)
        assert status is not None and os.waitstatus_to_exitcode(status) == 0
        return bytes(app.output)
    finally:
        app.kill()


def _not_ascii(output: bytes) -> set[str]:
    return {c for c in output.decode("utf-8", "replace") if ord(c) > 127}


def test_term_linux_gets_ascii_only(demo_dir):
    output = _run_in_pty(demo_dir, {"TERM": "linux", "LANG": "en_GB.UTF-8"})
    assert b"Dig deeper" in output and b"Help" in output
    assert not _not_ascii(output)


def test_a_non_utf8_locale_gets_ascii_only(demo_dir):
    output = _run_in_pty(demo_dir, {"TERM": "xterm-256color", "LANG": "en_GB.ISO-8859-1"})
    assert not _not_ascii(output)


def test_a_utf8_xterm_keeps_its_marks_and_ascii_forces_them_away(demo_dir):
    env = {"TERM": "xterm-256color", "LANG": "en_GB.UTF-8"}
    # the marks are the overview's score bars: that screen is enough to see them kept
    assert "■" in _not_ascii(_run_in_pty(demo_dir, env, walk=()))
    assert not _not_ascii(_run_in_pty(demo_dir, env, "--ascii"))


# 10. At 60x20 rows wrap, the enabler heading scrolls off, nothing says the terminal is too small.
async def test_below_80x24_one_line_says_the_size_needed(demo_dir, make_app):
    app = make_app(Path("demo"), SESSION)
    async with run_test(app, size=(60, 20)) as pilot:
        await _settle(pilot)
        text = screen_text(app)
        assert "80x24" in text and "60x20" in text
        await pilot.resize_terminal(80, 24)
        await _settle(pilot)
        assert "80x24" not in screen_text(app)
        await pilot.press("enter")
        await _settle(pilot)
        assert "Theme" in screen_text(app).splitlines()[1]  # the heading, where it belongs
        await pilot.resize_terminal(79, 24)
        await _settle(pilot)
        assert "Needs 80x24, this is 79x24" in screen_text(app)  # one line, on top


# 11. The reminder covers the descriptors; dialogs show the keys of the screen beneath;
#     the cursor returns to the first session; a colleague's session opens with no question.
async def test_the_reminder_covers_no_descriptor(demo_dir, make_app, framework):
    app = make_app(Path("demo"), SESSION)
    async with run_test(app, size=(80, 24)) as pilot:
        await _settle(pilot)
        for enabler in framework.enablers[:6]:
            app.action_enabler(enabler.id)
            await _settle(pilot)
            await pilot.press("3")
        await _settle(pilot)
        text = " ".join(screen_text(app).split())
        assert "whole scale" in text  # the reminder is shown...
        for level in framework.scale.levels:  # ...and every descriptor still reads
            assert level.descriptor[:40] in text, level.descriptor


async def test_back_on_the_list_the_cursor_is_on_the_session_just_closed(demo_dir, make_app):
    app = make_app(Path("demo"))
    async with run_test(app, size=(80, 24)) as pilot:
        await _settle(pilot)
        sessions = app.screen.query_one("#sessions")
        await pilot.press("down", "down")
        chosen = sessions.get_option_at_index(sessions.highlighted).id
        await pilot.press("enter")
        await _settle(pilot)
        assert app.current is not None and str(app.current.path) == chosen
        app.current.set_score(app.framework.enablers[0].id, 5)  # saved: the list may reorder
        await pilot.press("escape")
        await _settle(pilot)
        sessions = app.screen.query_one("#sessions")
        assert sessions.get_option_at_index(sessions.highlighted).id == chosen
