"""The discussion pack and the rounds panel, driven by keys."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from bb_tui.core.partnership import FILE_NAME
from bb_tui.tui.screens.group.case_studies import CaseStudiesScreen
from bb_tui.tui.screens.group.discussion import DiscussionScreen
from bb_tui.tui.screens.group.rounds import RoundsScreen, earlier_rounds
from tests.support.partnership_host import BROKEN, DEMO, REPO, PanelHost, saved, settle
from tests.support.piloting import run_test, type_text

SPRING = REPO / "sessions" / "demo-spring-2026"
NAMES = ("Helen Marchbank", "Grace Adeyemi", "Tomasz Wierzbicki", "Siobhan Tully")


@pytest.fixture
def rounds(tmp_path) -> Path:
    """demo and demo-spring-2026 side by side, as in sessions/."""
    shutil.copytree(DEMO, tmp_path / "demo")
    shutil.copytree(SPRING, tmp_path / "demo-spring-2026")
    return tmp_path


def shown(app, selector: str) -> str:
    return str(app.panel.query_one(selector, Static).render())


def evidence(app) -> str:
    return "\n".join(str(card.render()) for card in app.panel.query(".evidence-card"))


async def test_discussion_walks_the_flagged_enablers_and_records_agreed_scores(rounds):
    demo = rounds / "demo"
    app = PanelHost(DiscussionScreen, demo)
    async with run_test(app, size=(80, 24)) as pilot:
        await settle(pilot)
        # most in need of discussion first: low (lowest mean first), then polarised (issue 11)
        assert "Information sharing" in shown(app, "#panel-title")
        assert "1 of 12, flagged" in shown(app, "#panel-title")
        head = " ".join(shown(app, "#discussion-head").split())
        assert "low: mean 1.6, below 2.5" in head and "Thresholds: low = mean below 2.5" in head
        await pilot.press("0")
        assert "information-sharing" not in saved(demo).agreed
        await pilot.press("right", "right")
        assert "Joint governance" in shown(app, "#panel-title")
        assert "3 of 12, flagged" in shown(app, "#panel-title")
        head = shown(app, "#discussion-head")
        assert "Why discuss it: polarised: scores from 1 to 5" in head
        assert "Mean 2.8" in head and "Agreed: 3" in head
        chart = shown(app, "#discussion-chart")
        assert "Joint governance" in chart and "1. A cross-agency group" in chart
        assert "2.8 split" in chart
        indicators = shown(app, "#discussion-indicators")
        assert "4. Integrated or closely aligned commissioners" in indicators
        assert (
            "mean 2.5, n 2, 1-4, too few to call" in indicators
        )  # two people: not a group finding
        cards = evidence(app)
        assert "Helen Marchbank, Riverside Council" in cards
        assert "meets every six weeks" in cards
        links = shown(app, "#discussion-links")
        assert "Stretched capacity (in play, we can influence)" in links
        assert "B  Integrated leadership" in links and "C  Integrated and pro-active" in links
        assert "[done] Invite the ICB place lead" in links
        await pilot.press("4")
        assert saved(demo).agreed["joint-governance"] == 4
        assert "Agreed: 4" in shown(app, "#discussion-head")
        await pilot.press("right")
        assert "Single service" in shown(app, "#panel-title")


async def test_discussion_hides_names_in_anonymous_mode(rounds):
    app = PanelHost(DiscussionScreen, rounds / "demo", anonymous=True)
    async with run_test(app, size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("right", "right")  # joint governance
        cards = evidence(app) + shown(app, "#discussion-others")
        assert "meets every six weeks" in cards  # the evidence is there...
        assert (
            "Participant " not in cards
        )  # not even a number that ties one person's answers together
        assert "Scored without evidence: " in cards and " people (scores " in cards
        for name in NAMES:  # ...but not who wrote it
            assert name not in cards
        assert "Riverside Council" not in cards
        assert "(names hidden)" in shown(app, "#panel-title")
        await pilot.press("a")  # names back on
        await settle(pilot)
        if "Joint governance" not in shown(app, "#panel-title"):
            await pilot.press("right", "right")
        assert "Helen Marchbank" in evidence(app)


async def test_discussion_opens_case_studies_for_the_enabler(rounds):
    app = PanelHost(DiscussionScreen, rounds / "demo")
    async with run_test(app, size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("right", "right")  # joint governance, third (issue 11's order)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CaseStudiesScreen)
        assert app.screen.filter == "joint-governance"
        assert [c.id for c in app.screen.shown_cases()] == ["B", "C"]
        assert app.screen.visible is True  # Textual's own property, not shadowed


async def test_rounds_compares_with_the_earlier_folder(rounds):
    app = PanelHost(RoundsScreen, rounds / "demo")
    async with run_test(app, size=(80, 24)) as pilot:
        await settle(pilot)
        assert earlier_rounds(rounds / "demo") == [(rounds / "demo-spring-2026").resolve()]
        await pilot.press("enter")
        await settle(pilot)
        summary = shown(app, "#rounds-summary")
        assert (
            "Then: Spring 2026 (6 people)" in summary and "Now: Autumn 2026 (10 people)" in summary
        )
        table = app.panel.query_one("#rounds-table", DataTable)
        assert table.row_count == 12
        # beside the whole group's change, the change among the 6 in both rounds (issue 11)
        assert [str(c) for c in table.get_row_at(2)] == [
            "Joint governance",
            "2.3",
            "2.8",
            "+0.5",
            "+0.9",
            "2",
            "3",
            "+1",
        ]
        assert "6 in both rounds, 4 new, 0 gone" in summary
        assert "may be who took part" in summary  # names are in the report's change section
        await pilot.press("t")
        radar = shown(app, "#rounds-radar-text")
        assert "Autumn 2026 mean" in radar and "Spring 2026 mean" in radar and "Leadership" in radar
        assert app.panel.query_one("#rounds-radar").display and not table.display


async def test_anonymous_rounds_give_counts_not_names(rounds):
    app = PanelHost(RoundsScreen, rounds / "demo", anonymous=True)
    async with run_test(app, size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        summary = shown(app, "#rounds-summary")
        assert "6 in both rounds, 4 new, 0 gone" in summary
        for name in (*NAMES, "Bethan Pryce"):
            assert name not in summary


async def test_rounds_earlier_folder_that_does_not_load_changes_nothing(rounds):
    bad = rounds / "broken-round"
    shutil.copytree(SPRING, bad)
    shutil.copy(BROKEN / "agreed-float.toml", bad / FILE_NAME)
    before = {p: p.read_bytes() for p in rounds.rglob("*") if p.is_file()}
    app = PanelHost(RoundsScreen, rounds / "demo")
    async with run_test(app, size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await type_text(pilot, str(bad))
        await pilot.press("enter")
        await settle(pilot)
        summary = shown(app, "#rounds-summary")
        assert summary.startswith("Earlier round: ")
        assert "partnership.toml: agreed.locality: 2.5 is not a whole number from 1 to 5" in summary
        assert app.panel.comparison is None
        await pilot.press("ctrl+u")
        await type_text(pilot, str(rounds / "nowhere"))
        await pilot.press("enter")
        await settle(pilot)
        assert "nowhere: no such file or folder" in shown(app, "#rounds-summary")
    assert {p: p.read_bytes() for p in rounds.rglob("*") if p.is_file()} == before


async def _ready(pilot) -> None:
    await settle(pilot)


def test_snapshot_discussion_ascii(snap_compare, rounds):
    assert snap_compare(PanelHost(DiscussionScreen, rounds / "demo", ascii=True), run_before=_ready)


def test_snapshot_discussion_braille(snap_compare, rounds, monkeypatch):
    monkeypatch.setenv("LC_ALL", "C.UTF-8")  # braille where the locale can show it
    assert snap_compare(PanelHost(DiscussionScreen, rounds / "demo"), run_before=_ready)


def test_snapshot_rounds_table(snap_compare, rounds):
    async def compare(pilot):
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(PanelHost(RoundsScreen, rounds / "demo"), run_before=compare)


# ---------------------------------------------------------------- in the real app


async def test_panels_open_from_the_app_and_write_the_folders_partnership_file(rounds):
    from bb_tui.tui.app import BBApp
    from bb_tui.tui.screens.group.action_plan import ActionsScreen
    from bb_tui.tui.screens.group.agreed import AgreedScreen
    from bb_tui.tui.screens.group.challenges import ChallengesScreen
    from tests.support.partnership_host import FW

    demo = rounds / "demo"
    app = BBApp(FW, demo, cursor_blink=False)
    async with run_test(app, size=(80, 24)) as pilot:
        await pilot.pause()
        start = app.screen
        for key, screen_class in (
            ("f6", DiscussionScreen),
            ("f7", AgreedScreen),
            ("f8", ChallengesScreen),
            ("f9", CaseStudiesScreen),
            ("f10", ActionsScreen),
        ):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, screen_class), key
            assert app.screen.folder == demo
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is start
        await pilot.press("f8", "space")  # technical blockages: no longer in play
        assert not saved(demo).challenges["technical-blockages"].in_play
        await pilot.press("escape")
        app.action_open_screen("rounds")
        await settle(pilot)
        assert isinstance(app.screen, RoundsScreen)
