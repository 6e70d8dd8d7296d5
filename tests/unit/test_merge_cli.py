"""`bb-tui merge`: JSON shape, readable table, exit codes, --strict, anonymity, lazy imports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bb_tui.cli.main import main

REPO = Path(__file__).resolve().parents[2]


def run(capsys, *argv):
    try:
        code = main(["merge", *map(str, argv)])
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def test_json_has_the_documented_shape(capsys, demo_dir, framework):
    code, out, _ = run(capsys, demo_dir, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["participants"] == 10 and data["rejected"] == []
    assert set(data["enablers"]) == {e.id for e in framework.enablers}
    assert set(data["indicators"]) == {i.id for i in framework.indicators}
    keys = {"n", "skipped", "mean", "median", "min", "max", "stdev", "counts", "low", "polarised"}
    assert keys <= set(data["enablers"]["leadership"]) and keys <= set(
        data["indicators"]["locality.1"]
    )
    assert data["enablers"]["information-sharing"]["low"] is True
    assert data["enablers"]["joint-governance"]["polarised"] is True
    assert data["enablers"]["leadership"]["counts"] == {"1": 0, "2": 0, "3": 3, "4": 6, "5": 1}
    assert set(data["themes"]) == {t.id for t in framework.themes}
    assert "mean" in data["themes"]["purpose-priorities"]
    assert "groups" not in data


def test_json_groups_by_level(capsys, demo_dir):
    code, out, _ = run(capsys, demo_dir, "--json", "--by", "level")
    data = json.loads(out)
    assert code == 0 and data["group_by"] == "level"
    assert {k: g["participants"] for k, g in data["groups"].items()} == {
        "strategic": 5,
        "operational": 5,
    }
    assert set(data["groups"]["strategic"]) >= {"enablers", "indicators", "themes"}


def test_readable_table_fits_80_columns(capsys, demo_dir):
    code, out, _ = run(capsys, demo_dir, "--by", "organisation")
    assert code == 0
    assert "Where to dig deeper" in out and "3. Joint governance: polarised" in out
    table = out.split("Participants (")[0]
    assert max(len(line) for line in table.splitlines()) <= 80
    assert "Amina Okafor" in out


def test_rejected_files_are_listed_and_strict_fails(capsys, demo_dir, tmp_path):
    (tmp_path / "broken.toml").write_text("format = 'bb-session'\nformat_version = [")
    code, out, _ = run(capsys, demo_dir, tmp_path)
    assert code == 0
    assert "Rejected (1)" in out and "broken.toml: is not valid TOML" in out
    code, out, _ = run(capsys, demo_dir, tmp_path, "--strict")
    assert code == 1
    code, out, _ = run(capsys, demo_dir, "--strict")
    assert code == 0
    code, out, _ = run(capsys, tmp_path, "--json")
    assert code == 1 and json.loads(out)["rejected"][0]["file"].endswith("broken.toml")


def test_nothing_merged_exits_1(capsys, tmp_path):
    code, _, err = run(capsys, tmp_path)
    assert code == 1 and "no *.toml files found" in err
    code, _, _ = run(capsys, tmp_path / "missing.toml")
    assert code == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["--low", "9"],
        ["--low", "nan"],
        ["--low", "x"],
        ["--gap", "0"],
        ["--by", "colour"],
        ["--min-group", "0"],
        ["--json", "--chart", "radar"],
    ],
)
def test_usage_errors_exit_2(capsys, demo_dir, argv):
    code, _, err = run(capsys, demo_dir, *argv)
    assert code == 2 and err


def test_no_paths_is_a_usage_error(capsys):
    code, _, _ = run(capsys)
    assert code == 2


def test_thresholds_from_the_command_line(capsys, demo_dir):
    _, out, _ = run(capsys, demo_dir, "--json", "--low", "3", "--gap", "2")
    data = json.loads(out)
    assert data["thresholds"] == {"low": 3.0, "gap": 2, "min_group_size": 3}
    assert data["enablers"]["delivery-partners"]["low"] is True  # 2.89 < 3
    assert data["enablers"]["common-agenda"]["polarised"] is True  # 2..4


def test_anonymous_hides_names_in_table_and_json(capsys, demo_dir):
    for extra in ([], ["--json"], ["--chart", "radar", "--by", "organisation"]):
        code, out, err = run(capsys, demo_dir, "--anonymous", "--by", "level", *extra)
        assert code == 0
        for name in ("Amina", "Okafor", "Bethan", "Wierzbicki", "amina-okafor"):
            assert name not in out and name not in err


def test_chart_in_ascii(capsys, demo_dir):
    code, out, _ = run(capsys, demo_dir, "--chart", "all", "--ascii", "--by", "level")
    charts = out[out.index("All enablers: group mean") :]
    assert code == 0 and charts.isascii()
    assert "All enablers: group mean" in out and "Spread: every score" in out
    assert "o Strategic" in out


def test_headless_merge_imports_no_textual_and_plotext_only_for_a_chart():
    code = (
        "import sys\n"
        "from bb_tui.cli.main import main\n"
        "assert main(['merge', 'sessions/demo', '--json']) == 0\n"
        "assert main(['merge', 'sessions/demo', '--by', 'level']) == 0\n"
        "assert 'textual' not in sys.modules, 'textual imported'\n"
        "assert 'plotext' not in sys.modules, 'plotext imported without a chart'\n"
        "assert main(['merge', 'sessions/demo', '--chart', 'radar']) == 0\n"
        "assert 'plotext' in sys.modules and 'textual' not in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_a_latin1_terminal_gets_question_marks_not_a_crash(demo_dir):
    env = {
        "PATH": "/usr/bin:/bin",
        "LANG": "C",
        "LC_ALL": "C",
        "PYTHONIOENCODING": "latin-1",
        "PYTHONPATH": str(REPO),
    }
    done = subprocess.run(
        [sys.executable, "-m", "bb_tui", "merge", str(demo_dir), "--chart", "all"],
        capture_output=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert b"Children?s Services" in done.stdout or b"Children's Services" in done.stdout
    assert b"Spread: every score" in done.stdout


def test_the_installed_command_runs(demo_dir):
    done = subprocess.run(
        [sys.executable, "-m", "bb_tui", "merge", str(demo_dir), "--json"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and json.loads(done.stdout)["participants"] == 10
