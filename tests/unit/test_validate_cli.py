"""`bb-tui validate`: one line per file, exit 0/1/2, another framework, and no Textual."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bb_tui.cli.main import COMMANDS, main

DATA = Path(__file__).resolve().parents[1] / "data"
GOOD = DATA / "good"
SMALL = DATA / "frameworks" / "small.toml"


def run(capsys, *argv) -> tuple[int, list[str], str]:
    try:
        code = main(list(map(str, argv)))
    except SystemExit as exc:  # argparse and load_framework_or_exit exit this way
        code = exc.code
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def bb_tui(*argv, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bb_tui", *map(str, argv)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


def test_all_good_is_exit_0(capsys):
    code, lines, err = run(capsys, "validate", GOOD / "minimal.toml", GOOD / "full.toml")
    assert (code, lines, err) == (
        0,
        [f"{GOOD / 'minimal.toml'}: ok", f"{GOOD / 'full.toml'}: ok"],
        "",
    )


def test_files_and_folders_one_line_per_file_in_order(capsys, tmp_path):
    (tmp_path / "b.toml").write_bytes((GOOD / "minimal.toml").read_bytes())
    (tmp_path / "a.toml").write_text("format = 'bb-session'\n")
    (tmp_path / ".hidden.toml").write_text("not even toml [")
    (tmp_path / "notes.txt").write_text("not a session")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "deeper.toml").write_text("ignored: folders are not searched recursively")
    code, lines, err = run(capsys, "validate", GOOD / "minimal.toml", tmp_path)
    assert code == 1 and err == ""
    assert lines == [
        f"{GOOD / 'minimal.toml'}: ok",
        f"{tmp_path / 'a.toml'}: format_version: missing or not a whole number",
        f"{tmp_path / 'b.toml'}: ok",
    ]


def test_missing_path_is_reported_as_a_bad_file(capsys, tmp_path):
    code, lines, err = run(capsys, "validate", GOOD / "minimal.toml", tmp_path / "gone.toml")
    assert (code, lines, err) == (
        1,
        [f"{GOOD / 'minimal.toml'}: ok", f"{tmp_path / 'gone.toml'}: no such file"],
        "",
    )


def test_no_paths_is_a_usage_error(capsys):
    code, lines, err = run(capsys, "validate")
    assert code == 2 and lines == []
    assert "usage: bb-tui validate" in err and "required: PATH" in err


def test_folder_without_toml_files_is_a_usage_error(capsys, tmp_path):
    (tmp_path / "readme.txt").write_text("x")
    code, lines, err = run(capsys, "validate", tmp_path)
    assert (code, lines) == (2, [])
    assert err == f"bb-tui: no *.toml files found in {tmp_path}\n"


def test_warnings_follow_their_file(capsys):
    code, lines, err = run(capsys, "validate", GOOD / "unknown-keys.toml")
    path = GOOD / "unknown-keys.toml"
    assert code == 0 and err == ""
    assert lines == [
        f"{path}: ok",
        f"  warning: {path}: unknown key 'device' kept as it is",
        f"  warning: {path}: unknown key 'workshop' kept as it is",
        f"  warning: {path}: unknown key 'notes_from_future_version' kept as it is",
        f"  warning: {path}: unknown key 'participant.pronouns' kept as it is",
    ]


# ---------------------------------------------------------------- --framework


def test_another_framework_of_the_same_shape(capsys):
    session = DATA / "frameworks" / "small-session.toml"
    code, lines, err = run(capsys, "--framework", SMALL, "validate", session, GOOD / "minimal.toml")
    assert code == 1 and err == ""
    assert lines == [
        f"{session}: ok",
        f"{GOOD / 'minimal.toml'}: framework: file is for "
        "'beyond-boundaries-london-2022', not 'small-test-framework'",
    ]
    # and the bundled framework refuses the small framework's session
    code, lines, err = run(capsys, "validate", session)
    assert code == 1 and lines == [
        f"{session}: framework: file is for 'small-test-framework', "
        "not 'beyond-boundaries-london-2022'"
    ]


def test_broken_framework_is_one_line_and_exit_2():
    broken = DATA / "frameworks" / "broken-label.toml"
    result = bb_tui("--framework", broken, "validate", GOOD)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == (
        f"bb-tui: {broken}: themes[1].enablers[0].label: is 31 characters; at most 20\n"
    )


def test_missing_framework_is_exit_2(capsys, tmp_path):
    code, lines, err = run(capsys, "--framework", tmp_path / "nope.toml", "validate", GOOD)
    assert (code, lines, err) == (2, [], f"bb-tui: {tmp_path / 'nope.toml'}: no such file\n")


def test_framework_from_the_environment():
    env = dict(os.environ, BB_TUI_FRAMEWORK=str(SMALL))
    result = bb_tui("validate", DATA / "frameworks" / "small-session.toml", env=env)
    assert result.returncode == 0 and result.stdout.endswith("small-session.toml: ok\n")


def test_real_process_exit_codes():
    assert bb_tui("validate", GOOD).returncode == 0
    assert bb_tui("validate", GOOD, DATA / "hostile" / "bom.toml").returncode == 1
    usage = bb_tui("validate")
    assert usage.returncode == 2 and "Traceback" not in usage.stderr


# ---------------------------------------------------------------- no Textual


NO_TEXTUAL = textwrap.dedent("""
    import sys
    import bb_tui.storage.errors, bb_tui.storage.textsafe, bb_tui.storage.tomlio
    import bb_tui.core.framework, bb_tui.core.session
    import bb_tui.storage.safesave, bb_tui.storage.paths
    heavy = [m for m in ("textual", "plotext", "rich") if m in sys.modules]
    assert not heavy, f"domain modules imported {heavy}"
    from bb_tui.cli.main import main
    code = main(["validate", sys.argv[1]])
    heavy = [m for m in ("textual", "plotext") if m in sys.modules]
    assert not heavy, f"bb-tui validate imported {heavy}"
    print("clean", code)
""")


def test_domain_modules_and_validate_import_no_textual():
    result = subprocess.run(
        [sys.executable, "-c", NO_TEXTUAL, str(GOOD)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "clean 0"


@pytest.mark.parametrize("module", COMMANDS)
def test_sub_command_modules_import_no_textual(module):
    """`bb-tui --help` imports every sub-command module, so none may pull in Textual at import."""
    code = f"import sys, {module}\nprint([m for m in ('textual', 'plotext') if m in sys.modules])"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
