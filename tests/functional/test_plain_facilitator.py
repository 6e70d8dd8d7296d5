"""`bb-tui --plain` in a real pty: every facilitator journey line by line, never an escape byte;
the figures those of core.stats in render's words; the partnership file and the export equal to
what the full-screen app's panels and the CLI write for the same answers."""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path

import pytest

from bb_tui.core.collection import collect
from bb_tui.core.partnership import FILE_NAME
from bb_tui.core.rounds import compare, load_round
from bb_tui.core.stats import compute
from bb_tui.render import changes, plain_group
from bb_tui.render import words as figures
from bb_tui.render.bundle import FILE_NAMES, xlsx_available
from bb_tui.storage.safesave import InUseLock
from bb_tui.tui.screens.group.action_plan import ActionsScreen
from bb_tui.tui.screens.group.agreed import AgreedScreen
from bb_tui.tui.screens.group.challenges import ChallengesScreen
from bb_tui.tui.screens.group.discussion import DiscussionScreen
from tests.functional.test_plain_mode import Plain, no_escape
from tests.support.accounts import own
from tests.support.partnership_host import PanelHost, settle
from tests.support.piloting import run_test, type_text
from tests.support.toofew import LONE_CELL, LONE_CHANGE, build_rounds

SESSIONS = 10  # in the demo folder: the facilitator's menu is the list's last choice
RESULTS, THEMES, INDICATORS, SPREAD, SUBGROUPS, FILES = (
    str(n + 1)
    for n in (
        plain_group.RESULTS,
        plain_group.THEMES,
        plain_group.INDICATORS,
        plain_group.SPREAD,
        plain_group.SUBGROUPS,
        plain_group.FILES,
    )
)
DISCUSSION, AGREED, SPECTRUM, CHALLENGES = (
    str(n + 1)
    for n in (
        plain_group.DISCUSSION,
        plain_group.AGREED,
        plain_group.SPECTRUM,
        plain_group.CHALLENGES,
    )
)
CASES, ACTIONS, ROUNDS, EXPORT = (
    str(n + 1)
    for n in (
        plain_group.CASE_STUDIES,
        plain_group.ACTIONS,
        plain_group.COMPARE,
        plain_group.EXPORT,
    )
)
THRESHOLDS, NAMES = str(plain_group.THRESHOLDS + 1), str(plain_group.NAMES + 1)


def facilitator(folder: Path) -> Plain:
    """Plain mode on the demo `folder`, at the facilitator's menu (its prompt not yet answered)."""
    return facilitator_on(folder, SESSIONS)


def facilitator_on(folder: Path, sessions: int) -> Plain:
    plain = Plain("--plain", "--sessions", str(folder))
    entry = str(sessions + 2)
    listing = plain.answer(entry)
    assert f"{entry}. {plain_group.FACILITATOR_ENTRY}" in listing
    return plain


def leave(plain: Plain, *before: str) -> str:
    """Answer `before` at the prompts to come, then q; the whole transcript."""
    for line in before:
        plain.answer(line)
    plain.answer("q")
    assert plain.finish() == 0
    return bytes(plain.app.output).decode("utf-8", "replace")


def without_stamp(path: Path) -> str:
    return re.sub(r"(?m)^updated = .*\n", "", path.read_text("utf-8"))


def copies(tmp_path: Path, demo: Path) -> tuple[Path, Path]:
    """Two copies of the demo folder: one for the app, one for plain mode."""
    app_side, plain_side = tmp_path / "app" / "demo", tmp_path / "plain" / "demo"
    shutil.copytree(demo, app_side)
    shutil.copytree(demo, plain_side)
    return app_side, plain_side


# ---------------------------------------------------------------- results in words


class Walk:
    """One plain session walking several journeys from the facilitator's menu: each journey's
    part of the transcript is kept apart, so a check reads only its own journey's words."""

    def __init__(self, plain: Plain) -> None:
        self.plain, self.starts = plain, []

    def go(self, *lines: str) -> str:
        """Type `lines` at the prompts to come; the prompt the first was typed at."""
        first, *rest = lines
        prompt = self.plain.answer(first)
        self.starts.append(self.plain.seen)
        for line in rest:
            self.plain.answer(line)
        return prompt

    def parts(self) -> list[str]:
        """Each journey's output, up to the next journey's first line (the last: to the end)."""
        out = bytes(self.plain.app.output)
        ends = [*self.starts[1:], len(out)]
        return [out[a:b].decode("utf-8", "replace") for a, b in zip(self.starts, ends)]


