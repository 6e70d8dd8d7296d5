"""The words of the facilitator's journeys in plain line mode: group results as sentences and
plain tables, each chart as an ordered list and one sentence on its shape (no Textual).

Every figure and phrase comes from render/words.py (and the Markdown report's sections where a
decision is worded), so a number reads the same here as in the app, the reports and the
spreadsheets; only the arrangement, line by line for a screen reader, is this module's.
"""

from __future__ import annotations

from collections.abc import Sequence

from bb_tui.core.discussion import DiscussionPack, Suggestion, without_evidence
from bb_tui.core.framework import CaseStudy, Challenge, Framework
from bb_tui.core.partnership import Action, ChallengeView, Partnership
from bb_tui.core.rounds import Comparison
from bb_tui.core.stats import ItemFigures, Results
from bb_tui.render import changes, words
from bb_tui.render.figures_row import figures_row
from bb_tui.render.words import number, plural

# The facilitator's menu, in the order the app's function keys run (F4 to F10, then the rest).
RESULTS, THEMES, INDICATORS, SPREAD, SUBGROUPS, FILES = range(6)
MENU = (
    "Group results: every enabler, lowest mean first",
    "Themes: each theme's enablers",
    "An enabler's maturity indicators",
    "The spread of every score",
    "Subgroups: by level, organisation or sector",
    "The files merged and not counted",
    "The discussion pack, enabler by enabler",
    "Agreed scores",
    "The spectrum of integration",
    "Challenges",
    "Case studies",
    "Action plan",
    "Compare with an earlier round",
    "Export the report and spreadsheets",
    "Thresholds for low and polarised",
    "Whose file counts for a person claimed by two accounts",
    "Hide names, or show them",
)
(
    DISCUSSION,
    AGREED,
    SPECTRUM,
    CHALLENGES,
    CASE_STUDIES,
    ACTIONS,
    COMPARE,
    EXPORT,
    THRESHOLDS,
    CLAIMS,
    NAMES,
) = range(6, len(MENU))
FACILITATOR_ENTRY = "The facilitator's menu: group results, discussion, agreed scores, export"
MENU_QUESTION = "The facilitator's menu for this folder"


def menu_prompt(count: int) -> str:
    return (
        f"The facilitator's menu. Type a number from 1 to {count}, m to hear the choices "
        "again, b for the sessions list, or q to leave, then Enter."
    )


FIGURING = "Working out the group's figures. This may take a moment."
BY_CHOICES = (("level", "By level"), ("organisation", "By organisation"), ("sector", "By sector"))
BY_CHOICES_NONE = "No subgroups"
WHOLE_PARTNERSHIP = "Whole partnership"  # as the action plan and the report say it
NO_ACTION_WHAT = "Say what will be done."  # as the action form says it


def people(n: int) -> str:
    return "1 person" if n == 1 else f"{n} people"


def figured(results: Results) -> str:
    """The line when the figures are ready: who they are from and the names' state."""
    started = words.started(results)
    names = " Names are hidden." if results.anonymous else ""
    extra = f" ({started}, not counted)" if started else ""
    return f"Finished: figures from {plural(results.participants, 'participant')}{extra}.{names}"


def header(results: Results, folder: str) -> list[str]:
    """What the results are from and how they are figured, as the text report says it."""
    claimed = f", {len(results.claims)} claimed by more than one account" if results.claims else ""
    return [
        f"Group results for {folder}: {plural(results.participants, 'participant')} merged "
        f"({len(results.rejected)} rejected, {len(results.duplicates)} duplicates, "
        f"{len(results.ignored)} ignored{claimed}).",
        *(line + "." for line in words.account_lines(results)),
        words.thresholds_line(results.thresholds),
        "Skipped and not-yet-scored items are left out of every figure.",
    ]


# ---------------------------------------------------------------- a chart as an ordered list


