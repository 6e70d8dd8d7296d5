"""Score a session in plain mode: enabler by enabler, from the first not yet scored; dig deeper,
evidence, reflections, the overview and the profile. Every answer is saved (flushed) before the
next prompt, through the same OpenSession the app uses."""

from __future__ import annotations

from collections.abc import Callable

from bb_tui.core.editing import OpenSession, ReadOnlyError
from bb_tui.core.framework import Enabler
from bb_tui.core.session import NAME_MAX, ORGANISATION_MAX
from bb_tui.plain.lines import Back, Leave, Lines
from bb_tui.render import plain as words

SKIP = ("s", "0")  # as in the app: s or 0 skips


class Scoring:
    def __init__(self, lines: Lines, opened: OpenSession) -> None:
        self.lines, self.opened = lines, opened
        self.framework = opened.framework
        self.scale = self.framework.scale

    # ------------------------------------------------------------ saving

    def save(self) -> None:
        """Write now; a failure is said in one line (the change is kept and retried)."""
        report = self.opened.flush()
        if report is not None and not report.ok:
            self.lines.say(report.message)

    def _edit(self, change: Callable[[], None]) -> bool:
        try:
            change()
        except ReadOnlyError:
            self.lines.say(words.READ_ONLY)
            return False
        self.save()
        return True

    def _mark(self, item_id: str, score: int | None) -> bool:
        """Score an item (or skip it: None) and save; False when read-only."""
        if score is None:
            return self._edit(lambda: self.opened.skip(item_id))
        return self._edit(lambda: self.opened.set_score(item_id, score))

    def _score(self, answer: str) -> int | None:
        if answer.isdigit() and self.scale.min <= int(answer) <= self.scale.max:
            return int(answer)
        return None

    # ------------------------------------------------------------ the journey

    def run(self) -> None:
        """From the first enabler not yet scored until q (raises Leave)."""
        enablers = self.framework.enablers
        session = self.opened.session
        at = next((i for i, e in enumerate(enablers) if session.state(e.id) is None), None)
        if at is None:
            self.lines.say(words.ALL_DONE)
        while True:
            if at is None:
                at = self.overview()
                continue
            at = self.enabler(at)

    def enabler(self, at: int) -> int | None:
        """One prompt on enabler `at`; the enabler to go to next (None: the overview)."""
        enabler = self.framework.enablers[at]
        session = self.opened.session
        answer = self.lines.ask(words.enabler_prompt(self.framework, session, enabler))
        key = answer.strip().lower()
        last = len(self.framework.enablers) - 1
        score = self._score(key)
        if score is not None or key in SKIP:
            done = self._mark(enabler.id, score)
            if done:
                self.lines.say(words.scored(enabler.label, session.state(enabler.id)))
            return self._after(at)
        if key == "?":
            self.lines.say(words.enabler_title(enabler), *words.levels(self.framework))
            self.lines.say(*words.indicators(enabler))
        elif key == "d":
            self.dig_deeper(enabler)
        elif key == "e":
            self.text("evidence", enabler.id, words.evidence_intro(enabler.label))
        elif key == "r":
            theme = self.framework.theme(enabler.theme_id)
            intro = words.reflections_intro(theme.title, theme.reflection_prompt)
            self.text("reflections", theme.id, intro)
        elif key == "o":
            return None
        elif key == "p":
            self.profile()
        elif key == "n":
            return min(at + 1, last)
        elif key == "b":
            return max(at - 1, 0)
        elif key == "q":
            raise Leave
        else:
            self.lines.say(words.not_understood(answer))
        return at

    def _after(self, at: int) -> int | None:
        """After scoring: the next enabler not yet scored, or the overview when all are."""
        enablers = self.framework.enablers
        session = self.opened.session
        order = list(range(at + 1, len(enablers))) + list(range(at))
        nxt = next((i for i in order if session.state(enablers[i].id) is None), None)
        if nxt is None:
            self.lines.say(words.ALL_DONE)
        return nxt

    def dig_deeper(self, enabler: Enabler) -> None:
        indicators = enabler.indicators
        session = self.opened.session
        i = 0
        while 0 <= i < len(indicators):
            indicator = indicators[i]
            prompt = words.indicator_prompt(self.framework, session, enabler, indicator)
            answer = self.lines.ask(prompt)
            key = answer.strip().lower()
            score = self._score(key)
            if score is not None or key in SKIP:
                done = self._mark(indicator.id, score)
                if done:
                    label = f"Indicator {indicator.number}"
                    self.lines.say(words.scored(label, session.state(indicator.id)))
                i += 1
            elif key == "?":
                self.lines.say(*words.levels(self.framework))
            elif key == "n":
                i += 1
            elif key == "b":
                break
            elif key == "q":
                raise Leave
            else:
                self.lines.say(words.not_understood(answer))
        hint = words.indicator_hint(session, self.framework, enabler)
        if hint:
            self.lines.say(hint)

    def text(self, table: str, key: str, intro: str) -> None:
        """Evidence (per enabler) or reflections (per theme), typed over several lines."""
        self.lines.say(intro)
        current = (
            self.opened.session.evidence if table == "evidence" else self.opened.session.reflections
        ).get(key, "")
        typed = self.lines.long_text(table, current)
        if typed is None:
            return
        if self._edit(lambda: self.opened.set_text(table, key, typed)):
            self.lines.say(words.text_saved(table, not typed.strip()))

    def overview(self) -> int | None:
        count = len(self.framework.enablers)
        self.lines.say(*words.overview(self.framework, self.opened.session))
        while True:
            answer = self.lines.ask(words.overview_prompt(count)).strip().lower()
            if answer == "q":
                raise Leave
            if answer == "b":
                return 0
            if answer.isdigit() and 1 <= int(answer) <= count:
                return int(answer) - 1
            self.lines.say(words.not_a_choice(answer, count))

    def profile(self) -> None:
        framework, lines = self.framework, self.lines
        lines.say(*words.profile_lines(self.opened.session, framework))
        if lines.ask(words.profile_question()).strip().lower() != "c":
            return
        p = self.opened.session.participant
        name = lines.ask_short(words.keep_prompt("Name", p.name), "A name", NAME_MAX) or p.name
        organisation = lines.ask_short(
            words.keep_prompt("Organisation", p.organisation), "An organisation", ORGANISATION_MAX
        )
        organisation = organisation or p.organisation
        try:
            labels = [label for _, label in words.LEVEL_CHOICES]
            level = words.LEVEL_CHOICES[lines.choose(words.LEVEL_QUESTION, labels)][0]
            sectors = words.sector_choices(framework)
            sector = sectors[lines.choose(words.SECTOR_QUESTION, [s for _, s in sectors])][0]
        except Back:
            return

        def change() -> None:
            with self.opened._edit() as session:  # saved like any edit, as the app's form does
                session.set_profile(
                    framework, name=name, organisation=organisation, level=level, sector=sector
                )

        try:
            if self._edit(change):
                lines.say(*words.profile_lines(self.opened.session, framework))
        except ValueError as exc:
            lines.say(str(exc))
