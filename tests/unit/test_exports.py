"""exports.export_folder: every kind written at once, or a one-line error and nothing written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bb_tui.render.bundle import export_folder
from bb_tui.storage.errors import BBError

DEMO = Path(__file__).resolve().parents[2] / "sessions" / "demo"


def test_writes_each_kind_and_nothing_else(framework, tmp_path):
    written = export_folder(DEMO, framework, tmp_path / "out")
    assert sorted(p.name for p in written) == [
        "report.md",
        "results.xlsx",
        "scores-summary.csv",
        "scores.csv",
    ]
    assert all(p.stat().st_size > 0 for p in written)


def test_no_kind_or_no_sessions_is_a_one_line_error(framework, tmp_path):
    with pytest.raises(BBError, match="at least one"):
        export_folder(DEMO, framework, tmp_path / "a", kinds=[])
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(BBError, match="no session file could be read"):
        export_folder(empty, framework, tmp_path / "b")
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_a_broken_partnership_file_writes_nothing(framework, tmp_path):
    folder = tmp_path / "round"
    shutil.copytree(DEMO, folder)
    (folder / "partnership.toml").write_text(
        'format = "bb-partnership"\nformat_version = 1\n'
        'framework = "beyond-boundaries-london-2022"\n'
        "[agreed]\nleadership = 9\n"
    )
    with pytest.raises(BBError) as caught:
        export_folder(folder, framework, tmp_path / "out")
    assert "partnership.toml" in caught.value.line() and "\n" not in caught.value.line()
    assert not (tmp_path / "out").exists()