def test_the_read_only_journeys_in_one_session(tmp_path, demo, framework):
    """Group results; themes, indicators, spread and files; case studies; compare rounds; then
    names hidden (last: it changes what follows). Nothing here writes to the folder."""
    results = compute(collect([demo], framework), framework)
    earlier = tmp_path / "spring"
    shutil.copytree(demo, earlier)
    (earlier / "amina-okafor.toml").unlink()  # one person fewer then
    comparison = compare(load_round([demo], framework), load_round([earlier], framework))
    plain = facilitator(demo)
    walk = Walk(plain)
    try:
        menu = walk.go(RESULTS)
        walk.go(THEMES, INDICATORS)
        indicators = walk.go("3", SPREAD, FILES)  # joint governance
        walk.go(CASES)
        listing = walk.go("7", "b")
        walk.go(ROUNDS, str(earlier))
        walk.go(NAMES, FILES, DISCUSSION, "b")
        leave(plain)
    finally:
        plain.app.kill()
    no_escape(plain)
    assert "1. Group results: every enabler, lowest mean first" in menu
    assert "3. Joint governance" in indicators
    group, themes, spread, _, case_study, rounds, hidden = walk.parts()
    _group_results_are_sentences_with_the_figures_of_stats(group, results, framework)
    _themes_indicators_spread_and_files(themes + spread, results, framework)
    _case_studies_suggested_first_and_read_in_full(listing, case_study, framework)
    _compare_rounds_reads_the_comparisons_figures(rounds, comparison)
    _hidden_names_are_hidden_everywhere_after(hidden)


def _group_results_are_sentences_with_the_figures_of_stats(text, results, framework):
    assert "Group results for " in text and "10 participants merged" in text
    assert figures.thresholds_line(results.thresholds) in text
    assert "All enablers, lowest mean first: 12 items." in text
    # the example, in render's words: the lowest first, with its figures and flag
    assert (
        "1. Information sharing, mean 1.6 from 8 people (scores 1-2), 1 skipped, 1 not scored, low"
        in text
    )
    order = sorted(framework.enablers, key=lambda e: results.enablers[e.id].mean)
    for n, enabler in enumerate(order, start=1):
        f = results.enablers[enabler.id]
        line = f"{n}. {enabler.label}, mean {figures.mean(f, results.thresholds)} from "
        assert line in text, line
    assert (
        "Shape: very uneven, from Information sharing lowest at 1.6 to Working practices " in text
    )
    for d in figures.dig_deeper(results, flagged_only=True):
        assert f"{d.rank}. {d.label}: {d.why}" in text


def _themes_indicators_spread_and_files(text, results, framework):
    for theme in framework.themes:
        assert f"Theme: {theme.title}, lowest mean first: 4 items." in text
    # an indicator fewer than three scored has no figure: words, as its chart draws none
    few = results.indicators["joint-governance.4"]
    assert few.n < results.thresholds.min_group_size
    assert f"{figures.too_few(few.n)}, 1 skipped, 7 not scored\r\n" in text
    assert figures.too_few_note(results.thresholds) in text
    f = results.enablers["joint-governance"]
    counts = ", ".join(f"{c} at {v}" for v, c in zip(range(1, 6), f.counts))
    assert f"3. Joint governance: {counts}; n {f.n}, {f.skipped} skipped, 0 not scored" in text
    assert "Shape: scores split into two camps" in text
    assert "Ignored, not session files (1):" in text
    assert "Amina Okafor, Riverside Public Health, strategic:" in text


def _case_studies_suggested_first_and_read_in_full(listing, text, framework):
    assert figures.CASES_INTRO in listing
    assert "Suggested for Information sharing." in listing
    case = framework.case_studies[6]
    assert f"Box {case.id}: {case.title}, {case.where}." in text


def _compare_rounds_reads_the_comparisons_figures(text, comparison):
    assert "Reading both rounds. This may take a moment." in text
    assert "Finished reading both rounds." in text
    for line in plain_group.plain_table(changes.columns(comparison), changes.rows(comparison)):
        assert line in text, line
    assert "1 is new in" in text
    assert "Shape: of 12 enablers, " in text


def _hidden_names_are_hidden_everywhere_after(text):
    assert "Names are hidden from now on." in text
    after = text.split("Names are hidden from now on.")[1]
    assert "Participants: 10 (names hidden)." in after
    assert "(names hidden)." in after and "Evidence 1 of 5, score 2, a participant:" in after
    for name in ("Amina Okafor", "Bethan Pryce", "Helen Marchbank"):
        assert name not in after


