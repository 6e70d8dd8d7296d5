"""Issue 17: the partnership file is the facilitator's, not whoever writes partnership.toml first.

bob (a participant, the hostile one) writes `partnership.toml` in the team folder before the
facilitator does, with agreed scores and an action of his own. As real accounts: the
facilitator's report and export leave his file out (one line says whose it is) unless
`--partnership FILE` names it; check-folder calls it a problem with the fix; the facilitator's
first save lands in their own `partnership-<account>.toml` beside it, with a line saying where,
and from then on report and export use that file. The app's question is in
tests/functional/test_whose_partnership.py (Pilot, as root with a file chowned to bob).
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import shutil
import stat
import threading
import tomllib
from pathlib import Path

import pytest
import tomli_w

from bb_tui.core.framework import load_framework
from tests.support.accounts import as_user, cli_as, own
from tests.support.piloting import run_test, workers_done

DEMO = Path(__file__).resolve().parents[2] / "sessions" / "demo"
FW = load_framework()
BOBS_ACTION = "Hand the budget to bob's own company"


@pytest.fixture(autouse=True, scope="module")
def _imported_beforehand(tmp_path_factory):
    """The children cannot read what lives under /root: whatever report, export and the
    document import lazily is loaded once here, as root."""
    from bb_tui.cli.main import main
    from bb_tui.core.editing import OpenPartnerships

    out = tmp_path_factory.mktemp("warm")
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        main(["report", str(DEMO), "-o", str(out / "r.md")])
        main(["export", str(DEMO), "--csv", str(out / "s.csv")])
        main(["check-folder", str(DEMO)])
    docs = OpenPartnerships(FW)
    docs.attach(DEMO, print)  # read only: nothing is changed, so nothing is written
    docs.close_all()


def bobs_partnership() -> bytes:
    return tomli_w.dumps(
        {
            "format": "bb-partnership",
            "format_version": 1,
            "framework": FW.id,
            "round": "Bob's round",
            "agreed": {"leadership": 5, "joint-governance": 5},
            "actions": [{"what": BOBS_ACTION, "status": "in progress"}],
        }
    ).encode()


@pytest.fixture
def squatted(team) -> Path:
    """The team folder (root's, 3775) with two sessions of alice's and bob's partnership.toml,
    written by bob himself before the facilitator made one."""
    for name in ("amina-okafor.toml", "helen-marchbank.toml", "marcus-leung.toml"):
        own(Path(shutil.copy(DEMO / name, team.shared / name)), team.alice, 0o640)
    path = team.shared / "partnership.toml"

    def write() -> None:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        os.write(fd, bobs_partnership())
        os.close(fd)

    assert as_user(team.bob, write).rc == 0
    assert os.stat(path).st_uid == team.bob.uid
    return path


def stderr_lines(outcome) -> list[str]:
    return [line for line in outcome.err.splitlines() if line]


def test_report_leaves_bobs_file_out_and_says_whose_it_is(team, squatted):
    result = cli_as(team.facil, ["report", str(team.shared)], cwd=team.facil.home)

    assert result.rc == 0, result
    assert BOBS_ACTION not in result.out and "Bob's round" not in result.out
    (line,) = stderr_lines(result)
    assert line == (
        f"bb-tui report: {squatted} is {team.bob.name}'s, not yours ({team.facil.name}) nor "
        "the folder owner's (root): not used (name it with --partnership FILE to use it)"
    )


def test_merge_leaves_bobs_thresholds_out_and_says_whose_file_it_is(team, squatted):
    """merge follows the same owner rule as report and export, and says so in the same line."""
    result = cli_as(team.facil, ["merge", "--json", str(team.shared)], cwd=team.facil.home)

    assert result.rc == 0, result
    (line,) = stderr_lines(result)
    assert line == (
        f"bb-tui merge: {squatted} is {team.bob.name}'s, not yours ({team.facil.name}) nor "
        "the folder owner's (root): not used (name it with --partnership FILE to use it)"
    )


def test_report_uses_bobs_file_when_named(team, squatted):
    named = ["report", str(team.shared), "--partnership", str(squatted)]
    result = cli_as(team.facil, named, cwd=team.facil.home)

    assert result.rc == 0 and result.err == "", result
    assert BOBS_ACTION in result.out


def agreed_in(summary: Path) -> dict[str, str]:
    """The agreed column of an export's summary CSV, per enabler."""
    with summary.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {r["item_id"]: r["agreed"] for r in rows if r["item_type"] == "enabler"}


def test_export_leaves_bobs_agreed_scores_out_unless_named(team, squatted):
    out = team.facil.home / "scores.csv"
    summary = team.facil.home / "scores-summary.csv"
    result = cli_as(team.facil, ["export", str(team.shared), "--csv", str(out)])

    assert result.rc == 0, result
    (line,) = stderr_lines(result)
    assert line.startswith(f"bb-tui export: {squatted} is {team.bob.name}'s") and line.endswith(
        "not used (name it with --partnership FILE to use it)"
    )
    assert set(agreed_in(summary).values()) == {""}

    named = ["export", str(team.shared), "--csv", str(out), "--overwrite"]
    result = cli_as(team.facil, [*named, "--partnership", str(squatted)])
    assert result.rc == 0 and result.err == "", result
    assert agreed_in(summary)["leadership"] == "5"


def test_check_folder_calls_bobs_file_a_problem_with_the_fix(team, squatted):
    result = cli_as(team.facil, ["check-folder", str(team.shared)], timeout=30)

    assert result.rc == 1, result
    assert f"ok: partnership.toml is {team.bob.name}'s" not in result.out
    (line,) = [line for line in result.out.splitlines() if line.startswith("problem: ")]
    assert line == (
        f"problem: partnership.toml is {team.bob.name}'s, not yours ({team.facil.name}) nor "
        f"the folder owner's (root): bb-tui run by {team.facil.name} does not use it without "
        f"asking. Fix: if {team.bob.name} is the facilitator, check with --facilitator "
        f"{team.bob.name}; if not, rm {squatted} (as {team.bob.name} or root)"
    )
    by_name = ["check-folder", str(team.shared), "--facilitator", team.bob.name]
    assert cli_as(team.alice, by_name, timeout=30).rc == 0  # bob named as the facilitator


def facil_saves(team, answer: str | None, *, question_first: bool = True):
    """The facilitator's app, as its panels drive the shared document: asked (when there is a
    question) and answered, the first change claimed, agreed and saved at once."""

    def run() -> int:
        from bb_tui.core.editing import OpenPartnerships

        docs = OpenPartnerships(FW)
        question = docs.question(team.shared)
        print("ASKED" if question is not None else "NOT ASKED")
        if question is not None:
            docs.answer(team.shared, answer)
        document, notices = docs.attach(team.shared, print)
        for line in notices:
            print(f"OPENED {line}")
        if document.read_only:  # the panels change nothing then, and say why
            print(f"READ-ONLY {document.why_read_only}")
            return 0
        for line in document.claim():
            print(f"TOLD {line}")
        with document.edit() as partnership:
            partnership.agreed["locality"] = 2
        report = document.save_now()
        print(f"SAVED {report.path}" if report and report.ok else f"NOT SAVED {report}")
        docs.close_all()
        return 0

    return as_user(team.facil, run, cwd=team.facil.home)


def told(outcome, word: str) -> list[str]:
    return [line[len(word) + 1 :] for line in outcome.out.splitlines() if line.startswith(word)]


def test_the_facilitators_save_lands_beside_bobs_file_with_a_line_saying_where(team, squatted):
    bobs = squatted.read_bytes()
    outcome = facil_saves(team, "mine")

    own_file = team.shared / f"partnership-{team.facil.name}.toml"
    assert outcome.rc == 0 and outcome.err == "", outcome
    assert told(outcome, "ASKED") == [""]
    assert told(outcome, "TOLD") == [
        f"{squatted} is {team.bob.name}'s, not yours ({team.facil.name}) nor the folder "
        f"owner's (root), so your changes are saved in {own_file.name} beside it; the app, "
        "report and export use that file from now on"
    ]
    assert told(outcome, "SAVED") == [str(own_file)]
    st = os.lstat(own_file)
    assert (st.st_uid, stat.S_IMODE(st.st_mode), st.st_nlink) == (team.facil.uid, 0o640, 1)
    assert squatted.read_bytes() == bobs and os.stat(squatted).st_uid == team.bob.uid

    # from now on the facilitator's report uses it, and says whose file is not used
    result = cli_as(team.facil, ["report", str(team.shared)], cwd=team.facil.home)
    assert result.rc == 0 and BOBS_ACTION not in result.out, result
    assert stderr_lines(result) == [
        f"bb-tui report: {own_file}: your own partnership file; {team.bob.name}'s "
        "partnership.toml beside it is not used"
    ]
    lines = result.out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("| Locality | "))
    heading = next(lines[i - 1] for i in range(at, 0, -1) if lines[i].startswith("| --- |"))
    agreed = heading.split(" | ").index("Agreed")  # the theme table's: the facilitator's decision
    assert lines[at].split(" | ")[agreed] == "2"
    # and the next run of the app opens it without asking
    again = facil_saves(team, None)
    assert told(again, "NOT ASKED") == [""] and told(again, "SAVED") == [str(own_file)], again


