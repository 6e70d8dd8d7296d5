"""The change between two rounds in words and figures: the table's columns and rows, who took
part, and how a change is shown (no Textual). core.rounds holds the figures; this words them,
for the Markdown report, the comparison radar's table and the Compare rounds screen.
"""

from __future__ import annotations

from bb_tui.core.rounds import Change, Comparison, Turnout
from bb_tui.render.words import MEAN_PLACES, NONE, number, too_few, whole


def people(n: int) -> str:
    return "1 person" if n == 1 else f"{n} people"


def mean(value: float | None) -> str:
    """A round's mean, to the one precision of means."""
    return number(value, MEAN_PLACES)


def theme_mean(value: float | None, low: bool) -> str:
    """A theme's mean in one round, "2.3 low" when it was low then."""
    return mean(value) + (" low" if low else "")


def signed(value: float | None, places: int = MEAN_PLACES) -> str:
    """A change with its sign, "0.0" for none, "-" when either side is missing."""
    if value is None:
        return NONE
    text = number(abs(value), places)
    return text if float(text) == 0 else ("+" if value > 0 else "-") + text


def shown_change(before: float | None, now: float | None) -> str:
    """The change between two means as shown (one decimal), so the figures on a page add up."""
    if before is None or now is None:
        return NONE
    return signed(float(mean(now)) - float(mean(before)))


def columns(comparison: Comparison) -> tuple[str, ...]:
    b, n = comparison.before.label, comparison.now.label
    t = comparison.turnout
    same = (f"Change, same {people(len(t.both))}",) if t else ()
    return (
        "Enabler",
        f"Mean {b}",
        f"Mean {n}",
        "Change",
        *same,
        f"Agreed {b}",
        f"Agreed {n}",
        "Change",
    )


def _same(stayed: Change | None) -> str:
    """A same-people cell: words when fewer than the minimum scored it (render.words.too_few)."""
    if stayed is None:
        return NONE
    if stayed.too_few is not None:
        return too_few(stayed.too_few)
    return shown_change(stayed.mean_before, stayed.mean_now)


def rows(comparison: Comparison) -> list[tuple[str, ...]]:
    """The comparison as text cells, one row per enabler (see columns())."""
    same = {c.id: c for c in comparison.same_people}
    out = []
    for c in comparison.enablers:
        extra = (_same(same.get(c.id)),) if comparison.turnout else ()
        out.append(
            (
                c.label,
                mean(c.mean_before),
                mean(c.mean_now),
                shown_change(c.mean_before, c.mean_now),
                *extra,
                whole(c.agreed_before),
                whole(c.agreed_now),
                signed(c.agreed_change, 0),
            )
        )
    return out


def turnout_lines(t: Turnout, short: bool = False) -> list[str]:
    """Who took part in words: the counts, the names (unless anonymous), and what that means for
    the change. `short` (a panel at 80x24): one line of counts and where to look, no names."""
    both, new, gone = len(t.both), len(t.new), len(t.gone)
    if short:
        return [
            f"{both} in both rounds, {new} new, {gone} gone"
            + (
                f': the whole group\'s change may be who took part; "same {both}" compares '
                "like with like."
                if new or gone
                else "."
            )
        ]
    out = [
        f"{both} took part in both rounds, {new} {'is' if new == 1 else 'are'} new in "
        f"{t.now_label} and {gone} took part only in {t.before_label}."
    ]
    if not t.anonymous:
        for heading, names in (
            ("In both", t.both),
            (f"New in {t.now_label}", t.new),
            (f"Only in {t.before_label}", t.gone),
        ):
            if names:
                out.append(f"{heading}: {', '.join(names)}.")
    if new or gone:
        out.append(
            "A change in the whole group's mean may reflect who took part as well as "
            f"progress; the change among the {people(both)} in both rounds compares "
            "like with like."
        )
    return out