def test_subgroups_and_rounds_give_too_few_in_words_never_a_persons_figure(tmp_path, framework):
    """Hana is the only one in health to score Leadership: her subgroup's figure and the change
    among the same people are hers alone, so plain mode says "too few", as render/ does."""
    now, before = build_rounds(tmp_path, framework)
    plain = facilitator_on(now, sessions=7)
    try:
        plain.answer(SUBGROUPS)
        plain.answer("3")  # by sector
        plain.answer(ROUNDS)
        plain.answer(str(before))
        text = leave(plain)
    finally:
        plain.app.kill()
    no_escape(plain)
    assert "Mean score by sector." in text
    assert re.search(
        r"\d+\. Leadership, mean 3\.0 from 4 people .*Health service too few \(n 1\)", text
    )
    assert figures.too_few_note(compute(collect([now], framework), framework).thresholds) in text
    assert (
        "1. Leadership: Mean Spring 2026 3.5, Mean Autumn 2026 3.0, Change -0.5, "
        "Change, same 1 person too few (n 1)," in text
    )
    leaked = [s for s in (*LONE_CELL, LONE_CHANGE) if s in text]
    assert not leaked, leaked


# ---------------------------------------------------------------- decisions: equal to the app's


async def test_agreed_scores_spectrum_and_round_equal_the_apps(tmp_path, demo):
    app_side, plain_side = copies(tmp_path, demo)
    app = PanelHost(AgreedScreen, app_side)
    async with run_test(app, size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "4")  # joint governance: 4
        await pilot.press("up", "up", "5", "0")  # leadership: 5, then cleared
        await pilot.press("m")  # coordinated -> unified
        await pilot.press("r", "tab", "ctrl+u", *"Spring 2027", "enter")
        await pilot.press("n", *" Unified soon.", "escape")
    note = tomllib.loads((demo / FILE_NAME).read_text("utf-8"))["spectrum"]["note"]

    plain = facilitator(plain_side)
    try:
        plain.answer(AGREED)
        plain.answer("3")
        assert "Agreed score for Joint governance, now 3" in plain.answer("4")
        plain.answer("1")
        plain.answer("5")
        assert "Leadership: agreed 5, saved." in plain.answer("1")
        plain.answer("0")
        plain.answer("t")
        plain.answer("")  # the name kept
        plain.answer("Spring 2027")
        plain.answer("b")
        plain.answer(SPECTRUM)
        plain.answer("3")  # unified
        plain.answer(note + " Unified soon.", ".")
        text = leave(plain)
    finally:
        plain.app.kill()
    no_escape(plain)
    assert "Leadership: agreed -, saved." in text and "Spectrum: Unified models, saved." in text
    assert "2. Coordinated models (this partnership)" in text
    assert without_stamp(plain_side / FILE_NAME) == without_stamp(app_side / FILE_NAME)


