"""`bb-tui merge PATH...`: group results from many session files, as a table or as JSON."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import textwrap
from pathlib import Path

CHARTS = ("radar", "spread", "all")


def add_parser(sub) -> None:
    parser = sub.add_parser(
        "merge", help="merge session files (files or folders of *.toml) into group results",
        description="Merge colleagues' session files: scores per enabler and indicator, low and "
                    "polarised enablers, where to dig deeper, subgroups. Bad files are listed "
                    "and skipped; duplicates are counted once (see docs/merging.md).")
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                        help="a session file, or a folder searched for *.toml")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--by", choices=("level", "organisation", "sector"),
                        help="also show subgroups by level, organisation or sector (the "
                             "framework's partners: local authority, health...)")
    parser.add_argument("--low", type=float, metavar="X",
                        help="flag a mean below X as low (default: the framework's)")
    parser.add_argument("--gap", type=int, metavar="N",
                        help="flag scores N or more apart as polarised (default: the framework's)")
    parser.add_argument("--min-group", type=int, metavar="N", dest="min_group",
                        help="smallest subgroup shown on its own (default: the framework's)")
    parser.add_argument("--anonymous", action="store_true",
                        help="hide every name: participants and files become numbers")
    parser.add_argument("--strict", action="store_true", help="exit 1 if any file was rejected")
    parser.add_argument("--chart", choices=CHARTS,
                        help="also draw the enabler radar, the spread chart, or both")
    parser.add_argument("--ascii", action="store_true", default=argparse.SUPPRESS,
                        help="draw charts with plain ASCII instead of braille")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from bb_tui.cli.common import (
        EXIT_INVALID,
        EXIT_OK,
        EXIT_USAGE,
        load_framework_or_exit,
    )
    from bb_tui.core.collection import collect
    from bb_tui.core.stats import compute

    _replace_unencodable(sys.stdout)
    if args.json and args.chart:
        print("bb-tui merge: error: --chart draws text; it cannot go with --json", file=sys.stderr)
        return EXIT_USAGE
    framework = load_framework_or_exit(args)
    collection = collect(args.paths, framework)
    try:
        results = compute(collection, framework, low=args.low, gap=args.gap, by=args.by,
                          anonymous=args.anonymous, min_group_size=args.min_group)
    except ValueError as exc:
        print(f"bb-tui merge: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if not args.anonymous:
        for warning in collection.warnings():
            print(f"warning: {warning}", file=sys.stderr)
    if collection.files_read == 0:
        print("bb-tui merge: no *.toml files found in "
              + ", ".join(str(p) for p in args.paths), file=sys.stderr)
    if args.json:
        print(json.dumps(results.to_json(), indent=2, ensure_ascii=False))
    else:
        print(render_text(results))
        if args.chart:
            print()
            print(render_charts(results, args.chart, ascii_mode(args)))
    if results.participants == 0:
        return EXIT_INVALID
    if args.strict and results.rejected:
        return EXIT_INVALID
    return EXIT_OK


def _replace_unencodable(stream) -> None:
    """On a non-UTF-8 terminal print "?" for what it cannot show rather than fail mid-report."""
    try:
        stream.reconfigure(errors="replace")
    except (AttributeError, ValueError):
        pass


def ascii_mode(args: argparse.Namespace) -> bool:
    from bb_tui.render.charts import braille_ok

    return bool(getattr(args, "ascii", False)) or not braille_ok()


def render_charts(results, which: str, ascii: bool) -> str:
    from bb_tui.render import charts

    width = max(60, min(120, shutil.get_terminal_size((80, 24)).columns - 2))
    out = []
    if which in ("radar", "all"):
        out.append(charts.enabler_radar(results, overlay=results.groups, width=width,
                                        height=max(16, width // 4), ascii=ascii).text())
    if which in ("spread", "all"):
        out.append(charts.enabler_spread(results, width=width, ascii=ascii).text())
    return "\n\n".join(out)


# ---------------------------------------------------------------- the readable table


def _num(value: float | None, places: int = 2) -> str:
    return "-" if value is None else f"{value:.{places}f}"


def _flags(f) -> str:
    return " ".join(name for name, on in (("low", f.low), ("polarised", f.polarised)) if on)


def _row(label: str, f, scale) -> str:
    counts = "".join(f"{c:>3}" for c in f.counts)
    return (f"{label[:20]:<20} {f.n:>3} {f.skipped:>4} {_num(f.mean):>5} {_num(f.median, 1):>5} "
            f"{_num(f.stdev):>5} {counts}  {_flags(f)}").rstrip()


def render_text(results) -> str:
    """The results as a plain-text report that fits 80 columns."""
    fw = results.framework
    t = results.thresholds
    lines = [
        f"{results.participants} participant{'s' if results.participants != 1 else ''} merged"
        f" ({len(results.rejected)} rejected, {len(results.duplicates)} duplicates, "
        f"{len(results.ignored)} ignored)",
        f"Low: mean below {t.low:g}.  Polarised: scores {t.gap} or more apart.",
        "Skipped and not-yet-scored items are left out of every figure.",
        "",
    ]
    levels = range(fw.scale.min, fw.scale.max + 1)
    header = (f"{'':20} {'n':>3} {'skip':>4} {'mean':>5} {'med':>5} {'sd':>5} "
              + "".join(f"{v:>3}" for v in levels) + "  flags")
    for theme in fw.themes:
        tf = results.themes[theme.id]
        lines.append(f"{theme.title} (theme mean {_num(tf.mean)}{', low' if tf.low else ''})")
        lines.append(header)
        for enabler in theme.enablers:
            lines.append(_row(enabler.label, results.enablers[enabler.id], fw.scale))
            for indicator in enabler.indicators:
                f = results.indicators[indicator.id]
                if f.n or f.skipped:
                    lines.append(_row(f"  indicator {indicator.number}", f, fw.scale))
        lines.append("")

    lines.append("Where to dig deeper")
    flagged = [d for d in results.dig_deeper() if d.flagged]
    for n, item in enumerate(flagged, start=1):
        label = fw.enabler(item.enabler_id).label
        lines.append(f"  {n}. {label}: {'; '.join(item.reasons)}")
        if item.indicators:
            numbers = ", ".join(str(fw.indicator(i.id).number) for i in item.indicators)
            lines.append(f"     indicators also low or polarised: {numbers}")
    if not flagged:
        lines.append("  Nothing is low or polarised at these thresholds.")
    lines.append("")

    if results.by:
        lines.extend(_groups_text(results))
    if results.anonymous:
        lines.append(f"Participants: {results.participants} (names hidden)")
    else:
        lines.append(f"Participants ({results.participants})")
        for p in results.people:
            about = ", ".join(x for x in (p.organisation, p.level) if x)
            lines.append(f"  {p.label}{' - ' + about if about else ''}  [{p.file}]")
    for title, rows, key in (("Rejected", results.rejected, "error"),
                             ("Duplicates, counted once", results.duplicates, "reason")):
        if rows:
            lines.append(f"{title} ({len(rows)})")
            lines.extend(f"  {r['file']}: {r[key]}" for r in rows)
    if results.ignored:
        lines.append(f"Ignored, not session files ({len(results.ignored)})")
        lines.extend(f"  {r['file']}: a {r['format']} file" for r in results.ignored)
    return "\n".join(lines).rstrip()


def _groups_text(results) -> list[str]:
    fw = results.framework
    lines = [f"Mean score by {results.by}"]
    if not results.groups:
        lines.append(f"  No subgroup has {results.thresholds.min_group_size} or more "
                     "participants, so none is shown on its own.")
        return [*lines, ""]
    names = [g.label for g in results.groups]
    short = all(len(n) <= 11 for n in names)
    heads = names if short else [chr(ord("A") + i) for i in range(len(names))]
    width = max(6, *(len(h) for h in heads)) + 1
    lines.append(f"{'':20} {'all':>{width}}" + "".join(f"{h:>{width}}" for h in heads))
    lines.append(f"{'participants':20} {results.participants:>{width}}"
                 + "".join(f"{g.participants:>{width}}" for g in results.groups))
    for enabler in fw.enablers:
        cells = [results.enablers[enabler.id], *(g.figures.enablers[enabler.id] for g in results.groups)]
        lines.append(f"{enabler.label:20} " + "".join(f"{_num(f.mean):>{width}}" for f in cells))
    if not short:
        lines.extend(f"  {h} = {n}" for h, n in zip(heads, names))
    for g in results.groups:
        if g.members:
            lines.append(textwrap.fill(f"{g.label}: " + ", ".join(g.members), width=78,
                                       initial_indent="  ", subsequent_indent="    "))
    if results.pooled:
        lines.append(f"  Groups under {results.thresholds.min_group_size} participants are pooled "
                     "so no one can be singled out.")
    return [*lines, ""]
