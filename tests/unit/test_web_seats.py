"""Browser seats: tokens stored only as hashes in a private file of one's own; links per folder."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from bb_tui.tui.web.seats import FACILITATOR, PARTICIPANT, SeatBook, SeatError, digest, store_path
from tests.support.demo import DEMO, REPO


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    (tmp_path / "home").mkdir()
    return tmp_path / "home"


def test_the_store_is_private_and_holds_no_token(home, tmp_path):
    token = SeatBook().add(PARTICIPANT, tmp_path / "amina.toml")
    path = store_path()
    assert path == home / ".config" / "bb-tui" / "browser-seats.toml"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    text = path.read_text()
    assert token not in text and digest(token) in text
    assert len(token) >= 43  # 256 bits


def test_a_token_opens_its_own_seat_in_its_own_folder_only(home, tmp_path):
    book = SeatBook()
    amina = book.add(PARTICIPANT, tmp_path / "amina.toml")
    boss = book.add(FACILITATOR, tmp_path)
    found = SeatBook().find(amina, tmp_path)
    assert found is not None and found.path == str(tmp_path / "amina.toml")
    assert SeatBook().find(boss, tmp_path).role == FACILITATOR
    assert SeatBook().find(amina, tmp_path / "other") is None
    assert SeatBook().find(amina[:-1], tmp_path) is None
    assert SeatBook().find("", tmp_path) is None


@pytest.mark.parametrize("plant", ["symlink", "group-readable", "hardlink", "fifo"])
def test_a_store_others_could_read_or_redirect_is_refused(home, tmp_path, plant):
    SeatBook().add(PARTICIPANT, tmp_path / "amina.toml")
    path = store_path()
    if plant == "symlink":
        real = tmp_path / "elsewhere.toml"
        os.replace(path, real)
        path.symlink_to(real)
    elif plant == "group-readable":
        path.chmod(0o640)
    elif plant == "hardlink":
        os.link(path, tmp_path / "second-name")
    else:
        path.unlink()
        os.mkfifo(path, 0o600)
    with pytest.raises(SeatError) as refused:
        SeatBook()
    assert str(path) in refused.value.line() and "\n" not in refused.value.line()


def run_serve(home, *args):
    env = dict(os.environ, HOME=str(home), PYTHONPATH=str(REPO))
    env.pop("XDG_CONFIG_HOME", None)
    return subprocess.run(
        [sys.executable, "-m", "bb_tui", "serve", "--sessions", str(DEMO), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_links_are_printed_for_session_files_of_the_folder_only(home, tmp_path):
    done = run_serve(home, "--link", str(DEMO / "amina-okafor.toml"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Amina Okafor (amina-okafor.toml): http://localhost:8000/seat/")
    outside = tmp_path / "x.toml"
    outside.write_text((DEMO / "amina-okafor.toml").read_text())
    done = run_serve(home, "--link", str(outside))
    assert done.returncode == 1
    assert done.stderr.strip().endswith(f"not in the sessions folder {DEMO}")
    assert "Traceback" not in done.stderr
    done = run_serve(home, "--facilitator-link", "--port", "8123")
    assert done.returncode == 0 and "http://localhost:8123/seat/" in done.stdout
    done = run_serve(home, "--forget-links")
    assert done.stdout.startswith("2 link(s) forgotten")


def test_a_plain_link_is_kept_as_plain_and_a_file_has_one_link_the_facilitator_one_of_each(
    home, tmp_path
):
    book = SeatBook()
    full = book.add(PARTICIPANT, tmp_path / "amina.toml")
    plain = book.add(PARTICIPANT, tmp_path / "amina.toml", plain=True)
    assert SeatBook().find(full, tmp_path) is None  # a new link for the file ends the old one
    assert SeatBook().find(plain, tmp_path).plain is True
    boss_plain = book.add(FACILITATOR, tmp_path, plain=True)
    boss = book.add(FACILITATOR, tmp_path)  # as `serve` does each time it starts
    assert SeatBook().find(boss_plain, tmp_path).plain is True
    assert SeatBook().find(boss, tmp_path).plain is False
    assert "plain = true" in store_path().read_text()


def test_plain_links_are_printed_as_plain_and_plain_alone_is_one_line(home):
    done = run_serve(home, "--plain", "--link", str(DEMO / "amina-okafor.toml"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Amina Okafor (amina-okafor.toml, plain): http://localhost:")
    done = run_serve(home, "--plain", "--facilitator-link")
    assert done.returncode == 0 and f"Facilitator ({DEMO}, plain): http://" in done.stdout
    done = run_serve(home, "--plain")
    assert done.returncode == 2
    assert (
        done.stderr
        == "bb-tui: serve: --plain goes with --link or --facilitator-link (a plain link)\n"
    )
