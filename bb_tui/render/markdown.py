"""The Markdown report for a board paper: scope, charts, tables, what was agreed and planned (no Textual).

Deterministic: the same files give the same bytes (no timestamps), so it can be checked against a
golden file. Charts are ASCII inside code fences so they survive any Markdown viewer; every piece of
text from someone's file is escaped so it cannot become a link, an image, HTML or a broken table.
"""

from __future__ import annotations

import re

from bb_tui.core.discussion import suggested_case_studies
from bb_tui.core.rounds import Comparison, Round
from bb_tui.core.stats import LEVEL_LABELS, Results, under_minimum
from bb_tui.render import changes, words
from bb_tui.render.charts import comparison_radar
from bb_tui.render.figures_row import figures_row
from bb_tui.render.words import flags, plural, whole
from bb_tui.storage.textsafe import one_line

CHART_WIDTH = 72
CHART_HEIGHT = 22
RESPONSE_WORDS = {"change": "Change", "influence": "Influence", "work-around": "Work around"}
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~!])")
_ENTITY = re.compile(r"&(?=#?\w+;)")


def md(text: str) -> str:
    """Untrusted text as inert Markdown on one line: special characters escaped."""
    text = _MD_SPECIAL.sub(r"\\\1", one_line(text))
    return _ENTITY.sub("&amp;", text)  # "&amp;" only where "&" would start an HTML entity


def fence(body: str) -> str:
    """A code block whose fence is longer than any run of backticks inside it."""
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}text\n{body}\n{ticks}"


