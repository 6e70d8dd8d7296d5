"""`bb-tui report PATH... -o FILE`: a Markdown report for a board paper."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bb_tui.cli.common import add_threshold_options

if TYPE_CHECKING:
    from bb_tui.cli.common import SubCommands
    from bb_tui.core.framework import Framework
    from bb_tui.core.rounds import Round
    from bb_tui.storage.errors import BBError


def add_parser(sub: SubCommands) -> None:
    parser = sub.add_parser(
        "report",
        help="write a Markdown report of the group results, fit for a board paper",
        description="A Markdown report: scope and participants (counts only with --anonymous), radar "
        "charts, a table per theme, where to dig deeper, agreed scores, challenges in "
        "play, suggested case studies, the action plan, and the change since an earlier "
        "round. The partnership file is the folder's partnership.toml when it is yours or the "
        "folder owner's (someone else's is not used, and one line says whose), or your own "
        "partnership-<account>.toml beside it.",
    )
    parser.add_argument(
        "paths", nargs="+", type=Path, metavar="PATH", help="session files, or folders of them"
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="write the report here (default: print it)",
    )
    parser.add_argument(
        "--partnership",
        type=Path,
        metavar="FILE",
        help="the partnership file, used whoever's it is (default: the one the folder given "
        "uses for you, see above)",
    )
    parser.add_argument(
        "--previous",
        type=Path,
        metavar="DIR",
        action="append",
        help="an earlier round's folder (or files), to report the change since then",
    )
    parser.add_argument(
        "--previous-partnership",
        type=Path,
        metavar="FILE",
        help="the earlier round's partnership file (default: found in --previous)",
    )
    add_overwrite(parser)
    add_common(parser)
    parser.set_defaults(run=run)


def add_common(parser: argparse.ArgumentParser) -> None:
    """Options shared by report and export."""
    parser.add_argument(
        "--anonymous",
        action="store_true",
        help="hide who gave which answer: counts and group figures only; no "
        "names, organisations or file names, and no per-person numbering",
    )
    parser.add_argument(
        "--by",
        choices=("level", "organisation", "sector"),
        help="add subgroup means per enabler; groups under the minimum size are "
        "pooled (as merge --by)",
    )
    add_threshold_options(parser)


def add_overwrite(parser: argparse.ArgumentParser) -> None:
    """--overwrite: replace an earlier output file (refused otherwise)."""
    parser.add_argument(
        "--overwrite",
        "--force",
        action="store_true",
        help="replace an earlier output file of yours (without it an existing "
        "file is left alone); a link, a hard-linked file or someone "
        "else's file is never replaced",
    )


def refusal(exc: BBError) -> str:
    """The one line for a file not written; says how to replace an earlier one."""
    from bb_tui.storage.safesave import AlreadyExists

    line = exc.line()
    return line + " (--overwrite replaces it)" if isinstance(exc, AlreadyExists) else line


def load_current(
    args: argparse.Namespace, framework: Framework, command: str
) -> tuple[Round, int] | tuple[None, int]:
    """The round named on the command line, or (None, exit code) after a one-line error."""
    from bb_tui.cli.common import EXIT_INVALID, EXIT_USAGE
    from bb_tui.core.rounds import load_round
    from bb_tui.storage.errors import BBError

    try:
        now = load_round(
            args.paths,
            framework,
            partnership=args.partnership,
            anonymous=args.anonymous,
            low=args.low,
            gap=args.gap,
            min_group_size=args.min_group,
            by=args.by,
        )
    except ValueError as exc:
        print(f"bb-tui {command}: error: {exc}", file=sys.stderr)
        return None, EXIT_USAGE
    except BBError as exc:
        print(f"bb-tui {command}: {exc.line()}", file=sys.stderr)
        return None, EXIT_INVALID
    if now.collection.rejected:
        print(
            f"bb-tui {command}: {len(now.collection.rejected)} file(s) rejected and left out "
            f"(see bb-tui validate)",
            file=sys.stderr,
        )
    for note in now.notes:  # whose partnership.toml was not used
        print(f"bb-tui {command}: {note}", file=sys.stderr)
    if now.partnership is not None and not args.anonymous:
        for warning in now.partnership.warnings:
            print(f"warning: {warning}", file=sys.stderr)
    return now, 0


def run(args: argparse.Namespace) -> int:
    from bb_tui.cli.common import EXIT_INVALID, EXIT_OK, load_framework_or_exit
    from bb_tui.core.rounds import compare, load_round
    from bb_tui.render.markdown import render_markdown
    from bb_tui.storage.errors import BBError
    from bb_tui.storage.safesave import write_own_file

    framework = load_framework_or_exit(args)
    now, code = load_current(args, framework, "report")
    if now is None:
        return code
    comparison = None
    if args.previous:
        try:
            before = load_round(
                args.previous,
                framework,
                partnership=args.previous_partnership,
                anonymous=args.anonymous,
                low=args.low,
                gap=args.gap,
                min_group_size=args.min_group,
            )
        except BBError as exc:
            print(f"bb-tui report: earlier round: {exc.line()}", file=sys.stderr)
            return EXIT_INVALID
        for note in before.notes:
            print(f"bb-tui report: earlier round: {note}", file=sys.stderr)
        comparison = compare(now, before)
    text = render_markdown(now, comparison)
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        write_own_file(args.output, text.encode("utf-8"), args.overwrite)
    except BBError as exc:
        print(f"bb-tui report: {refusal(exc)}", file=sys.stderr)
        return EXIT_INVALID
    print(
        f"wrote {args.output}: {now.results.participants} participants, round {now.label}"
        + (f", compared with {comparison.before.label}" if comparison else "")
    )
    return EXIT_OK
