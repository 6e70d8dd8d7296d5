"""The account helper itself, and accounts as identity on a shared folder (issue 17).

Every attack runs as a real user (tests/support/accounts.py); the facilitator merges as theirs.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
import time
from pathlib import Path

import plotext  # noqa: F401 - loaded before a child drops to a user (report draws charts)

import bb_tui.cli.merge
import bb_tui.cli.report  # noqa: F401
from bb_tui.core.framework import load_framework
from bb_tui.core.session import Participant, Session, SessionFile, dump_session
from tests.support.accounts import as_user, cli_as, own, run_coroutine


def test_child_runs_as_the_user_and_cannot_write_a_colleagues_home(team):
    target = team.alice.home / "notes.txt"

    def attempt() -> int:
        assert os.getuid() == team.bob.uid and os.geteuid() == team.bob.uid
        try:
            target.write_text("bob was here")
        except PermissionError:
            return 3
        return 0

    outcome = as_user(team.bob, attempt)
    assert outcome.rc == 3, outcome
    assert not target.exists()


def test_participants_can_create_files_in_the_shared_folder(team):
    def create() -> None:
        (team.shared / "bob.toml").write_text("x")

    assert as_user(team.bob, create).rc == 0
    made = team.shared / "bob.toml"
    assert made.stat().st_uid == team.bob.uid
    assert made.stat().st_gid == team.gid  # setgid folder: the team's group


# ---------------------------------------------------------------- accounts are identity (issue 17)

FW = load_framework()
ORG = "Riverside Council"
NOW = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def session_bytes(name: str, leadership: int, updated: dt.datetime) -> bytes:
    person = Participant(name, ORG, "operational")
    return dump_session(
        Session(FW.id, person, scores={"leadership": leadership}, updated=updated), FW
    )


def alice_saves_her_session(team, folder: Path) -> Path:
    """Alice's session, made by the app's own writer as alice (stamped an hour ago)."""
    path = folder / "alice-smith.toml"

    def create() -> None:
        session = Session(FW.id, Participant("Alice Smith", ORG, "operational"))
        session.scores["leadership"] = 4
        file = SessionFile.create(folder, session, FW)
        assert file.path == path
        file.session.updated = NOW - dt.timedelta(hours=1)
        path.write_bytes(dump_session(file.session, FW))  # her own file, her own stamp

    assert as_user(team.alice, create, cwd=folder).rc == 0
    assert path.stat().st_uid == team.alice.uid
    return path


def bob_writes(team, folder: Path, files: dict[str, bytes], rename: dict[str, str] | None = None):
    """Files written by bob's account (and, with `rename`, renamed by it) in `folder`."""

    def write() -> None:
        for name, data in files.items():
            (folder / name).write_bytes(data)
        for old, new in (rename or {}).items():
            os.replace(folder / old, folder / new)

    outcome = as_user(team.bob, write, cwd=folder)
    assert outcome.rc == 0, outcome


def merged(team, folder: Path, *flags: str):
    text = cli_as(team.facil, ["merge", str(folder), *flags])
    data = cli_as(team.facil, ["merge", str(folder), "--json", *flags])
    assert "Traceback" not in text.err + data.err, text.err + data.err
    return text, json.loads(data.out)


def unwrapped(text: str) -> str:
    return " ".join(text.split())


