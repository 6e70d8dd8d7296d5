"""The words of the plain line mode (`bb-tui --plain`): every prompt a complete sentence saying
where you are and what you may type, read aloud by a screen reader line by line (no Textual)."""

from __future__ import annotations

from collections.abc import Sequence

from bb_tui.core.framework import Enabler, Framework, Indicator
from bb_tui.core.session import SKIPPED, Session

LEVEL_CHOICES = (("strategic", "Strategic"), ("operational", "Operational"), ("", "Not given"))
NOT_STATED = "Not given"  # as every output says it
TWO_FILES = "with two files for one person, merge counts only the one updated most recently."
END_OF_TEXT = "."  # a line holding only this ends a long text

GREETING = (
    "bb-tui in plain line mode. Each prompt says where you are and what you may type; "
    "every answer is saved before the next prompt."
)
NAME_PROMPT = "Your name (required), then Enter."
NAME_REQUIRED = "A name is required. Please type your name."
ORGANISATION_PROMPT = "Your organisation (nothing for none), then Enter."
LEVEL_QUESTION = "Your level"
SECTOR_QUESTION = "Your sector"
SAVED_AND_LEFT = "Saved. Goodbye."
END_OF_INPUT = "Leaving at the end of input: nothing more can be typed."
ALL_DONE = "Every enabler is scored or skipped; here is the overview."
READ_ONLY = "This session is open read-only: nothing you type will be saved."
LONG_WORK_STARTS = "Reading the sessions folder. This may take a moment."
LONG_WORK_ENDS = "Finished reading."


def sector_choices(framework: Framework) -> list[tuple[str, str]]:
    return [(s.id, s.label) for s in framework.sectors] + [("", NOT_STATED)]


def numbered(question: str, labels: Sequence[str]) -> list[str]:
    """A choice read once: the question, then each answer on its own numbered line."""
    return [
        f"{question}: {len(labels)} choice{'s' * (len(labels) != 1)}.",
        *(f"{n}. {label}" for n, label in enumerate(labels, start=1)),
    ]


def choose_prompt(count: int, back: bool = True) -> str:
    tail = ", b for back" if back else ""
    return f"Type a number from 1 to {count}{tail}, or q to leave, then Enter."


def not_a_choice(answer: str, count: int) -> str:
    return f"{answer!r} is not one of the choices; type a number from 1 to {count}."


def long_text_prompt(what: str, current: str) -> list[str]:
    lines = []
    if current:
        lines += [f"Your {what} so far:", *current.splitlines(), "End of your text."]
    lines.append(
        f"Type your {what} over as many lines as you like. A line holding only a full stop "
        "ends it; a full stop alone on the first line keeps what is there; a line holding "
        "only the word clear empties it."
    )
    return lines


def folder_line(folder: str, sessions: int, broken: int) -> str:
    count = f"{sessions} session{'s' * (sessions != 1)}"
    extra = f", {broken} not readable" if broken else ""
    return f"Sessions in {folder}: {count}{extra}."


def state_words(state: int | str | None) -> str:
    if state is None:
        return "not yet scored"
    if state == SKIPPED:
        return "skipped"
    return f"scored {state}"


def session_label(session: Session, framework: Framework, file_name: str) -> str:
    person = session.participant
    where = f", {person.organisation}" if person.organisation else ""
    level = f", {person.level}" if person.level else ""
    done = session.progress(framework)[0]
    return (
        f"{person.name}{where}{level}: {done} of {len(framework.enablers)} enablers ({file_name})"
    )


def _where(framework: Framework, enabler: Enabler) -> str:
    theme = framework.theme(enabler.theme_id)
    return (
        f"Enabler {framework.enablers.index(enabler) + 1} of {len(framework.enablers)}, "
        f"{enabler.label} (theme {framework.themes.index(theme) + 1} of "
        f"{len(framework.themes)}, {theme.title})"
    )


def enabler_prompt(framework: Framework, session: Session, enabler: Enabler) -> str:
    """E.g. "Enabler 1 of 12, Leadership (theme 1 of 3, Purpose and priorities), not yet
    scored. Your score: 1 to 5, s to skip, ...": where you are and what you may type."""
    lo, hi = framework.scale.min, framework.scale.max
    return (
        f"{_where(framework, enabler)}, {state_words(session.state(enabler.id))}. "
        f"Your score: {lo} to {hi}, s to skip, ? for what each level means, d to score its "
        "indicators, e for evidence, r for reflections, o for the overview, p for your "
        "profile, n for next, b for back, q to save and leave."
    )


def indicator_prompt(
    framework: Framework, session: Session, enabler: Enabler, indicator: Indicator
) -> str:
    lo, hi = framework.scale.min, framework.scale.max
    return (
        f"Indicator {indicator.number} of {len(enabler.indicators)} of {_where(framework, enabler)}"
        f", {state_words(session.state(indicator.id))}: {indicator.text.rstrip('.')}. "
        f"Your score: {lo} to {hi}, s to skip, ? for what each level means, "
        "n for next, b to go back to the enabler, q to save and leave."
    )


def enabler_title(enabler: Enabler) -> str:
    return f"{enabler.label}: {enabler.title}"


def levels(framework: Framework) -> list[str]:
    return ["What each level means:"] + [
        f"{level.score}: {level.descriptor}" for level in framework.scale.levels
    ]


def indicators(enabler: Enabler) -> list[str]:
    return [f"Maturity indicators of {enabler.label} ({len(enabler.indicators)}):"] + [
        f"{i.number}. {i.text}" for i in enabler.indicators
    ]


