"""`bb-tui export PATH... --csv FILE | --xlsx FILE`: the scores and group figures for spreadsheets."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bb_tui.cli.common import SubCommands


def add_parser(sub: SubCommands) -> None:
    from bb_tui.cli.report import add_common, add_overwrite

    parser = sub.add_parser(
        "export",
        help="export scores and group figures as CSV or an Excel workbook",
        description="--csv FILE writes one row per participant per item (long format) to FILE and "
        "the group figures to FILE's stem + '-summary.csv'. --xlsx FILE writes a "
        "workbook with a sheet of scores, a sheet of group figures and radar charts "
        "(needs openpyxl: pip install 'bb-tui[xlsx]').",
    )
    parser.add_argument(
        "paths", nargs="+", type=Path, metavar="PATH", help="session files, or folders of them"
    )
    parser.add_argument("--csv", type=Path, metavar="FILE", help="write CSV files")
    parser.add_argument("--xlsx", type=Path, metavar="FILE", help="write an Excel workbook")
    parser.add_argument(
        "--partnership",
        type=Path,
        metavar="FILE",
        help="the partnership file, for agreed scores, used whoever's it is (default: the "
        "folder's partnership.toml when it is yours or the folder owner's, else your own "
        "partnership-<account>.toml beside it; someone else's is not used, and one line says "
        "whose)",
    )
    add_overwrite(parser)
    add_common(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from bb_tui.cli.common import (
        EXIT_INVALID,
        EXIT_OK,
        EXIT_USAGE,
        load_framework_or_exit,
    )
    from bb_tui.cli.report import load_current, refusal
    from bb_tui.render import spreadsheet as export
    from bb_tui.render.bundle import XLSX_HINT, xlsx_available
    from bb_tui.storage.errors import BBError
    from bb_tui.storage.safesave import check_own_file, write_own_file

    if args.csv is None and args.xlsx is None:
        print(
            "bb-tui export: error: say where to write: --csv FILE and/or --xlsx FILE",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.xlsx and not xlsx_available():
        print(
            f"bb-tui export: --xlsx needs openpyxl, which is not installed; "
            f"install it with: {XLSX_HINT}",
            file=sys.stderr,
        )
        return EXIT_INVALID
    framework = load_framework_or_exit(args)
    now, code = load_current(args, framework, "export")
    if now is None:
        return code
    try:
        files = dict(export.csv_files(now, args.csv)) if args.csv else {}
        if args.xlsx:
            files[args.xlsx] = export.workbook_bytes(now)
        for path in files:  # every name checked before the first file is written
            check_own_file(path, args.overwrite)
        for path, data in files.items():
            write_own_file(path, data, args.overwrite)
    except BBError as exc:
        print(f"bb-tui export: {refusal(exc)}", file=sys.stderr)
        return EXIT_INVALID
    if args.csv:
        rows = now.results.participants * (len(framework.enablers) + len(framework.indicators))
        print(f"wrote {args.csv} ({rows} rows) and {export.summary_path(args.csv)}")
    if args.xlsx:
        print(f"wrote {args.xlsx}")
    return EXIT_OK