def test_bobs_copy_of_alice_stamped_4_minutes_ahead_does_not_count_as_alice(team):
    """Found: a copy with Alice's name written by another account, stamped 4 minutes ahead, was
    counted as Alice and her own file dropped as the "duplicate"."""
    shared = team.shared
    real = alice_saves_her_session(team, shared)
    bob_writes(
        team,
        shared,
        {
            "bob-jones.toml": session_bytes("Bob Jones", 3, NOW),
            "smith-a.toml": session_bytes("Alice Smith", 1, NOW + dt.timedelta(minutes=4)),
        },
    )
    text, data = merged(team, shared)
    assert [p["name"] for p in data["people"]] == ["Bob Jones"]
    assert data["enablers"]["leadership"]["mean"] == 3
    [claim] = data["claimed"]
    assert claim["accounts"] == [team.alice.name, team.bob.name]
    assert [f["file"] for f in claim["files"]] == [str(real), str(shared / "smith-a.toml")]
    line = f"Alice Smith is claimed by two accounts: {team.alice.name}, {team.bob.name}"
    assert line in unwrapped(text.out)
    rows = text.out.splitlines()
    assert rows[rows.index(f"  {line}") + 1] == f"    {real} (account {team.alice.name})"

    # the facilitator chooses, in the partnership file: Alice's own account's file counts
    choice = shared / "partnership.toml"
    choice.write_text(
        f'format = "bb-partnership"\nformat_version = 1\nframework = "{FW.id}"\n\n'
        f'[[same_person]]\nname = "Alice Smith"\norganisation = "{ORG}"\n'
        f'account = "{team.alice.name}"\n'
    )
    own(choice, team.facil, 0o640)
    text, data = merged(team, shared)
    assert [(p["name"], p["account"]) for p in data["people"]] == [
        ("Alice Smith", team.alice.name),
        ("Bob Jones", team.bob.name),
    ]
    assert data["enablers"]["leadership"]["mean"] == 3.5
    assert "claimed" not in data
    [dup] = [d for d in data["duplicates"] if d["rule"] == "not-chosen"]
    assert dup["file"] == str(shared / "smith-a.toml") and dup["account"] == team.bob.name


def test_twenty_participants_invented_by_one_account_are_named_in_one_line(team):
    """Found: 20 invented participants from one account were counted without a word."""
    shared = team.shared
    alice_saves_her_session(team, shared)
    invented = {f"person-{n}.toml": session_bytes(f"Person {n}", 1, NOW) for n in range(20)}
    bob_writes(team, shared, {"bob-jones.toml": session_bytes("Bob Jones", 3, NOW), **invented})

    def seats() -> None:  # browser seats write as the facilitator's own account
        for n in range(3):
            (shared / f"seat-{n}.toml").write_bytes(session_bytes(f"Seat {n}", 5, NOW))

    assert as_user(team.facil, seats, cwd=shared).rc == 0
    text, data = merged(team, shared)
    assert data["participants"] == 25  # counted, and said
    assert data["accounts_writing_for_others"] == [{"account": team.bob.name, "sessions": 21}]
    assert f"{team.bob.name}'s account wrote 21 sessions." in text.out.splitlines()
    assert text.out.count("account wrote") == 1  # not the facilitator's seats
    report = cli_as(team.facil, ["report", str(shared)])
    assert report.rc == 0, report.err
    assert f"- {team.bob.name}'s account wrote 21 sessions." in report.out.splitlines()


def open_folder(team) -> Path:
    """A sessions folder made 2775 (setgid, no sticky bit): any of the team may rename in it."""
    folder = team.root / "open-sessions"
    folder.mkdir()
    os.chown(folder, 0, team.gid)
    folder.chmod(0o2775)
    return folder


def test_a_forged_file_renamed_over_alices_is_shown_as_bobs(team):
    """Found: in a 2775 folder a forged file renamed over Alice's was merged as hers, silently."""
    folder = open_folder(team)
    real = alice_saves_her_session(team, folder)
    seat = folder / "carol-white.toml"

    def browser_seat() -> None:  # a colleague who scored in a browser seat
        seat.write_bytes(session_bytes("Carol White", 2, NOW))

    assert as_user(team.facil, browser_seat).rc == 0
    bob_writes(
        team,
        folder,
        {
            "bob-jones.toml": session_bytes("Bob Jones", 3, NOW),
            ".forged.toml": session_bytes("Alice Smith", 1, NOW),
        },
        rename={".forged.toml": real.name},
    )
    assert real.stat().st_uid == team.bob.uid  # the kernel let bob do it
    text, data = merged(team, folder)
    alice = next(p for p in data["people"] if p["name"] == "Alice Smith")
    assert alice["account"] == team.bob.name
    assert f"[{real} (account {team.bob.name})]" in text.out
    assert f"{team.bob.name}'s account wrote 2 sessions." in text.out.splitlines()


