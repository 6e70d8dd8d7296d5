"""The `bb-tui` command: global options, sub-commands, and opening the app."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from bb_tui import __version__
from bb_tui.cli.common import EXIT_OK, Parser, default_sessions, load_framework_or_exit

if TYPE_CHECKING:
    from bb_tui.core.framework import Framework

# Each sub-command lives in its own module with add_parser(subparsers) and run(args) -> int,
# imported only when its command runs (or for --help): a command loads nothing it does not use.
SUB_COMMANDS = {
    "validate": "bb_tui.cli.validate",
    "merge": "bb_tui.cli.merge",
    "report": "bb_tui.cli.report",
    "export": "bb_tui.cli.export",
    "check-folder": "bb_tui.cli.check_folder",
    "serve": "bb_tui.cli.serve",
}
COMMANDS = tuple(SUB_COMMANDS.values())


class _Unclear(Exception):
    """The probe met a mistake in the command line: the full parser reports it."""


class _Probe(Parser):
    """Finds which sub-command a command line names; says nothing about mistakes."""

    def error(self, message: str) -> NoReturn:
        raise _Unclear(message)


def build_parser(
    commands: Collection[str] = tuple(SUB_COMMANDS), *, probe: bool = False
) -> argparse.ArgumentParser:
    """The parser with the sub-commands in `commands` imported and complete; the others are
    stand-ins that only know their name (enough to tell which command a line names)."""
    parser_class = _Probe if probe else Parser
    parser = parser_class(
        prog="bb-tui",
        description="Beyond Boundaries early-years integration self-evaluation, in the terminal. "
        "With no sub-command, opens the app on the sessions folder.",
        add_help=not probe,
    )
    parser.add_argument("--version", action="version", version=f"bb-tui {__version__}")
    parser.add_argument(
        "--sessions",
        metavar="DIR",
        type=Path,
        default=None,
        help="sessions folder (default: $BB_TUI_SESSIONS or ./sessions; for "
        "`score FILE`, the file's folder)",
    )
    parser.add_argument(
        "--framework",
        metavar="FILE",
        type=Path,
        default=None,
        help="framework file (default: $BB_TUI_FRAMEWORK or the bundled one)",
    )
    parser.add_argument(
        "--ascii",
        action="store_true",
        help="plain ASCII everywhere: charts, score bars, marks and keys (automatic on "
        "TERM=linux or a locale that is not UTF-8)",
    )
    parser.add_argument(
        "--plain",
        action="store_true",
        help="plain line mode for screen readers: one complete sentence per prompt, no "
        "redrawing (also with ACCESSIBLE=1, TERM=dumb, or output that is not a terminal; "
        "see `bb-tui help accessibility`)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=parser_class)
    score = sub.add_parser("score", help="open one session file straight on its overview")
    score.add_argument(
        "--confined",
        action="store_true",
        help="a participant's seat: this session only (no sessions list, no group screens, "
        "no other file); escape on the overview saves and ends it",
    )
    score.add_argument("file", type=Path)
    score.set_defaults(run=_run_app)
    topic = sub.add_parser("help", help="explain a topic: accessibility")
    topic.add_argument("topic", choices=["accessibility"])
    topic.set_defaults(run=_run_help)
    for name, module in SUB_COMMANDS.items():
        if name in commands:
            importlib.import_module(module).add_parser(sub)
        else:
            sub.add_parser(name, add_help=False)
    parser.set_defaults(run=_run_app)
    return parser


# The global options, for a quick look at a plain command line before any parser is built.
_FLAGS = frozenset(("--ascii", "--plain"))
_WITH_VALUE = frozenset(("--sessions", "--framework"))


def _plainly_named(argv: list[str]) -> Collection[str] | None:
    """The commands a plain command line needs (global options spelt out in full, then a known
    command, no help asked): what the probe would find, without building it; None otherwise."""
    words = iter(argv)
    for word in words:
        if word in _FLAGS or word.startswith(("--sessions=", "--framework=")):
            continue
        if word in _WITH_VALUE:
            if next(words, "-").startswith("-"):  # missing, or an option: argparse's to word
                return None
            continue
        rest = list(words)
        if word in SUB_COMMANDS and not {"-h", "--help", "--"} & set(rest):
            return (word,)
        return () if word in ("score", "help") and "--" not in rest else None
    return ()  # the app


def _commands_needed(argv: list[str] | None) -> Collection[str]:
    """The sub-command argv names; all of them for --help or a mistake (the full parser's
    usage and message), none for the app."""
    plain = _plainly_named(sys.argv[1:] if argv is None else argv)
    if plain is not None:
        return plain
    try:
        args, rest = build_parser((), probe=True).parse_known_args(argv)
    except _Unclear:
        return tuple(SUB_COMMANDS)
    if "-h" in rest or "--help" in rest:
        return tuple(SUB_COMMANDS)
    return (args.command,) if args.command in SUB_COMMANDS else ()


def _run_app(args: argparse.Namespace) -> int:
    import os

    from bb_tui.plain.settings import wants_plain

    # plain `score --confined FILE` is confined as it is: that file's journey, then the end.
    if wants_plain(args.plain, os.environ):
        from bb_tui.plain.run import run_plain

        return run_plain(_framework(args), args)
    from bb_tui.tui.runtime import typeahead

    typeahead.hold()  # from here keys typed while the app loads stay as typed (Enter, ctrl+s)
    try:
        framework = _framework(args)
        from bb_tui.tui.app import run_app

        if getattr(args, "confined", False):  # a participant's seat: this session file only
            from bb_tui.tui.confined import ConfinedApp

            return run_app(framework, args, ConfinedApp)
        return run_app(framework, args)
    finally:
        typeahead.give_back()


def _framework(args: argparse.Namespace) -> Framework:
    """The framework, and the sessions folder filled in when not given."""
    framework = load_framework_or_exit(args)
    if args.sessions is None:  # not given: `score FILE` works in the file's own folder
        file = getattr(args, "file", None)
        args.sessions = file.parent if file is not None else default_sessions()
    return framework


def _run_help(args: argparse.Namespace) -> int:
    from bb_tui.render.plain import ACCESSIBILITY_HELP

    print(ACCESSIBILITY_HELP)
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    args = build_parser(_commands_needed(argv)).parse_args(argv)
    try:
        code: int = args.run(args)  # each command's run(args) -> int
        return code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
