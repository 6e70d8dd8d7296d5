"""Results in words and numbers, once: figures, flags, thresholds, file notes, where to dig
deeper (no Textual).

The text report, the Markdown report, the charts' tables, the spreadsheets and the app take their
numbers and phrases from here, so a figure reads the same wherever it is shown. Each view keeps its
own layout (columns, headings, styles); what goes into it is made here.
"""

from __future__ import annotations

from typing import Any

from bb_tui.core.collection import DUPLICATE, IGNORED, REJECTED, STARTED, FileNote
from bb_tui.core.stats import (
    ClaimNote,
    DigDeeper,
    ItemFigures,
    Person,
    Results,
    Thresholds,
    half_up,
)
from bb_tui.storage.record import Frozen

NONE = "-"  # a figure nobody gave
TOO_FEW = "too few"  # a subgroup's or overlap's figure for fewer than the minimum group size

# One precision per kind of figure in every human-facing output (docs/merging.md, "Numbers");
# JSON and the CSV and workbook keep figures unrounded to 4 (stats.STORED_PLACES) or 6 places.
MEAN_PLACES = 1  # means of items, themes, subgroups and rounds, and changes between them
MEDIAN_PLACES = 1  # medians and quartiles
SD_PLACES = 1  # standard deviations


# ---------------------------------------------------------------- figures


def number(value: float | None, places: int = 1, against: float | None = None) -> str:
    """A figure to `places` decimals by the one rounding rule (half up, stats.half_up); "-" for none.

    With `against` (the low threshold, compared by "below"), more decimals where fewer would put
    the shown value on the other side of it: 2.45 against 2.5 reads "2.45", never "2.5".
    """
    if value is None:
        return NONE
    if against is not None:
        below = value < against
        while places < 6 and (float(half_up(value, places)) < against) != below:
            places += 1
    return str(half_up(value, places))


def mean(f: ItemFigures, thresholds: Thresholds) -> str:
    """An item's mean, never seeming to contradict its low flag."""
    return number(f.mean, MEAN_PLACES, thresholds.low)


def theme_mean(mean: float | None, low: bool, thresholds: Thresholds) -> str:
    """A theme's mean, "low" beside it when it is low: "2.3, low" (a theme is flagged only low)."""
    return number(mean, MEAN_PLACES, thresholds.low) + (", low" if low else "")


def too_few(n: int) -> str:
    """What a cell for fewer people than the minimum shows instead of a figure: "too few (n 1)"."""
    return f"{TOO_FEW} (n {n})"


def cell(value: float | None, f: ItemFigures, places: int = MEAN_PLACES) -> str:
    """A subgroup's or overlap's figure: "too few (n 1)" when withheld, else the number."""
    return too_few(f.n) if f.withheld else number(value, places)


def too_few_note(t: Thresholds) -> str:
    """The line under a table with a "too few" cell: why it has no figure."""
    return (
        f'"{TOO_FEW} (n N)": fewer than {t.min_group_size} in that group scored it, so its '
        "figures would be a person's own and are not shown."
    )


def whole(value: int | None) -> str:
    """A whole number (a score, a count); "-" when there is none."""
    return NONE if value is None else str(value)


def threshold(value: float) -> str:
    """A threshold as typed: 2.5, 3, 2.75 (no trailing zeros)."""
    return f"{value:g}"


def score_range(f: ItemFigures) -> str:
    """Lowest to highest score given, "1-5"; "-" when nobody scored."""
    return NONE if f.min is None or f.max is None else f"{f.min}-{f.max}"


def flag_words(f: ItemFigures, with_n: bool = True) -> tuple[str, ...]:
    """ "low" and "polarised", those that apply; "too few to call (n 1)" when too few scored it."""
    if f.too_few:
        return (f"too few to call (n {f.n})" if with_n else "too few to call",)
    return tuple(word for word, on in (("low", f.low), ("polarised", f.polarised)) if on)


def reasons(f: ItemFigures, t: Thresholds) -> tuple[str, ...]:
    """Why an item needs discussion, low before polarised (as the dig-deeper order ranks them):
    ("low: mean 1.6, below 2.5", "polarised: scores from 1 to 5"); () when neither."""
    out = []
    if f.low and f.mean is not None:  # low is only set for a scored item, which has a mean
        out.append(f"low: mean {mean(f, t)}, below {threshold(t.low)}")
    if f.polarised:
        out.append(f"polarised: scores from {f.min} to {f.max}")
    return tuple(out)


