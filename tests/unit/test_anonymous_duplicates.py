"""Issue 11: an anonymous duplicate note names no participant, in merge text, JSON and Files (6);
report's --anonymous help says what anonymous mode does (docs/merging.md)."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from rich.text import Text

from bb_tui.cli.main import main
from bb_tui.core.collection import collect
from bb_tui.core.stats import compute
from bb_tui.tui.screens.group.results.files import FilesView


def folder_with_a_duplicate(tmp_path, demo_dir):
    folder = tmp_path / "sessions"
    folder.mkdir()
    for name in ("amina-okafor.toml", "bethan-pryce.toml", "grace-adeyemi.toml"):
        shutil.copy(demo_dir / name, folder / name)
    shutil.copy(demo_dir / "bethan-pryce.toml", folder / "copy-of-bethan.toml")
    return folder


def test_anonymous_duplicates_name_no_participant(tmp_path, demo_dir, framework, capsys):
    folder = folder_with_a_duplicate(tmp_path, demo_dir)
    results = compute(collect([folder], framework), framework, anonymous=True)
    assert [d.reason for d in results.duplicates] == ["identical to another file"]
    text = Text()
    FilesView._add_results(text, results, folder)
    assert "identical to another file" in text.plain and not re.search(
        r"Participant \d", text.plain
    )

    assert main(["merge", "--anonymous", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "identical to another file" in out and not re.search(r"Participant \d", out)
    assert main(["merge", "--anonymous", "--json", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "identical to another file" in out and not re.search(r"Participant \d", out)
    json.loads(out)


def test_named_duplicates_still_name_the_file_kept(tmp_path, demo_dir, framework):
    folder = folder_with_a_duplicate(tmp_path, demo_dir)
    results = compute(collect([folder], framework), framework)
    assert results.duplicates[0].reason.startswith("identical to ")
    assert "pryce" in results.duplicates[0].reason or "bethan" in results.duplicates[0].reason


def test_report_anonymous_help_says_what_it_hides(capsys):
    for name in ("report", "export", "merge"):
        with pytest.raises(SystemExit) as ended:
            main([name, "--help"])
        assert ended.value.code == 0
        shown = capsys.readouterr().out
        option = re.search(r"\n  --anonymous +(.*?)\n  -", shown, re.S)
        assert option is not None, shown
        words = " ".join(option.group(1).split())  # as argparse wrapped it, on one line
        assert "participants become" not in words
        assert "participants and files become" not in words
        assert "names" in words and "counts" in words
