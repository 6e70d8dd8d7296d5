"""Screens are made ready before their key: once the sessions list is drawn, every group screen is
imported (in a thread) and its styles parsed, so F4 and F6-F10 parse no styles on their key; a
module that fails to import does not stop the others."""

from __future__ import annotations

import threading

from bb_tui.tui.runtime import ready as ready_module
from bb_tui.tui.runtime.ready import css_files, import_nodes
from bb_tui.tui.screens.group.action_plan import ActionsScreen
from bb_tui.tui.screens.group.agreed import AgreedScreen
from bb_tui.tui.screens.group.background import group_modules
from bb_tui.tui.screens.group.case_studies import CaseStudiesScreen
from bb_tui.tui.screens.group.challenges import ChallengesScreen
from bb_tui.tui.screens.group.discussion import DiscussionScreen
from bb_tui.tui.screens.group.results import ResultsScreen
from bb_tui.tui.screens.participant.start import StartScreen
from tests.support.partnership_host import settle
from tests.support.piloting import ready_and_count_style_parses


async def test_the_sessions_list_readies_the_group_screens_so_their_keys_parse_no_styles(
    demo_dir, make_app, monkeypatch
):
    imported_on: list[str] = []
    real_import = ready_module.importlib.import_module

    def recording_import(name):
        imported_on.append(threading.current_thread().name)
        return real_import(name)

    monkeypatch.setattr(ready_module.importlib, "import_module", recording_import)
    app = make_app(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert imported_on and threading.main_thread().name not in imported_on
        sheet = app.stylesheet
        for screen in (ResultsScreen, AgreedScreen):
            assert css_files(screen) and all(
                sheet.has_source(str(path), "") for path in css_files(screen)
            )
        parsed = await ready_and_count_style_parses(pilot, monkeypatch)
        for key, screen in (
            ("f4", ResultsScreen),
            ("f6", DiscussionScreen),
            ("f7", AgreedScreen),
            ("f8", ChallengesScreen),
            ("f9", CaseStudiesScreen),
            ("f10", ActionsScreen),
        ):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, screen)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, StartScreen)
        assert parsed == []  # every style these screens use was parsed before their keys


def test_group_modules_name_every_group_screen_without_importing_them():
    names = group_modules()
    assert "bb_tui.tui.screens.group.results.screen" in names
    assert "bb_tui.tui.screens.group.action_plan" in names
    assert all(name.startswith("bb_tui.tui.screens.group.") for name in names)


def test_a_module_that_fails_to_import_does_not_stop_the_others(monkeypatch):
    imported: list[str] = []
    real_import = ready_module.importlib.import_module

    def import_module(name):
        if name.endswith("broken"):
            raise ImportError(name)
        imported.append(name)
        return real_import(name)

    monkeypatch.setattr(ready_module.importlib, "import_module", import_module)
    nodes = import_nodes(("a.broken", "bb_tui.tui.screens.group.agreed"))
    assert imported == ["bb_tui.tui.screens.group.agreed"]
    assert AgreedScreen in nodes


async def test_the_app_readies_its_dialogs_so_help_and_profile_parse_no_styles(
    demo_dir, make_app, monkeypatch
):
    from bb_tui.tui.dialogs.help import HelpScreen
    from bb_tui.tui.dialogs.profile import ProfileScreen

    app = make_app(demo_dir, demo_dir / "joanne-hallett.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        parsed = await ready_and_count_style_parses(pilot, monkeypatch)
        for key, dialog in (("question_mark", HelpScreen), ("p", ProfileScreen)):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, dialog)
            await pilot.press("escape")
            await pilot.pause()
        assert parsed == []


def test_package_modules_finds_every_dialog():
    from bb_tui.tui.runtime.ready import package_modules

    names = package_modules("bb_tui.tui.dialogs")
    assert "bb_tui.tui.dialogs.help" in names and "bb_tui.tui.dialogs.profile" in names
    assert len(names) >= 10
    assert all(name.startswith("bb_tui.tui.dialogs.") for name in names)
