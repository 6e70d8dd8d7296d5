"""Hostile session files: each gives one line naming the file and the problem, and is left alone.

The files are in tests/data/hostile/, their expected errors in tests/data/expected-errors.toml.
Cases that cannot be committed (a 200 MB file, a directory, an unreadable file, a FIFO, file
names holding escape sequences) are made here in tmp_path.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from bb_tui.cli.main import main
from bb_tui.core.session import load_session
from bb_tui.storage import tomlio
from bb_tui.storage.errors import SessionError
from bb_tui.storage.tomlio import MAX_FILE_BYTES

DATA = Path(__file__).resolve().parents[1] / "data"
HOSTILE = sorted((DATA / "hostile").glob("*.toml"))
EXPECTED: dict[str, str] = tomllib.loads(
    (DATA / "expected-errors.toml").read_text(encoding="utf-8")
)["errors"]
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
VALID = (
    b'format = "bb-session"\nformat_version = 1\n'
    b'framework = "beyond-boundaries-london-2022"\n\n[participant]\nname = "Test"\n'
)


def validate(capsys, *paths) -> tuple[int, list[str], str]:
    """Run `bb-tui validate` in this process; returns (exit code, stdout lines, stderr)."""
    code = main(["validate", *map(str, paths)])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}


def test_every_hostile_file_has_an_expected_error():
    assert len(HOSTILE) >= 45
    assert {p.name for p in HOSTILE} == set(EXPECTED)


@pytest.mark.parametrize("path", HOSTILE, ids=lambda p: p.name)
def test_hostile_file_one_line_exit_1_unchanged(path, capsys, framework):
    before = snapshot(path.parent)
    start = time.perf_counter()
    code, lines, err = validate(capsys, path)
    assert time.perf_counter() - start < 2.0  # no input may make the loader crawl
    assert code == 1
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{path}: ")
    assert EXPECTED[path.name] in lines[0], lines[0]
    assert not UNSAFE.search(lines[0])
    assert err == ""
    with pytest.raises(SessionError) as caught:
        load_session(path, framework)
    assert caught.value.line() == lines[0]
    assert snapshot(path.parent) == before  # nothing written, not even a lock file


def test_the_whole_hostile_folder_in_a_real_process():
    result = subprocess.run(
        [sys.executable, "-m", "bb_tui", "validate", str(DATA / "hostile")],
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr == b""
    lines = result.stdout.decode("utf-8").splitlines()
    assert len(lines) == len(HOSTILE)
    for path, line in zip(HOSTILE, lines):
        assert line.startswith(f"{path}: ") and EXPECTED[path.name] in line, line


# ---------------------------------------------------------------- made in the test


def test_200_mb_file_is_refused_by_size_before_reading(tmp_path, capsys, monkeypatch):
    big = tmp_path / "huge.toml"
    with open(big, "wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: takes no disk space
    opened = []  # files read: opened (without blocking) and checked on the handle is not read
    real_read = os.read

    def watching_read(fd, *args, **kwargs):
        opened.append(Path(os.readlink(f"/proc/self/fd/{fd}")))
        return real_read(fd, *args, **kwargs)

    monkeypatch.setattr(tomlio.os, "read", watching_read)
    start = time.perf_counter()
    code, lines, err = validate(capsys, big)
    elapsed = time.perf_counter() - start
    assert code == 1 and err == ""
    assert lines == [
        f"{big}: is 209,715,200 bytes, over the {MAX_FILE_BYTES:,}-byte limit; not read"
    ]
    assert big not in opened and opened  # refused on its size alone (the framework was read)
    assert elapsed < 1.0
    # the same check is what stops a real process
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "bb_tui", "validate", str(big)], capture_output=True, timeout=30
    )
    assert result.returncode == 1 and b"not read" in result.stdout and result.stderr == b""
    assert time.perf_counter() - start < 10


def test_size_limit_boundary(tmp_path, framework):
    exact = tmp_path / "exact.toml"
    exact.write_bytes(VALID + b"#" * (MAX_FILE_BYTES - len(VALID) - 1) + b"\n")
    assert exact.stat().st_size == MAX_FILE_BYTES
    assert load_session(exact, framework).participant.name == "Test"
    over = tmp_path / "over.toml"
    over.write_bytes(exact.read_bytes() + b"\n")
    with pytest.raises(SessionError, match="over the 1,048,576-byte limit; not read"):
        load_session(over, framework)


def test_file_that_grows_while_read(tmp_path, monkeypatch, framework):
    path = tmp_path / "growing.toml"
    path.write_bytes(VALID + b"#" * (MAX_FILE_BYTES + 10))
    real_fstat, inode = os.fstat, path.stat().st_ino

    def small_fstat(fd):  # the size is checked on the open handle
        st = real_fstat(fd)
        if st.st_ino == inode:
            return os.stat_result(
                (
                    st.st_mode,
                    st.st_ino,
                    st.st_dev,
                    st.st_nlink,
                    st.st_uid,
                    st.st_gid,
                    100,
                    st.st_atime,
                    st.st_mtime,
                    st.st_ctime,
                )
            )
        return st

    monkeypatch.setattr(tomlio.os, "fstat", small_fstat)
    with pytest.raises(SessionError, match="grew over the 1,048,576-byte limit while being read"):
        load_session(path, framework)


def test_directory_named_x_toml(tmp_path, capsys):
    folder = tmp_path / "x.toml"
    folder.mkdir()
    (folder / "inner.toml").write_bytes(VALID)
    code, lines, err = validate(capsys, folder)
    assert (code, lines, err) == (1, [f"{folder}: is a directory, not a file"], "")
    # found by a folder search too, and reported rather than skipped
    (tmp_path / "good.toml").write_bytes(VALID)
    code, lines, err = validate(capsys, tmp_path)
    assert code == 1 and err == ""
    assert lines == [f"{tmp_path / 'good.toml'}: ok", f"{folder}: is a directory, not a file"]


def test_unreadable_file_simulated(tmp_path, capsys, monkeypatch):
    """As root chmod 000 does not stop reading, so the open itself is made to fail."""
    path = tmp_path / "locked.toml"
    path.write_bytes(VALID)

    real_open = os.open

    def denied(file, *args, **kwargs):
        if Path(file) == path:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(tomlio.os, "open", denied)
    code, lines, err = validate(capsys, path)
    assert (code, lines, err) == (1, [f"{path}: cannot be read (Permission denied)"], "")
    assert path.read_bytes() == VALID


@pytest.mark.skipif(
    os.geteuid() == 0,
    reason="root reads a chmod 000 file anyway; test_unreadable_file_simulated covers this case",
)
def test_unreadable_file_real(tmp_path, capsys):
    path = tmp_path / "locked.toml"
    path.write_bytes(VALID)
    path.chmod(0)
    try:
        code, lines, err = validate(capsys, path)
    finally:
        path.chmod(0o644)
    assert (code, lines, err) == (1, [f"{path}: cannot be read (Permission denied)"], "")


def test_fifo_and_devices_are_refused_without_reading(tmp_path):
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)  # opening it would block for ever
    zero = tmp_path / "zero.toml"
    zero.symlink_to("/dev/zero")  # reading it would never end
    dangling = tmp_path / "dangling.toml"
    dangling.symlink_to(tmp_path / "nowhere.toml")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bb_tui",
            "validate",
            str(fifo),
            str(zero),
            str(dangling),
            str(tmp_path / "missing.toml"),
        ],
        capture_output=True,
        timeout=30,
    )
    assert result.returncode == 1 and result.stderr == b""
    assert result.stdout.decode().splitlines() == [
        f"{fifo}: is not a regular file",
        f"{zero}: is not a regular file",
        f"{dangling}: no such file",
        f"{tmp_path / 'missing.toml'}: no such file",
    ]


def test_file_names_with_escapes_are_printed_cleaned(tmp_path, capsys):
    evil = tmp_path / "ev\x1b]0;owned\x07il\nname\u202e.toml"
    evil.write_bytes(b"format = 3\n")
    fine = tmp_path / "\x9b2Jfine.toml"
    fine.write_bytes(VALID)
    code, lines, err = validate(capsys, tmp_path)
    assert code == 1 and err == ""
    assert lines == [
        f"{tmp_path}/ev]0;ownedil name.toml: format: 3 is not a bb-session file",
        f"{tmp_path}/2Jfine.toml: ok",
    ]


@pytest.mark.parametrize(
    "text, parts",
    [
        ("a = 1", 1),
        ("a.b.c = 1", 3),
        ('[a.b."c.d"]', 3),
        ("k . k . k = 1", 3),
        ("a = 'x.y.z.w'", 1),
        ('a = "x\\".y.z"', 1),
        ("a = '''x.y.z.'''", 1),
        ('a = """x.\n"y".z.w"""\nb.c = 1', 2),
        ('a = """x"""""\nb.c = 1', 2),
        ("x = 1.5\ny = 2024-01-01T00:00:00.5", 2),
        ("# a.b.c.d\nq = 1", 1),
        ('a = "unclosed.\nb.c.d = 1', 3),
        ("x = [1.5, 2.5, 3.5, 4.5]", 2),
    ],
)
def test_dotted_key_scan(text, parts):
    """The linear pre-scan that keeps tomllib's quadratic key handling away from long keys."""
    assert tomlio._longest_dotted_key(text) == parts


