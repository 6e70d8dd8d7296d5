"""Issue 17, case 1: a participant's seat (`bb-tui score --confined FILE`, every participant's
browser link) has no route to anything but its one session.

Every key and every ctrl+p command of every screen the seat reaches is tried, read from the
running app (tests/support/seat_walk.py): each key from each screen; the app's own commands,
which every screen's ctrl+p lists as the same calls (checked on each), from the overview. After
each step: no screen outside the seat's was built or shown, no group screen, sessions list or
file dialog module was imported, no file but the session's own changed. The same walk over the
facilitator's `bb-tui score FILE` finds each leak the issue reported, so every check can fail.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest
from textual.screen import Screen

from bb_tui.cli import main as cli_main
from bb_tui.core.framework import load_framework
from bb_tui.core.partnership import FILE_NAME
from bb_tui.core.session import SessionFile, session_to_dict
from bb_tui.storage.safesave import InUseLock
from bb_tui.tui.app import BBApp
from bb_tui.tui.confined import ConfinedApp
from bb_tui.tui.keymap import PARTICIPANT, PARTICIPANT_SCREENS, actions_for
from tests.support.piloting import notifications, run_test, screen_text, type_text
from tests.support.ptyrun import PtyApp
from tests.support.seat_walk import SEAT_SCREENS, Walk, Watch, screen_name, seat_commands

SESSION = "joanne-hallett.toml"  # half done: enablers, indicators and evidence to walk through


@pytest.fixture
def seat_file(demo_dir: Path) -> Path:
    return demo_dir / SESSION


@pytest.fixture
def watch(monkeypatch, demo_dir: Path, private_home: Path) -> Watch:
    return Watch(monkeypatch, [demo_dir.parent, private_home])


def seat(framework, path: Path, **options):
    return lambda: ConfinedApp(framework, path.parent, path, cursor_blink=False, **options)


def facilitator(framework, path: Path):
    """`bb-tui score FILE` as today: the facilitator's app, opened on the file."""
    return lambda: BBApp(framework, path.parent, path, cursor_blink=False)


def summary(findings) -> list[str]:
    return [f"{kind} {what} after {' > '.join(where)}" for (kind, what), where in findings.items()]


# ---------------------------------------------------------------- what the seat is built from


async def test_the_seat_is_built_for_the_participant_role(framework, seat_file):
    """The seat's screens are the issue's list, and its app-wide keys only its own."""
    assert PARTICIPANT_SCREENS == SEAT_SCREENS
    assert [a.id for a in actions_for(PARTICIPANT)] == ["help", "quit", "overview", "reflections"]
    keys = {}
    for name, build in (("seat", seat), ("facilitator", facilitator)):
        app = build(framework, seat_file)()
        async with run_test(app, size=(100, 30)) as pilot:
            await pilot.pause()
            keys[name] = {k for k, bound in app.screen.active_bindings.items() if bound.node is app}
            await pilot.press("ctrl+q")
    assert keys["seat"] == {"f1", "question_mark", "ctrl+q", "ctrl+p"}
    assert {"f4", "f6", "f7", "f8", "f9", "f10"} <= keys["facilitator"]  # the group screens


# ---------------------------------------------------------------- the walk

# Every screen a seat shows over its session, and a way there from the start. Each is walked;
# a screen any step reaches that is not here fails the walk (a forbidden one as a finding, a new
# one of the seat's until it is walked here too).
PALETTE = "textual.command:CommandPalette"
ROUTES = {
    "overview": ("bb_tui.tui.screens.participant.overview:SeatOverviewScreen", ()),
    "enabler": ("bb_tui.tui.screens.participant.enabler:EnablerScreen", (("key", "enter"),)),
    "dig deeper": (
        "bb_tui.tui.screens.participant.dig_deeper:IndicatorScreen",
        (("key", "enter"), ("key", "d")),
    ),
    "evidence": ("bb_tui.tui.screens.participant.evidence:EvidenceScreen", (("key", "e"),)),
    "reflections": (
        "bb_tui.tui.screens.participant.reflections:ReflectionsScreen",
        (("key", "r"),),
    ),
    "profile": ("bb_tui.tui.dialogs.profile:ProfileScreen", (("key", "p"),)),
    "help": ("bb_tui.tui.dialogs.help:HelpScreen", (("key", "f1"),)),
    "palette": (PALETTE, (("key", "ctrl+p"),)),
    "theme picker": (PALETTE, (("command", "Theme"),)),
}


