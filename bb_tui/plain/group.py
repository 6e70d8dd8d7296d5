"""The facilitator's journeys in plain mode: a numbered folder menu leading to group results,
subgroups, the discussion pack, agreed scores, spectrum, challenges, case studies, action plan,
compare rounds, export, thresholds and whose file counts.

The partnership file is opened, locked and saved through the same core objects as the app's
panels (OpenPartnerships, Partnership's decisions, save_analysis), each decision written before
the next prompt; the figures come from core.stats and their words from render/plain_group.py.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

from bb_tui.core.collection import Outcome, collect
from bb_tui.core.discussion import discussion_pack, suggested_case_studies
from bb_tui.core.editing import OpenPartnership, OpenPartnerships
from bb_tui.core.framework import Framework
from bb_tui.core.listing import count_up_to
from bb_tui.core.partnership import (
    IGNORE,
    MINE,
    STATUSES,
    USE,
    Action,
    Partnership,
    next_status,
    parse_due,
)
from bb_tui.core.readcache import ParseCache
from bb_tui.core.stats import Results, Thresholds, compute, thresholds_for
from bb_tui.plain.lines import Back, Leave, Lines
from bb_tui.render import plain as said
from bb_tui.render import plain_group as words
from bb_tui.render import words as figures
from bb_tui.storage.errors import BBError, shown_path
from bb_tui.storage.textsafe import one_line

WHAT_MAX, OWNER_MAX, NAME_MAX, ROUND_MAX = 400, 200, 200, 60  # as the app's fields cap them
WHOSE = (USE, IGNORE, MINE)  # in the order of words.WHOSE_LABELS


class Facilitator:
    """One sessions folder's facilitator menu; `close` saves and releases the partnership file."""

    def __init__(self, lines: Lines, folder: Path, framework: Framework) -> None:
        self.lines, self.folder, self.framework = lines, folder, framework
        self.documents = OpenPartnerships(framework)
        self.document: OpenPartnership | None = None
        self.problem = ""  # why there is no document to change
        self.opened = False
        self.anonymous = False
        self.by: str | None = None
        self.nudged: dict[str, float | int] = {}  # thresholds for this look only, not saved
        self.reads: ParseCache[Outcome] = ParseCache()
        self.agreed_creation = False

    # ------------------------------------------------------------ the partnership file

    @property
    def partnership(self) -> Partnership | None:
        return self.document.partnership if self.document is not None else None

    def open(self) -> None:
        """The folder's partnership file, as the first panel opens it (asked once whose)."""
        if self.opened:
            return
        self.opened = True
        question = self.documents.question(self.folder)
        if question is not None:
            self.lines.say(question.reason)
            try:
                answer = WHOSE[self.lines.choose(words.WHOSE_QUESTION, words.WHOSE_LABELS)]
            except Back:
                answer = IGNORE
            self.documents.answer(self.folder, answer)
        try:
            self.document, notices = self.documents.attach(self.folder, lambda report: None)
        except BBError as exc:
            self.document, self.problem = None, exc.line()
            self.lines.say(words.read_only(self.problem))
            return
        self.lines.say(*(f"warning: {n}" for n in notices))
        if self.document.read_only:
            self.lines.say(words.read_only(self.document.why_read_only))

    def close(self) -> list[str]:
        """Save and close the partnership file; one line for each save that failed."""
        return [report.message for report in self.documents.close_all()]

    def decide(self, change: Callable[..., object]) -> bool:
        """A decision, written at once as the panels write it; False (said why) if it cannot be.
        `change(partnership)`: typed loosely, as mypy cannot match a lambda that binds a loop's
        values as defaults to a one-argument callable."""
        document = self.document
        if document is None:
            self.lines.say(words.unreadable(self.problem))
            return False
        if document.read_only:
            self.lines.say(words.not_changed(document.why_read_only))
            return False
        if not document.exists and not self.agreed_creation:
            if count_up_to(self.folder, 1) == 0:
                self.lines.say(words.no_sessions_here(shown_path(self.folder), document.path.name))
                if self.lines.choose(words.CREATE_QUESTION, words.CREATE_CHOICES) != 0:
                    return False
            self.agreed_creation = True
        self.lines.say(*document.claim())  # the first change takes the in-use lock
        problem = document.read_again_if_changed()  # a save made elsewhere is the base
        if problem:
            self.lines.say(words.read_earlier(problem))
        with document.edit() as partnership:
            change(partnership)
        report = document.save_now()
        if report is not None and not report.ok:
            self.lines.say(report.message)
            if report.conflict:
                problem = document.after_conflict()
                if problem:
                    self.lines.say(problem)
            return False
        return True

    # ------------------------------------------------------------ the figures

    def results(self, by: str | None = None) -> Results | None:
        """The group's figures now (a line when the work starts and ends); None, said, if none."""
        self.lines.say(words.FIGURING)
        try:
            results = compute(
                collect([self.folder], self.framework, cache=self.reads),
                self.framework,
                anonymous=self.anonymous,
                partnership=self.partnership,
                thresholds=self.shown_thresholds(),
                by=by,
            )
        except (BBError, OSError, ValueError) as exc:
            self.lines.say(words.no_figures(exc))
            return None
        self.lines.say(words.figured(results))
        return results

    def shown_thresholds(self, **typed: float | int) -> Thresholds:
        """The folder's saved thresholds with this look's (and `typed`) on top, read as the
        results screen reads its nudges: as the partnership file's. ValueError when out of range."""
        saved = self.partnership.analysis if self.partnership else {}
        shown = SimpleNamespace(analysis={**saved, **self.nudged, **typed})
        return thresholds_for(self.framework, shown)

    # ------------------------------------------------------------ the menu

    def run(self) -> None:
        """The menu until b (back to the sessions list); q raises Leave."""
        self.open()
        journeys = [
            self.overview,
            self.themes,
            self.indicators,
            self.spread,
            self.subgroups,
            self.files,
            self.discussion,
            self.agreed,
            self.spectrum,
            self.challenges,
            self.case_studies,
            self.actions,
            self.compare,
            self.export,
            self.thresholds,
            self.claims,
            self.names,
        ]
        self.lines.say(*said.numbered(words.MENU_QUESTION, words.MENU))
        while True:
            answer = self.lines.ask(words.menu_prompt(len(words.MENU))).strip().lower()
            if answer == "q":
                raise Leave
            if answer == "b":
                return
            if answer == "m":
                self.lines.say(*said.numbered(words.MENU_QUESTION, words.MENU))
            elif answer.isdigit() and 1 <= int(answer) <= len(words.MENU):
                try:
                    journeys[int(answer) - 1]()
                except Back:
                    pass
            else:
                self.lines.say(said.not_a_choice(answer, len(words.MENU)))

    # ------------------------------------------------------------ results views

    def overview(self) -> None:
        results = self.results()
        if results is None:
            return
        fw = results.framework
        self.lines.say(*words.header(results, shown_path(self.folder)))
        self.lines.say(
            *words.ranked(
                results,
                words.ALL_ENABLERS,
                [e.id for e in fw.enablers],
                [e.label for e in fw.enablers],
            )
        )
        self.lines.say(*words.theme_means(results), *words.dig_deeper(results))

    def themes(self) -> None:
        results = self.results()
        if results is None:
            return
        self.lines.say(*words.theme_means(results))
        for theme in self.framework.themes:
            ids = [e.id for e in theme.enablers]
            labels = [e.label for e in theme.enablers]
            self.lines.say(*words.ranked(results, words.theme_title(theme.title), ids, labels))

    def _enabler(self, question: str) -> int:
        return self.lines.choose(question, [e.label for e in self.framework.enablers])

    def indicators(self) -> None:
        enabler = self.framework.enablers[self._enabler(words.INDICATORS_QUESTION)]
        results = self.results()
        if results is None:
            return
        ids = [i.id for i in enabler.indicators]
        labels = [words.indicator_label(i.number, i.text) for i in enabler.indicators]
        self.lines.say(
            *words.ranked(
                results,
                words.indicators_title(enabler.label),
                ids,
                labels,
                only_enough=True,
                names=[f"indicator {i.number}" for i in enabler.indicators],
            )
        )
        if not any(results.figures.item(i).n for i in ids):
            self.lines.say(words.nobody_dug(enabler.label))

    def spread(self) -> None:
        results = self.results()
        if results is None:
            return
        fw = results.framework
        ids, labels = [e.id for e in fw.enablers], [e.label for e in fw.enablers]
        self.lines.say(*words.spread(results, ids, labels, words.SPREAD_TITLE))

    def subgroups(self) -> None:
        labels = [label for _, label in words.BY_CHOICES] + [words.BY_CHOICES_NONE]
        choice = self.lines.choose(words.SUBGROUPS_QUESTION, labels)
        by = words.BY_CHOICES[choice][0] if choice < len(words.BY_CHOICES) else None
        if by is None:
            return
        results = self.results(by)
        if results is None:
            return
        fw = results.framework
        self.lines.say(*words.subgroups(results))
        if results.groups:
            ids, labels = [e.id for e in fw.enablers], [e.label for e in fw.enablers]
            self.lines.say(*words.ranked(results, words.by_title(by), ids, labels))

    def files(self) -> None:
        results = self.results()
        if results is not None:
            self.lines.say(*words.files(results))

    def names(self) -> None:
        self.anonymous = not self.anonymous
        self.lines.say(words.NAMES_HIDDEN if self.anonymous else words.NAMES_SHOWN)

    # ------------------------------------------------------------ the discussion pack

    def discussion(self) -> None:
        results = self.results()
        if results is None:
            return
        digs = results.dig_deeper()
        order = [d.enabler_id for d in digs]
        flagged = {d.enabler_id for d in digs if d.flagged}
        if not order:
            self.lines.say(figures.NOTHING_TO_DISCUSS)
            return
        at, read = 0, True
        lo, hi = self.framework.scale.min, self.framework.scale.max
        while True:
            enabler_id = order[at]
            pack = discussion_pack(results, enabler_id, self.partnership)
            if read:
                self.lines.say(
                    *words.discussion(pack, results, at + 1, len(order), enabler_id in flagged)
                )
            read = True
            answer = self.lines.ask(words.discussion_prompt(pack.enabler.label, at + 1, len(order)))
            key = answer.strip().lower()
            if key.isdigit() and (lo <= int(key) <= hi or key == "0"):
                score = int(key) or None
                if self.decide(lambda p, e=enabler_id, s=score: p.agree(e, s)):
                    self.lines.say(words.agreed_saved(pack.enabler.label, score))
                read = False
            elif key in ("n", "p"):
                at = (at + (1 if key == "n" else -1)) % len(order)
            elif key == "r":
                pass
            elif key == "b":
                return
            elif key == "q":
                raise Leave
            else:
                self.lines.say(said.not_understood(answer))
                read = False

    # ------------------------------------------------------------ agreed scores and spectrum

    def agreed(self) -> None:
        results = self.results()
        if results is None:
            return
        enablers = self.framework.enablers
        lo, hi = self.framework.scale.min, self.framework.scale.max
        read = True
        while True:
            if read:
                self.lines.say(*words.agreed_rows(results, self.partnership))
            read = False
            answer = self.lines.ask(words.agreed_prompt(len(enablers))).strip().lower()
            if answer == "q":
                raise Leave
            if answer == "b":
                return
            if answer == "r":
                read = True
            elif answer == "t":
                self.name_and_round()
            elif answer.isdigit() and 1 <= int(answer) <= len(enablers):
                enabler = enablers[int(answer) - 1]
                self.agree_one(enabler.id, enabler.label, lo, hi)
            else:
                self.lines.say(said.not_a_choice(answer, len(enablers)))

    def agree_one(self, enabler_id: str, label: str, lo: int, hi: int) -> None:
        while True:
            agreed = self.partnership.agreed.get(enabler_id) if self.partnership else None
            key = self.lines.ask(words.agree_prompt(label, agreed, lo, hi)).strip().lower()
            if key == "b":
                return
            if key == "q":
                raise Leave
            if key.isdigit() and (lo <= int(key) <= hi or key == "0"):
                score = int(key) or None
                if self.decide(lambda p, s=score: p.agree(enabler_id, s)):
                    self.lines.say(words.agreed_saved(label, score))
                return
            self.lines.say(said.not_understood(key))

    def name_and_round(self) -> None:
        p = self.partnership
        name = self.lines.ask_short(
            said.keep_prompt(words.NAME_WHAT, p.name if p else ""), "A name", NAME_MAX
        )
        round_name = self.lines.ask_short(
            said.keep_prompt(words.ROUND_WHAT, p.round if p else ""),
            "A round",
            ROUND_MAX,
        )
        name, round_name = " ".join(name.split()), " ".join(round_name.split())
        if not name and not round_name:
            return

        def change(p: Partnership) -> None:
            p.name = name or p.name
            p.round = round_name or p.round

        if self.decide(change):
            self.lines.say(words.NAME_AND_ROUND_SAVED)

    def spectrum(self) -> None:
        fw = self.framework
        if not fw.spectrum:
            self.lines.say(words.NO_SPECTRUM)
            return
        self.lines.say(*words.spectrum(fw, self.partnership))
        labels = [m.title for m in fw.spectrum] + [words.NOT_PLACED]
        choice = self.lines.choose(words.SPECTRUM_QUESTION, labels)
        model = fw.spectrum[choice].id if choice < len(fw.spectrum) else ""

        def place(p: Partnership) -> None:
            p.spectrum = model

        if self.decide(place):
            self.lines.say(words.spectrum_saved(labels[choice]))
        note = self.lines.long_text(
            "spectrum note", self.partnership.spectrum_note if self.partnership else ""
        )
        if note is None:
            return

        def write(p: Partnership) -> None:
            p.spectrum_note = note.strip()

        if self.decide(write):
            self.lines.say(said.text_saved("spectrum note", not note.strip()))

    # ------------------------------------------------------------ challenges, case studies

    def challenges(self) -> None:
        fw = self.framework
        while True:
            views = self.partnership.challenges if self.partnership else {}
            labels = [words.challenge_state(c, views.get(c.id), False) for c in fw.challenges]
            self.challenge(self.lines.choose(words.CHALLENGES_QUESTION, labels))

    def challenge(self, at: int) -> None:
        fw = self.framework
        challenge = fw.challenges[at]
        p = self.partnership
        self.lines.say(
            *words.challenge_full(challenge, p.challenges.get(challenge.id) if p else None)
        )
        keys = {"c": "change", "i": "influence", "w": "work-around"}
        while True:
            prompt = words.challenge_prompt(challenge.title, at + 1, len(fw.challenges))
            answer = self.lines.ask(prompt)
            key = answer.strip().lower()
            changed = False
            if key == "p":
                changed = self.decide(lambda p: p.toggle_in_play(challenge.id))
            elif key in keys:
                changed = self.decide(lambda p, r=keys[key]: p.respond(challenge.id, r))
            elif key == "t":
                view = p.challenges.get(challenge.id) if (p := self.partnership) else None
                note = self.lines.long_text("note", view.note if view else "")
                if note is not None:
                    changed = self.decide(
                        lambda p, n=note: setattr(p.challenge(challenge.id), "note", n.strip())
                    )
            elif key == "b":
                return
            elif key == "q":
                raise Leave
            else:
                self.lines.say(said.not_understood(answer))
            if changed and self.partnership is not None:
                view = self.partnership.challenges.get(challenge.id)
                self.lines.say(words.challenge_state(challenge, view, False) + ", saved.")

    def case_studies(self) -> None:
        fw = self.framework
        results = self.results()
        suggestions = suggested_case_studies(results, fw) if results is not None else []
        self.lines.say(*([figures.CASES_INTRO] if suggestions else [figures.NO_CASES]))
        tips = {s.case.id: s for s in suggestions}
        ordered = [s.case for s in suggestions] + [c for c in fw.case_studies if c.id not in tips]
        labels = [words.case_line(c, fw, tips.get(c.id)) for c in ordered]
        while True:
            case = ordered[self.lines.choose(words.CASES_QUESTION, labels)]
            self.lines.say(*words.case_full(case, fw))

    # ------------------------------------------------------------ the action plan

    def actions(self) -> None:
        read = True
        while True:
            items = self.partnership.actions if self.partnership else []
            if read:
                self.lines.say(*words.actions(self.partnership, self.framework))
            read = False
            answer = self.lines.ask(words.actions_prompt(len(items))).strip().lower()
            if answer == "q":
                raise Leave
            if answer == "b":
                return
            if answer == "r":
                read = True
            elif answer == "a":
                action = self.action_form(None)
                if action is not None and self.decide(lambda p, a=action: p.actions.append(a)):
                    assert self.partnership is not None  # decided: the document is open
                    self.lines.say(words.action_added(len(self.partnership.actions)))
            elif answer.isdigit() and 1 <= int(answer) <= len(items):
                self.action(int(answer) - 1)
                read = True
            else:
                self.lines.say(
                    said.not_a_choice(answer, len(items)) if items else said.not_understood(answer)
                )

    def action(self, index: int) -> None:
        while True:
            items = self.partnership.actions if self.partnership else []
            if not 0 <= index < len(items):
                return
            action = items[index]
            self.lines.say(f"{index + 1}. {words.action_line(action, self.framework)}")
            answer = self.lines.ask(words.action_prompt(index + 1, len(items), action.status))
            key = answer.strip().lower()
            if key == "e":
                new = self.action_form(action)

                def replace(p: Partnership, new: Action | None = new, i: int = index) -> None:
                    if new is not None and i < len(p.actions):
                        p.actions[i] = new

                if new is not None and self.decide(replace):
                    self.lines.say(words.ACTION_SAVED)
            elif key == "s":
                if self.decide(lambda p, i=index: next_status(p.actions[i])):
                    assert self.partnership is not None  # decided: the document is open
                    self.lines.say(words.status_saved(self.partnership.actions[index].status))
            elif key == "u":
                if index == 0:
                    self.lines.say(words.FIRST_ALREADY)
                    continue

                def up(p: Partnership, i: int = index) -> None:
                    p.actions[i - 1], p.actions[i] = p.actions[i], p.actions[i - 1]

                if self.decide(up):
                    index -= 1
                    self.lines.say(words.moved_up(index + 1))
            elif key == "d":
                if self.lines.ask(words.delete_question(action.what)).strip().lower() == "y":

                    def delete(p: Partnership, i: int = index) -> None:
                        del p.actions[i]

                    if self.decide(delete):
                        self.lines.say(words.DELETED)
                        return
            elif key == "b":
                return
            elif key == "q":
                raise Leave
            else:
                self.lines.say(said.not_understood(answer))

    def action_form(self, old: Action | None) -> Action | None:
        """What, enabler, owner, due and status, as the app's form asks them (b cancels)."""
        fw = self.framework
        what = ""
        while not what:
            typed = self.lines.ask_short(
                said.keep_prompt(words.WHAT, old.what) if old else words.WHAT_PROMPT,
                words.WHAT,
                WHAT_MAX,
            )
            what = one_line(typed) or (old.what if old else "")
            if not what:
                self.lines.say(words.NO_ACTION_WHAT)
        labels = [words.WHOLE_PARTNERSHIP] + [e.label for e in fw.enablers]
        if old is not None:
            self.lines.say(words.now_line("For", words.enabler_label(fw, old.enabler)))
        chosen = self.lines.choose(words.ENABLER_QUESTION, labels)
        enabler = fw.enablers[chosen - 1].id if chosen else ""
        owner = one_line(
            self.lines.ask_short(
                said.keep_prompt(words.OWNER, old.owner if old else ""), "An owner", OWNER_MAX
            )
        ) or (old.owner if old else "")
        current = old.due.isoformat() if old and old.due else ""
        while True:
            typed = self.lines.ask(words.due_prompt(current)).strip()
            if typed == said.END_OF_TEXT:
                due = None
                break
            try:
                due = parse_due(typed) if typed else (old.due if old else None)
                break
            except ValueError as exc:
                self.lines.say(str(exc))
        if old is not None:
            self.lines.say(words.now_line("Status", old.status))
        status = STATUSES[self.lines.choose(words.STATUS_QUESTION, STATUSES)]
        return Action(
            what=what,
            enabler=enabler,
            owner=owner,
            due=due,
            status=status,
            extra=dict(old.extra) if old else {},
        )

    # ------------------------------------------------------------ compare, export

    def compare(self) -> None:
        from bb_tui.core.rounds import compare, load_round

        typed = self.lines.ask(words.ROUND_PROMPT).strip()
        if not typed:
            return
        earlier = Path(typed).expanduser()
        self.lines.say(words.READING_ROUND)
        answer = self.documents.answered(self.folder)
        try:
            now = load_round([self.folder], self.framework, anonymous=self.anonymous, answer=answer)
        except (BBError, ValueError) as exc:
            self.lines.say(words.this_round(exc))
            return
        try:
            before = load_round([earlier], self.framework, anonymous=self.anonymous)
        except (BBError, ValueError) as exc:
            self.lines.say(words.earlier_round(exc))
            return
        self.lines.say(words.ROUNDS_READ)
        self.lines.say(*(words.earlier_round(n) for n in before.notes))
        self.lines.say(*words.comparison(compare(now, before)))

    def export(self) -> None:
        from bb_tui.render.bundle import default_folder, existing, export_folder, xlsx_available

        xlsx = xlsx_available()
        if not xlsx:
            self.lines.say(words.NO_XLSX)
        kinds_list = words.export_kinds(xlsx)
        kinds = kinds_list[
            self.lines.choose(words.EXPORT_QUESTION, [label for _, label in kinds_list])
        ][0]
        anonymous = self.lines.choose(words.NAMES_QUESTION, words.EXPORT_NAMES) == 1
        default = default_folder()
        typed = self.lines.ask(words.export_folder_prompt(shown_path(default))).strip()
        out = Path(typed).expanduser() if typed else default
        there = existing(out, kinds)
        if there:
            self.lines.say(words.already_there(shown_path(out), there))
            if self.lines.choose(words.REPLACE_QUESTION, words.REPLACE_CHOICES) != 0:
                return
        self.lines.say(words.EXPORTING)
        notes: list[str] = []
        try:
            written = export_folder(
                self.folder,
                self.framework,
                out,
                kinds,
                anonymous=anonymous,
                overwrite=bool(there),
                answer=self.documents.answered(self.folder),
                notes=notes,
            )
        except BBError as exc:
            self.lines.say(words.not_exported(exc.line()))
            return
        except OSError as exc:
            self.lines.say(words.not_exported(f"{shown_path(out)}: {exc.strerror or exc}"))
            return
        self.lines.say(*notes)
        self.lines.say(words.exported([shown_path(p.name) for p in written], shown_path(out)))

    # ------------------------------------------------------------ thresholds, claims

    def thresholds(self) -> None:
        saved = thresholds_for(self.framework, self.partnership)
        shown = self.shown_thresholds()
        self.lines.say(figures.thresholds_line(shown))
        typed_low = self.lines.ask(
            words.thresholds_prompt(words.LOW_WHAT, figures.threshold(shown.low))
        ).strip()
        typed_gap = self.lines.ask(words.thresholds_prompt(words.GAP_WHAT, str(shown.gap))).strip()
        try:
            low = _number(typed_low, float) if typed_low else shown.low
            gap = _number(typed_gap, int) if typed_gap else shown.gap
            now = self.shown_thresholds(low_threshold=low, polarised_gap=gap)
        except ValueError as exc:
            self.lines.say(words.not_changed(str(exc)))
            return
        self.lines.say(figures.thresholds_line(now))
        choice = self.lines.choose(words.THRESHOLDS_QUESTION, words.THRESHOLD_CHOICES)
        if choice == 2:
            return
        if choice == 0:
            self.nudged = {"low_threshold": now.low, "polarised_gap": now.gap}
            self.lines.say(words.LOOK_ONLY)
            return
        values = {
            key: value
            for key, value, old in (
                ("low_threshold", now.low, saved.low),
                ("polarised_gap", now.gap, saved.gap),
            )
            if value != old
        }
        if not values:
            self.nudged = {}
            self.lines.say(words.THRESHOLDS_ALREADY)
            return
        document = self.document
        if document is None or document.read_only:
            why = self.problem or (document.why_read_only if document else "no partnership file")
            self.lines.say(words.thresholds_not_saved(why))
            self.nudged = {"low_threshold": now.low, "polarised_gap": now.gap}
            return
        self.lines.say(*document.claim())
        report = document.save_analysis(values)
        if report is not None and not report.ok:
            self.lines.say(report.message)
            return
        self.nudged = {}
        self.lines.say(words.thresholds_saved(document.path.name))

    def claims(self) -> None:
        results = self.results()
        if results is None:
            return
        if not results.claims:
            self.lines.say(words.NO_CLAIMS)
            return
        if results.anonymous:
            self.lines.say(words.CLAIMS_HIDDEN)
            return
        claim = results.claims[
            self.lines.choose(
                figures.claim_heading(len(results.claims)),
                [figures.claim_line(c) for c in results.claims],
            )
        ]
        accounts = list(claim.accounts)
        account = accounts[self.lines.choose(words.WHOSE_FILE_QUESTION, accounts)]
        if self.decide(lambda p: p.choose(claim.person, claim.organisation, account)):
            name = self.document.path.name if self.document else ""
            self.lines.say(words.file_counts(claim.person, account, name))


def _number(typed: str, kind: type[int] | type[float]) -> float | int:
    try:
        return kind(typed)
    except ValueError:
        raise ValueError(words.not_a_number(typed, kind is int)) from None
