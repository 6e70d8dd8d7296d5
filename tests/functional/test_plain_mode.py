"""`bb-tui --plain` in a real pty: every participant journey line by line, never an escape byte,
and the file it saves equal to the one the full-screen app saves for the same answers."""

from __future__ import annotations

import os
import re
import time
import tomllib
from pathlib import Path

import pytest

from bb_tui.core.session import SessionFile
from bb_tui.plain.settings import wants_plain
from tests.functional import test_scoring_flow as flow
from tests.support.ptyrun import PtyApp

PROMPT_ENDS = (b"then Enter.\r\n", b"save and leave.\r\n", b"empties it.\r\n")
DEMO_SESSION = "joanne-hallett.toml"  # half done: locality is the first enabler not scored


class Plain:
    """bb-tui --plain in a pty, answered prompt by prompt."""

    def __init__(self, *argv: str, env: dict[str, str] | None = None) -> None:
        self.app = PtyApp(["-m", "bb_tui", *argv], env=env)
        self.seen = 0

    def prompt(self, timeout: float = 15) -> str:
        """Wait for the next complete prompt; the output since the last one, as text."""
        deadline = time.monotonic() + timeout
        while not any(end in self.app.output[self.seen :] for end in PROMPT_ENDS):
            if time.monotonic() > deadline:
                raise TimeoutError(bytes(self.app.output[-600:]))
            if self.app.read(deadline - time.monotonic()) is None:
                raise EOFError(bytes(self.app.output[-600:]))
        found = [(self.app.output.find(e, self.seen), e) for e in PROMPT_ENDS]
        at, ending = min((at, e) for at, e in found if at >= 0)
        end = at + len(ending)
        text = bytes(self.app.output[self.seen : end]).decode("utf-8", "replace")
        self.seen = end
        return text

    def answer(self, *lines: str) -> str:
        """Wait for a prompt, then type `lines` (each ended by Enter); the prompt's text."""
        text = self.prompt()
        self.app.send("".join(line + "\n" for line in lines).encode())
        return text

    def finish(self, timeout: float = 15) -> int | None:
        status = self.app.wait_exit(timeout)
        self.app.kill()
        return status


def no_escape(plain: Plain) -> None:
    assert b"\x1b" not in plain.app.output, "an escape byte was written"


def without_stamps(path: Path) -> str:
    return re.sub(r"(?m)^(created|updated) = .*\n", "", path.read_text("utf-8"))


def lock_is_free(path: Path, framework) -> bool:
    lock = SessionFile.open(path, framework).lock
    holder = lock.acquire()
    lock.release()
    return holder is None


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "sessions").mkdir()
    return tmp_path / "sessions"


async def test_a_whole_session_saves_the_file_the_app_saves(demo_dir, make_app, framework, folder):
    """The Pilot-driven app session of test_scoring_flow, answered again in plain mode."""
    await flow.test_score_a_whole_session_by_keys_and_read_it_back(demo_dir, make_app, framework)
    app_file = demo_dir / "zoe-test-o-brien-b.toml"

    plain = Plain("--plain", "--sessions", str(folder))
    try:
        assert "1. Start a new session" in plain.answer("1")
        plain.answer(flow.NAME)
        plain.answer(flow.ORGANISATION)
        assert "2. Operational" in plain.answer("2")
        plain.answer(str(len(framework.sectors) + 1))  # not stated, as the app's test leaves it
        for enabler in framework.enablers:
            theme = framework.theme(enabler.theme_id)
            if theme.enablers[0] is enabler:
                plain.answer("r")
                plain.answer(flow.REFLECTIONS[theme.id], ".")
            if enabler.id in flow.INDICATOR_KEYS:
                prompt = plain.answer("d")
                assert f"Enabler {framework.enablers.index(enabler) + 1} of 12" in prompt
                keys = flow.INDICATOR_KEYS[enabler.id]
                for key in keys:
                    assert "Indicator " in plain.answer(key)
                if len(keys) < len(enabler.indicators):
                    plain.answer("b")
            if enabler.id in flow.EVIDENCE:
                plain.answer("e")
                plain.answer(flow.EVIDENCE[enabler.id], ".")
            prompt = plain.answer(flow.ENABLER_KEYS[enabler.id])
            assert enabler.label in prompt
        assert "Every enabler is scored or skipped" in plain.answer("q")
        assert plain.finish() == 0
    finally:
        plain.app.kill()
    no_escape(plain)
    plain_file = folder / "zoe-test-o-brien-b.toml"
    assert without_stamps(plain_file) == without_stamps(app_file)


