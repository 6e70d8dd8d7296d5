"""A window that opens a session someone's bb-tui holds tells it so in the in-use file, and the
holder reads it back (issue 20: the first window was never told)."""

from __future__ import annotations

import os

from bb_tui.storage.safesave import VISITS_MAX, InUseLock


def session(tmp_path):
    path = tmp_path / "ann.toml"
    path.write_text('format = "bb-session"\n', "utf-8")
    return path


def test_the_holder_reads_who_opened_it_too_and_who_closed_it(tmp_path):
    path = session(tmp_path)
    holder, other = InUseLock(path), InUseLock(path)
    assert holder.acquire() is None
    assert holder.visitors() == []
    assert other.acquire() is not None  # held: the other window is told who has it
    assert other.tell_holder("anyway")
    assert holder.visitors() == ["anyway"]
    assert other.acquire().startswith("bb-tui process")  # the holder's line only, still
    assert other.tell_holder("closed")
    assert holder.visitors() == []
    assert os.stat(holder.lock_file).st_mode & 0o777 == 0o600
    holder.release()


def test_a_window_killed_on_this_machine_is_not_counted(tmp_path):
    path = session(tmp_path)
    holder = InUseLock(path)
    holder.acquire()
    with open(holder.lock_file, "a", encoding="utf-8") as handle:
        handle.write(f"\nread-only 999999 {os.uname().nodename}\nread-only x{os.getpid()} h")
    assert holder.visitors() == ["read-only"]  # another machine's cannot be checked: counted
    holder.release()


def test_never_through_a_link_nor_past_the_limit(tmp_path):
    path = session(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_text("x", "utf-8")
    os.symlink(elsewhere, tmp_path / ".ann.toml.inuse")
    assert not InUseLock(path).tell_holder("anyway")
    assert elsewhere.read_text("utf-8") == "x"
    os.unlink(tmp_path / ".ann.toml.inuse")
    holder = InUseLock(path)
    holder.acquire()
    with open(holder.lock_file, "a", encoding="utf-8") as handle:
        handle.write("\n" + "y" * VISITS_MAX)
    assert not InUseLock(path).tell_holder("anyway")  # full: nothing more is added
    holder.release()
