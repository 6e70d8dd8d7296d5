"""From figures to conversation: flagged enablers, suggested case studies, the discussion pack.

No Textual.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bb_tui.core.framework import CaseStudy, Challenge, Enabler, Framework, Indicator
from bb_tui.core.partnership import Action, ChallengeView, Partnership
from bb_tui.core.session import SKIPPED
from bb_tui.core.stats import ItemFigures, Results


@dataclass(frozen=True)
class Suggestion:
    """A case study worth reading, and the flagged enablers it speaks to."""

    case: CaseStudy
    enablers: tuple[str, ...]


def flagged_enablers(results: Results) -> list[str]:
    """Enablers whose group figures are low or polarised, those most in need of discussion first."""
    return [d.enabler_id for d in results.dig_deeper() if d.flagged]


def suggested_case_studies(
    results: Results | Iterable[str], framework: Framework
) -> list[Suggestion]:
    """The case studies related to every low or polarised enabler, in box order (A, B, ...).

    `results` is a stats.Results, or simply the ids of the enablers to find case studies for.
    """
    flagged = flagged_enablers(results) if isinstance(results, Results) else list(results)
    out = []
    for case in framework.case_studies:
        hits = tuple(e for e in flagged if e in case.enablers)
        if hits:
            out.append(Suggestion(case, hits))
    return out


@dataclass(frozen=True)
class Evidence:
    """One participant's score and evidence for an enabler, as shown (names hidden when anonymous)."""

    who: str
    organisation: str
    score: int | None  # None: skipped or not scored
    skipped: bool
    text: str


@dataclass(frozen=True)
class RelatedChallenge:
    challenge: Challenge
    view: ChallengeView | None  # what the partnership file says about it, if anything

    @property
    def in_play(self) -> bool:
        return bool(self.view and self.view.in_play)


@dataclass(frozen=True)
class DiscussionPack:
    """What a facilitator puts on the screen to discuss one enabler."""

    enabler: Enabler
    figures: ItemFigures  # why to discuss it is worded from these (render.words.reasons)
    evidence: tuple[Evidence, ...]
    indicators: tuple[tuple[Indicator, ItemFigures], ...]
    challenges: tuple[RelatedChallenge, ...]
    case_studies: tuple[CaseStudy, ...]
    agreed: int | None
    actions: tuple[Action, ...]


def evidence_for(results: Results, enabler_id: str) -> tuple[Evidence, ...]:
    """Every counted participant's score and evidence, highest score first, then as listed.

    Anonymous: nobody is named, not even by a number, and ties run in the order of the evidence
    text, so neither a label nor a place in the list ties one person's answers together.
    """
    rows = []
    for n, person in enumerate(results.people):
        session = person.source.session
        state = session.state(enabler_id)
        who, organisation = ("", "") if results.anonymous else (person.label, person.organisation)
        rows.append(
            (
                n,
                Evidence(
                    who,
                    organisation,
                    state if isinstance(state, int) else None,
                    state == SKIPPED,
                    session.evidence.get(enabler_id, ""),
                ),
            )
        )
    if results.anonymous:
        rows.sort(key=lambda row: (-(row[1].score or 0), row[1].skipped, row[1].text))
    else:
        rows.sort(key=lambda row: (-(row[1].score or 0), row[0]))
    return tuple(row[1] for row in rows)


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def without_evidence(evidence: Iterable[Evidence], anonymous: bool) -> str:
    """Those who wrote no evidence, in one line ("" if none).

    Named: "Helen Marchbank 5, Grace Adeyemi skipped". Anonymous, counts only:
    "3 people (scores 5 and 3; 1 skipped)".
    """
    silent = [e for e in evidence if not e.text]
    if not silent:
        return ""
    if not anonymous:
        return ", ".join(
            f"{e.who} {'skipped' if e.skipped else e.score or 'not scored'}" for e in silent
        )
    scores = sorted((e.score for e in silent if e.score), reverse=True)
    parts = (
        [f"score{'s' if len(scores) > 1 else ''} {_listed([str(s) for s in scores])}"]
        if scores
        else []
    )
    skipped = sum(e.skipped for e in silent)
    unscored = sum(not e.skipped and not e.score for e in silent)
    parts += [f"{skipped} skipped"] * bool(skipped) + [f"{unscored} not scored"] * bool(unscored)
    people = "1 person" if len(silent) == 1 else f"{len(silent)} people"
    return f"{people} ({'; '.join(parts)})"


def discussion_pack(
    results: Results, enabler_id: str, partnership: Partnership | None = None
) -> DiscussionPack:
    fw = results.framework
    enabler = fw.enabler(enabler_id)
    challenges = [
        RelatedChallenge(c, partnership.challenges.get(c.id) if partnership else None)
        for c in fw.challenges_for(enabler_id)
    ]
    challenges.sort(key=lambda r: not r.in_play)  # those in play here first, else framework order
    return DiscussionPack(
        enabler=enabler,
        figures=results.enablers[enabler_id],
        evidence=evidence_for(results, enabler_id),
        indicators=tuple((i, results.indicators[i.id]) for i in enabler.indicators),
        challenges=tuple(challenges),
        case_studies=fw.case_studies_for(enabler_id),
        agreed=partnership.agreed.get(enabler_id) if partnership else None,
        actions=tuple(partnership.actions_for(enabler_id)) if partnership else (),
    )
