"""The `bb-tui` command: global options, sub-commands, and opening the app."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

from bb_tui import __version__

# Each sub-command lives in its own module with add_parser(subparsers) and run(args) -> int.
COMMANDS = (
    "bb_tui.commands.validate",
    "bb_tui.commands.merge",
    "bb_tui.commands.report",
    "bb_tui.commands.export",
    "bb_tui.commands.check_folder",
)

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's default exit code is already 2
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="bb-tui",
        description="Beyond Boundaries early-years integration self-evaluation, in the terminal. "
                    "With no sub-command, opens the app on the sessions folder.",
    )
    parser.add_argument("--version", action="version", version=f"bb-tui {__version__}")
    parser.add_argument("--sessions", metavar="DIR", type=Path,
                        default=Path(os.environ.get("BB_TUI_SESSIONS", "sessions")),
                        help="sessions folder (default: $BB_TUI_SESSIONS or ./sessions)")
    parser.add_argument("--framework", metavar="FILE", type=Path, default=None,
                        help="framework file (default: $BB_TUI_FRAMEWORK or the bundled one)")
    parser.add_argument("--ascii", action="store_true",
                        help="draw charts with plain ASCII instead of braille")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    score = sub.add_parser("score", help="open one session file straight on its overview")
    score.add_argument("file", type=Path)
    score.set_defaults(run=_run_app)
    for name in COMMANDS:
        importlib.import_module(name).add_parser(sub)
    parser.set_defaults(run=_run_app)
    return parser


def load_framework_or_exit(args: argparse.Namespace):
    """The framework for this run, or a one-line error and exit code 2."""
    from bb_tui.errors import BBError
    from bb_tui.framework import load_framework

    try:
        return load_framework(args.framework)
    except BBError as exc:
        print(f"bb-tui: {exc.line()}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE) from None


def _run_app(args: argparse.Namespace) -> int:
    framework = load_framework_or_exit(args)
    from bb_tui.app import run_app

    return run_app(framework, args)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