def table(columns: list[str], rows: list[list[str]], align: str = "") -> str:
    """A Markdown table; `align` is one letter per column: l, r or c (default l)."""
    marks = {"l": "---", "r": "--:", "c": ":-:"}
    align = align.ljust(len(columns), "l")
    lines = ["| " + " | ".join(columns) + " |", "| " + " | ".join(marks[a] for a in align) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


# ---------------------------------------------------------------- sections


def _title(now: Round) -> list[str]:
    p = now.partnership
    name = md(p.name) if p and p.name else "Early years integration"
    return [f"# {name}: Beyond Boundaries self-evaluation, {md(now.label)}", ""]


def _scope(now: Round) -> list[str]:
    r, fw = now.results, now.results.framework
    lines = ["## Scope", ""]
    lines.append(f"- Framework: {md(fw.title)} (`{md(fw.id)}`, version {fw.version}).")
    if fw.source:
        lines.append(f"- Source: {md(fw.source)}")
    lines.append(f"- Participants: {r.participants} counted.")
    extra = []
    if r.duplicates:
        extra.append(f"{plural(len(r.duplicates), 'duplicate file')} counted once")
    if r.rejected:
        extra.append(f"{plural(len(r.rejected), 'file')} rejected")
    if r.started:
        extra.append(f"{words.started(r)} (not counted)")
    if r.claims:
        extra.append(f"{len(r.claims)} claimed by more than one account, not counted")
    if extra:
        lines[-1] = lines[-1][:-1] + "; " + ", ".join(extra) + "."
    lines += [f"- {md(line)}." for line in words.account_lines(r)]
    t = r.thresholds
    lines.append(
        f"- An enabler is **low** when its mean is below {words.threshold(t.low)}, and **polarised** when "
        f"scores are {t.gap} or more apart; one scored by fewer than {t.min_group_size} people "
        f"is too few to call. Skipped and unscored items are left out of every "
        f"figure and counted separately."
    )
    lines.append(f"- {words.thresholds_line(t)}")
    lines.append("")
    if r.anonymous:
        lines += _anonymous_counts(now)
    else:
        people = sorted(r.people, key=lambda p: (p.organisation.casefold(), p.label.casefold()))
        rows = [
            [md(p.label), md(p.organisation), LEVEL_LABELS.get(p.level, md(p.level))]
            + ([md(p.account)] if r.accounts else [])
            for p in people
        ]
        columns = ["Participant", "Organisation", "Level"] + (["Account"] if r.accounts else [])
        lines += [table(columns, rows), ""]
    if r.started and not r.anonymous:
        lines.append(
            "Started, nothing scored (not counted): "
            + ", ".join(f"`{md(note.file)}`" for note in r.started)
            + "."
        )
        lines.append("")
    if r.rejected and not r.anonymous:
        lines.append("Files not counted:")
        lines.append("")
        lines += [f"- `{md(note.file)}`: {md(note.reason)}" for note in r.rejected]
        lines.append("")
    return lines


def _anonymous_counts(now: Round) -> list[str]:
    """Counts only: by level when every level shown is at least the minimum group size."""
    r = now.results
    levels: dict[str, int] = {}
    for person in r.people:
        level = person.source.session.participant.level
        levels[level] = levels.get(level, 0) + 1
    text = f"Names are withheld (anonymous report). {plural(r.participants, 'participant')}"
    if len(levels) > 1 and not under_minimum(min(levels.values()), r.thresholds):
        order = list(LEVEL_LABELS)  # strategic, operational, not given
        parts = [f"{levels[k]} {LEVEL_LABELS[k].lower()}" for k in order if k in levels]
        text += ": " + ", ".join(parts)
    return [text + ".", ""]


def _spectrum(now: Round) -> list[str]:
    p, fw = now.partnership, now.results.framework
    if not fw.spectrum:
        return []
    lines = ["## Where we are on the spectrum of integration", ""]
    chosen = next((m for m in fw.spectrum if p and m.id == p.spectrum), None)
    for model in fw.spectrum:
        mark = "**(this partnership)**" if model is chosen else ""
        lines.append(f"- **{md(model.title)}** {mark}".rstrip() + f": {md(model.description)}")
    lines.append("")
    if chosen is None:
        lines.append(words.NOT_PLACED)
    elif p is not None and p.spectrum_note:  # p is never None here: chosen is only set from p
        lines.append(f"> {md(p.spectrum_note)}")
    lines.append("")
    return lines


def _charts(now: Round) -> list[str]:
    from bb_tui.render import charts

    r = now.results
    lines = ["## Results", ""]
    radar = charts.enabler_radar(r, width=CHART_WIDTH, height=CHART_HEIGHT, ascii=True)
    lines += [fence("\n".join([radar.drawing, *radar.legend_lines()])), ""]
    agreed = now.partnership.agreed if now.partnership else {}
    for position, theme in enumerate(r.framework.themes, start=1):
        tf = r.themes[theme.id]
        mean = words.theme_mean(tf.mean, tf.low, r.thresholds)
        lines.append(f"### Theme {position}: {md(theme.title)} (mean {mean})")
        lines.append("")
        rows = []
        for e in theme.enablers:
            row = figures_row(md(e.label), r.enablers[e.id], r.thresholds)
            rows.append(
                [
                    row.label,
                    row.n,
                    row.skipped,
                    row.unscored,
                    row.mean,
                    row.median,
                    row.range,
                    row.sd,
                    whole(agreed.get(e.id)),
                    row.flags(),
                ]
            )
        columns = ["Enabler", "n", "Skipped", "Not scored", "Mean", "Median", "Range", "SD"]
        lines += [
            table([*columns, "Agreed", "Flags"], rows, "lrrrrrcrcl"),
            "",
        ]
        radar = charts.theme_radar(
            r, theme.id, width=CHART_WIDTH, height=CHART_HEIGHT - 4, ascii=True
        )
        lines += [fence("\n".join([radar.drawing, *radar.legend_lines()])), ""]
    return lines


def _groups(now: Round) -> list[str]:
    """`--by`: each subgroup's mean per enabler beside the whole group's (docs/merging.md)."""
    r = now.results
    if not r.by:
        return []
    lines = [f"## Mean score by {r.by}", ""]
    if not r.groups:
        return lines + [md(words.pooled_line(r)), ""]
    rows = [["Participants", str(r.participants), *(str(g.participants) for g in r.groups)]]
    rows += [
        [
            md(e.label),
            words.mean(r.enablers[e.id], r.thresholds),
            *(
                words.cell(g.figures.enablers[e.id].mean, g.figures.enablers[e.id])
                for g in r.groups
            ),
        ]
        for e in r.framework.enablers
    ]
    lines += [
        table(
            ["Enabler", "All", *(md(g.label) for g in r.groups)],
            rows,
            "l" + "r" * (len(r.groups) + 1),
        ),
        "",
    ]
    for g in r.groups:
        if g.members:
            lines.append(f"{md(g.label)}: {'; '.join(md(m) for m in g.members)}.")
    if r.pooled:
        lines += ["", md(words.pooled_line(r))]
    if any(g.figures.enablers[e.id].withheld for g in r.groups for e in r.framework.enablers):
        lines += ["", words.too_few_note(r.thresholds)]
    return lines + [""]


def _dig_deeper(now: Round) -> list[str]:
    fw = now.results.framework
    lines = ["## Where to dig deeper", ""]
    flagged = words.dig_deeper(now.results, flagged_only=True)
    if not flagged:
        return lines + ["No enabler is low or polarised.", ""]
    for d in flagged:
        lines.append(f"{d.rank}. **{md(d.label)}**: {md(d.why)}.")
        for f in d.item.indicators:
            indicator = fw.indicator(f.id)
            lines.append(
                f"   - Indicator {indicator.number} ({flags(f)}, mean "
                f"{words.mean(f, now.results.thresholds)}, n {f.n}): {md(indicator.text)}"
            )
    lines.append("")
    return lines


def _reflections(now: Round) -> list[str]:
    """Each theme's reflections with who wrote them; none at all in an anonymous report."""
    from bb_tui.render.reflections import NONE_WRITTEN, by_theme

    themes = by_theme(now.results)
    if not themes:
        return []
    lines = ["## Reflections", ""]
    if not any(t.written for t in themes):
        return lines + [NONE_WRITTEN, ""]
    for t in themes:
        lines += [f"### {md(t.theme.title)}", "", f"*{md(t.prompt)}*", ""]
        lines += [
            f"- **{md(person.label)}**"
            + (f" ({md(person.organisation)})" if person.organisation else "")
            + f": {md(text)}"
            for person, text in t.written
        ] or ["No reflections on this theme."]
        lines.append("")
    return lines


def _agreed(now: Round) -> list[str]:
    r, p = now.results, now.partnership
    lines = ["## Agreed scores", ""]
    if p is None or not p.agreed:
        return lines + ["No agreed scores are recorded.", ""]
    rows = []
    for e in r.framework.enablers:
        if e.id in p.agreed:
            f = r.enablers[e.id]
            rows.append([md(e.label), words.mean(f, r.thresholds), str(p.agreed[e.id]), flags(f)])
    lines += [table(["Enabler", "Group mean", "Agreed", "Flags"], rows, "lrcl"), ""]
    return lines


def _challenges(now: Round) -> list[str]:
    p, fw = now.partnership, now.results.framework
    if not fw.challenges:
        return []
    lines = ["## Challenges in play", ""]
    views = p.challenges if p else {}
    playing = [c for c in fw.challenges if views.get(c.id) and views[c.id].in_play]
    if not playing:
        lines += ["No challenge is recorded as in play.", ""]
    else:
        rows = [
            [
                md(c.title),
                RESPONSE_WORDS.get(views[c.id].response, "Not decided"),
                md(views[c.id].note) or "-",
            ]
            for c in playing
        ]
        lines += [table(["Challenge", "What we can do", "How"], rows), ""]
    others = [c for c in fw.challenges if c not in playing]
    if others and playing:
        names = []
        for c in others:
            note = views[c.id].note if views.get(c.id) else ""
            names.append(md(c.title) + (f" ({md(note)})" if note else ""))
        lines += ["Not in play: " + "; ".join(names) + ".", ""]
    return lines


def _case_studies(now: Round) -> list[str]:
    fw = now.results.framework
    suggestions = suggested_case_studies(now.results, fw)
    lines = ["## Suggested case studies", ""]
    if not suggestions:
        return lines + [words.NO_CASES, ""]
    lines += [words.CASES_INTRO, ""]
    rows = [
        [
            md(s.case.id),
            md(s.case.title),
            md(s.case.where),
            ", ".join(md(fw.enabler(e).label) for e in s.enablers),
        ]
        for s in suggestions
    ]
    return lines + [table(["Box", "Case study", "Where", "For"], rows), ""]


def _actions(now: Round) -> list[str]:
    p, fw = now.partnership, now.results.framework
    lines = ["## Action plan", ""]
    if p is None or not p.actions:
        return lines + [words.NO_ACTIONS, ""]
    rows = [
        [
            md(fw.enabler(a.enabler).label) if a.enabler else "Whole partnership",
            md(a.what),
            md(a.owner) or "-",
            a.due.isoformat() if a.due else "-",
            a.status,
        ]
        for a in p.actions
    ]
    return lines + [table(["Enabler", "Action", "Owner", "Due", "Status"], rows), ""]


def _change(comparison: Comparison) -> list[str]:
    before, now = comparison.before, comparison.now
    lines = [f"## Change since {md(before.label)}", ""]
    lines.append(
        f"{md(before.label)}: {_counted(before.results)}; {md(now.label)}: {_counted(now.results)}."
    )
    lines.append("")
    if comparison.turnout is not None:  # counts; names only when neither round is anonymous
        lines += [*(md(line) for line in changes.turnout_lines(comparison.turnout)), ""]
    columns = [md(c) for c in changes.columns(comparison)]
    align = "lrrrrccc" if comparison.turnout is not None else "lrrrccc"
    lines += [
        table(columns, [[md(cell) for cell in row] for row in changes.rows(comparison)], align),
        "",
    ]
    themes = [
        [
            md(c.label),
            changes.theme_mean(c.mean_before, c.low_before),
            changes.theme_mean(c.mean_now, c.low_now),
        ]
        for c in comparison.themes
    ]
    lines += [
        table(["Theme", f"Mean {md(before.label)}", f"Mean {md(now.label)}"], themes, "lrr"),
        "",
    ]
    radar = comparison_radar(comparison, width=CHART_WIDTH, height=CHART_HEIGHT, ascii=True)
    lines += [fence("\n".join([radar.drawing, *radar.legend_lines()])), ""]
    if (
        before.partnership
        and before.partnership.spectrum
        and now.partnership
        and now.partnership.spectrum
    ):
        titles = {m.id: m.title for m in now.results.framework.spectrum}
        lines += [
            f"Spectrum: {md(titles.get(before.partnership.spectrum, ''))} in {md(before.label)}, "
            f"{md(titles.get(now.partnership.spectrum, ''))} in {md(now.label)}.",
            "",
        ]
    return lines


def _counted(results: Results) -> str:
    started = words.started(results)
    return plural(results.participants, "participant") + (
        f" ({started}, not counted)" if started else ""
    )


def render_markdown(now: Round, comparison: Comparison | None = None) -> str:
    """The whole report as Markdown text (ending in one newline)."""
    lines = _title(now)
    for section in (
        _scope(now),
        _spectrum(now),
        _charts(now),
        _groups(now),
        _dig_deeper(now),
        _reflections(now),
        _agreed(now),
        _challenges(now),
        _case_studies(now),
        _actions(now),
    ):
        lines += section
    if comparison is not None:
        lines += _change(comparison)
    made = f"Made with bb-tui from {plural(now.results.participants, 'session file')}"
    if now.partnership is not None:
        made += " and the partnership's file"
    lines += ["---", "", made + ".", ""]
    return "\n".join(lines)