async def alice_keeps_working(path: Path, swapped: Path, ready: Path, wait: float = 60) -> str:
    """Alice's app with her session open; bob's file takes its place; what her app says once
    it has said so and its session bar names the copy (or after `wait` seconds)."""
    from bb_tui.tui.app import BBApp
    from tests.support.piloting import notifications, run_test, screen_text

    app = BBApp(FW, path.parent, path, cursor_blink=False, theme="textual-dark")
    app.OWN_FILE_CHECK = 0.2
    async with run_test(app, size=(100, 30)) as pilot:
        await pilot.pause()
        ready.touch()
        deadline = time.monotonic() + wait  # the swap, then her app's next look (generous)
        said: list[str] = []
        while time.monotonic() < deadline:
            await pilot.pause(0.05)
            said = [n for n in notifications(app) if "replaced" in n]
            if swapped.exists() and said and "This window now saves to" in screen_text(app):
                break
        text = screen_text(app)
        await pilot.press("ctrl+q")
    return "\n".join([*said, text])


def test_alices_app_says_her_file_was_replaced_and_keeps_her_version(team):
    folder = open_folder(team)
    real = alice_saves_her_session(team, folder)
    mine = real.read_bytes()
    forged = folder / ".forged.toml"
    forged.write_bytes(session_bytes("Alice Smith", 1, NOW))
    own(forged, team.bob, 0o644)
    ready, swapped = team.alice.home / "ready", team.root / "swapped"

    def bob_swaps() -> None:  # bob's rename (the kernel's leave is shown by the test above)
        deadline = time.monotonic() + 60
        while not ready.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        os.replace(forged, real)
        swapped.touch()

    warm_up(team)
    swapper = threading.Thread(target=bob_swaps, daemon=True)
    swapper.start()
    out = as_user(
        team.alice,
        lambda: print(run_coroutine(alice_keeps_working(real, swapped, ready))),
        cwd=folder,
        env={"BB_TUI_LIVE": "off"},
        timeout=90,
    )
    swapper.join(5)
    assert out.rc == 0, out.err
    assert f"replaced by a file from {team.bob.name}'s account" in out.out
    [copy] = folder.glob("alice-smith.conflict-*.toml")
    assert f"This window now saves to {copy.name}" in out.out  # the session bar's second line
    assert copy.stat().st_uid == team.alice.uid
    assert real.stat().st_uid == team.bob.uid  # bob's file is left as it is
    kept = copy.read_text()
    assert "leadership = 4" in kept and 'name = "Alice Smith"' in kept
    assert b"leadership = 4" in mine
    _, data = merged(team, folder)
    [claim] = data["claimed"]
    assert claim["accounts"] == [team.alice.name, team.bob.name]
    assert "Alice Smith" not in [p["name"] for p in data["people"]]


def warm_up(team) -> None:
    """The app scenario once as root first, swap included (a file of bob's over root's), so
    every module it uses is loaded before a child drops to alice: a child cannot read root's
    standard library (it once could not import concurrent.futures.thread). It ends as soon as
    the app has said so, where a run with nothing swapped waited its whole 10 s."""
    folder = team.root / "warm"
    folder.mkdir()
    path, forged = folder / "warm-up.toml", folder / ".forged.toml"
    path.write_bytes(session_bytes("Warm Up", 2, NOW))
    forged.write_bytes(session_bytes("Warm Up", 1, NOW))
    own(forged, team.bob, 0o644)
    ready, swapped = folder / "ready", folder / "swapped"

    def swap() -> None:
        deadline = time.monotonic() + 60
        while not ready.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        os.replace(forged, path)
        swapped.touch()

    swapper = threading.Thread(target=swap, daemon=True)
    swapper.start()
    said = run_coroutine(alice_keeps_working(path, swapped, ready, wait=10.0))
    swapper.join(5)
    assert "replaced by a file from" in said, said  # the whole scenario ran


