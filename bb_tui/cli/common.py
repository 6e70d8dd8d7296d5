"""What every sub-command shares: exit codes, the argument parser's error rule, the framework."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, Protocol

if TYPE_CHECKING:
    from bb_tui.core.framework import Framework

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class SubCommands(Protocol):
    """argparse's sub-parsers (add_subparsers), as each command's add_parser uses them."""

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser: ...


def terminal_columns() -> int:
    """The terminal's width as `shutil.get_terminal_size` gives it ($COLUMNS, else the terminal,
    else 80), without importing shutil (and the three compression modules it loads)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        stdout = sys.__stdout__
        try:
            columns = 0 if stdout is None else os.get_terminal_size(stdout.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class Formatter(argparse.HelpFormatter):
    """argparse's help layout, told the width: argparse asks shutil for it each time an argument
    is added, and a command that prints no help need not load shutil."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        width = terminal_columns() - 2 if width is None else width
        super().__init__(prog, indent_increment, max_help_position, width)


class Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:  # argparse's default exit code is already 2
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def default_sessions() -> Path:
    """The sessions folder when --sessions is not given: $BB_TUI_SESSIONS or ./sessions."""
    return Path(os.environ.get("BB_TUI_SESSIONS") or "sessions")


def load_framework_or_exit(args: argparse.Namespace) -> Framework:
    """The framework for this run, or a one-line error and exit code 2."""
    from bb_tui.core.framework import load_framework
    from bb_tui.storage.errors import BBError

    try:
        return load_framework(args.framework)
    except BBError as exc:
        print(f"bb-tui: {exc.line()}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE) from None


def add_threshold_options(parser: argparse.ArgumentParser) -> None:
    """--low, --gap and --min-group: this run's thresholds, over the folder's and the framework's."""
    parser.add_argument(
        "--low",
        type=float,
        metavar="X",
        help="flag a mean below X as low, for this run (default: the folder's "
        "partnership file, else the framework's)",
    )
    parser.add_argument(
        "--gap",
        type=int,
        metavar="N",
        help="flag scores N or more apart as polarised, for this run (default: "
        "the partnership file's, else the framework's)",
    )
    parser.add_argument(
        "--min-group",
        type=int,
        metavar="N",
        dest="min_group",
        help="fewest people for a subgroup to be shown or an item to be called "
        "low or polarised, for this run (default: the partnership file's, "
        "else the framework's)",
    )
