"""The sessions list re-reads only files that changed since it last read them (a 2 MiB session
took 240-380 ms to re-read each time the list came back)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from bb_tui.core import listing
from bb_tui.core.listing import Entry, Listing, ReadCache, scan_sessions


@pytest.fixture
def folder(tmp_path: Path, demo_dir: Path) -> Path:
    return Path(shutil.copytree(demo_dir, tmp_path / "demo"))


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    names: list[str] = []
    real = listing.parse_toml_bytes

    def counting(path, *args, **kwargs):
        names.append(Path(path).name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(listing, "parse_toml_bytes", counting)
    return names


def list_sessions(folder: Path, framework, cache: ReadCache) -> Listing:
    """As the sessions list reads the folder: through the screen's cache."""
    found = Listing(folder, True)
    for item in scan_sessions(folder, framework, cache=cache):
        found.add(item)
    return found


def names(found) -> list[tuple[str, str]]:
    return [(e.path.name, e.session.participant.name) for e in found.sessions]


def test_a_second_listing_reads_no_unchanged_file(folder, framework, reads):
    cache = ReadCache()
    first = list_sessions(folder, framework, cache)
    assert len(reads) == len(listing.session_paths(folder)) and len(first.sessions) > 1
    reads.clear()
    second = list_sessions(folder, framework, cache)
    assert reads == [] and names(second) == names(first)


def test_a_changed_renamed_or_new_file_is_read_again(folder, framework, reads):
    cache = ReadCache()
    list_sessions(folder, framework, cache)
    one, two, *_ = sorted(folder.glob("*.toml"))
    one.write_text(
        one.read_text().replace(
            one.read_text().split('name = "')[1].split('"')[0], "Renamed Person", 1
        )
    )
    st = two.stat()
    os.utime(two, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # touched, same bytes
    shutil.copy(two, folder / "new-person.toml")
    reads.clear()
    found = list_sessions(folder, framework, cache)
    assert sorted(reads) == sorted([one.name, two.name, "new-person.toml"])
    assert "Renamed Person" in [e.session.participant.name for e in found.sessions]


def test_a_file_that_became_broken_is_listed_as_broken(folder, framework, reads):
    cache = ReadCache()
    list_sessions(folder, framework, cache)
    one = sorted(folder.glob("*.toml"))[0]
    one.write_text("not = [toml")
    found = list_sessions(folder, framework, cache)
    assert one in [path for path, _ in found.broken]
    assert one not in [e.path for e in found.sessions if isinstance(e, Entry)]


def test_another_cache_or_no_cache_reads_again(folder, framework, reads):
    list_sessions(folder, framework, ReadCache())
    reads.clear()
    list_sessions(folder, framework, ReadCache())
    assert len(reads) == len(listing.session_paths(folder))
    reads.clear()
    list(scan_sessions(folder, framework))
    assert len(reads) == len(listing.session_paths(folder))