def results_json(results: Results) -> dict[str, Any]:
    """What `merge --json` prints: the figures (stats' to_json, full precision) with each
    dig-deeper entry's reasons in words."""
    data = results.to_json()
    worded = []
    for entry, d in zip(data["dig_deeper"], results.dig_deeper()):
        keys = list(entry)
        at = keys.index("indicators")  # where the reasons always stood
        worded.append(
            {
                **{k: entry[k] for k in keys[:at]},
                "reasons": list(reasons(d.figures, results.thresholds)),
                **{k: entry[k] for k in keys[at:]},
            }
        )
    data["dig_deeper"] = worded
    return data


def thresholds_line(t: Thresholds) -> str:
    """Which thresholds the figures used, and where they came from: said by every output."""
    return (
        f"Thresholds: low = mean below {threshold(t.low)}; polarised = scores {t.gap} or more "
        f"apart; fewer than {t.min_group_size} scores is too few to call ({t.source})."
    )


def thresholds_short(t: Thresholds) -> str:
    """For a status line: "low <2.5 · polarised 3+ · n 3+"."""
    return f"low <{threshold(t.low)} · polarised {t.gap}+ · n {t.min_group_size}+"


def flags(f: ItemFigures, sep: str = ", ", with_n: bool = True) -> str:
    return sep.join(flag_words(f, with_n))


def pooled_line(results: Results) -> str:
    """Why groups were pooled, naming any big enough alone that joined the pool (so the pool
    cannot be worked out by subtraction); when no subgroup is shown, why not; "" when none."""
    size = results.thresholds.min_group_size
    joined = results.joined
    why = (
        f"; {_listed(joined)} {'has' if len(joined) == 1 else 'have'} {size} or more but "
        f"{'was' if len(joined) == 1 else 'were'} pooled too, as a pool under {size} could be "
        "worked out by subtracting the groups shown from the whole group"
        if joined
        else ""
    )
    if not results.groups and joined:
        return (
            f"No subgroup is shown on its own: groups under {size} participants are pooled so "
            f"no one can be singled out{why}."
        )
    if not results.groups:
        return f"No subgroup has {size} or more participants, so none is shown on its own."
    if not results.pooled:
        return ""
    return f"Groups under {size} participants are pooled so no one can be singled out{why}."


def _listed(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def started(results: Results) -> str:
    """ "2 started, nothing scored" (not counted as participants); "" when there are none."""
    return f"{len(results.started)} started, nothing scored" if results.started else ""


def about(person: Person) -> str:
    """Organisation and level, those given ("" in anonymous mode)."""
    return ", ".join(x for x in (person.organisation, person.level) if x)


# ---------------------------------------------------------------- files not counted

NOTE_TITLES = {
    REJECTED: "Rejected",
    DUPLICATE: "Duplicates, counted once",
    IGNORED: "Ignored, not session files",
    STARTED: "Started, nothing scored",
}


def file_notes(results: Results) -> list[tuple[str, tuple[FileNote, ...]]]:
    """(kind, notes) for each kind with any: rejected, duplicates, ignored, then started."""
    kinds = (
        (REJECTED, results.rejected),
        (DUPLICATE, results.duplicates),
        (IGNORED, results.ignored),
        (STARTED, results.started),
    )
    return [(kind, notes) for kind, notes in kinds if notes]


def note_heading(kind: str, count: int) -> str:
    return f"{NOTE_TITLES[kind]} ({count})"


def note_line(note: FileNote) -> str:
    """The file and why it was not counted, on one line."""
    return f"{with_account(note.file, note.account)}: {note.reason}"


# ---------------------------------------------------------------- accounts (docs/merging.md)

_COUNTS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}


def with_account(file: str, account: str) -> str:
    """A file and, where the folder holds several accounts' files, who wrote it."""
    return f"{file} (account {account})" if account else file


def claim_line(claim: ClaimNote) -> str:
    """ "Alice Smith is claimed by two accounts: alice, mallory"; anonymous: no name, no account."""
    count = _COUNTS.get(len(claim.files), str(len(claim.files)))
    if not claim.person:
        return f"A participant is claimed by {count} accounts"
    return f"{claim.person} is claimed by {count} accounts: {', '.join(claim.accounts)}"


CLAIM_RULE = (
    "not counted until the facilitator chooses one ([[same_person]] in the partnership file)"
)


CLAIM_KEY = "c chooses whose file counts, and saves it in the partnership file."


def claim_heading(count: int) -> str:
    return f"Claimed by more than one account, not counted ({count})"


def writer_line(account: str, sessions: int) -> str:
    """ "mallory's account wrote 6 sessions" (for 6 people); anonymous: the account unnamed."""
    who = f"{account}'s account" if account else "One account"
    return f"{who} wrote {sessions} sessions"


def account_status(results: Results) -> list[str]:
    """The same, short, for a status line (Files, 6, has every line)."""
    out = [writer_line(*results.writers[0])] if len(results.writers) == 1 else []
    if len(results.writers) > 1:
        out.append(f"{len(results.writers)} accounts wrote sessions for others")
    if results.claims:
        out.append(f"{len(results.claims)} claimed by more than one account")
    return out