def item_line(label: str, f: ItemFigures, results: Results, ids: str = "") -> str:
    """ "Information sharing, mean 1.6 from 8 people (scores 1-3), low", and each subgroup's
    figure (or "too few (n 1)") when the figures are by a subgroup."""
    if not f.n:
        line = f"{label}, nobody scored it"
    elif f.withheld:
        line = f"{label}, {words.too_few(f.n)}"
    else:
        line = (
            f"{label}, mean {words.mean(f, results.thresholds)} from {people(f.n)} "
            f"(scores {words.score_range(f)})"
        )
    if f.skipped:
        line += f", {f.skipped} skipped"
    if f.unscored:
        line += f", {f.unscored} not scored"
    flags = words.flags(f)
    if flags and f.n and not f.withheld:
        line += f", {flags}"
    if ids and results.groups:
        cells = [
            f"{g.label} {words.cell(g.figures.item(ids).mean, g.figures.item(ids))}"
            for g in results.groups
        ]
        line += "; " + ", ".join(cells)
    return line


def _order(figures: Sequence[ItemFigures]) -> list[int]:
    """Lowest mean first; what has no figure shown (nobody, too few) last, in framework order."""
    shown = [i for i, f in enumerate(figures) if f.n and not f.withheld and f.mean is not None]
    rest = [i for i in range(len(figures)) if i not in shown]
    return sorted(shown, key=lambda i: (figures[i].mean, i)) + rest


def ranked(
    results: Results,
    title: str,
    ids: Sequence[str],
    labels: Sequence[str],
    *,
    only_enough: bool = False,
    names: Sequence[str] = (),
) -> list[str]:
    """A chart as an ordered list, lowest first, and one sentence on its shape.

    `only_enough` (indicators): an item fewer than the minimum scored has no figure, as its chart
    draws none. `names` are short names for the shape sentence (default: the labels)."""
    figures = [results.figures.item(i) for i in ids]
    if only_enough:
        figures = [f.withhold() if f.too_few else f for f in figures]
    order = _order(figures)
    lines = [f"{title}, lowest mean first: {plural(len(ids), 'item')}."]
    for n, i in enumerate(order, start=1):
        lines.append(f"{n}. {item_line(labels[i], figures[i], results, ids[i])}")
    names = names or labels  # short names for the shape sentence
    lines.append(shape(results, [names[i] for i in order], [figures[i] for i in order]))
    if any(f.withheld for f in figures) or any(
        g.figures.item(i).withheld for g in results.groups for i in ids
    ):
        lines.append(words.too_few_note(results.thresholds))
    return lines


def shape(results: Results, labels: Sequence[str], figures: Sequence[ItemFigures]) -> str:
    """One sentence on the shape of a radar: where it is lowest and highest, and how uneven."""
    shown = [(a, f) for a, f in zip(labels, figures) if f.n and not f.withheld]
    if not shown:
        return "Shape: nobody has scored these yet, so there is no shape to describe."
    low = sum(f.low for _, f in shown)
    split = sum(f.polarised for _, f in shown)
    flagged = f"{low} low and {split} polarised"
    if len(shown) == 1:
        ((label, f),) = shown
        return f"Shape: only {label} has a figure, mean {words.mean(f, results.thresholds)}."
    (lo_label, lo), (hi_label, hi) = shown[0], shown[-1]
    gap = (hi.mean or 0) - (lo.mean or 0)
    evenness = "fairly even" if gap < 0.5 else "uneven" if gap < 1.5 else "very uneven"
    return (
        f"Shape: {evenness}, from {lo_label} lowest at {words.mean(lo, results.thresholds)} "
        f"to {hi_label} highest at {words.mean(hi, results.thresholds)}, "
        f"{number(gap)} apart; {flagged}."
    )


def theme_means(results: Results) -> list[str]:
    fw, t = results.framework, results.thresholds
    lines = [f"Theme means: {plural(len(fw.themes), 'theme')}."]
    for n, theme in enumerate(fw.themes, start=1):
        tf = results.themes[theme.id]
        lines.append(f"{n}. {theme.title}, mean {words.theme_mean(tf.mean, tf.low, t)}")
    return lines