def test_using_bobs_file_starts_from_it_and_saves_beside_it(team, squatted):
    bobs = squatted.read_bytes()
    outcome = facil_saves(team, "use")

    own_file = team.shared / f"partnership-{team.facil.name}.toml"
    assert told(outcome, "SAVED") == [str(own_file)], outcome
    assert any("saved in" in line for line in told(outcome, "TOLD")), outcome
    assert squatted.read_bytes() == bobs
    text = own_file.read_text("utf-8")
    assert BOBS_ACTION in text and "locality = 2" in text  # his decisions, and the change


def test_ignoring_bobs_file_shows_and_saves_nothing(team, squatted):
    outcome = facil_saves(team, "ignore")

    said = (
        f"{squatted} is {team.bob.name}'s, not yours ({team.facil.name}) nor the folder "
        "owner's (root): ignored this run, as you chose"
    )
    assert outcome.rc == 0 and told(outcome, "OPENED") == told(outcome, "READ-ONLY") == [said]
    assert sorted(p.name for p in team.shared.iterdir() if "partnership" in p.name) == [
        "partnership.toml"
    ]


def test_bob_taking_the_name_before_the_first_change_sends_it_beside(team):
    """No partnership.toml when the facilitator's panel opened; bob makes one before their
    first change: that change goes to their own file, and they are told why and where."""
    squat = team.shared / "partnership.toml"
    opened_r, opened_w = os.pipe()
    squatted_r, squatted_w = os.pipe()

    def bob_squats() -> None:  # made by root and given to bob: as if he wrote it
        os.read(opened_r, 1)
        squat.write_bytes(bobs_partnership())
        own(squat, team.bob, 0o644)
        os.write(squatted_w, b"x")

    def run() -> int:
        from bb_tui.core.editing import OpenPartnerships

        docs = OpenPartnerships(FW)
        document, _ = docs.attach(team.shared, print)
        print(f"OPENED {document.path} exists={document.exists}")
        os.write(opened_w, b"x")
        os.read(squatted_r, 1)
        for line in document.claim():
            print(f"TOLD {line}")
        with document.edit() as partnership:
            partnership.agreed["locality"] = 4
        report = document.save_now()
        print(f"SAVED {report.path}" if report and report.ok else f"NOT SAVED {report}")
        docs.close_all()
        return 0

    bob = threading.Thread(target=bob_squats)
    bob.start()
    outcome = as_user(team.facil, run, cwd=team.facil.home)
    bob.join(timeout=30)

    own_file = team.shared / f"partnership-{team.facil.name}.toml"
    assert outcome.rc == 0 and outcome.err == "", outcome
    assert told(outcome, "OPENED") == [f"{squat} exists=False"]
    assert told(outcome, "TOLD") == [
        f"{squat} was made by {team.bob.name} meanwhile, so your changes are saved in "
        f"{own_file.name} beside it"
    ]
    assert told(outcome, "SAVED") == [str(own_file)]
    assert squat.read_bytes() == bobs_partnership() and os.stat(own_file).st_uid == team.facil.uid
    assert not [p for p in team.shared.iterdir() if "conflict" in p.name]


