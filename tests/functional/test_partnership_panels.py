"""The partnership panels driven by keys: each change lands in partnership.toml, bad files stay intact."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from textual.widgets import DataTable, OptionList, Static

from bb_tui.core.partnership import FILE_NAME, load_partnership
from bb_tui.tui.screens.group.action_plan import ActionsScreen
from bb_tui.tui.screens.group.agreed import AgreedScreen
from bb_tui.tui.screens.group.case_studies import CaseStudiesScreen
from bb_tui.tui.screens.group.challenges import ChallengesScreen
from tests.support.partnership_host import BROKEN, FW, PanelHost, saved, settle
from tests.support.piloting import notices, run_test, type_text, wait_until

REPO_DATA = BROKEN.parent

# ---------------------------------------------------------------- challenges


async def test_challenges_notes_in_play_and_response_are_saved(demo):
    """One panel, a challenge a step: keys typed in a note stay in it (the first row), a note is
    saved after a pause without leaving (the second), in play and a response (the fifth)."""
    app = PanelHost(ChallengesScreen, demo)
    async with run_test(app, size=(80, 24)) as pilot:
        await settle(pilot)
        # keys typed in a note do not act on the list
        await pilot.press("enter")  # enter on a challenge edits its note too
        await type_text(pilot, " c i w p")
        await pilot.press("escape")
        view = saved(demo).challenges["technical-blockages"]
        assert view.note.endswith("consent form. c i w p")
        assert (view.in_play, view.response) == (True, "work-around")

        # a note is saved after a pause, without leaving it
        await pilot.press("down", "n")
        await type_text(pilot, " Typed.")  # and nothing else: saved after a pause
        assert await wait_until(
            pilot, lambda: saved(demo).challenges["stretched-capacity"].note.endswith("Typed.")
        )
        await pilot.press("escape")

        # in play, a response, a note: each saved at once
        assert not saved(demo).challenges["shifting-landscapes"].in_play
        await pilot.press("down", "down", "down")  # shifting landscapes
        await pilot.press("space", "i")
        view = saved(demo).challenges["shifting-landscapes"]
        assert view.in_play and view.response == "influence"
        await pilot.press("n")
        await type_text(pilot, " Act now.")
        await pilot.press("escape")  # escape saves the note at once
        assert saved(demo).challenges["shifting-landscapes"].note.endswith("re-procured. Act now.")
        await pilot.press("i")  # the same response again clears it
        assert saved(demo).challenges["shifting-landscapes"].response == ""
        await pilot.press("w", "space")
        view = saved(demo).challenges["shifting-landscapes"]
        assert (view.in_play, view.response) == (False, "work-around")
        await pilot.press("escape")
        assert app.screen is not app.panel


async def test_partnership_file_is_created_on_first_change(tmp_path, demo_dir):
    shutil.copy(demo_dir / "amina-okafor.toml", tmp_path)  # a folder of no sessions asks first
    app = PanelHost(ChallengesScreen, tmp_path)
    async with run_test(app, size=(80, 24)) as pilot:
        await settle(pilot)
        assert not (tmp_path / FILE_NAME).exists()
        await pilot.press("down", "down", "space", "c")
        view = saved(tmp_path).challenges["cultural-barriers"]
        assert (view.in_play, view.response) == (True, "change")


# ---------------------------------------------------------------- agreed scores


async def test_agreed_scores_spectrum_and_round_are_saved(demo):
    app = PanelHost(AgreedScreen, demo)
    async with run_test(app, size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.panel.query_one(DataTable)
        row = table.get_row_at(2)  # joint governance: n, skipped, unscored, mean, agreed
        # n and mean are padded to the right of their columns (issue 12: headings line up)
        assert [str(cell).strip() for cell in row[:7]] == [
            "Joint governance",
            "10",
            "0",
            "0",
            "2.8",
            "3",
            "1-5",
        ]
        assert str(row[7]) == "polarised"
        # n, skipped and not scored add up to the participants (issue 19)
        locality = [str(cell).strip() for cell in table.get_row_at(6)[:4]]
        assert locality == ["Locality", "8", "1", "1"]
        await pilot.press("down", "down", "4")
        assert saved(demo).agreed["joint-governance"] == 4
        await pilot.press("up", "up", "5", "0")  # leadership: 5, then cleared
        assert "leadership" not in saved(demo).agreed
        await pilot.press("m")  # coordinated -> unified
        assert saved(demo).spectrum == "unified"
        await pilot.press("m", "m")  # -> none -> coalition
        assert saved(demo).spectrum == "coalition"
        await pilot.press("r", "tab", "ctrl+u")
        await type_text(pilot, "Spring 2027")
        await pilot.press("enter")
        assert saved(demo).round == "Spring 2027"
        await pilot.press("n")
        await type_text(pilot, " Unified soon.")
        await pilot.press("escape")
        assert saved(demo).spectrum_note.endswith("not unified. Unified soon.")


# ---------------------------------------------------------------- action plan


async def test_action_form_refuses_bad_input_then_actions_add_edit_status_move_delete(demo):
    app = PanelHost(ActionsScreen, demo)
    async with run_test(app, size=(80, 24)) as pilot:
        await settle(pilot)
        # the form refuses an empty "what" and a bad date, and cancelling writes nothing
        before = (demo / FILE_NAME).read_bytes()
        await pilot.press("a", "enter")
        assert "Say what will be done" in str(app.screen.query_one("#form-error", Static).render())
        await type_text(pilot, "Something")
        await pilot.press("tab", "tab", "tab")
        await type_text(pilot, "next March")
        await pilot.press("enter")
        assert "is not a date like 2027-03-31" in str(
            app.screen.query_one("#form-error", Static).render()
        )
        await pilot.press("escape")
        assert (demo / FILE_NAME).read_bytes() == before
        assert app.screen is app.panel

        # add, edit, status, move, delete
        before_count = len(saved(demo).actions)
        await pilot.press("a")
        await type_text(pilot, "Run a locality workshop")
        await pilot.press("tab", *["down"] * 7, "tab")  # the enablers are a list (issue 12)
        await type_text(pilot, "Locality lead")
        await pilot.press("tab")
        await type_text(pilot, "2027-05-01")
        await pilot.press("enter")
        actions = saved(demo).actions
        assert len(actions) == before_count + 1
        new = actions[-1]
        assert (new.what, new.enabler, new.owner, new.due, new.status) == (
            "Run a locality workshop",
            "locality",
            "Locality lead",
            dt.date(2027, 5, 1),
            "not started",
        )
        await pilot.press("s", "s")
        assert saved(demo).actions[-1].status == "done"
        await pilot.press("e", "end")
        await type_text(pilot, " in May")
        await pilot.press("ctrl+s")
        assert saved(demo).actions[-1].what == "Run a locality workshop in May"
        await pilot.press("K")
        assert saved(demo).actions[-2].what == "Run a locality workshop in May"
        await pilot.press("d", "n")
        assert len(saved(demo).actions) == before_count + 1
        await pilot.press("d", "y")
        assert "Run a locality workshop in May" not in [a.what for a in saved(demo).actions]
        assert len(saved(demo).actions) == before_count


# ---------------------------------------------------------------- case studies


async def test_case_studies_suggested_and_filtered(demo):
    app = PanelHost(CaseStudiesScreen, demo)
    async with run_test(app, size=(80, 24)) as pilot:
        await settle(pilot)
        options = app.panel.query_one(OptionList)
        assert options.option_count == 12
        await pilot.press("s")
        await pilot.pause()
        shown = [options.get_option_at_index(n).id for n in range(options.option_count)]
        # flagged in the demo: information sharing and improvement cycle (low), joint governance
        # and single service (polarised); every box related to one of them
        assert shown == ["A", "B", "C", "D", "E", "F", "G", "H", "L"]
        text = str(app.panel.query_one("#case-text", Static).render())
        assert "Suggested for: Single service (polarised)" in text
        await pilot.press("f", "enter", *["down"] * 11, "enter")  # enabler: families & community
        await pilot.pause()
        shown = [options.get_option_at_index(n).id for n in range(options.option_count)]
        assert shown == ["I", "L"]
        await pilot.press("a")
        await pilot.pause()
        assert options.option_count == 12


# ---------------------------------------------------------------- bad files


@pytest.mark.parametrize(
    "screen_class, keys",
    [
        (ChallengesScreen, ("space", "c", "n", "x")),
        (AgreedScreen, ("3", "m", "n", "x")),
        (ActionsScreen, ("a", "s", "d", "y")),
    ],
)
async def test_broken_partnership_file_is_read_only_and_untouched(tmp_path, screen_class, keys):
    shutil.copy(BROKEN / "agreed-six.toml", tmp_path / FILE_NAME)
    before = (tmp_path / FILE_NAME).read_bytes()
    app = PanelHost(screen_class, tmp_path)
    async with run_test(app, size=(80, 24)) as pilot:
        await settle(pilot)
        status = str(app.panel.query_one("#partnership-status", Static).render())
        assert (
            status.startswith("Read-only: ")
            and "agreed.leadership: 6 is not a whole number" in status
        )
        await pilot.press(*keys)
        await pilot.pause()
    assert (tmp_path / FILE_NAME).read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [FILE_NAME]


async def test_change_by_someone_else_is_not_overwritten(demo):
    app = PanelHost(ChallengesScreen, demo)
    async with run_test(app, size=(80, 24)) as pilot:
        await settle(pilot)
        theirs = (
            (demo / FILE_NAME).read_bytes().replace(b'round = "Autumn 2026"', b'round = "Theirs"')
        )
        (demo / FILE_NAME).write_bytes(theirs)
        await pilot.press("down", "down", "down", "down", "space")
        await pilot.pause()
        assert (demo / FILE_NAME).read_bytes() == theirs
        copies = list(demo.glob("partnership.conflict-*.toml"))
        assert (
            len(copies) == 1
            and load_partnership(copies[0], FW).challenges["shifting-landscapes"].in_play
        )
        # the panel now shows what is on disk, and the next change saves on top of it
        assert app.panel.partnership.round == "Theirs"
        await pilot.press("c")
        assert saved(demo).round == "Theirs"
        assert saved(demo).challenges["shifting-landscapes"].response == "change"


# ---------------------------------------------------------------- snapshots (80x24)


async def _ready(pilot) -> None:
    await settle(pilot)


def test_snapshot_challenges(snap_compare, demo):
    assert snap_compare(PanelHost(ChallengesScreen, demo), press=["down"], run_before=_ready)


def test_snapshot_case_studies_suggested(snap_compare, demo):
    assert snap_compare(PanelHost(CaseStudiesScreen, demo), press=["s", "down"], run_before=_ready)


def test_snapshot_agreed(snap_compare, demo):
    assert snap_compare(PanelHost(AgreedScreen, demo), press=["down", "down"], run_before=_ready)


def test_snapshot_actions(snap_compare, demo):
    assert snap_compare(PanelHost(ActionsScreen, demo), press=["down"], run_before=_ready)


async def _form_open(pilot) -> None:
    """The form opened and settled (a loaded machine may not have laid it out on the next frame)."""
    await _ready(pilot)
    await pilot.press("e")
    await settle(pilot)
    await pilot.pause(0.1)


def test_snapshot_action_form(snap_compare, demo):
    assert snap_compare(PanelHost(ActionsScreen, demo), run_before=_form_open)


async def test_failed_save_keeps_the_change_on_screen_and_saves_it_later(demo, monkeypatch):
    import os

    before = (demo / FILE_NAME).read_bytes()
    real_fsync = os.fsync

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    app = PanelHost(AgreedScreen, demo)
    async with run_test(app, size=(80, 24)) as pilot:
        await settle(pilot)
        monkeypatch.setattr(os, "fsync", full_disk)
        await pilot.press("5")  # leadership: 5, but the disk is full
        await pilot.pause()
        assert (demo / FILE_NAME).read_bytes() == before
        status = str(app.panel.query_one("#partnership-status", Static).render())
        assert status.startswith("NOT SAVED: ") and "the disk is full" in status
        assert app.panel.partnership.agreed["leadership"] == 5  # still on screen
        await pilot.press("escape")  # warned, not closed
        assert app.screen is app.panel
        monkeypatch.setattr(os, "fsync", real_fsync)
        await pilot.press("down", "4")  # the next change saves both
        assert saved(demo).agreed["leadership"] == 5
        assert saved(demo).agreed["common-agenda"] == 4
        assert not [p for p in demo.iterdir() if p.name.endswith(".bb-tmp")]


async def test_hostile_text_is_shown_as_written_never_as_markup(tmp_path):
    shutil.copy(REPO_DATA / "good" / "full.toml", tmp_path / FILE_NAME)
    app = PanelHost(ChallengesScreen, tmp_path)
    async with run_test(app, size=(80, 24)) as pilot:
        await settle(pilot)
        warned = [n for n in notices(app) if "unknown key 'facilitator' kept as it is" in n.message]
        assert warned and not any(n.markup for n in warned)
        await pilot.press("down", "down")  # cultural barriers
        note = app.panel.query_one("#challenge-note").text
        assert note == 'Language: "school readiness" means [b]different[/b] things.'
    # an error line carrying a closing tag would crash a markup parser
    (tmp_path / FILE_NAME).write_text(
        'format = "bb-partnership"\nformat_version = 1\nframework = "beyond-boundaries-london-2022"\n'
        '[agreed]\n"[/b]" = 3\n',
        encoding="utf-8",
    )
    app = PanelHost(AgreedScreen, tmp_path)
    async with run_test(app, size=(80, 24)) as pilot:
        await settle(pilot)
        status = str(app.panel.query_one("#partnership-status", Static).render())
        assert "agreed.[/b]: unknown enabler id" in status
        await pilot.press("3")
        await pilot.pause()
        shown = [n for n in notices(app) if "agreed.[/b]: unknown enabler id" in n.message]
        assert shown and not any(n.markup for n in shown)