def dig_deeper(results: Results) -> list[str]:
    lines = ["Where to dig deeper:"]
    flagged = words.dig_deeper(results, flagged_only=True)
    for d in flagged:
        also = f"; indicators also low or polarised: {d.indicators}" if d.indicators else ""
        cases = f"; case studies {d.case_places}" if d.case_places else ""
        lines.append(f"{d.rank}. {d.label}: {d.why}{also}{cases}.")
    if not flagged:
        lines.append("Nothing is low or polarised at these thresholds.")
    return lines


def spread(results: Results, ids: Sequence[str], labels: Sequence[str], title: str) -> list[str]:
    """The spread chart as a plain table, one sentence a row, and its shape."""
    fw = results.framework
    lines = [f"{title}: {plural(len(ids), 'item')}, in the framework's order."]
    for n, (label, item) in enumerate(zip(labels, ids), start=1):
        row = figures_row(label, results.figures.item(item), results.thresholds)
        counts = ", ".join(
            f"{c} at {v}" for v, c in zip(range(fw.scale.min, fw.scale.max + 1), row.counts)
        )
        flags = row.flags()
        lines.append(
            f"{n}. {label}: {counts}; n {row.n}, {row.skipped} skipped, {row.unscored} not "
            f"scored, mean {row.mean}, median {row.median}, sd {row.sd}"
            f"{', ' + flags if flags else ''}."
        )
    split = [a for a, i in zip(labels, ids) if results.figures.item(i).polarised]
    if not any(results.figures.item(i).n for i in ids):
        lines.append("Shape: nobody has scored these yet, so there is no shape to describe.")
    elif split:
        lines.append(
            f"Shape: scores split into two camps (polarised, {results.thresholds.gap} or more "
            f"apart) for {len(split)}: {', '.join(split)}; the rest gather closer together."
        )
    else:
        lines.append("Shape: no item's scores split into two camps; each gathers together.")
    return lines


def subgroups(results: Results) -> list[str]:
    """Who is in each subgroup, as the reports say it; "too few" in words, never a figure."""
    lines = [f"Mean score by {results.by}."]
    if not results.groups:
        lines.append(words.pooled_line(results))
        return lines
    lines.append(
        "Subgroups: "
        + ", ".join(f"{g.label} ({people(g.participants)})" for g in results.groups)
        + "."
    )
    lines += [f"{g.label}: {', '.join(g.members)}." for g in results.groups if g.members]
    if results.pooled:
        lines.append(words.pooled_line(results))
    return lines


def files(results: Results) -> list[str]:
    """The files merged and those not counted, as the text report lists them."""
    if results.anonymous:
        lines = [f"Participants: {results.participants} (names hidden)."]
    else:
        lines = [f"Participants: {results.participants}."]
        for n, p in enumerate(results.people, start=1):
            about = words.about(p)
            lines.append(
                f"{n}. {p.label}{', ' + about if about else ''}: "
                f"{words.with_account(p.file, p.account)}"
            )
    if results.claims:
        lines.append(words.claim_heading(sum(len(c.files) for c in results.claims)) + ":")
        for claim in results.claims:
            files_ = ", ".join(words.with_account(f, a) for f, a in claim.files)
            lines.append(f"{words.claim_line(claim)}: {files_}.")
    for kind, notes in words.file_notes(results):
        lines.append(words.note_heading(kind, len(notes)) + ":")
        lines += [f"{n}. {words.note_line(note)}" for n, note in enumerate(notes, start=1)]
    return lines