@pytest.mark.parametrize("where", ROUTES)
async def test_every_key_and_command_of_a_seat_screen_stays_in_the_session(
    framework, seat_file, watch, where
):
    screen, route = ROUTES[where]
    walk = Walk(seat(framework, seat_file), seat_file, watch, commands=seat_commands(framework))
    findings = await walk.run(route)
    assert walk.walked == screen
    assert summary(findings) == []
    assert set(walk.reached) <= {screen for screen, _ in ROUTES.values()}, walk.reached
    assert walk.steps >= 10
    if where not in ("palette", "theme picker", "help", "profile"):
        assert walk.endings >= 1  # ctrl+q at least: saved, then gone (the palette takes ctrl+q
        # as its own; the help and profile dialogs as nothing: their Quit is the overview's)
    if screen != PALETTE:
        # ctrl+p listed the seat's commands here: the overview's walk runs them all; another
        # screen's walk runs any that is not one of the app's own calls (and names it here).
        assert len(walk.listed) >= len(seat_commands(framework)), walk.listed
        assert walk.run_here == (walk.listed if where == "overview" else []), walk.run_here
    if where == "overview":  # the app's own commands, all run here, and nothing else
        assert set(walk.listed_calls.values()) == walk.start_calls, walk.listed_calls
    assert not [m for m in sys.modules if m.startswith("bb_tui.tui.screens.group")]


async def test_the_same_walk_finds_every_leak_of_the_facilitators_score_file(
    framework, seat_file, watch
):
    """Issue 17's findings, found by the checks above on `score FILE` without --confined."""
    overview = "bb_tui.tui.screens.participant.overview:OverviewScreen"  # the seat's is its own
    allowed = SEAT_SCREENS | {overview}
    build = facilitator(framework, seat_file)
    commands = seat_commands(framework)
    walk = Walk(build, seat_file, watch, allowed=allowed, commands=commands, run_commands=False)
    found = await walk.run()
    assert walk.walked == overview
    shown = {
        what.rpartition(":")[2]: where[-1]
        for (kind, what), where in found.items()
        if kind == "shown"
    }
    assert shown["StartScreen"] == "key escape", found  # everyone's names
    assert shown["ResultsScreen"] == "key f4", found  # group results with names
    assert shown["DiscussionScreen"] == "key f6", found
    assert ("built", "bb_tui.tui.screens.participant.start:StartScreen") in found
    assert any(kind == "import" and "screens.group" in what for kind, what in found)
    commands = {what for kind, what in found if kind == "command"}
    assert {"Sessions", "Results", "Export report and spreadsheets", "Screenshot"} <= commands
    # F6 then 1 writes an agreed score into partnership.toml, as the facilitator.
    found = await Walk(build, seat_file, watch, allowed=allowed).try_route(
        (("key", "f6"), ("key", "1"))
    )
    assert ("file", str(seat_file.parent / FILE_NAME)) in found, summary(found)


async def test_open_elsewhere_the_seat_offers_only_this_file(framework, seat_file, watch):
    """Read-only, open anyway (this file, conflict-safe) or end: every key and command."""
    other = InUseLock(seat_file)
    assert other.acquire() is None
    try:
        walk = Walk(seat(framework, seat_file), seat_file, watch, commands=seat_commands(framework))
        findings = await walk.run()
    finally:
        other.release()
    assert summary(findings) == []
    assert walk.walked == "bb_tui.tui.dialogs.in_use:InUseScreen"
    assert walk.endings >= 2  # escape (nothing else to open) and ctrl+q


async def test_on_a_small_terminal_the_seat_stays_in_the_session(framework, seat_file, watch):
    """Below 80x24 the seat's overview goes on working under its one-line notice."""
    walk = Walk(seat(framework, seat_file), seat_file, watch, commands=seat_commands(framework))
    findings = await walk.run((("resize", "70x20"),))
    assert summary(findings) == []
    assert walk.walked == "bb_tui.tui.screens.participant.overview:SeatOverviewScreen"