def test_dotted_key_scan_is_linear_on_pathological_text():
    """Eight times the text takes about eight times as long (quadratic would be 64 times)."""

    def best_of_5(text):
        times = []
        for _ in range(5):
            start = time.thread_time()  # CPU time: other processes on the machine do not count
            tomlio._longest_dotted_key(text)
            times.append(time.thread_time() - start)
        return min(times)  # the least disturbed by other work on the machine

    for unit in (",", '"""a"""', '\\"', "'", "a."):
        tries = []
        for _ in range(3):  # quadratic fails every try; a loaded machine (xdist) may disturb one
            small, large = best_of_5(unit * 8_000), best_of_5(unit * 64_000)
            tries.append((small, large))
            if large < 24 * small + 0.02:
                break
        else:
            raise AssertionError((unit, tries))


# ---------------------------------------------------------------- hostile text that is kept


def test_markup_is_kept_literally(framework):
    s = load_session(DATA / "good" / "text-markup.toml", framework)
    assert s.participant.name == "Ann [/b] O'Markup [TODO]"
    assert s.participant.organisation == "[@click=app.quit]x"
    assert s.participant.role == "[/"
    assert s.evidence["leadership"] == (
        "[bold red]not bold[/] [link=https://example.invalid]click[/link] [/ "
        "[@click=app.exit]y ${HOME} %s {0}"
    )
    assert s.reflections["purpose-priorities"] == "[b]"