def test_the_prompt_says_where_you_are_and_what_to_type(framework, folder):
    plain = Plain("--plain", "--sessions", str(folder))
    try:
        plain.answer("1")
        plain.answer("Ana Lee")
        plain.answer("Town Council")
        plain.answer("1")
        plain.answer("1")
        first = plain.answer("?")
        assert first.strip().endswith(
            "Enabler 1 of 12, Leadership (theme 1 of 3, Purpose and priorities), not yet "
            "scored. Your score: 1 to 5, s to skip, ? for what each level means, d to score "
            "its indicators, e for evidence, r for reflections, o for the overview, p for your "
            "profile, n for next, b for back, q to save and leave."
        )
        read = plain.answer("q")
        levels = [f"{lv.score}: {lv.descriptor}" for lv in framework.scale.levels]
        indicators = [f"{i.number}. {i.text}" for i in framework.enabler("leadership").indicators]
        positions = [read.index(line) for line in levels + indicators]
        assert positions == sorted(positions)  # the five levels, then the indicators
        assert plain.finish() == 0
    finally:
        plain.app.kill()
    no_escape(plain)


def test_resume_goes_to_the_first_enabler_not_scored_and_a_digit_moves_on(demo, framework):
    path = demo / DEMO_SESSION
    before = tomllib.loads(path.read_text("utf-8"))
    plain = Plain("--plain", "score", str(path))
    try:
        prompt = plain.answer("2")
        assert "Enabler 7 of 12, Locality (theme 2 of 3" in prompt and "not yet scored" in prompt
        assert "Single service" in plain.answer("s")  # the next not yet scored
        prompt = plain.answer("q")
        assert "skipped, saved" in prompt
        assert plain.finish() == 0
    finally:
        plain.app.kill()
    no_escape(plain)
    after = tomllib.loads(path.read_text("utf-8"))
    assert after["scores"]["locality"] == 2
    assert "single-service" in after["skipped"]
    assert after["participant"] == before["participant"]
    assert lock_is_free(path, framework), "the in-use lock is still held"


def test_a_returning_person_is_found_and_offered_their_own_file(demo, framework):
    person = tomllib.loads((demo / DEMO_SESSION).read_text("utf-8"))["participant"]
    count = len(list(demo.glob("*.toml")))
    plain = Plain("--plain", "--sessions", str(demo))
    try:
        plain.answer("1")
        plain.answer(person["name"])
        plain.answer(person.get("organisation", ""))
        plain.answer("1")
        plain.answer(str(len(framework.sectors) + 1))
        choice = plain.answer("1")  # open it
        assert "already has a session here: joanne-hallett.toml" in choice
        assert "Open it" in choice and "Create a second file" in choice
        assert "Enabler 7 of 12, Locality" in plain.answer("q")
        assert plain.finish() == 0
    finally:
        plain.app.kill()
    no_escape(plain)
    assert len(list(demo.glob("*.toml"))) == count  # no second file


def test_profile_changes_are_saved(demo, framework):
    path = demo / DEMO_SESSION
    plain = Plain("--plain", "score", str(path))
    try:
        plain.answer("p")
        plain.answer("c")
        plain.answer("")  # keep the name
        plain.answer("New Org")
        plain.answer("2")
        plain.answer("2")
        assert "Organisation: New Org" in plain.answer("q")
        assert plain.finish() == 0
    finally:
        plain.app.kill()
    no_escape(plain)
    person = tomllib.loads(path.read_text("utf-8"))["participant"]
    assert person["organisation"] == "New Org"
    assert person["level"] == "operational"
    assert person["sector"] == framework.sectors[1].id


@pytest.mark.parametrize("how", ["hang-up", "ctrl+c"])
def test_hang_up_and_ctrl_c_save_and_leave(demo, framework, how):
    path = demo / DEMO_SESSION
    plain = Plain("--plain", "score", str(path))
    try:
        plain.answer("4")
        plain.prompt()  # the score was taken: the next prompt is out
        if how == "hang-up":
            plain.app.hang_up()
        else:
            plain.app.send(b"\x03")
        status = plain.finish()
        assert status is not None, "still running"
    finally:
        plain.app.kill()
    no_escape(plain)
    assert tomllib.loads(path.read_text("utf-8"))["scores"]["locality"] == 4
    assert lock_is_free(path, framework), "the in-use lock is still held"