async def test_when_saving_fails_on_leaving_the_seat_stays_in_the_session(
    framework, seat_file, watch, monkeypatch
):
    """The not-saved dialog (retry, discard, stay): every key and command leads nowhere else."""
    real_fsync = os.fsync

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    class FullDisk(Walk):
        async def _do(self, step) -> None:
            if step[0] == "disk":  # "full" from here on, in this app
                monkeypatch.setattr(os, "fsync", full_disk)
            else:
                await super()._do(step)

        async def _restart(self, route) -> None:
            monkeypatch.setattr(os, "fsync", real_fsync)
            await super()._restart(route)

    walk = FullDisk(
        seat(framework, seat_file),
        seat_file,
        watch,
        commands=seat_commands(framework),
        must_save=False,  # discard is the person's choice here
    )
    leave = (("key", "escape"), ("key", "escape"))
    route = (("key", "enter"), ("key", "2"), ("disk", "full"), *leave)
    findings = await walk.run(route)
    assert summary(findings) == []
    assert walk.walked == "bb_tui.tui.dialogs.unsaved:UnsavedScreen"
    # The check that every ending saved can fail: d (discard) ends with the score unsaved.
    walk = FullDisk(seat(framework, seat_file), seat_file, watch)
    findings = await walk.try_route((*route, ("key", "d")))
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert [where[-1] for (kind, _), where in findings.items() if kind == "unsaved"] == ["key d"]


# ---------------------------------------------------------------- leaving saves


@pytest.mark.parametrize("leave", ["escape", "ctrl+q"])
async def test_leaving_saves_then_ends_the_seat(framework, seat_file, leave):
    app = ConfinedApp(framework, seat_file.parent, seat_file, cursor_blink=False)
    async with run_test(app, size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "2", "escape")  # score the first enabler not scored
        assert screen_name(app.screen).endswith("SeatOverviewScreen")
        assert "esc End session" in screen_text(app)
        enabler = app.last_enabler
        await pilot.press(leave)
        await pilot.pause()
        assert not app.is_running and app.return_code == 0
    on_disk = SessionFile.open(seat_file, framework).session
    assert on_disk.state(enabler) == 2
    assert app.current is None


def test_escape_at_the_top_of_a_terminal_seat_exits_0_with_the_session_saved(seat_file):
    """In a real pty: score an enabler, escape to the overview, escape again: gone, saved."""
    before = SessionFile.open(seat_file, load_framework(None)).session
    app = PtyApp(["-m", "bb_tui", "score", "--confined", str(seat_file)])
    try:
        app.wait_for(b"End session", timeout=20)
        at = app.mark()
        app.send(b"\r")  # the first enabler not scored
        app.wait_for_after(at, b"Maturity indicators", timeout=10)
        at = app.mark()
        app.send(b"2")
        app.wait_for_after(at, b"[2]", timeout=10)
        at = app.mark()
        app.send(b"\x1b")
        app.wait_for_after(at, b"End session", timeout=10)
        app.send(b"\x1b")  # escape at the top
        status = app.wait_exit(10)
    finally:
        app.kill()
    assert status is not None and os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    after = SessionFile.open(seat_file, load_framework(None)).session
    changed = [e for e in after.scores if after.scores[e] != before.scores.get(e)]
    assert [after.state(e) for e in changed] == [2], changed


def test_a_browser_seat_closed_mid_edit_saves_and_exits_0(seat_file):
    """The command the server runs for a participant's link, on pipes as textual-serve runs
    it: a score typed, then the tab closes (textual-serve's "quit" packet)."""
    import json
    import subprocess
    import threading

    from bb_tui.tui.web.driver import NAME as DRIVER

    def packet(kind: bytes, payload: bytes) -> bytes:
        return kind + len(payload).to_bytes(4, "big") + payload

    argv = [sys.executable, "-m", "bb_tui", "--sessions", str(seat_file.parent)]
    argv += ["score", "--confined", str(seat_file)]
    env = {**os.environ, "TEXTUAL_DRIVER": DRIVER}
    app = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
    seen = bytearray()

    def read() -> None:
        while chunk := app.stdout.read1(65536):
            seen.extend(chunk)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()

    def wait_for(text: bytes, start: int = 0) -> int:
        for _ in range(400):
            if text in seen[start:]:
                return len(seen)
            time.sleep(0.05)
        raise AssertionError(f"{text!r} not seen: {bytes(seen[-400:])!r}")

    try:
        at = wait_for(b"End session")
        app.stdin.write(packet(b"D", b"\r"))
        app.stdin.flush()
        at = wait_for(b"Maturity indicators", at)
        app.stdin.write(packet(b"D", b"2"))
        app.stdin.flush()
        wait_for(b"[2]", at)
        app.stdin.write(packet(b"M", json.dumps({"type": "quit"}).encode()))
        app.stdin.flush()
        code = app.wait(timeout=20)
    finally:
        app.kill()
        app.wait()
    assert code == 0
    session = SessionFile.open(seat_file, load_framework(None)).session
    assert session.state("locality") == 2  # joanne-hallett's first enabler not scored