def account_lines(results: Results) -> list[str]:
    """What the accounts behind the files say, one line each: accounts that wrote sessions for
    several people, then people claimed by several accounts."""
    return [
        *(writer_line(a, n) for a, n in results.writers),
        *(f"{claim_line(c)}; {CLAIM_RULE}" for c in results.claims),
    ]


# ---------------------------------------------------------------- the partnership's decisions

NOT_PLACED = "The partnership has not yet placed itself on the spectrum."
NO_ACTIONS = "No actions are recorded."
CASES_INTRO = (
    "Examples of effective integrated working in London for each low or polarised "
    "enabler (boxes in the Beyond Boundaries research report's annex)."
)
NO_CASES = "No enabler is low or polarised, so no case study is suggested."


# ---------------------------------------------------------------- the discussion pack

RESPONSES = {"change": "change", "influence": "influence", "work-around": "work around"}
WHY = "Why discuss it"
EVERY_SCORE = "Every score: the enabler, then its indicators"  # the pack's chart
NO_EVIDENCE = "Nobody wrote evidence for this enabler."
WITHOUT_EVIDENCE = "Scored without evidence"
NONE_LINKED = "none linked to this enabler"
NO_ACTIONS_YET = "none yet (add them in the action plan)"
NOTHING_TO_DISCUSS = "Nobody has scored an enabler yet: nothing to discuss."


def in_play(playing: bool, response: str) -> str:
    """A challenge's state: "in play, we can work around", "not in play"."""
    state = "in play" if playing else "not in play"
    return state + (f", we can {RESPONSES[response]}" if response in RESPONSES else "")


def evidence_score(score: int | None, skipped: bool) -> str:
    """Beside a participant's evidence: "4", "skipped" or "not scored"."""
    return "skipped" if skipped else (str(score) if score else "not scored")


def indicator_figures(f: ItemFigures, thresholds: Thresholds) -> str:
    """An indicator's figures in the pack: "mean 2.3, n 4, 1-3", or "not scored by anyone"."""
    if not f.n:
        return "not scored by anyone"
    return f"mean {mean(f, thresholds)}, n {f.n}, {f.min}-{f.max}"


# ---------------------------------------------------------------- where to dig deeper


class DigLine(Frozen):
    """One enabler of the dig-deeper list in words: what every view shows of it."""

    __slots__ = (
        "case_ids",
        "case_places",
        "enabler_id",
        "flagged",
        "indicators",
        "item",
        "label",
        "mean",
        "n",
        "range",
        "rank",
        "sd",
        "why",
    )

    rank: int  # 1, 2, ... in the order listed
    enabler_id: str
    label: str
    flagged: bool  # low or polarised
    why: str  # its reasons, "; " between ("" when not flagged)
    indicators: str  # numbers of its own low or polarised indicators, "2, 4" ("" if none)
    mean: str
    sd: str
    range: str
    n: str
    case_ids: str  # case studies for a flagged enabler, "B, C" ("" if none or not flagged)
    case_places: str  # the same with where: "B (Islington), C (Lewisham)"
    item: DigDeeper  # the figures behind (e.g. each flagged indicator's)

    def __init__(
        self,
        rank: int,
        enabler_id: str,
        label: str,
        flagged: bool,
        why: str,
        indicators: str,
        mean: str,
        sd: str,
        range: str,
        n: str,
        case_ids: str,
        case_places: str,
        item: DigDeeper,
    ) -> None:
        self._init(
            rank,
            enabler_id,
            label,
            flagged,
            why,
            indicators,
            mean,
            sd,
            range,
            n,
            case_ids,
            case_places,
            item,
        )


def dig_deeper(results: Results, flagged_only: bool = False) -> list[DigLine]:
    """Enablers someone scored, those most in need of discussion first (only flagged ones if asked)."""
    fw = results.framework
    items = [d for d in results.dig_deeper() if d.flagged or not flagged_only]
    out = []
    for rank, d in enumerate(items, start=1):
        f = d.figures
        cases = fw.case_studies_for(d.enabler_id) if d.flagged else ()
        out.append(
            DigLine(
                rank,
                d.enabler_id,
                fw.enabler(d.enabler_id).label,
                d.flagged,
                "; ".join(reasons(f, results.thresholds)),
                ", ".join(str(fw.indicator(i.id).number) for i in d.indicators),
                mean(f, results.thresholds),
                number(f.stdev, SD_PLACES),
                score_range(f),
                whole(f.n),
                ", ".join(c.id for c in cases),
                ", ".join(f"{c.id} ({c.where})" for c in cases),
                d,
            )
        )
    return out
