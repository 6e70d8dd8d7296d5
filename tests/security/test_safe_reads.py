"""Reading the shared folder: another user's links are not followed, nothing blocks, nothing redirects."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from bb_tui.core.listing import list_sessions
from bb_tui.core.partnership import load_partnership
from tests.support.accounts import as_user, cli_as, own

ROOT = Path(__file__).resolve().parents[2]
LINK = "a link made by another user; not read"
SESSION = (
    'format = "bb-session"\nformat_version = 1\nframework = "beyond-boundaries-london-2022"\n'
    '\n[participant]\nname = "{name}"\n\n[scores]\nleadership = 2\n'
)
PARTNERSHIP = (
    'format = "bb-partnership"\nformat_version = 1\n'
    'framework = "beyond-boundaries-london-2022"\nname = "Secret plans"\n'
)


def secret_file(team, name: str = "private", text: str | None = None) -> Path:
    """A file only the facilitator can read, in their private home."""
    path = team.facil.home / f"{name}.toml"
    path.write_text(text or SESSION.format(name="Facilitator Only"), "utf-8")
    return own(path, team.facil, 0o600)


def bobs_link(team, name: str, target: Path | str) -> Path:
    link = team.shared / name
    link.symlink_to(target)
    return own(link, team.bob)


def test_a_file_swapped_for_a_fifo_after_it_was_checked_is_refused_not_waited_on(tmp_path):
    """The race: stat says a regular file, then someone puts a FIFO in its place."""
    path = tmp_path / "swap.toml"
    path.write_text(SESSION.format(name="Ada"), "utf-8")
    script = textwrap.dedent(f"""
        import os
        from bb_tui.storage.errors import FileFormatError
        from bb_tui.storage.tomlio import read_toml_bytes
        swapped = []
        def swap(p):
            if str(p).endswith("swap.toml") and not swapped:
                swapped.append(p)
                os.unlink(p)
                os.mkfifo(p)
        def after(real):  # the swap comes right after a stat looked at the file
            def call(p, *args, **kwargs):
                result = real(p, *args, **kwargs)
                swap(p)
                return result
            return call
        def before(real):  # or right before it is opened, if nothing looked first
            def call(p, *args, **kwargs):
                swap(p)
                return real(p, *args, **kwargs)
            return call
        os.stat, os.lstat, os.open = after(os.stat), after(os.lstat), before(os.open)
        try:
            read_toml_bytes({str(path)!r})
        except FileFormatError as exc:
            print(exc.line())
        print(len(swapped))
    """)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, timeout=20, cwd=ROOT, text=True
    )
    assert done.stdout.splitlines() == [f"{path}: is not a regular file", "1"], done


def test_bobs_link_to_a_facilitator_only_file_is_not_read_by_validate(team):
    link = bobs_link(team, "notes.toml", secret_file(team))
    outcome = cli_as(team.facil, ["validate", str(link)])
    assert (outcome.rc, outcome.out, outcome.err) == (1, f"{link}: {LINK}\n", "")


def test_bobs_links_to_devices_fifos_and_colleagues_are_one_line_each(team):
    fifo = team.bob.home / "pipe"
    os.mkfifo(fifo)
    own(fifo, team.bob, 0o666)
    alice = team.shared / "alice.toml"
    alice.write_text(SESSION.format(name="Alice"), "utf-8")
    own(alice, team.alice, 0o664)
    links = [
        bobs_link(team, "zero.toml", "/dev/zero"),
        bobs_link(team, "pipe.toml", fifo),
        bobs_link(team, "copy.toml", "alice.toml"),
    ]
    start = time.monotonic()
    outcome = cli_as(team.facil, ["validate", str(team.shared)], timeout=30)
    assert time.monotonic() - start < 20
    lines = outcome.out.splitlines()
    assert outcome.rc == 1 and outcome.err == ""
    assert sorted(lines) == sorted([f"{alice}: ok", *(f"{link}: {LINK}" for link in links)])


def test_bobs_fifo_and_directory_named_toml_never_block_the_merge(team):
    def plant() -> None:
        os.mkfifo(team.shared / "fifo.toml")
        (team.shared / "folder.toml").mkdir()
        (team.shared / "bob.toml").write_text(SESSION.format(name="Bob"), "utf-8")

    assert as_user(team.bob, plant).rc == 0
    start = time.monotonic()
    outcome = cli_as(team.facil, ["merge", str(team.shared)], timeout=30)
    assert time.monotonic() - start < 20 and outcome.rc == 0, outcome
    assert f"{team.shared}/fifo.toml: is not a regular file" in outcome.out
    assert f"{team.shared}/folder.toml: is a directory, not a file" in outcome.out
    assert outcome.out.startswith("1 participant merged")


def test_a_chain_through_bobs_link_is_refused_even_from_the_facilitators_own_link(team):
    middle = bobs_link(team, ".middle", secret_file(team))
    mine = team.shared / "mine.toml"
    mine.symlink_to(middle)
    own(mine, team.facil)
    outcome = cli_as(team.facil, ["validate", str(mine)])
    assert (outcome.rc, outcome.out) == (1, f"{mine}: {LINK}\n")


def test_the_facilitators_own_link_still_works(team):
    target = secret_file(team, "mine")
    link = team.shared / "facil.toml"
    link.symlink_to(target)
    own(link, team.facil)
    outcome = cli_as(team.facil, ["validate", str(link)])
    assert (outcome.rc, outcome.out) == (0, f"{link}: ok\n")


def test_the_start_screen_lists_bobs_link_as_broken(team, framework):
    link = bobs_link(team, "notes.toml", secret_file(team))

    def listing() -> int:
        found = list_sessions(team.shared, framework)
        print([(str(p), problem) for p, problem in found.broken], [e.path for e in found.sessions])
        return 0

    outcome = as_user(team.facil, listing)
    assert outcome.out.strip() == f"{[(str(link), LINK)]} []", outcome


def test_bobs_partnership_link_is_not_read(team, framework):
    link = bobs_link(team, "partnership.toml", secret_file(team, "plans", PARTNERSHIP))

    def load() -> int:
        try:
            load_partnership(link, framework)
        except Exception as exc:  # noqa: BLE001
            print(exc)
            return 1
        return 0

    outcome = as_user(team.facil, load)
    assert (outcome.rc, outcome.out) == (1, f"{link}: {LINK}\n"), outcome


def test_bob_cannot_hard_link_a_facilitator_only_file_into_the_folder(team):
    """The kernel's fs.protected_hardlinks (on by default) refuses it, so a planted hard link
    can only be to a file bob could read and write himself."""
    secret = secret_file(team)

    def link() -> int:
        try:
            os.link(secret, team.shared / "hard.toml")
        except PermissionError:
            return 3
        return 0

    assert Path("/proc/sys/fs/protected_hardlinks").read_text().strip() == "1"
    assert as_user(team.bob, link).rc == 3
    assert not (team.shared / "hard.toml").exists()