def test_bob_taking_the_facilitators_own_name_too_saves_nothing_into_his_files(team, squatted):
    own_file = team.shared / f"partnership-{team.facil.name}.toml"
    own_file.write_bytes(bobs_partnership())
    own(own_file, team.bob, 0o644)
    outcome = facil_saves(team, "mine")

    assert outcome.rc == 0, outcome
    assert told(outcome, "ASKED") == []  # nothing to choose: neither can be used
    (line,) = told(outcome, "READ-ONLY")
    assert (
        line.startswith(f"{squatted} is {team.bob.name}'s")
        and (f"and {own_file.name} is {team.bob.name}'s: neither is used and nothing can be saved")
        in line
    )
    assert own_file.read_bytes() == squatted.read_bytes() == bobs_partnership()
    result = cli_as(team.facil, ["check-folder", str(team.shared)], timeout=30)
    assert f"problem: {own_file.name} is {team.bob.name}'s, not {team.facil.name}'s" in result.out


# ---------------------------------------------------------------- the app asks once a run
# As root, with the demo's partnership.toml given to bob: the app's account (root) and the
# folder's owner (root) are not bob, so it is someone else's file.


@pytest.fixture
def bobs_demo(team, tmp_path) -> Path:
    folder = tmp_path / "demo"
    shutil.copytree(DEMO, folder)
    path = folder / "partnership.toml"
    path.write_bytes(bobs_partnership())
    own(path, team.bob, 0o644)
    return folder