def test_a_session_open_elsewhere_is_asked_about(demo):
    path = demo / DEMO_SESSION
    first = Plain("--plain", "score", str(path))
    second = None
    try:
        first.prompt()
        second = Plain("--plain", "score", str(path))
        text = second.answer("1")  # open read-only
        assert "also open elsewhere" in text and "1. Open read-only" in text
        text = second.answer("3")
        assert "open read-only: nothing you type will be saved" in text
        assert "This session is open read-only" in second.answer("q")
        assert second.finish() == 0
        first.app.send(b"q\n")
        assert first.finish() == 0
    finally:
        first.app.kill()
        if second is not None:
            second.app.kill()
    assert tomllib.loads(path.read_text("utf-8"))["scores"].get("locality") is None


class _Tty:
    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize(
    ("asked", "env", "tty", "plain"),
    [
        (True, {}, True, True),
        (False, {"ACCESSIBLE": "1"}, True, True),
        (False, {"ACCESSIBLE": "yes"}, True, True),
        (False, {"ACCESSIBLE": "0"}, True, False),
        (False, {"ACCESSIBLE": "false"}, True, False),
        (False, {"ACCESSIBLE": ""}, True, False),
        (False, {"TERM": "dumb"}, True, True),
        (False, {"TERM": "xterm"}, False, True),
        (False, {"TERM": "xterm"}, True, False),
        # the browser seat's app writes to a pipe, through the driver it names
        (False, {"TERM": "xterm", "TEXTUAL_DRIVER": "bb_tui.tui.web.driver:Seat"}, False, False),
    ],
)
def test_when_plain_mode_is_chosen(asked, env, tty, plain, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))  # no config of the tester's
    assert wants_plain(asked, env, _Tty(tty)) is plain


def test_the_users_config_says_it_once(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    config = tmp_path / "bb-tui" / "config.toml"
    config.parent.mkdir()
    config.write_text("plain = true\n", "utf-8")
    assert wants_plain(False, {"TERM": "xterm"}, _Tty(True)) is True
    config.write_text("plain = false\n", "utf-8")
    assert wants_plain(False, {"TERM": "xterm"}, _Tty(True)) is False
    config.write_text("plain = 'yes'\n", "utf-8")
    assert wants_plain(False, {"TERM": "xterm"}, _Tty(True)) is False
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(config) in err and "true or false" in err


def test_accessible_env_chooses_plain_mode(folder):
    env = dict(os.environ, ACCESSIBLE="1")
    plain = Plain("--sessions", str(folder), env=env)
    try:
        assert "plain line mode" in plain.answer("q")
        assert plain.finish() == 0
    finally:
        plain.app.kill()
    no_escape(plain)


def test_hostile_names_reach_the_terminal_without_escapes(tmp_path, demo_dir):
    """A file named with an escape sequence, a person named with one: both are read out cleaned."""
    folder = tmp_path / "hostile"
    folder.mkdir()
    text = (demo_dir / DEMO_SESSION).read_text("utf-8")
    text = text.replace('name = "', 'name = "\\u001b]0;pwned\\u0007', 1)
    (folder / "ok\x1b]0;pwned\x07\u202e.toml").write_text(text, "utf-8")
    plain = Plain("--plain", "--sessions", str(folder))
    try:
        listing = plain.answer("2")
        assert "2. " in listing and "pwned" in listing  # listed, cleaned
        plain.answer("q")
        assert plain.finish() == 0
    finally:
        plain.app.kill()
    no_escape(plain)
    assert b"\x07" not in plain.app.output and "\u202e".encode() not in plain.app.output


def test_limits_are_the_apps(folder):
    """A name over 120 characters is refused in one line; a note stops at 20,000 characters."""
    plain = Plain("--plain", "--sessions", str(folder))
    try:
        plain.answer("1")
        plain.answer("x" * 121)
        again = plain.answer("Ana")
        assert "A name can be at most 120 characters" in again and "Your name" in again
        plain.answer("")  # no organisation
        plain.answer("3")
        plain.answer(str(6))
        plain.answer("e")
        plain.answer(*["y" * 1000] * 25, ".")
        assert "A note holds up to 20,000 typed characters" in plain.answer("q")
        assert plain.finish() == 0
    finally:
        plain.app.kill()
    no_escape(plain)
    saved = tomllib.loads((folder / "ana.toml").read_text("utf-8"))
    assert len(saved["evidence"]["leadership"]) == 20_000


def test_help_accessibility_explains_the_mode_the_facilitator_menu_and_plain_links():
    """`bb-tui help accessibility`, as `gh accessibility`: how to turn it on, what the facilitator
    reaches, and the browser links a screen reader reads; plain text, no escape byte."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "bb_tui", "help", "accessibility"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0 and done.stderr == "", done
    text = done.stdout
    for needed in ("bb-tui --plain", "ACCESSIBLE=1", "facilitator's menu", "serve --plain --link"):
        assert needed in text, needed
    assert "--facilitator-link" in text and "\x1b" not in text
