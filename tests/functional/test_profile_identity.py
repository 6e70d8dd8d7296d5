"""Issue 11: a group picture the partnership can trust.

1. A returning participant who starts again is offered their session; a second file for the same
   person is made only when chosen, and the sessions list says which of two files merge counts.
2. Arrow keys choose the level; the overview shows the profile, and `p` edits it.
"""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

from bb_tui.core.collection import collect
from bb_tui.core.listing import list_sessions, same_person
from bb_tui.tui.screens.participant.overview import OverviewScreen
from bb_tui.tui.screens.participant.start import StartScreen
from tests.support.demo import DATA
from tests.support.piloting import (
    click_shown,
    notifications,
    run_test,
    screen_text,
    type_text,
    wait_until,
)

HELEN = "Helen Marchbank"
HELEN_ORG = "Riverside Council – Children's Services"


async def _new_session(pilot, name: str, organisation: str) -> None:
    await pilot.press("n")
    await type_text(pilot, name)
    await pilot.press("tab")
    await type_text(pilot, organisation)


def shown(app, selector: str) -> str:
    """The plain text of a Static on the current screen (not cut into lines)."""
    return str(app.screen.query_one(selector).render())


def _toml(path: Path) -> dict:
    return tomllib.loads(path.read_text("utf-8"))


# ---------------------------------------------------------------- 1. identity


async def test_starting_again_offers_the_existing_session(demo_dir, make_app):
    app = make_app(Path("demo"))
    async with run_test(app, size=(120, 30)) as pilot:
        # the same person as merge compares them: case and spacing differ
        await _new_session(pilot, "helen  MARCHBANK", HELEN_ORG.lower())
        assert "already has a session here: helen-marchbank.toml (12/12 enablers)" in shown(
            app, "#file-name"
        )
        await pilot.press("ctrl+s")
        assert type(app.screen).__name__ == "NewSessionScreen"  # not created
        assert sorted(p.name for p in demo_dir.glob("helen*")) == ["helen-marchbank.toml"]
        assert "updated most recently" in shown(app, "#error")  # what merge does with two
        await pilot.press("ctrl+s")  # still not: explicit only
        assert not (demo_dir / "helen-marchbank-2.toml").exists()
        await pilot.press("enter")  # "Open it" has the focus
        assert await wait_until(pilot, lambda: isinstance(app.screen, OverviewScreen))
        assert app.current.path == Path("demo") / "helen-marchbank.toml"
        await pilot.press("ctrl+q")


async def test_a_second_file_for_one_person_is_an_explicit_choice(demo_dir, make_app):
    app = make_app(Path("demo"))
    async with run_test(app, size=(120, 30)) as pilot:
        await _new_session(pilot, HELEN, HELEN_ORG)
        await pilot.press("ctrl+s")
        await click_shown(pilot, "#second")  # shown by ctrl+s just now
        assert await wait_until(pilot, lambda: isinstance(app.screen, OverviewScreen))
        assert app.current.path == Path("demo") / "helen-marchbank-2.toml"
        assert any(
            "A second file for Helen Marchbank: helen-marchbank-2.toml" in n
            and "updated most recently" in n
            for n in notifications(app)
        )
        await pilot.press("ctrl+q")


async def test_a_name_alone_offers_the_existing_session(demo_dir, make_app):
    """Issue 19: no organisation typed, accents and case differ: still offered, never a silent -2."""
    app = make_app(Path("demo"))
    async with run_test(app, size=(120, 30)) as pilot:
        await _new_session(pilot, "  hélen MARCHBANK ", "")
        assert "already has a session here: helen-marchbank.toml" in shown(app, "#file-name")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "NewSessionScreen"  # not created
        assert sorted(p.name for p in demo_dir.glob("helen*")) == ["helen-marchbank.toml"]
        await pilot.press("enter")  # "Open it" has the focus
        await pilot.pause()
        assert app.current.path == Path("demo") / "helen-marchbank.toml"
        await pilot.press("ctrl+q")


async def test_another_organisation_is_offered_too_and_a_second_file_is_chosen(demo_dir, make_app):
    app = make_app(Path("demo"))
    async with run_test(app, size=(120, 30)) as pilot:
        await _new_session(pilot, HELEN, "Riverside Parents Together (charity)")
        assert "already has a session here" in shown(app, "#file-name")
        await pilot.press("ctrl+s")
        assert "merge counts both, as two people" in shown(app, "#error")
        assert not (demo_dir / "helen-marchbank-2.toml").exists()
        await click_shown(pilot, "#second")
        await pilot.pause()
        assert app.current.path == Path("demo") / "helen-marchbank-2.toml"
        await pilot.press("ctrl+q")


async def test_no_level_or_sector_is_chosen_for_you(demo_dir, make_app):
    """Issue 19: an untouched form records no level (read everywhere as "not given")."""
    app = make_app(Path("demo"))
    async with run_test(app, size=(120, 30)) as pilot:
        await _new_session(pilot, "Ola Untouched", "Test org")
        await pilot.press("ctrl+s")
        await pilot.pause()
        path = app.current.path
        assert "Level not given" in screen_text(app)  # the overview says so
        await pilot.press("ctrl+q")
    person = _toml(demo_dir / path.name)["participant"]
    assert "level" not in person and "sector" not in person


