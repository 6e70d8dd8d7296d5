"""Issue 19: a session saved with no level (the form no longer chooses one) reads "not given"
in merge --by level, the report and the workbook, never as a blank group or an error."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import openpyxl

from bb_tui.cli.main import main


def _no_level(tmp_path: Path, demo: Path) -> Path:
    folder = tmp_path / "team"
    shutil.copytree(demo, folder)
    sessions = sorted(p for p in folder.glob("*.toml") if p.name != "partnership.toml")
    for path in sessions[:4]:  # four people: a group above the minimum size
        text = path.read_text("utf-8")
        path.write_text(re.sub(r"(?m)^level = .*\n", "", text), "utf-8")
    return folder


def test_no_level_reads_not_given_everywhere(capsys, tmp_path, demo_dir):
    folder = _no_level(tmp_path, demo_dir)
    assert main(["validate", str(folder)]) == 0  # an absent level is valid
    capsys.readouterr()
    assert main(["merge", "--by", "level", str(folder)]) == 0
    assert "Level not given" in capsys.readouterr().out
    assert main(["report", "--by", "level", str(folder)]) == 0
    report = capsys.readouterr().out
    assert "| Level not given |" in report  # the participants table
    assert re.search(r"\| Enabler \| All \|.* Level not given \|\n", report)  # the subgroups
    xlsx = tmp_path / "out.xlsx"
    assert main(["export", "--by", "level", "--xlsx", str(xlsx), str(folder)]) == 0
    book = openpyxl.load_workbook(xlsx, read_only=True)
    headings = next(book["Group figures"].iter_rows(values_only=True))
    assert any(str(h).startswith("mean: Level not given (n=4)") for h in headings), headings