def app_on(folder: Path):
    from bb_tui.tui.app import BBApp

    return BBApp(FW, folder, cursor_blink=False, theme="textual-dark")


async def settle(pilot) -> None:
    await pilot.pause()
    await workers_done(pilot.app)
    await pilot.pause()


async def test_the_app_asks_once_and_keeps_the_facilitators_own_file_beside_it(team, bobs_demo):
    from textual.widgets import Static

    from bb_tui.tui.dialogs.whose_partnership import WhosePartnershipScreen
    from bb_tui.tui.screens.group.agreed import AgreedScreen
    from bb_tui.tui.screens.group.challenges import ChallengesScreen
    from tests.support.piloting import notifications

    bobs = (bobs_demo / "partnership.toml").read_bytes()
    own_file = bobs_demo / "partnership-root.toml"
    app = app_on(bobs_demo)
    async with run_test(app, size=(80, 24)) as pilot:
        await pilot.press("f7")
        await settle(pilot)
        assert isinstance(app.screen, WhosePartnershipScreen)
        text = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert f"partnership.toml in this folder is {team.bob.name}'s, not yours (root)." in text
        assert "u  Use it:" in text and "i  Ignore it:" in text and "k  Keep mine:" in text
        await pilot.press("k")
        await settle(pilot)
        agreed = app.screen
        assert isinstance(agreed, AgreedScreen) and agreed.document.path == own_file
        assert agreed.partnership.agreed == {}  # none of bob's decisions
        await pilot.press("3")  # agree 3 for the first enabler
        await settle(pilot)
        said = " ".join(notifications(app))
        assert f"so your changes are saved in {own_file.name} beside it" in said
        assert agreed.document.exists
        await pilot.press("f8")  # another panel: not asked again
        await settle(pilot)
        assert isinstance(app.screen, ChallengesScreen)
        await pilot.press("escape", "escape")
        await settle(pilot)
        await pilot.press("f4", "plus", "s")  # saving thresholds: not asked again either
        await settle(pilot)
        assert not any(isinstance(s, WhosePartnershipScreen) for s in app.screen_stack)
        await pilot.press("escape")
        await settle(pilot)
    assert (bobs_demo / "partnership.toml").read_bytes() == bobs
    saved = tomllib.loads(own_file.read_text("utf-8"))
    assert list(saved["agreed"].values()) == [3] and "low_threshold" in saved["analysis"]
    assert os.stat(own_file).st_uid == 0 and BOBS_ACTION not in own_file.read_text("utf-8")
    # the sessions list and merge: neither a session nor a bad file
    from bb_tui.core.collection import collect
    from bb_tui.core.listing import list_sessions

    listing = list_sessions(bobs_demo, FW)
    assert own_file not in [e.path for e in listing.sessions] + [p for p, _ in listing.broken]
    assert listing.others == 2 and len(listing.sessions) == 10
    merged = collect([bobs_demo], FW)
    assert not merged.rejected and {Path(i.file).name for i in merged.ignored} == {
        "partnership.toml",
        own_file.name,
    }


