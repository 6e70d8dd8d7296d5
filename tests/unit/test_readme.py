"""The README's two set-up commands are the ones CI and users actually run."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from bb_tui.cli.main import build_parser

ROOT = Path(__file__).resolve().parents[2]


def _quick_start() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_quick_start_is_exactly_two_commands_and_ci_runs_the_test_one():
    app_command, test_command = _quick_start()
    assert app_command.endswith(".venv/bin/bb-tui --sessions sessions/demo")
    assert test_command.endswith(".venv/bin/python -m pytest -n 4")  # four workers (xdist)
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_app_command_opens_the_demo_on_the_bundled_framework():
    app_command = _quick_start()[0]
    argv = shlex.split(app_command.rsplit("&&", 1)[1])[1:]
    args = build_parser().parse_args(argv)
    assert args.sessions == Path("sessions/demo") and args.framework is None
    assert (ROOT / args.sessions).is_dir()
    assert len(list((ROOT / args.sessions).glob("*.toml"))) >= 9