def indicator_hint(session: Session, framework: Framework, enabler: Enabler) -> str:
    mean = session.indicator_mean(framework, enabler.id)
    if mean is None:
        return ""
    from bb_tui.render.words import number  # words loads the group figures: only when needed

    return f"Your indicator average for {enabler.label} is {number(mean)}, a hint only."


def scored(enabler_label: str, state: int | str | None) -> str:
    return f"{enabler_label}: {state_words(state)}, saved."


def not_understood(answer: str) -> str:
    return f"{answer!r} is not one of the keys; the prompt says what you may type."


def overview(framework: Framework, session: Session) -> list[str]:
    done = session.progress(framework)[0]
    lines = [f"Overview: {done} of {len(framework.enablers)} enablers scored or skipped."]
    n = 0
    for theme in framework.themes:
        lines.append(f"Theme {theme.title}:")
        for enabler in theme.enablers:
            n += 1
            lines.append(f"{n}. {enabler.label}, {state_words(session.state(enabler.id))}")
    return lines


def overview_prompt(count: int) -> str:
    return (
        f"Overview. Type a number from 1 to {count} to go to that enabler, b to go back, "
        "or q to save and leave."
    )


def reflections_intro(theme_title: str, prompt: str) -> str:
    return f"Reflections on the theme {theme_title}: {prompt}"


def evidence_intro(enabler_label: str) -> str:
    return f"Evidence for {enabler_label}: what is working well, and the evidence that shows this."


def text_saved(what: str, empty: bool) -> str:
    verb = "are" if what.endswith("s") else "is"
    return f"Your {what} {verb} {'emptied' if empty else 'saved'}."


def profile_lines(session: Session, framework: Framework) -> list[str]:
    p = session.participant
    sector = framework.sector(p.sector) if p.sector else None
    return [
        "Your profile:",
        f"Name: {p.name}",
        f"Organisation: {p.organisation or NOT_STATED}",
        f"Level: {p.level or NOT_STATED}",
        f"Sector: {sector.label if sector else NOT_STATED}",
    ]


def profile_question() -> str:
    return "Type c to change your profile, or b to go back, then Enter."


def keep_prompt(what: str, current: str) -> str:
    shown = current or "none"
    return f"{what}: now {shown}. Type a new one, or nothing to keep it, then Enter."


def clash_line(name: str, organisation: str, others: int, file_desc: str) -> str:
    """One line on the person's existing session(s): the one merge counts is `file_desc`."""
    where = f" at {organisation}" if organisation else ""
    if others == 1:
        return f"{name}{where} already has a session here: {file_desc}."
    return f"{name}{where} already has {others} sessions here; merge counts {file_desc}."


RETURNING_CHOICES = ("Open it", "Create a second file", "Cancel")
IN_USE_CHOICES = ("Open read-only", "Open anyway", "Cancel")
COLLEAGUE_CHOICES = ("Open read-only", "Open anyway", "Cancel")


def in_use_line(file_name: str, holder: str) -> str:
    return (
        f"{file_name} is also open elsewhere ({holder}). Saves never overwrite each other: if "
        "both copies change it, this one is kept as a conflict copy."
    )


def colleague_line(name: str, owner: str) -> str:
    return (
        f"This session of {name} belongs to another user ({owner}). Open it read-only, or open "
        "it anyway only if they asked you to."
    )


def start_choices(labels: Sequence[str]) -> list[str]:
    return ["Start a new session", *labels]


ACCESSIBILITY_HELP = """\
bb-tui has a plain line mode for screen readers (NVDA, JAWS, Orca, VoiceOver) and braille
displays. It writes one complete sentence per prompt and never redraws the screen or sends
colour or cursor codes, so each line is read once, in order.

Turn it on with any of:
  bb-tui --plain
  ACCESSIBLE=1 bb-tui        (any value but empty, 0 or false, as huh and clack read it)
  plain = true              (in ~/.config/bb-tui/config.toml: said once)
It is chosen by itself when TERM is dumb or the output is not a terminal.

How it works:
  Each prompt says where you are and what you may type, for example
  "Enabler 1 of 12, Leadership (theme 1 of 3, ...). Your score: 1 to 5, s to skip, ...".
  Type your answer and press Enter. A digit scores and moves on; s skips; ? reads the five
  level descriptors, then the maturity indicators; d scores the indicators one by one;
  e and r take evidence and reflections; o lists every enabler; p shows your profile;
  q saves and leaves.
  Every choice (a session, your level, your sector) is a numbered list read once: type
  its number.
  Evidence and reflections are typed over several lines; a line holding only a full stop
  ends the text.
  Every answer is saved before the next prompt; a hang-up or ctrl+c saves and leaves.

For the facilitator, the sessions list's last choice is the facilitator's menu: group
results as sentences (each chart an ordered list, lowest first, and one sentence on its
shape), themes, indicators, the spread, subgroups, the files, the discussion pack, agreed
scores, the spectrum, challenges, case studies, the action plan, comparing rounds, export,
thresholds and whose file counts. Each decision is saved in the partnership file before
the next prompt, as in the app; m reads the menu again, b goes back to the sessions list.

In a browser, the facilitator makes a plain link that a screen reader reads line by line:
  bb-tui serve --plain --link sessions/NAME.toml   (one participant's session)
  bb-tui serve --plain --facilitator-link          (the facilitator's own)
Each new line is added to a live log on the page and announced; answers go in one field.
See docs/accessibility.md."""


def note_cap(cap: int) -> str:
    return f"A note holds up to {cap:,} typed characters: the rest was not added."


def too_long(what: str, cap: int) -> str:
    return f"{what} can be at most {cap} characters; please type a shorter one."
