"""merge.collect: reading many files, rejecting bad ones in one line, counting duplicates once."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

from bb_tui.core.collection import (
    SAME_CONTENT,
    SAME_PARTICIPANT,
    SAME_PATH,
    Collection,
    collect,
    load_one,
    normalise,
)
from bb_tui.core.session import Participant, Session, dump_session

UTC = dt.timezone.utc


def write(
    folder: Path,
    stem: str,
    framework,
    name: str = "",
    organisation: str = "Council",
    level: str = "",
    scores: dict | None = None,
    indicators: dict | None = None,
    skipped: list | None = None,
    updated=None,
) -> Path:
    """Write a real session file through the session module's own writer."""
    session = Session(
        framework.id,
        Participant(name or stem.title(), organisation, level),
        scores=dict(scores or {}),
        indicators=dict(indicators or {}),
        skipped=list(skipped or []),
        updated=updated,
    )
    path = folder / f"{stem}.toml"
    path.write_bytes(dump_session(session, framework))
    return path


def names(collection: Collection) -> list[str]:
    return [p.session.participant.name for p in collection.participants]


def test_demo_folder_merges_ten_and_ignores_the_partnership_file(framework, demo_dir):
    c = collect([demo_dir], framework)
    assert len(c.participants) == 10
    assert c.rejected == () and c.duplicates == ()
    assert [i.format for i in c.ignored] == ["bb-partnership"]
    assert c.files_read == 11


def test_every_hostile_file_is_rejected_in_one_line_and_the_merge_goes_on(
    framework, data_dir, demo_dir
):
    hostile = sorted((data_dir / "hostile").glob("*.toml"))
    assert len(hostile) >= 20
    c = collect([data_dir / "hostile", demo_dir], framework)
    assert len(c.participants) == 10
    rejected = {Path(r.file).name: r.error for r in c.rejected}
    assert set(rejected) == {path.name for path in hostile}
    for error in rejected.values():
        assert error and "\n" not in error and "Traceback" not in error


def test_other_framework_and_newer_version_say_which(framework, tmp_path):
    good = write(tmp_path, "good", framework, scores={"leadership": 3})
    text = good.read_text()
    (tmp_path / "other.toml").write_text(text.replace(framework.id, "some-other-framework"))
    (tmp_path / "newer.toml").write_text(text.replace("format_version = 1", "format_version = 7"))
    c = collect([tmp_path], framework)
    errors = {Path(r.file).stem: r.error for r in c.rejected}
    assert "some-other-framework" in errors["other"] and framework.id in errors["other"]
    assert "7" in errors["newer"] and "newer" in errors["newer"]
    assert names(c) == ["Good"]


def test_files_that_cannot_be_read_become_rejections(framework, tmp_path):
    (tmp_path / "dir.toml").mkdir()
    (tmp_path / "garbage.toml").write_bytes(os.urandom(300) + b"\xff\xfe")
    os.mkfifo(tmp_path / "fifo.toml")  # must be refused, not block the merge
    (tmp_path / "loop.toml").symlink_to(tmp_path / "loop.toml")
    missing = tmp_path / "missing.toml"
    c = collect(
        [
            tmp_path / "dir.toml",
            tmp_path / "garbage.toml",
            tmp_path / "fifo.toml",
            tmp_path / "loop.toml",
            missing,
            "bad\x00name.toml",
        ],
        framework,
    )
    assert c.participants == ()
    assert len(c.rejected) == 6
    for r in c.rejected:
        assert r.error and "\n" not in r.error and "\x00" not in r.file


def test_same_path_twice_is_read_once_and_reported(framework, tmp_path):
    path = write(tmp_path, "amina", framework, scores={"leadership": 4})
    c = collect([path, tmp_path, tmp_path / "." / "amina.toml"], framework)
    assert names(c) == ["Amina"]
    assert [d.rule for d in c.duplicates] == [SAME_PATH, SAME_PATH]
    assert all("named twice" in d.reason() for d in c.duplicates)


def test_identical_bytes_count_once(framework, tmp_path):
    a = write(tmp_path, "a", framework, name="Amina", scores={"leadership": 4})
    other = tmp_path / "copies"
    other.mkdir()
    shutil.copy(a, other / "copy.toml")
    (other / "link.toml").symlink_to(a)
    c = collect([tmp_path, other], framework)
    assert names(c) == ["Amina"]
    assert sorted(d.rule for d in c.duplicates) == [SAME_CONTENT, SAME_CONTENT]
    assert all(d.kept.path == str(a) for d in c.duplicates)


def test_same_participant_keeps_the_most_recently_updated(framework, tmp_path):
    old = dt.datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
    new = dt.datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    write(
        tmp_path,
        "z-old",
        framework,
        name="Amina  KHAN",
        organisation="public health",
        scores={"leadership": 1, "locality": 2},
        updated=old,
    )
    write(
        tmp_path,
        "a-new",
        framework,
        name="amina khan",
        organisation="Public  Health",
        scores={"leadership": 5},
        updated=new,
    )
    write(
        tmp_path,
        "other-org",
        framework,
        name="Amina Khan",
        organisation="NHS",
        scores={"leadership": 3},
    )
    c = collect([tmp_path], framework)
    kept = {p.session.participant.organisation: p.session.scores for p in c.participants}
    assert kept == {"Public Health": {"leadership": 5}, "NHS": {"leadership": 3}}
    (dup,) = c.duplicates
    assert dup.rule == SAME_PARTICIPANT and Path(dup.file).name == "z-old.toml"
    assert Path(dup.kept.path).name == "a-new.toml"
    assert "updated more recently" in dup.reason()