async def files_view(folder: Path) -> tuple[str, str]:
    """Group results' status line and Files view (6) of `folder`, at 100x40."""
    from bb_tui.tui.app import BBApp
    from tests.support.piloting import run_test, screen_text
    from tests.support.results import open_results, settle

    app = BBApp(FW, folder, cursor_blink=False, ascii=True)
    async with run_test(app, size=(100, 40)) as pilot:
        await open_results(pilot)
        status = screen_text(app)
        await pilot.press("6")
        await settle(pilot)
        return status, screen_text(app)


async def test_group_results_name_the_account_behind_each_file(team):
    shared = team.shared
    files = {
        "alice-smith.toml": (session_bytes("Alice Smith", 4, NOW), team.alice),
        "smith-a.toml": (session_bytes("Alice Smith", 1, NOW), team.bob),
        "bob-jones.toml": (session_bytes("Bob Jones", 3, NOW), team.bob),
        "carol-white.toml": (session_bytes("Carol White", 2, NOW), team.bob),
    }
    for name, (data, account) in files.items():
        (shared / name).write_bytes(data)
        own(shared / name, account, 0o644)
    status, files_text = await files_view(shared)
    bob, alice = team.bob.name, team.alice.name
    assert f"{bob}'s account wrote 3 sessions" in " ".join(status.split())
    assert "1 claimed by more than one account" in " ".join(status.split())
    lines = [line.strip() for line in files_text.splitlines()]
    assert f"{bob}'s account wrote 3 sessions." in lines
    assert f"bob-jones.toml (account {bob})" in lines
    claim = f"Alice Smith is claimed by two accounts: {alice}, {bob}"
    at = lines.index(claim)
    assert lines[at + 1 : at + 3] == [
        f"alice-smith.toml (account {alice})",
        f"smith-a.toml (account {bob})",
    ]


async def test_the_facilitator_chooses_whose_file_counts_in_group_results(team):
    import tomllib

    from textual.widgets import Button

    from bb_tui.tui.app import BBApp
    from bb_tui.tui.dialogs.claim import ClaimScreen
    from tests.support.piloting import run_test
    from tests.support.results import open_results, settle

    shared = team.shared
    for name, data, account in (
        ("alice-smith.toml", session_bytes("Alice Smith", 4, NOW), team.alice),
        ("smith-a.toml", session_bytes("Alice Smith", 1, NOW + dt.timedelta(minutes=4)), team.bob),
        ("bob-jones.toml", session_bytes("Bob Jones", 2, NOW), team.bob),
    ):
        (shared / name).write_bytes(data)
        own(shared / name, account, 0o644)
    app = BBApp(FW, shared, cursor_blink=False, ascii=True)
    async with run_test(app, size=(100, 40)) as pilot:
        screen = await open_results(pilot)
        assert screen.results.participants == 1
        await pilot.press("6", "c")
        await pilot.pause()
        assert isinstance(app.screen, ClaimScreen)
        assert [str(b.label) for b in app.screen.query(Button)] == [
            f"1  {team.alice.name}'s file: alice-smith.toml",
            f"2  {team.bob.name}'s file: smith-a.toml",
        ]
        await pilot.press("1")
        await settle(pilot)
        assert screen.results.participants == 2
        assert screen.results.enablers["leadership"].mean == 3
        assert screen.results.claims == ()
        await pilot.press("ctrl+q")
    saved = tomllib.loads((shared / "partnership.toml").read_text())
    assert saved["same_person"] == [
        {"name": "Alice Smith", "organisation": ORG, "account": team.alice.name}
    ]
