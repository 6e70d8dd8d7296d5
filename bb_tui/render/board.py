"""The progress board's words and figures: who has done how much, progress first (no Textual).

One row per person merge counts (enablers and indicators scored or skipped, theme reflections
written, when the file was last saved), then the name and organisation, cut to the room left so
the figures always show. With names hidden, only how many people have done how many enablers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bb_tui.core.collection import Collection, updated_at
from bb_tui.core.framework import Framework
from bb_tui.render.fit import cut_words

FIGURES = ("Enablers", "Indicators", "Reflections", "Saved")
WORDS = ("Name", "Organisation")
MIN_NAME = 10  # the name keeps this much before the organisation gets any


@dataclass(frozen=True)
class BoardRow:
    """One person's line on the board: how far they have got, and when they last saved."""

    name: str
    organisation: str
    enablers: int
    indicators: int
    reflections: int
    saved: dt.datetime | None


@dataclass(frozen=True)
class Board:
    """What the board shows: people (empty when anonymous) and the enablers each has done."""

    enablers: int  # in the framework
    indicators: int
    themes: int
    people: tuple[BoardRow, ...]  # empty when anonymous
    done: tuple[int, ...]  # enablers done, one per person (any order)
    not_read: int  # files rejected

    @property
    def finished(self) -> int:
        return sum(1 for n in self.done if n == self.enablers)

    def summary(self, anonymous: bool) -> list[str]:
        """The line above the table, in parts joined by " · "."""
        count = len(self.done)
        parts = [
            f"{count} {'person' if count == 1 else 'people'}",
            f"{self.finished} finished all {self.enablers} enablers",
        ]
        if self.not_read:
            parts.append(f"{self.not_read} file{'s' * (self.not_read != 1)} not readable")
        parts.append("names hidden" if anonymous else "names shown")
        return parts

    def figures(self, p: BoardRow) -> tuple[str, ...]:
        return (
            f"{p.enablers}/{self.enablers}",
            f"{p.indicators}/{self.indicators}",
            f"{p.reflections}/{self.themes}",
            saved_at(p.saved),
        )

    def table(
        self, width: int, gap: int = 2
    ) -> tuple[tuple[str, ...], tuple[int, ...], list[tuple[str, ...]]]:
        """(headings, widths, rows) in `width` columns: figures whole, then the words cut."""
        rows = [(*self.figures(p), p.name, p.organisation or "-") for p in self.people]
        headings = (*FIGURES, *WORDS)
        widths = [max(len(h), *(len(r[n]) for r in rows), 0) for n, h in enumerate(headings)]
        room = width - sum(w + gap for w in widths[: len(FIGURES)]) - 2 * gap
        name = max(1, min(widths[-2], max(MIN_NAME, room - widths[-1], room // 2)))
        organisation = max(1, min(widths[-1], room - name))
        widths[-2:] = [name, organisation]
        cut = [(*r[:-2], cut_words(r[-2], name), cut_words(r[-1], organisation)) for r in rows]
        return headings, tuple(widths), cut

    def counts(self) -> list[tuple[str, str]]:
        """With names hidden: (enablers done, how many people), most done first."""
        return [
            (f"{n}/{self.enablers}", str(self.done.count(n)))
            for n in range(self.enablers, -1, -1)
            if self.done.count(n)
        ]


def saved_at(stamp: dt.datetime | None, now: dt.datetime | None = None) -> str:
    """When a file was last saved, in this machine's time: "14:05" today, else "3 Dec"."""
    if stamp is None:
        return "-"
    local = stamp.astimezone()
    today = (now or dt.datetime.now().astimezone()).date()
    clock = local.strftime("%H:%M")
    return clock if local.date() == today else f"{local.day} {local.strftime('%b')}"


def board(collection: Collection, framework: Framework, anonymous: bool) -> Board:
    """The board for a merged folder (people as merge counts them, and those who started a
    session with nothing scored yet, sorted by name)."""
    people = []
    for loaded in (*collection.participants, *collection.started):
        session = loaded.session
        enablers, indicators = session.progress(framework)
        reflections = sum(1 for t in framework.themes if session.reflections.get(t.id, "").strip())
        people.append(
            BoardRow(
                session.participant.name,
                session.participant.organisation,
                enablers,
                indicators,
                reflections,
                updated_at(session),
            )
        )
    return Board(
        len(framework.enablers),
        len(framework.indicators),
        len(framework.themes),
        () if anonymous else tuple(sorted(people, key=lambda p: (p.name.casefold(), p.name))),
        tuple(p.enablers for p in people),
        len(collection.rejected),
    )