async def test_discussion_pack_agrees_a_score_as_the_app_does(tmp_path, demo, framework):
    app_side, plain_side = copies(tmp_path, demo)
    app = PanelHost(DiscussionScreen, app_side)
    async with run_test(app, size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("4")  # the first in the pack: information sharing
    results = compute(collect([demo], framework), framework)

    plain = facilitator(plain_side)
    try:
        plain.answer(DISCUSSION)
        plain.answer("4")
        pack = text = leave(plain)
        assert "Discussion 1 of 12: Information sharing, flagged." in pack
    finally:
        plain.app.kill()
    no_escape(plain)
    why = figures.dig_deeper(results)[0].why
    assert f"Why discuss it: {why}." in pack
    assert "Evidence 1 of 5, score 2, Bethan Pryce" in pack
    assert "Scored without evidence: Helen Marchbank 2" in pack
    assert "Technical blockages (in play, we can work around)" in pack
    assert "G. Sharing birth data (Bi-borough)" in pack
    assert "Information sharing: agreed 4, saved." in text
    assert without_stamp(plain_side / FILE_NAME) == without_stamp(app_side / FILE_NAME)


async def test_challenges_equal_the_apps(tmp_path, demo):
    app_side, plain_side = copies(tmp_path, demo)
    app = PanelHost(ChallengesScreen, app_side)
    async with run_test(app, size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "down", "down")  # shifting landscapes
        await pilot.press("space", "i")
        await pilot.press("n", *" Act now.", "escape")
    note = tomllib.loads((demo / FILE_NAME).read_text("utf-8"))["challenges"]
    note = note["shifting-landscapes"]["note"]

    plain = facilitator(plain_side)
    try:
        plain.answer(CHALLENGES)
        listing = plain.answer("5")
        assert "5. Shifting landscapes (not in play)" in listing
        plain.answer("p")
        assert "Shifting landscapes (in play), saved." in plain.answer("i")
        plain.answer("t")
        plain.answer(note + " Act now.", ".")
        text = leave(plain, "b", "b")
    finally:
        plain.app.kill()
    no_escape(plain)
    assert "Shifting landscapes (in play, we can influence), saved." in text
    assert without_stamp(plain_side / FILE_NAME) == without_stamp(app_side / FILE_NAME)


async def test_action_plan_equals_the_apps(tmp_path, demo):
    app_side, plain_side = copies(tmp_path, demo)
    app = PanelHost(ActionsScreen, app_side)
    async with run_test(app, size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await type_text(pilot, "Run a locality workshop")
        await pilot.press("tab", *["down"] * 7, "tab")
        await type_text(pilot, "Locality lead")
        await pilot.press("tab")
        await type_text(pilot, "2027-05-01")
        await pilot.press("enter")
        await pilot.press("s", "s")  # done
        await pilot.press("K")  # moved up one

    plain = facilitator(plain_side)
    try:
        plain.answer(ACTIONS)
        assert "Action plan: 7 actions." in plain.answer("a")
        plain.answer("Run a locality workshop")
        plain.answer("8")  # locality
        plain.answer("Locality lead")
        plain.answer("next May")
        assert "'next May' is not a date like 2027-03-31" in plain.answer("2027-05-01")
        assert "1. not started" in plain.answer("1")
        plain.answer("8")
        plain.answer("s")
        assert "Status in progress, saved." in plain.answer("s")
        assert "Status done, saved." in plain.answer("u")
        text = leave(plain, "b")
    finally:
        plain.app.kill()
    no_escape(plain)
    assert "1. Sign the birth-notification data-sharing agreement" in text
    assert "Moved up: now action 7, saved." in text
    assert "7. Run a locality workshop. For Locality; owner Locality lead; due 2027-05-01" in text
    assert without_stamp(plain_side / FILE_NAME) == without_stamp(app_side / FILE_NAME)


def test_thresholds_saved_as_the_partnerships(demo):
    plain = facilitator(demo)
    try:
        plain.answer(THRESHOLDS)
        plain.answer("2.75")
        plain.answer("")  # the gap kept
        plain.answer("2")  # save them
        text = leave(plain, RESULTS)
    finally:
        plain.app.kill()
    no_escape(plain)
    assert "Thresholds saved in partnership.toml" in text
    saved = tomllib.loads((demo / FILE_NAME).read_text("utf-8"))
    assert saved["analysis"] == {"low_threshold": 2.75}
    assert "low = mean below 2.75" in text.split("Thresholds saved")[1]


# ---------------------------------------------------------------- compare, case studies, export


def test_export_writes_the_files_the_cli_writes(tmp_path, demo):
    from bb_tui.cli.main import main

    cli = tmp_path / "cli"
    cli.mkdir()
    assert main(["report", str(demo), "-o", str(cli / FILE_NAMES["markdown"])]) == 0
    assert main(["export", str(demo), "--csv", str(cli / FILE_NAMES["csv"])]) == 0
    out = tmp_path / "plain-export"
    plain = facilitator(demo)
    try:
        plain.answer(EXPORT)
        kinds = plain.answer("1")  # everything there is
        plain.answer("1")  # names shown
        plain.answer(str(out))
        text = leave(plain)
    finally:
        plain.app.kill()
    no_escape(plain)
    assert "What to export: " in kinds
    assert "Exporting. This may take a moment." in text and "Finished: wrote report.md" in text
    written = sorted(p.name for p in out.iterdir())
    expected = sorted(p.name for p in cli.iterdir())
    assert set(expected) <= set(written)
    for name in expected:
        assert (out / name).read_bytes() == (cli / name).read_bytes(), name
    assert ("results.xlsx" in written) is xlsx_available()


# ---------------------------------------------------------------- the same guarantees


@pytest.mark.parametrize("how", ["hang-up", "ctrl+c"])
def test_hang_up_and_ctrl_c_keep_the_decision_and_free_the_lock(demo, how):
    plain = facilitator(demo)
    try:
        plain.answer(AGREED)
        plain.answer("1")
        plain.answer("4")
        plain.prompt()  # saved: the next prompt is out
        if how == "hang-up":
            plain.app.hang_up()
        else:
            plain.app.send(b"\x03")
        assert plain.finish() is not None, "still running"
    finally:
        plain.app.kill()
    no_escape(plain)
    assert tomllib.loads((demo / FILE_NAME).read_text("utf-8"))["agreed"]["leadership"] == 4
    lock = InUseLock(demo / FILE_NAME)
    assert lock.acquire() is None, "the partnership file's in-use lock is still held"
    lock.release()


def test_a_colleagues_session_opens_read_only(team, demo):
    """alice's session, owned by her account: asked about, and read-only changes nothing."""
    path = Path(shutil.copy(demo / "joanne-hallett.toml", team.shared / "joanne-hallett.toml"))
    own(path, team.alice, 0o664)
    before = path.read_bytes()
    plain = Plain("--plain", "--sessions", str(team.shared))
    try:
        asked = plain.answer("2")
        asked = plain.answer("1")  # open read-only
        assert f"belongs to another user ({team.alice.name})" in asked
        assert "1. Open read-only" in asked
        scoring = plain.answer("3")
        assert "open read-only: nothing you type will be saved" in scoring
        assert "open read-only" in plain.answer("q")
        assert plain.finish() == 0
    finally:
        plain.app.kill()
    no_escape(plain)
    assert path.read_bytes() == before


def test_a_partnership_file_of_someone_elses_is_asked_about_and_left_alone(team, demo):
    """bob's partnership.toml in the team folder: asked whose; ignored, nothing is saved."""
    for name in ("amina-okafor.toml", "helen-marchbank.toml", "marcus-leung.toml"):
        own(Path(shutil.copy(demo / name, team.shared / name)), team.alice, 0o640)
    bobs = own(Path(shutil.copy(demo / FILE_NAME, team.shared / FILE_NAME)), team.bob, 0o644)
    before = bobs.read_bytes()
    plain = Plain("--plain", "--sessions", str(team.shared))
    try:
        plain.answer("5")  # the facilitator's menu: 3 sessions here
        asked = plain.answer("2")  # ignore it
        assert "Whose partnership file: 3 choices." in asked and "2. Ignore it" in asked
        plain.answer(AGREED)
        plain.answer("1")
        plain.answer("4")
        text = leave(plain, "b")
    finally:
        plain.app.kill()
    no_escape(plain)
    assert "Not changed:" in text
    assert bobs.read_bytes() == before
    assert sorted(p.name for p in team.shared.glob("partnership*")) == [FILE_NAME]


def test_hostile_evidence_and_decisions_reach_the_terminal_without_escapes(demo):
    """Evidence, a challenge's note and an action written with escape sequences and bidi marks
    are read out cleaned: a participant cannot drive the facilitator's screen reader."""
    hostile = "\\u001b]0;pwned\\u0007\\u001b[2J\\u202e"
    session = demo / "bethan-pryce.toml"
    text = session.read_text("utf-8")
    session.write_text(text.replace("I often don't know", f"{hostile}I often don't know"), "utf-8")
    partnership = demo / FILE_NAME
    text = partnership.read_text("utf-8")
    text = text.replace('what = "Sign the', f'what = "{hostile}Sign the', 1)
    text = text.replace('note = "Parallel', f'note = "{hostile}Parallel', 1)
    partnership.write_text(text, "utf-8")
    plain = facilitator(demo)
    try:
        plain.answer(DISCUSSION)
        plain.answer("b")
        plain.answer(ACTIONS)
        text = leave(plain, "b")
    finally:
        plain.app.kill()
    no_escape(plain)
    assert b"\x07" not in plain.app.output and "\u202e".encode() not in plain.app.output
    assert "I often don't know a family" in text and "Sign the birth-notification" in text
    assert "Parallel case-management systems" in text


def test_a_broken_partnership_file_is_read_only_and_untouched(demo):
    broken = Path(__file__).resolve().parents[1] / "data" / "partnership" / "broken"
    shutil.copy(broken / "action-bad-date.toml", demo / FILE_NAME)
    before = (demo / FILE_NAME).read_bytes()
    plain = facilitator(demo)
    try:
        plain.answer(AGREED)
        plain.answer("1")
        plain.answer("4")
        text = leave(plain, "b")
    finally:
        plain.app.kill()
    no_escape(plain)
    assert "Read-only: " in text and "is not a date like 2027-03-31." in text
    assert "Not changed: " in text and "Fix or move the file, then reopen." in text
    assert (demo / FILE_NAME).read_bytes() == before
