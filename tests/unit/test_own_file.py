"""write_own_file and the CLI's outputs: never through a link, an earlier file only when asked."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from bb_tui.cli.main import main
from bb_tui.storage.errors import SaveError
from bb_tui.storage.safesave import AlreadyExists, own_folder, write_own_file

DEMO = Path(__file__).resolve().parents[2] / "sessions" / "demo"


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def test_new_file_is_private_and_no_temp_is_left(tmp_path):
    target = write_own_file(tmp_path / "report.md", b"new")
    assert target.read_bytes() == b"new" and mode(target) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


def test_an_earlier_file_is_kept_unless_overwrite_and_then_keeps_its_read_bits(tmp_path):
    path = tmp_path / "scores.csv"
    path.write_bytes(b"old")
    path.chmod(0o664)
    with pytest.raises(AlreadyExists, match="already exists; not overwritten"):
        write_own_file(path, b"new")
    assert path.read_bytes() == b"old"
    write_own_file(path, b"new", overwrite=True)
    assert path.read_bytes() == b"new" and mode(path) == 0o644  # shared stays readable, no g+w


@pytest.mark.parametrize(
    "kind, problem",
    [
        ("symlink", "is a symbolic link; not replaced, not followed"),
        ("hardlink", "has 1 other hard link(s); not replaced"),
        ("fifo", "is not a regular file (a FIFO, socket or device); not replaced"),
        ("folder", "is a folder; not replaced"),
    ],
)
def test_what_is_never_replaced_even_with_overwrite(tmp_path, kind, problem):
    victim = tmp_path / "victim"
    victim.write_bytes(b"mine")
    path = tmp_path / "scores.csv"
    {
        "symlink": lambda: path.symlink_to(victim),
        "hardlink": lambda: os.link(victim, path),
        "fifo": lambda: os.mkfifo(path),
        "folder": path.mkdir,
    }[kind]()
    with pytest.raises(SaveError) as caught:
        write_own_file(path, b"evil", overwrite=True)
    assert caught.value.line() == f"{path}: {problem}"
    assert victim.read_bytes() == b"mine"
    assert os.path.lexists(path) and sorted(p.name for p in tmp_path.iterdir()) == [
        "scores.csv",
        "victim",
    ]


def test_a_chosen_folder_is_made_private_and_a_file_there_is_refused(tmp_path):
    made = own_folder(tmp_path / "a" / "b")
    assert made.is_dir() and mode(made) == 0o700
    (tmp_path / "f").write_text("x")
    with pytest.raises(SaveError, match="is not a folder"):
        own_folder(tmp_path / "f")


@pytest.mark.parametrize("flag", ["--overwrite", "--force"])
def test_cli_refuses_an_existing_output_unless_told(tmp_path, capsys, flag):
    report, csv_out, xlsx = tmp_path / "r.md", tmp_path / "s.csv", tmp_path / "w.xlsx"
    for path in (report, csv_out, xlsx):
        path.write_bytes(b"earlier")
    runs = [
        ["report", str(DEMO), "-o", str(report)],
        ["export", str(DEMO), "--csv", str(csv_out)],
        ["export", str(DEMO), "--csv", str(tmp_path / "new.csv"), "--xlsx", str(xlsx)],
    ]
    for argv in runs:
        capsys.readouterr()
        assert main(argv) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.endswith(
            "already exists; not overwritten (--overwrite replaces it)\n"
        ), err
    assert all(p.read_bytes() == b"earlier" for p in (report, csv_out, xlsx))
    assert not (tmp_path / "new.csv").exists()  # nothing of a set is written when one is refused
    for argv in runs:
        assert main([*argv, flag]) == 0
    assert report.read_text().startswith("# ") and csv_out.read_bytes() != b"earlier"
    assert xlsx.read_bytes().startswith(b"PK")