def test_escape_sequences_are_stripped_and_the_rest_kept(framework):
    s = load_session(DATA / "good" / "text-escapes.toml", framework)
    assert s.participant.name == "Eve[31mRed[0m"
    assert s.participant.organisation == "]52;c;ZXZpbCBjbGlwYm9hcmQ=Clip Ltd"
    assert s.participant.role == "2JWipe"
    assert s.evidence["leadership"] == (
        "atxt.exe bc iso del nel bs bell ]8;;http://example.invalid\\link]8;;\\ end"
    )
    assert s.reflections["purpose-priorities"] == (
        "tab\tkept\nnewline kept\nCRLF foldedlone CR dropped"
    )


def test_ten_thousand_character_strings_are_kept_whole(framework):
    s = load_session(DATA / "good" / "text-long.toml", framework)
    assert len(s.participant.name) == 10_000 and s.participant.name.startswith("Long NNN")
    assert s.participant.organisation == "O" * 10_000
    assert len(s.evidence["leadership"]) == 10_000


@pytest.mark.parametrize("path", sorted((DATA / "good").glob("*.toml")), ids=lambda p: p.name)
def test_no_control_characters_survive_loading(path, framework):
    s = load_session(path, framework)
    texts = [
        s.participant.name,
        s.participant.organisation,
        s.participant.role,
        *s.evidence.values(),
        *s.reflections.values(),
    ]
    assert not [t for t in texts if UNSAFE.search(t)]
    assert "\n" not in s.participant.name + s.participant.organisation + s.participant.role


def test_good_folder_validates_with_warnings_only_for_unknown_keys(capsys):
    code, lines, err = validate(capsys, DATA / "good")
    assert code == 0 and err == ""
    oks = [line for line in lines if line.endswith(": ok")]
    warnings = [line for line in lines if line.startswith("  warning: ")]
    assert len(oks) == len(list((DATA / "good").glob("*.toml")))
    assert len(oks) + len(warnings) == len(lines)
    assert all("unknown-keys.toml: unknown key" in w for w in warnings) and len(warnings) == 4
    assert not [line for line in lines if UNSAFE.search(line)]
