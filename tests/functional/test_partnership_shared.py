"""In the app, every partnership panel of a folder shares one open document, held by the app."""

from __future__ import annotations

import shutil
from pathlib import Path

from bb_tui.core.framework import load_framework
from bb_tui.core.partnership import FILE_NAME, load_partnership
from bb_tui.tui.app import BBApp
from bb_tui.tui.screens.group.agreed import AgreedScreen
from bb_tui.tui.screens.group.challenges import ChallengesScreen
from tests.support.piloting import run_test

REPO = Path(__file__).resolve().parents[2]


async def test_panels_share_the_apps_document_and_the_last_one_out_closes_it(tmp_path):
    folder = tmp_path / "demo"
    shutil.copytree(REPO / "sessions" / "demo", folder)
    app = BBApp(load_framework(), folder, cursor_blink=False, theme="textual-dark")
    async with run_test(app, size=(80, 24)) as pilot:
        await pilot.press("f7")
        await pilot.pause()
        agreed = app.screen
        assert isinstance(agreed, AgreedScreen)
        await pilot.press("n", *" Shared.")  # typed, not yet written
        await pilot.press("f8")
        await pilot.pause()
        challenges = app.screen
        assert isinstance(challenges, ChallengesScreen)
        assert challenges.document is agreed.document
        assert app.partnerships.documents() == [agreed.document]
        assert challenges.partnership.spectrum_note.endswith("Shared.")
        assert agreed.document in app.guard.documents  # flushed on SIGHUP/SIGTERM
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert app.partnerships.documents() == [] and agreed.document.closed
        assert agreed.document not in app.guard.documents
    saved = load_partnership(folder / FILE_NAME, agreed.framework)
    assert saved.spectrum_note.endswith("Shared.")
