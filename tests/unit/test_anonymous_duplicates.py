"""Issue 11: an anonymous duplicate note names no participant, in merge text, JSON and Files (6);
report's --anonymous help says what anonymous mode does (docs/merging.md)."""

from __future__ import annotations

import json
import re
import shutil

from rich.text import Text

from bb_tui.cli.main import build_parser, main
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
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command").choices
    for name in ("report", "export", "merge"):
        helps = {a.dest: a.help for a in sub[name]._actions}
        assert "participants become" not in helps["anonymous"]
        assert "participants and files become" not in helps["anonymous"]
        assert "names" in helps["anonymous"] and "counts" in helps["anonymous"]