def _same_person_folder(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "team"
    shutil.copytree(DATA / "same-person", folder)
    monkeypatch.chdir(tmp_path)
    return folder


def test_the_list_and_merge_agree_on_which_file_counts(tmp_path, monkeypatch, framework):
    folder = _same_person_folder(tmp_path, monkeypatch)
    same = same_person(list_sessions(folder, framework).sessions)
    counted = {p.path for p in collect([folder], framework).participants}
    assert set(same) == {folder / "zoe-fairbairn.toml", folder / "zoe-fairbairn-2.toml"}
    assert {str(s.counted) for s in same.values()} == {str(folder / "zoe-fairbairn-2.toml")}
    assert str(folder / "zoe-fairbairn-2.toml") in counted
    assert str(folder / "zoe-fairbairn.toml") not in counted
    assert "updated more recently" in same[folder / "zoe-fairbairn.toml"].reason


async def test_the_sessions_list_marks_both_files_of_one_person(tmp_path, monkeypatch, make_app):
    _same_person_folder(tmp_path, monkeypatch)
    app = make_app(Path("team"))
    async with run_test(app, size=(120, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        lines = screen_text(app).splitlines()
        row = next(n for n, line in enumerate(lines) if "ZOE Fairbairn" in line)
        assert "2 files for this person: merge counts this one" in lines[row + 1]
        row = next(n for n, line in enumerate(lines) if "Zoe Fairbairn " in line)
        assert "merge counts zoe-fairbairn-2.toml, not this one" in lines[row + 1]
        assert "1 person with 2+ files" in screen_text(app)
        assert (
            "Olu Bankole" in screen_text(app)
            and "↳"
            not in lines[next(n for n, line in enumerate(lines) if "Olu Bankole" in line) + 1]
        )


# ---------------------------------------------------------------- 2. profile


async def test_arrow_keys_choose_the_level(demo_dir, make_app):
    app = make_app(Path("demo"))
    async with run_test(app, size=(120, 30)) as pilot:
        await _new_session(pilot, "Ola Test", "Test org")
        await pilot.press("tab", "right", "right")  # to the level (none chosen): Operational
        await pilot.press("tab", "down", "down")  # the sector: two down from not stated...
        await pilot.press("ctrl+s")
        await pilot.pause()
        path = app.current.path
        await pilot.press("ctrl+q")
    person = _toml(demo_dir / path.name)["participant"]
    assert person["level"] == "operational"
    assert person["sector"] == "health"  # ...wraps to the first, then the second


async def test_the_overview_shows_the_profile(demo_dir, make_app):
    app = make_app(Path("demo"), Path("demo") / "joanne-hallett.toml")
    async with run_test(app, size=(120, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Joanne Hallett  6/12 enablers" in text  # the bar
        assert (
            "Little Acorns Nursery (PVI sector) · Early education, childcare and schools · "
            "Operational"
        ) in text
        await pilot.press("question_mark")
        assert "Change your name, organisation, sector or level" in screen_text(app)


async def test_the_profile_dialog_edits_and_saves(demo_dir, make_app):
    app = make_app(Path("demo"), Path("demo") / "joanne-hallett.toml")
    async with run_test(app, size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("p")
        assert type(app.screen).__name__ == "ProfileScreen"
        await pilot.press("tab", "end", *" (Riverside)")  # the organisation
        await pilot.press("tab", "left")  # operational -> strategic
        await pilot.press("tab", "up")  # early education -> health
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        assert (
            "Little Acorns Nursery (PVI sector) (Riverside) · Health service · Strategic"
            in screen_text(app)
        )
        await pilot.press("ctrl+q")
    person = _toml(demo_dir / "joanne-hallett.toml")["participant"]
    assert person["organisation"] == "Little Acorns Nursery (PVI sector) (Riverside)"
    assert (person["level"], person["sector"]) == ("strategic", "health")
    assert person["role"] == "Early Years SENCo and Childcare Sector Lead"  # kept


async def test_renaming_to_someone_with_a_session_asks_first(demo_dir, make_app):
    app = make_app(Path("demo"), Path("demo") / "joanne-hallett.toml")
    async with run_test(app, size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("p", "ctrl+a", "ctrl+k")
        await type_text(pilot, HELEN)
        await pilot.press("tab", "ctrl+a", "ctrl+k")
        await type_text(pilot, HELEN_ORG)
        await pilot.press("ctrl+s")
        assert type(app.screen).__name__ == "ProfileScreen"  # not saved
        assert "already has a session here: helen-marchbank.toml" in shown(app, "#error")
        await click_shown(pilot, "#anyway")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        await pilot.press("ctrl+q")
    assert _toml(demo_dir / "joanne-hallett.toml")["participant"]["name"] == HELEN