def test_the_apps_export_follows_the_answer_and_says_whose_file_it_left_out(team, bobs_demo):
    from bb_tui.render.bundle import export_folder

    notes: list[str] = []
    (left_out,) = export_folder(bobs_demo, FW, bobs_demo.parent / "a", ["markdown"], notes=notes)
    assert BOBS_ACTION not in left_out.read_text("utf-8")
    assert notes == [
        f"{bobs_demo / 'partnership.toml'} is {team.bob.name}'s, not yours (root): not used "
        "(name it with --partnership FILE to use it)"
    ]
    out = bobs_demo.parent / "b"
    (used,) = export_folder(bobs_demo, FW, out, ["markdown"], answer="use", notes=[])
    assert BOBS_ACTION in used.read_text("utf-8")  # as the person chose in the app


async def test_saving_thresholds_first_asks_and_use_it_starts_from_bobs_file(team, bobs_demo):
    from bb_tui.tui.dialogs.whose_partnership import WhosePartnershipScreen
    from bb_tui.tui.screens.group.agreed import AgreedScreen

    own_file = bobs_demo / "partnership-root.toml"
    app = app_on(bobs_demo)
    async with run_test(app, size=(80, 24)) as pilot:
        await pilot.press("f4")
        await settle(pilot)
        assert not isinstance(app.screen, WhosePartnershipScreen)  # looking does not ask
        assert not own_file.exists()
        await pilot.press("plus")  # looking still does not ask
        await settle(pilot)
        assert not isinstance(app.screen, WhosePartnershipScreen)
        await pilot.press("s")  # the first save of the run: asked
        await settle(pilot)
        assert isinstance(app.screen, WhosePartnershipScreen)
        await pilot.press("u")
        await settle(pilot)
        saved = tomllib.loads(own_file.read_text("utf-8"))
        assert saved["agreed"]["leadership"] == 5 and "low_threshold" in saved["analysis"]
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        assert isinstance(app.screen, AgreedScreen)  # answered: not asked again
        assert app.screen.partnership.agreed["leadership"] == 5
        await pilot.press("escape")
        await settle(pilot)


async def test_ignoring_it_in_the_app_changes_nothing_and_says_why(team, bobs_demo):
    from bb_tui.tui.dialogs.whose_partnership import WhosePartnershipScreen
    from bb_tui.tui.screens.group.action_plan import ActionsScreen
    from tests.support.piloting import notifications

    before = sorted(p.name for p in bobs_demo.iterdir())
    app = app_on(bobs_demo)
    async with run_test(app, size=(80, 24)) as pilot:
        await pilot.press("f7")
        await settle(pilot)
        assert isinstance(app.screen, WhosePartnershipScreen)
        await pilot.press("escape")  # esc: ignore it
        await settle(pilot)
        assert app.screen.partnership.agreed == {}
        await pilot.press("3")
        await settle(pilot)
        assert any("ignored this run, as you chose" in n for n in notifications(app))
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f10")
        await settle(pilot)
        assert isinstance(app.screen, ActionsScreen) and app.screen.partnership.actions == []
        await pilot.press("escape")
        await settle(pilot)
    assert sorted(p.name for p in bobs_demo.iterdir()) == before
