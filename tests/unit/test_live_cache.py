"""Merging again through a cache reads only the files that changed (live results: one colleague's
save costs one file, not the folder), and what it gives is what a fresh merge gives."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from bb_tui.core import collection
from bb_tui.core.collection import collect
from bb_tui.core.readcache import ParseCache
from bb_tui.storage.tomlio import MAX_FILE_BYTES


@pytest.fixture
def folder(tmp_path: Path, demo_dir: Path) -> Path:
    return Path(shutil.copytree(demo_dir, tmp_path / "demo"))


@pytest.fixture
def parsed(monkeypatch) -> list[str]:
    """The names of the files parsed (read, cached or not)."""
    names: list[str] = []
    real = collection.parse_toml_bytes

    def counting(path, data):
        names.append(Path(path).name)
        return real(path, data)

    monkeypatch.setattr(collection, "parse_toml_bytes", counting)
    return names


def summary(c) -> tuple:
    return (
        [(p.path, p.session.participant.name, dict(p.session.scores)) for p in c.participants],
        [(d.file, d.rule) for d in c.duplicates],
        [r.line() for r in c.rejected],
        [i.file for i in c.ignored],
    )


def replace(path: Path, old: str, new: str) -> None:
    """Save as the app does: a new file renamed over the old one."""
    tmp = path.with_name("." + path.name + ".tmp")
    tmp.write_text(path.read_text("utf-8").replace(old, new, 1), "utf-8")
    os.replace(tmp, path)


def test_a_second_merge_parses_only_the_changed_file(folder, framework, parsed):
    cache = ParseCache()
    first = collect([folder], framework, cache=cache)
    files = len(list(folder.glob("*.toml")))
    assert len(parsed) == files and len(first.participants) > 1
    parsed.clear()
    assert summary(collect([folder], framework, cache=cache)) == summary(first)
    assert parsed == []  # nothing changed: nothing parsed
    target = Path(first.participants[0].path)
    replace(target, "[scores]", "[scores]\n# a colleague's save")
    again = collect([folder], framework, cache=cache)
    assert parsed == [target.name]  # one file, not the folder
    assert summary(again) == summary(collect([folder], framework))


def test_a_change_in_place_is_seen(folder, framework):
    cache = ParseCache()
    first = collect([folder], framework, cache=cache)
    target = Path(first.participants[0].path)
    name = first.participants[0].session.participant.name
    with open(target, "r+", encoding="utf-8") as handle:  # same inode, new size and mtime
        text = handle.read().replace(name, "Someone Else", 1)
        handle.seek(0)
        handle.write(text)
        handle.truncate()
    again = collect([folder], framework, cache=cache)
    assert "Someone Else" in [p.session.participant.name for p in again.participants]


def test_a_broken_file_is_rejected_as_today_then_recovers(folder, framework):
    cache = ParseCache()
    first = collect([folder], framework, cache=cache)
    target = Path(first.participants[0].path)
    good = target.read_text("utf-8")
    target.write_text(good[: len(good) // 2] + "\n[scores\n", "utf-8")  # half-written
    broken = collect([folder], framework, cache=cache)
    assert [r.line() for r in broken.rejected] == [
        r.line() for r in collect([folder], framework).rejected
    ]
    assert any(target.name in r.line() for r in broken.rejected)
    target.write_text(good, "utf-8")
    assert summary(collect([folder], framework, cache=cache)) == summary(first)


def test_not_a_plain_file_is_read_the_ordinary_way(folder, framework):
    cache = ParseCache()
    (folder / "fifo.toml").unlink(missing_ok=True)
    os.mkfifo(folder / "fifo.toml")
    (folder / "dir.toml").mkdir()
    got = collect([folder], framework, cache=cache)
    assert [r.line() for r in got.rejected] == [
        r.line() for r in collect([folder], framework).rejected
    ]
    assert len(got.rejected) == 2


def test_a_file_over_the_limit_is_refused_by_its_size_never_parsed(folder, framework, parsed):
    """However often a colleague rewrites it: one line says why, its bytes are never parsed."""
    cache = ParseCache()
    big = folder / "big.toml"
    for n in range(5):
        big.write_bytes(b'format = "bb-session"\n' + b"#" * (MAX_FILE_BYTES + n) + b"\n")
        got = collect([folder], framework, cache=cache)
        assert [r.line() for r in got.rejected] == [
            f"{big}: is {big.stat().st_size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit; "
            "not read"
        ]
    assert "big.toml" not in parsed
    assert cache.refused == 5  # handed to the loader unread, not counted as parses


def test_two_readers_of_one_changed_file_parse_it_once(folder):
    """Two screens refreshing after the same save: the second takes the first's parse."""
    cache: ParseCache[tuple[str, int]] = ParseCache()
    target = sorted(folder.glob("*.toml"))[0]
    parsing, release = threading.Event(), threading.Event()
    calls: list[Path] = []

    def parse(path: Path, data: bytes, owner: int) -> tuple[str, int]:
        calls.append(path)
        parsing.set()
        release.wait(10)
        return ("parsed", len(data))

    def load(path: Path) -> tuple[str, int]:
        raise AssertionError(f"{path} is an ordinary file")

    got: list[tuple[str, int]] = []
    readers = [threading.Thread(target=lambda: got.append(cache.get(target, 1, parse, load)))]
    readers[0].start()
    assert parsing.wait(10)  # the first is parsing it
    readers.append(threading.Thread(target=lambda: got.append(cache.get(target, 1, parse, load))))
    readers[1].start()
    readers[1].join(0.2)  # the second waits for the first
    release.set()
    for reader in readers:
        reader.join(10)
    assert calls == [target] and cache.parses == 1
    assert len(got) == 2 and got[0] is got[1]