# ---------------------------------------------------------------- the second line of defence


class Elsewhere(Screen):
    """Any screen the seat does not list."""


async def test_screen_changes_outside_the_seat_are_refused(framework, seat_file, demo_dir, watch):
    app = ConfinedApp(framework, seat_file.parent, seat_file, cursor_blink=False)
    async with run_test(app, size=(100, 30)) as pilot:
        await pilot.pause()
        stack = list(app.screen_stack)
        app.push_screen(Elsewhere())
        await app.switch_screen(Elsewhere())
        app.install_screen(Elsewhere(), "elsewhere")
        app.action_open_screen("results")
        app.action_sessions()
        app.open_session(demo_dir / "amina-okafor.toml")
        app.open_session(seat_file)  # the seat's own, a second time
        await pilot.pause()
        assert app.screen_stack == stack
        assert len([n for n in notifications(app) if n.startswith("Not available")]) == 7
        with pytest.raises(RuntimeError):
            _ = app.partnerships
        assert app.current.path == seat_file
        await pilot.press("ctrl+q")
    assert not [m for m in watch.imported]


async def test_a_file_someone_else_owns_opens_read_only_with_no_dialog(framework, seat_file, watch):
    """The seat runs as the facilitator; a save would make the participant's file theirs."""
    if os.geteuid() != 0:
        pytest.skip("needs root to give the file to another account")
    before = seat_file.read_bytes()
    os.chown(seat_file, 54321, -1)
    app = ConfinedApp(framework, seat_file.parent, seat_file, cursor_blink=False)
    async with run_test(app, size=(100, 30)) as pilot:
        await pilot.pause()
        assert screen_name(app.screen).endswith("SeatOverviewScreen")
        assert app.current.read_only
        assert any("belongs to user 54321; opened read-only" in n for n in notifications(app))
        await pilot.press("enter", "4", "escape", "escape")
        assert not app.is_running
    assert seat_file.read_bytes() == before and os.stat(seat_file).st_uid == 54321
    assert not [n for n in watch.built if "colleague" in n.lower()]


async def test_profile_reads_no_other_session(framework, seat_file, demo_dir, monkeypatch):
    """The facilitator's profile dialog warns of a name already here; the seat's reads nothing."""
    from bb_tui.core import listing

    reads = []
    monkeypatch.setattr(listing, "list_sessions", lambda *a, **k: reads.append(a))
    app = ConfinedApp(framework, seat_file.parent, seat_file, cursor_blink=False)
    async with run_test(app, size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("p", "ctrl+u")
        await type_text(pilot, "Amina Okafor")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.current.session.participant.name == "Amina Okafor"
        await pilot.press("ctrl+q")
    assert reads == []
    assert (
        session_to_dict(SessionFile.open(seat_file, framework).session)["participant"]["name"]
        == "Amina Okafor"
    )


# ---------------------------------------------------------------- the command line


def test_score_confined_runs_the_seat(monkeypatch, seat_file, tmp_path):
    ran = []
    monkeypatch.setattr("bb_tui.plain.settings.wants_plain", lambda *args: False)  # pytest's output
    monkeypatch.setattr(ConfinedApp, "run", lambda self, **k: ran.append(self) or 0)
    monkeypatch.setattr(BBApp, "run", lambda self, **k: ran.append(self) or 0)
    assert cli_main.main(["score", "--confined", str(seat_file)]) == 0
    argv = ["--sessions", str(seat_file.parent), "score", "--confined", str(seat_file)]
    assert cli_main.main(argv) == 0
    assert cli_main.main(["score", str(seat_file)]) == 0
    assert [type(app).__name__ for app in ran] == ["ConfinedApp", "ConfinedApp", "BBApp"]
    assert ran[0].seat_path == seat_file and ran[1].sessions_dir == seat_file.parent
