"""`bb-tui merge PATH...`: group results from many session files, as a table or as JSON."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bb_tui.cli.common import add_threshold_options

if TYPE_CHECKING:
    from bb_tui.cli.common import SubCommands

CHARTS = ("radar", "spread", "all")


def add_parser(sub: SubCommands) -> None:
    parser = sub.add_parser(
        "merge",
        help="merge session files (files or folders of *.toml) into group results",
        description="Merge colleagues' session files: scores per enabler and indicator, low and "
        "polarised enablers, where to dig deeper, subgroups. Bad files are listed "
        "and skipped; duplicates are counted once (see docs/merging.md).",
    )
    parser.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="a session file, or a folder searched for *.toml",
    )
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--by",
        choices=("level", "organisation", "sector"),
        help="also show subgroups by level, organisation or sector (the "
        "framework's partners: local authority, health...)",
    )
    add_threshold_options(parser)
    parser.add_argument(
        "--anonymous",
        action="store_true",
        help="hide who gave which answer: counts and group figures only; no "
        "names; files not counted become numbers",
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 if any file was rejected")
    parser.add_argument(
        "--chart", choices=CHARTS, help="also draw the enabler radar, the spread chart, or both"
    )
    parser.add_argument(
        "--ascii",
        action="store_true",
        default=argparse.SUPPRESS,
        help="draw charts with plain ASCII instead of braille",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from bb_tui.cli.common import (
        EXIT_INVALID,
        EXIT_OK,
        EXIT_USAGE,
        load_framework_or_exit,
    )
    from bb_tui.core.collection import collect
    from bb_tui.core.partnership import load_partnership, locate_partnership
    from bb_tui.core.stats import compute
    from bb_tui.storage.errors import BBError

    _replace_unencodable(sys.stdout)
    if args.json and args.chart:
        print("bb-tui merge: error: --chart draws text; it cannot go with --json", file=sys.stderr)
        return EXIT_USAGE
    framework = load_framework_or_exit(args)
    try:  # the folder's thresholds live in its partnership file (flags override for this run)
        located = locate_partnership(list(args.paths))
        found = located.path
        partnership = load_partnership(found, framework) if found is not None else None
    except BBError as exc:
        print(f"bb-tui merge: {exc.line()}", file=sys.stderr)
        return EXIT_INVALID
    for note in located.notes:  # whose partnership.toml was not used, as report and export say
        print(f"bb-tui merge: {note}", file=sys.stderr)
    collection = collect(args.paths, framework)
    try:
        results = compute(
            collection,
            framework,
            low=args.low,
            gap=args.gap,
            by=args.by,
            anonymous=args.anonymous,
            min_group_size=args.min_group,
            partnership=partnership,
        )
    except ValueError as exc:
        print(f"bb-tui merge: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if not args.anonymous:
        for warning in collection.warnings():
            print(f"warning: {warning}", file=sys.stderr)
    if collection.files_read == 0:
        print(
            "bb-tui merge: no *.toml files found in " + ", ".join(str(p) for p in args.paths),
            file=sys.stderr,
        )
    if args.json:
        import json

        from bb_tui.render.words import results_json

        print(json.dumps(results_json(results), indent=2, ensure_ascii=False))
    else:
        from bb_tui.render.text import charts_text, merge_report

        print(merge_report(results))
        if args.chart:
            print()
            print(charts_text(results, args.chart, chart_width(), ascii_mode(args)))
    if results.participants == 0:
        return EXIT_INVALID
    if args.strict and results.rejected:
        return EXIT_INVALID
    return EXIT_OK


def _replace_unencodable(stream: TextIO) -> None:
    """On a non-UTF-8 terminal print "?" for what it cannot show rather than fail mid-report."""
    reconfigure = getattr(stream, "reconfigure", None)  # a test's capture may have none
    if reconfigure is not None:
        try:
            reconfigure(errors="replace")
        except ValueError:
            pass


def ascii_mode(args: argparse.Namespace) -> bool:
    from bb_tui.render.charts import braille_ok

    return bool(getattr(args, "ascii", False)) or not braille_ok()


def chart_width() -> int:
    """Charts as wide as the terminal allows, 60 to 120 columns."""
    import shutil

    return max(60, min(120, shutil.get_terminal_size((80, 24)).columns - 2))
