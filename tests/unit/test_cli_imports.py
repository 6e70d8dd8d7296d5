"""A sub-command is imported only when it runs: `bb-tui merge` loads no other command's module,
the app none, and --help or a mistake still sees every command."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bb_tui.cli import main as cli
from tests.support.demo import DEMO, REPO

EVERY = tuple(cli.SUB_COMMANDS)


@pytest.mark.parametrize(
    ("argv", "needed"),
    [
        (["merge", "folder"], ("merge",)),
        (["--ascii", "check-folder", "dir", "--json"], ("check-folder",)),
        (["--sessions", "merge", "validate", "x.toml"], ("validate",)),  # a folder named merge
        (["export", "folder", "--csv", "out.csv"], ("export",)),
        ([], ()),  # the app
        (["--sessions", "demo"], ()),
        (["score", "x.toml"], ()),
        (["help", "accessibility"], ()),
        (["--help"], EVERY),  # lists every command with its help
        (["merge", "-h"], EVERY),
        (["--sessions"], EVERY),  # a mistake: the full parser's usage and message
        (["bogus"], EVERY),
    ],
)
def test_only_the_command_named_is_imported(argv, needed):
    assert tuple(cli._commands_needed(argv)) == needed


@pytest.mark.parametrize(
    "argv",
    [
        ["merge", "folder"],
        ["--ascii", "--sessions", "merge", "validate", "x.toml"],
        ["--sessions=demo", "--framework", "f.toml", "report", "demo"],
        ["--plain", "export", "folder", "--csv", "out.csv"],
        [],
        ["--sessions", "demo"],
        ["score", "x.toml"],
        ["help", "accessibility"],
        ["merge", "-h"],
        ["merge", "--", "-h"],
        ["--sess", "demo", "merge", "x"],  # an abbreviation: argparse's to read
        ["--sessions", "-h", "merge", "x"],
        ["--sessions"],
        ["bogus"],
        ["-h"],
    ],
)
def test_the_quick_look_agrees_with_the_probe(argv):
    """A plain command line is read without building the probe parser; whatever the quick look
    answers, the probe answers the same (it passes on everything else)."""
    quick = cli._plainly_named(argv)
    try:
        args, rest = cli.build_parser((), probe=True).parse_known_args(argv)
    except cli._Unclear:
        assert quick is None
        return
    if quick is not None:
        probed = () if args.command not in cli.SUB_COMMANDS else (args.command,)
        assert "-h" not in rest and "--help" not in rest and tuple(quick) == probed


def test_a_plain_command_line_builds_one_parser(monkeypatch):
    def no_probe(*args, **kwargs):
        raise AssertionError("the probe parser was built")

    monkeypatch.setattr(cli._Probe, "__init__", no_probe)
    assert tuple(cli._commands_needed(["--sessions", "demo", "merge", "demo"])) == ("merge",)
    assert tuple(cli._commands_needed(["score", "x.toml"])) == ()


def test_help_is_as_wide_as_argparse_makes_it(monkeypatch):
    """The same help, laid out by our Formatter and by argparse's own: the same lines."""
    import argparse
    import shutil

    from bb_tui.cli.common import Formatter

    words = " ".join(f"word{n}" for n in range(80))
    for columns in ("60", "133", "", "x"):
        monkeypatch.setenv("COLUMNS", columns)
        helps = []
        for formatter in (Formatter, argparse.HelpFormatter):
            parser = argparse.ArgumentParser(
                prog="bb-tui", description=words, formatter_class=formatter
            )
            parser.add_argument("--option", help=words)
            helps.append(parser.format_help())
        assert helps[0] == helps[1]
        widest = max(map(len, helps[0].splitlines()))
        assert 40 < widest <= shutil.get_terminal_size().columns - 2, columns


def test_bb_tui_merge_loads_no_other_sub_command():
    code = (
        "import sys\n"
        "from bb_tui.cli.main import main\n"
        f"assert main(['merge', {str(DEMO)!r}, '--json']) == 0\n"
        "print(sorted(m for m in sys.modules if m.startswith('bb_tui.cli.')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    loaded = done.stdout.splitlines()[-1]
    assert loaded == "['bb_tui.cli.common', 'bb_tui.cli.main', 'bb_tui.cli.merge']"


def test_bb_tui_merge_loads_nothing_for_saving_or_the_app():
    """A merge only reads: no writer (tomli_w, tomlkit), no temp files or host name (what a
    save or an in-use mark needs), no Textual, no charts; no shutil (argparse's way to the
    terminal's width, with three compression modules); no dataclasses (the records are written
    by hand: making a dataclass compiles its methods, most of a merge's start-up); no threading
    (the app's read cache)."""
    code = (
        "import sys\n"
        "from bb_tui.cli.main import main\n"
        f"assert main(['merge', {str(DEMO)!r}]) == 0\n"
        "unused = ('tomli_w', 'tomlkit', 'tempfile', 'socket', 'textual', 'plotext', 'shutil',"
        " 'dataclasses', 'threading')\n"
        "print(sorted(m for m in unused if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"


def test_help_and_mistakes_still_name_every_command(capsys):
    with pytest.raises(SystemExit) as done:
        cli.main(["--help"])
    out = capsys.readouterr().out
    assert done.value.code == 0
    for name in ("score", *EVERY):
        assert f"\n    {name} " in out  # listed with its one-line help
    assert "check that a sessions folder is set up safely" in out
    with pytest.raises(SystemExit) as done:
        cli.main(["bogus"])
    err = capsys.readouterr().err
    assert done.value.code == 2 and err.startswith("usage: bb-tui [-h] [--version]")
    assert "invalid choice: 'bogus' (choose from 'score', 'help', 'validate', 'merge'," in err
    with pytest.raises(SystemExit) as done:
        cli.main(["merge"])  # the command's own usage, from its real parser
    err = capsys.readouterr().err
    assert done.value.code == 2 and err.startswith("usage: bb-tui merge [-h] [--json]")
    assert "the following arguments are required: PATH" in err


def test_ascii_text_is_cleaned_without_the_long_character_classes():
    """textsafe compiles the classes for other scripts when text first needs them."""
    from bb_tui.storage import textsafe

    textsafe._compiled.cache_clear()
    assert textsafe.clean_text("Leadership\x07 board\r\n") == "Leadership board\n"
    assert textsafe.one_line("Ann\x00 Lee") == "Ann Lee"
    assert textsafe._compiled.cache_info().currsize == 0
    assert textsafe.one_line("Zo\u200be\u00e9") == "Zoe\u00e9"
    assert textsafe.clean_text("a\u202eb \U0001f600") == "ab \U0001f600"
    assert textsafe._compiled.cache_info().currsize == 3  # short BMP, astral test, long astral
