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
    save or an in-use mark needs), no Textual, no charts."""
    code = (
        "import sys\n"
        "from bb_tui.cli.main import main\n"
        f"assert main(['merge', {str(DEMO)!r}]) == 0\n"
        "unused = ('tomli_w', 'tomlkit', 'tempfile', 'socket', 'textual', 'plotext')\n"
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
