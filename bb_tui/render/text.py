"""The merge report as plain text that fits 80 columns, and the charts `merge --chart` adds (no Textual)."""

from __future__ import annotations

import textwrap

from bb_tui.core.stats import ItemFigures, Results, Thresholds
from bb_tui.render import words
from bb_tui.render.figures_row import figures_row


def _row(label: str, f: ItemFigures, t: Thresholds) -> str:
    r = figures_row(label, f, t)
    counts = "".join(f"{c:>3}" for c in r.counts)
    return (
        f"{label[:20]:<20} {r.n:>3} {r.skipped:>4} {r.unscored:>4} {r.mean:>4} {r.median:>3} "
        f"{r.sd:>3} {counts}  {r.flags(' ', with_n=False)}"
    ).rstrip()


def merge_report(results: Results) -> str:
    """The results as a plain-text report that fits 80 columns."""
    fw = results.framework
    t = results.thresholds
    claimed = f", {len(results.claims)} claimed by more than one account" if results.claims else ""
    lines = [
        f"{words.plural(results.participants, 'participant')} merged"
        f" ({len(results.rejected)} rejected, {len(results.duplicates)} duplicates, "
        f"{len(results.ignored)} ignored{claimed})",
        *(w for line in words.account_lines(results) for w in textwrap.wrap(line + ".", 78)),
        *textwrap.wrap(words.thresholds_line(t), 78),
        "Skipped and not-yet-scored items are left out of every figure: n scored it, skip",
        "skipped it, unsc did neither (n + skip + unsc = participants).",
        "",
    ]
    levels = range(fw.scale.min, fw.scale.max + 1)
    header = (
        f"{'':20} {'n':>3} {'skip':>4} {'unsc':>4} {'mean':>4} {'med':>3} {'sd':>3} "
        + "".join(f"{v:>3}" for v in levels)
        + "  flags"
    )
    for theme in fw.themes:
        tf = results.themes[theme.id]
        lines.append(f"{theme.title} (theme mean {words.theme_mean(tf.mean, tf.low, t)})")
        lines.append(header)
        for enabler in theme.enablers:
            lines.append(_row(enabler.label, results.enablers[enabler.id], t))
            for indicator in enabler.indicators:
                f = results.indicators[indicator.id]
                if f.n or f.skipped:
                    lines.append(_row(f"  indicator {indicator.number}", f, t))
        lines.append("")

    lines.append("Where to dig deeper")
    flagged = words.dig_deeper(results, flagged_only=True)
    for d in flagged:
        lines.append(f"  {d.rank}. {d.label}: {d.why}")
        if d.indicators:
            lines.append(f"     indicators also low or polarised: {d.indicators}")
    if not flagged:
        lines.append("  Nothing is low or polarised at these thresholds.")
    lines.append("")

    if results.by:
        lines.extend(_groups(results))
    if results.anonymous:
        lines.append(f"Participants: {results.participants} (names hidden)")
    else:
        lines.append(f"Participants ({results.participants})")
        for p in results.people:
            about = words.about(p)
            file = words.with_account(p.file, p.account)
            lines.append(f"  {p.label}{' - ' + about if about else ''}  [{file}]")
    if results.claims:
        lines.append(words.claim_heading(sum(len(c.files) for c in results.claims)))
        for claim in results.claims:
            lines.append(f"  {words.claim_line(claim)}")
            lines.extend(f"    {words.with_account(f, a)}" for f, a in claim.files)
    for kind, notes in words.file_notes(results):
        lines.append(words.note_heading(kind, len(notes)))
        lines.extend(f"  {words.note_line(n)}" for n in notes)
    return "\n".join(lines).rstrip()


def _groups(results: Results) -> list[str]:
    fw = results.framework
    lines = [f"Mean score by {results.by}"]
    if not results.groups:
        lines.extend(
            textwrap.wrap(
                words.pooled_line(results), 78, initial_indent="  ", subsequent_indent="  "
            )
        )
        return [*lines, ""]
    names = [g.label for g in results.groups]
    short = all(len(n) <= 11 for n in names)
    heads = names if short else [chr(ord("A") + i) for i in range(len(names))]
    cells = {
        e.id: [
            words.cell(g.figures.enablers[e.id].mean, g.figures.enablers[e.id])
            for g in results.groups
        ]
        for e in fw.enablers
    }
    longest = max(len(c) for row in cells.values() for c in row)
    width = max(6, longest, *(len(h) for h in heads)) + 1
    per_block = max(1, (78 - 21 - width) // width)  # a "too few (n 1)" cell is wide: wrap
    for start in range(0, len(heads), per_block):
        part = slice(start, start + per_block)
        if start:
            lines.append("")
        lines.append(f"{'':20} {'all':>{width}}" + "".join(f"{h:>{width}}" for h in heads[part]))
        lines.append(
            f"{'participants':20} {results.participants:>{width}}"
            + "".join(f"{g.participants:>{width}}" for g in results.groups[part])
        )
        for enabler in fw.enablers:
            lines.append(
                f"{enabler.label:20} {words.mean(results.enablers[enabler.id], results.thresholds):>{width}}"
                + "".join(f"{c:>{width}}" for c in cells[enabler.id][part])
            )
    if not short:
        lines.extend(f"  {h} = {n}" for h, n in zip(heads, names))
    for g in results.groups:
        if g.members:
            lines.append(
                textwrap.fill(
                    f"{g.label}: " + ", ".join(g.members),
                    width=78,
                    initial_indent="  ",
                    subsequent_indent="    ",
                )
            )
    if results.pooled:
        lines.extend(
            textwrap.wrap(
                words.pooled_line(results), 78, initial_indent="  ", subsequent_indent="  "
            )
        )
    if longest > 6:
        lines.extend(
            textwrap.wrap(
                words.too_few_note(results.thresholds),
                78,
                initial_indent="  ",
                subsequent_indent="  ",
            )
        )
    return [*lines, ""]


def charts_text(results: Results, which: str, width: int, ascii: bool) -> str:
    """The enabler radar (subgroups overlaid), the spread chart, or both ("all"), as text."""
    from bb_tui.render import charts  # plotext only when a chart is asked for

    out = []
    if which in ("radar", "all"):
        out.append(
            charts.enabler_radar(
                results,
                overlay=results.groups,
                width=width,
                height=max(16, width // 4),
                ascii=ascii,
            ).text()
        )
    if which in ("spread", "all"):
        out.append(charts.enabler_spread(results, width=width, ascii=ascii).text())
    return "\n\n".join(out)
