"""The app behind a plain browser seat: `bb-tui --plain score --confined FILE` is the plain
journey of that one file (no other file opened, no escape byte), and the full seat's app stays
the full app whatever the facilitator who runs `serve` chose for their own terminal."""

from __future__ import annotations

import os
import subprocess
import sys

from bb_tui.plain.settings import wants_plain
from bb_tui.tui.web.driver import NAME
from tests.browser.seat import FolderOpens
from tests.support.demo import DEMO, REPO

JOANNE = "joanne-hallett.toml"


class _Pipe:
    def isatty(self) -> bool:
        return False


def test_plain_score_confined_is_that_files_journey_and_opens_no_other(tmp_path):
    import shutil

    folder = tmp_path / "demo"
    shutil.copytree(DEMO, folder)
    others = {p.name for p in folder.glob("*.toml")} - {JOANNE}
    env = dict(os.environ, HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"))
    opens = FolderOpens(folder)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bb_tui", "--sessions", str(folder), "--plain"]
            + ["score", "--confined", str(folder / JOANNE)],
            input=b"g\nf\n0\no\nb\nq\n",
            capture_output=True,
            cwd=REPO,
            env=env,
            timeout=60,
        )
        reached = sorted(set(opens.names()) & others)
    finally:
        opens.close()
    assert done.returncode == 0, done.stderr[-500:]
    assert b"\x1b" not in done.stdout, "an escape byte was written"
    assert b"Enabler 7 of 12, Locality" in done.stdout  # her own first enabler not scored
    assert done.stdout.rstrip().endswith(b"Saved. Goodbye.")
    assert reached == [], f"the confined plain app opened {reached}"


def test_a_full_seats_app_is_full_whatever_the_facilitator_chose_for_themselves(
    tmp_path, monkeypatch
):
    config = tmp_path / "bb-tui" / "config.toml"
    config.parent.mkdir()
    config.write_text("plain = true\n", "utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    seat = {"TERM": "xterm", "TEXTUAL_DRIVER": NAME}
    assert wants_plain(False, seat, _Pipe()) is False
    assert wants_plain(False, dict(seat, ACCESSIBLE="1"), _Pipe()) is False
    assert wants_plain(True, seat, _Pipe()) is True  # a plain seat says --plain
    assert wants_plain(False, {"TERM": "xterm"}, _Pipe()) is True  # their own terminal: plain