def test_same_participant_tie_breaks_on_items_answered_then_path(framework, tmp_path):
    write(tmp_path, "b", framework, name="Sam", scores={"leadership": 1, "locality": 2})
    write(tmp_path, "a", framework, name="Sam", scores={"leadership": 4})
    c = collect([tmp_path], framework)
    assert [Path(p.path).name for p in c.participants] == ["b.toml"]
    assert "more items answered" in c.duplicates[0].reason()

    tie = tmp_path / "tie"
    tie.mkdir()
    write(tie, "b", framework, name="Kim", scores={"leadership": 1})
    write(tie, "a", framework, name="Kim", scores={"leadership": 2})
    c = collect([tie], framework)
    assert [Path(p.path).name for p in c.participants] == ["b.toml"]
    assert "sorts last" in c.duplicates[0].reason()


def test_naive_and_date_stamps_compare_without_crashing(framework, tmp_path):
    write(
        tmp_path,
        "a",
        framework,
        name="Lee",
        scores={"leadership": 1},
        updated=dt.datetime(2026, 5, 1, 12, 0),
    )  # naive: taken as UTC
    write(
        tmp_path, "b", framework, name="Lee", scores={"leadership": 2}, updated=dt.date(2026, 4, 1)
    )
    write(
        tmp_path,
        "c",
        framework,
        name="Lee",
        scores={"leadership": 3},
        updated=dt.datetime(2026, 5, 1, 11, 0, tzinfo=dt.timezone(dt.timedelta(hours=-2))),
    )
    c = collect([tmp_path], framework)
    assert [p.session.scores["leadership"] for p in c.participants] == [3]  # 13:00 UTC is latest


def test_order_of_paths_does_not_matter(framework, tmp_path):
    paths = [
        write(tmp_path, f"p{n}", framework, name=f"P{n % 3}", scores={"leadership": n % 5 + 1})
        for n in range(7)
    ]
    first = collect(paths, framework)
    again = collect(list(reversed(paths)) + [paths[2]], framework)
    assert [p.path for p in first.participants] == [p.path for p in again.participants]
    assert {d.file for d in first.duplicates} | {str(paths[2])} == {
        d.file for d in again.duplicates
    }


def test_union_equals_collecting_everything(framework, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    write(
        one,
        "a",
        framework,
        name="Ann",
        scores={"leadership": 2},
        updated=dt.datetime(2026, 1, 1, tzinfo=UTC),
    )
    write(
        two,
        "a2",
        framework,
        name="ann",
        scores={"leadership": 4},
        updated=dt.datetime(2026, 2, 1, tzinfo=UTC),
    )
    write(two, "b", framework, name="Bo", scores={"leadership": 3})
    (two / "bad.toml").write_text("not = [valid")
    both = collect([one, two], framework)
    joined = collect([one], framework).union(collect([two], framework))
    assert [p.path for p in joined.participants] == [p.path for p in both.participants]
    assert [(d.file, d.kept.path, d.rule) for d in joined.duplicates] == [
        (d.file, d.kept.path, d.rule) for d in both.duplicates
    ]
    assert joined.rejected == both.rejected


def test_load_one_never_raises_on_an_unexpected_error(framework, tmp_path, monkeypatch):
    path = write(tmp_path, "a", framework, scores={"leadership": 3})

    def boom(*_args, **_kwargs):
        raise RuntimeError("surprise")

    monkeypatch.setattr("bb_tui.core.collection.parse_session", boom)
    outcome = load_one(path, framework)
    assert outcome.error == "could not be read (RuntimeError)"


def test_normalise_is_case_width_and_space_blind():
    assert (
        normalise("  Amina\tOKAFOR ") == normalise("amina okafor") == normalise("Ａｍｉｎａ okafor")
    )


def test_the_quick_long_key_filter_never_lets_a_long_key_through():
    """tomlio skips its exact scan when no line has MAX_DEPTH dots; that must be sound."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from bb_tui.storage import tomlio

    part = st.one_of(
        st.from_regex(r"[a-z0-9_-]{1,3}", fullmatch=True),
        st.from_regex(r'"[a-z. ]{0,4}"', fullmatch=True),
    )
    key = st.lists(part, min_size=1, max_size=45).map(lambda parts: " . ".join(parts))
    line = st.one_of(
        key.map(lambda k: f"{k} = 1"),
        key.map(lambda k: f"[{k}]"),
        st.text(alphabet="ab. =#\"'\t", max_size=60),
    )

    @settings(max_examples=80, deadline=None)
    @given(st.lists(line, max_size=8).map("\n".join))
    def check(text):
        if tomlio._longest_dotted_key(text) > tomlio.MAX_DEPTH:
            assert tomlio._may_hold_long_key(text)

    check()
    long_key = ".".join(["a"] * 40) + " = 1"
    assert tomlio._longest_dotted_key(long_key) == 40 and tomlio._may_hold_long_key(long_key)
    assert not tomlio._may_hold_long_key('evidence = "One. Two. Three."\n' * 100)