def plain_table(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A table read a row at a time: "1. Leadership: Mean Autumn 2.9, Mean Spring 3.1, ..."."""
    return [
        f"{n}. {row[0]}: " + ", ".join(f"{c} {v}" for c, v in zip(columns[1:], row[1:])) + "."
        for n, row in enumerate(rows, start=1)
    ]


# ---------------------------------------------------------------- the discussion pack


def discussion(
    pack: DiscussionPack, results: Results, at: int, count: int, flagged: bool
) -> list[str]:
    f, t = pack.figures, results.thresholds
    lines = [
        f"Discussion {at} of {count}: {pack.enabler.label}, "
        f"{'flagged' if flagged else 'not flagged'}"
        f"{' (names hidden)' if results.anonymous else ''}.",
        pack.enabler.title,
    ]
    row = figures_row(pack.enabler.label, f, t)
    if row.reasons:
        lines.append(f"{words.WHY}: " + "; ".join(row.reasons) + ".")
    lines.append(
        f"Mean {row.mean}, median {row.median}, range {row.range}, sd {row.sd}, {row.n} scored, "
        f"{row.skipped} skipped, {row.unscored} not scored"
        f"{', ' + row.flags() if f.too_few else ''}."
    )
    lines.append(words.thresholds_line(t))
    lines.append(f"Agreed score: {pack.agreed if pack.agreed else 'none yet'}.")
    scored = [(i, fi) for i, fi in pack.indicators if fi.n]  # as the pack's chart shows them
    lines += spread(
        results,
        [pack.enabler.id, *(i.id for i, _ in scored)],
        [pack.enabler.label, *(f"Indicator {i.number}" for i, _ in scored)],
        words.EVERY_SCORE,
    )
    lines.append(f"Indicators: {len(pack.indicators)}.")
    for indicator, fi in pack.indicators:
        flags = words.flags(fi, with_n=False)
        figures = words.indicator_figures(fi, t)
        lines.append(
            f"{indicator.number}. {indicator.text} ({figures}{', ' + flags if flags else ''})"
        )
    written = [e for e in pack.evidence if e.text]
    lines.append(f"Evidence, {plural(len(written), 'piece')} written:")
    for n, e in enumerate(written, start=1):
        score = words.evidence_score(e.score, e.skipped)
        score = f"score {score}" if e.score and not e.skipped else score
        who = (e.who + (f", {e.organisation}" if e.organisation else "")) or "a participant"
        lines.append(f"Evidence {n} of {len(written)}, {score}, {who}:")
        lines += e.text.splitlines()
    if not written:
        lines.append(words.NO_EVIDENCE)
    others = without_evidence(pack.evidence, results.anonymous)
    if others:
        lines.append(f"{words.WITHOUT_EVIDENCE}: {others}.")
    lines.append(f"Related challenges: {len(pack.challenges) or words.NONE_LINKED}.")
    for related in pack.challenges:
        lines.append(challenge_state(related.challenge, related.view))
    lines.append(f"Case studies: {len(pack.case_studies) or words.NONE_LINKED}.")
    lines += [f"{c.id}. {c.title} ({c.where})" for c in pack.case_studies]
    lines.append(f"Actions: {len(pack.actions) or words.NO_ACTIONS_YET}.")
    lines += [action_line(a, results.framework) for a in pack.actions]
    return lines


def discussion_prompt(label: str, at: int, count: int) -> str:
    return (
        f"Discussion {at} of {count}, {label}. Type 1 to 5 to record the score the partnership "
        "agrees, 0 to clear it, n for the next enabler, p for the previous, r to read it again, "
        "b for the menu, or q to save and leave, then Enter."
    )


# ---------------------------------------------------------------- agreed scores, spectrum


def agreed_rows(results: Results, p: Partnership | None) -> list[str]:
    """The agreed-scores panel's table, a sentence a row (its columns: n, mean, agreed, range)."""
    lines = ["Agreed scores beside the group's figures:"]
    for n, e in enumerate(results.framework.enablers, start=1):
        f = results.enablers[e.id]
        agreed = p.agreed.get(e.id) if p else None
        flags = words.flags(f) if f.n else ""
        lines.append(
            f"{n}. {e.label}: agreed {words.whole(agreed)}; n {f.n}, mean "
            f"{words.mean(f, results.thresholds)}, range {words.score_range(f)}"
            f"{', ' + flags if flags else ''}."
        )
    return lines


def agreed_prompt(count: int) -> str:
    return (
        f"Agreed scores. Type an enabler's number, 1 to {count}, to record its agreed score; "
        "t for the partnership's name and round, r to read the list again, b for the menu, "
        "or q to save and leave, then Enter."
    )


def agree_prompt(label: str, agreed: int | None, lo: int, hi: int) -> str:
    return (
        f"Agreed score for {label}, now {words.whole(agreed)}. Type {lo} to {hi}, 0 to clear "
        "it, or b to go back, then Enter."
    )


def agreed_saved(label: str, agreed: int | None) -> str:
    return f"{label}: agreed {words.whole(agreed)}, saved."


def spectrum(framework: Framework, p: Partnership | None) -> list[str]:
    """Where the partnership places itself, worded as the report words it."""
    lines = ["Where we are on the spectrum of integration:"]
    chosen = next((m for m in framework.spectrum if p and m.id == p.spectrum), None)
    for n, model in enumerate(framework.spectrum, start=1):
        mark = " (this partnership)" if model is chosen else ""
        lines.append(f"{n}. {model.title}{mark}: {model.description}")
    if chosen is None:
        lines.append(words.NOT_PLACED)
    elif p is not None and p.spectrum_note:
        lines += ["Its note:", *p.spectrum_note.splitlines()]
    return lines


NOT_PLACED = "Not placed"


# ---------------------------------------------------------------- challenges, case studies


def challenge_state(
    challenge: Challenge, view: ChallengeView | None, with_note: bool = True
) -> str:
    """ "Technical blockages (in play, we can work around): Parallel systems..." """
    state = words.in_play(bool(view and view.in_play), view.response if view else "")
    note = f": {view.note}" if with_note and view and view.note else ""
    return f"{challenge.title} ({state}){note}"


def challenge_full(challenge: Challenge, view: ChallengeView | None) -> list[str]:
    heading = challenge.heading.strip().rstrip(".")
    return [
        challenge.title if heading == challenge.title else f"{challenge.title}: {heading}.",
        challenge.text,
        *(f"For example: {e}" for e in challenge.examples),
        challenge_state(challenge, view),
    ]


def challenge_prompt(title: str, at: int, count: int) -> str:
    return (
        f"Challenge {at} of {count}, {title}. Type p to mark it in play or not, c if it is "
        "within our gift to change, i if we can influence it, w to work around it (the same "
        "letter again clears it), t to write its note, b for the list, or q to save and "
        "leave, then Enter."
    )


def case_line(case: CaseStudy, framework: Framework, suggested: Suggestion | None) -> str:
    related = ", ".join(framework.enabler(e).label for e in case.enablers)
    tip = (
        " Suggested for " + ", ".join(framework.enabler(e).label for e in suggested.enablers) + "."
        if suggested
        else ""
    )
    return f"Box {case.id}, {case.title} ({case.where}): for {related}.{tip}"


def case_full(case: CaseStudy, framework: Framework) -> list[str]:
    return [
        f"Box {case.id}: {case.title}, {case.where}.",
        *(f"Issue: {issue}" for issue in case.issues),
        "Enablers: " + ", ".join(framework.enabler(e).label for e in case.enablers) + ".",
    ]


# ---------------------------------------------------------------- the action plan


def enabler_label(framework: Framework, enabler_id: str) -> str:
    return framework.enabler(enabler_id).label if enabler_id else WHOLE_PARTNERSHIP


def action_line(action: Action, framework: Framework) -> str:
    return (
        f"{action.what.rstrip('.')}. For {enabler_label(framework, action.enabler)}; owner "
        f"{action.owner or '-'}; due {action.due.isoformat() if action.due else '-'}; "
        f"status {action.status}."
    )


def actions(p: Partnership | None, framework: Framework) -> list[str]:
    items = p.actions if p else []
    if not items:
        return [f"Action plan: {words.NO_ACTIONS}"]
    return [f"Action plan: {plural(len(items), 'action')}."] + [
        f"{n}. {action_line(a, framework)}" for n, a in enumerate(items, start=1)
    ]


def actions_prompt(count: int) -> str:
    which = f"an action's number, 1 to {count}, to change it, " if count else ""
    return (
        f"Action plan. Type {which}a to add one, r to read the plan again, b for the menu, "
        "or q to save and leave, then Enter."
    )


def action_prompt(at: int, count: int, status: str) -> str:
    return (
        f"Action {at} of {count}, {status}. Type e to edit it, s to move its status on, u to "
        "move it up the plan, d to delete it, b for the plan, or q to save and leave, then Enter."
    )


def delete_question(what: str) -> str:
    return f"Delete this action: {what}? Type y to delete it, anything else to keep it, then Enter."


def due_prompt(current: str) -> str:
    now = f" now {current}." if current else ""
    return (
        f"Due date as YYYY-MM-DD, e.g. 2027-03-31.{now} Type a date, nothing for "
        f"{'keep it' if current else 'none'}, or a full stop alone for none, then Enter."
    )


# ---------------------------------------------------------------- rounds, export, thresholds


def comparison(c: Comparison) -> list[str]:
    before, now = c.before, c.now
    lines = [
        f"Then: {before.label} ({people(before.results.participants)}); "
        f"now: {now.label} ({people(now.results.participants)})."
    ]
    if c.turnout is not None:
        lines += changes.turnout_lines(c.turnout)
    rows = changes.rows(c)
    lines.append("Change by enabler:")
    lines += plain_table(changes.columns(c), rows)
    lines.append("Change by theme:")
    lines += plain_table(
        ["Theme", f"Mean {before.label}", f"Mean {now.label}"],
        [
            (
                t.label,
                changes.theme_mean(t.mean_before, t.low_before),
                changes.theme_mean(t.mean_now, t.low_now),
            )
            for t in c.themes
        ],
    )
    moved = [row[3] for row in rows if row[3] != words.NONE]
    up = sum(v.startswith("+") for v in moved)
    down = sum(v.startswith("-") for v in moved)
    lines.append(
        f"Shape: of {plural(len(rows), 'enabler')}, {up} rose, {down} fell and "
        f"{len(moved) - up - down} stayed the same by group mean"
        + (f"; {len(rows) - len(moved)} cannot be compared." if len(moved) < len(rows) else ".")
    )
    bp, np_ = before.partnership, now.partnership
    if bp and bp.spectrum and np_ and np_.spectrum:
        titles = {m.id: m.title for m in now.results.framework.spectrum}
        lines.append(
            f"Spectrum: {titles.get(bp.spectrum, '')} in {before.label}, "
            f"{titles.get(np_.spectrum, '')} in {now.label}."
        )
    return lines


ROUND_PROMPT = (
    "Compare rounds. Type the folder of an earlier round's sessions (or its partnership file's "
    "folder), or nothing to go back, then Enter."
)
READING_ROUND = "Reading both rounds. This may take a moment."


def export_kinds(xlsx: bool) -> list[tuple[tuple[str, ...], str]]:
    kinds: list[tuple[tuple[str, ...], str]] = [
        (("markdown", "csv", "xlsx"), "The Markdown report, the CSV files and the Excel workbook"),
        (("markdown",), "The Markdown report only"),
        (("csv",), "The CSV files only"),
        (("xlsx",), "The Excel workbook only"),
    ]
    if not xlsx:
        kinds = [
            (("markdown", "csv"), "The Markdown report and the CSV files"),
            *kinds[1:3],
        ]
    return kinds


EXPORT_NAMES = ("Names shown", "Anonymous: hide every name")
NO_XLSX = "Excel is off: pip install 'bb-tui[xlsx]' adds it."
EXPORTING = "Exporting. This may take a moment."


def export_folder_prompt(default: str) -> str:
    return (
        f"The folder to write into: type one, or nothing for {default} (made private), then Enter."
    )


def already_there(folder: str, names: Sequence[str]) -> str:
    return f"Already in {folder}: {', '.join(names)}."


REPLACE_CHOICES = ("Replace them", "Cancel")


def exported(names: Sequence[str], folder: str) -> str:
    return f"Finished: wrote {', '.join(names)} in {folder}."


def thresholds_prompt(what: str, current: str) -> str:
    return f"{what}: now {current}. Type a new value, or nothing to keep it, then Enter."


THRESHOLD_CHOICES = ("Change them for this look only", "Save them as the partnership's", "Cancel")


# ---------------------------------------------------------------- the journeys' other lines

WHOSE_QUESTION = "Whose partnership file"
WHOSE_LABELS = ("Use it", "Ignore it", "Keep mine")  # the app's dialog's buttons
CREATE_QUESTION, CREATE_CHOICES = "Create it", ("Create it", "Cancel")
ALL_ENABLERS = "All enablers"
INDICATORS_QUESTION = "Whose indicators"
SPREAD_TITLE = "Spread: every score for each enabler"
SUBGROUPS_QUESTION = "Subgroups"
NAMES_HIDDEN, NAMES_SHOWN = "Names are hidden from now on.", "Names are shown from now on."
NAME_WHAT, ROUND_WHAT = "The partnership's name", "The round, e.g. Autumn 2026"
NAME_AND_ROUND_SAVED = "The partnership's name and round are saved."
NO_SPECTRUM = "This framework has no spectrum of integration."
SPECTRUM_QUESTION = "Where the partnership places itself"
CHALLENGES_QUESTION = "Challenges"
CASES_QUESTION = "Case studies, suggested first"
WHAT, WHAT_PROMPT, OWNER = "What will be done", "What will be done, then Enter.", "Who leads it"
ENABLER_QUESTION, STATUS_QUESTION = "For which enabler", "Its status"
ACTION_SAVED, DELETED, FIRST_ALREADY = (
    "Saved.",
    "Deleted, saved.",
    "It is first in the plan already.",
)
ROUNDS_READ = "Finished reading both rounds."
EXPORT_QUESTION, NAMES_QUESTION, REPLACE_QUESTION = "What to export", "Names", "Replace them"
LOW_WHAT = "The low threshold (a mean below it is low)"
GAP_WHAT = "The polarised gap (scores this far apart)"
THRESHOLDS_QUESTION = "These thresholds"
LOOK_ONLY = "Used for this look only; not saved."
THRESHOLDS_ALREADY = "Thresholds already saved: nothing to write"
NO_CLAIMS = "Nobody here is claimed by more than one account."
CLAIMS_HIDDEN = "Names are hidden: show them to choose whose file counts."
WHOSE_FILE_QUESTION = "Whose file counts"


def read_only(why: str) -> str:
    return f"Read-only: {why.rstrip('.')}."


def not_changed(why: str) -> str:
    return f"Not changed: {why.rstrip('.')}."


def unreadable(problem: str) -> str:
    return f"Not changed: {problem}. Fix or move the file, then reopen."


def no_sessions_here(folder: str, file_name: str) -> str:
    """As the app's dialog asks before a partnership file is made in a folder of no sessions."""
    return f"{folder} holds no session files. Saving this change creates {file_name} there."


def read_earlier(problem: str) -> str:
    return f"{problem}; showing the version read earlier"


def no_figures(problem: object) -> str:
    return f"No figures: {problem}"


def theme_title(title: str) -> str:
    return f"Theme: {title}"


def indicator_label(number: int, text: str) -> str:
    return f"Indicator {number}, {text.rstrip('.')}"


def indicators_title(enabler_label: str) -> str:
    return f"{enabler_label}: its indicators"


def nobody_dug(enabler_label: str) -> str:
    """As the indicators' chart says it when nobody scored them."""
    return (
        f"Nobody has scored {enabler_label}'s indicators: they are scored by those who dig "
        "deeper into it."
    )


def by_title(by: str) -> str:
    return f"All enablers by {by}"


def spectrum_saved(title: str) -> str:
    return f"Spectrum: {title}, saved."


def action_added(number: int) -> str:
    return f"Action {number} added and saved."


def status_saved(status: str) -> str:
    return f"Status {status}, saved."


def moved_up(number: int) -> str:
    return f"Moved up: now action {number}, saved."


def now_line(what: str, value: str) -> str:
    return f"{what}: now {value}."


def this_round(problem: object) -> str:
    return f"This round: {problem}"


def earlier_round(problem: object) -> str:
    return f"Earlier round: {problem}"


def not_exported(problem: str) -> str:
    return f"Not exported: {problem}"


def thresholds_not_saved(why: str) -> str:
    return f"Thresholds used here only, not saved: {why}"


def thresholds_saved(file_name: str) -> str:
    return f"Thresholds saved in {file_name}"


def file_counts(person: str, account: str, file_name: str) -> str:
    return f"{person}: {account}'s file counts (saved in {file_name})."


def not_a_number(typed: str, whole: bool) -> str:
    return f"{typed!r} is not {'a whole number' if whole else 'a number'}"
