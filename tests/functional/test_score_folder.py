"""Issue 11, case 7: `bb-tui score FILE` works in the file's folder; a screen that merges nothing
says why; no panel creates a partnership file in a folder of no sessions without asking."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bb_tui.cli import main as cli_main
from bb_tui.core.partnership import FILE_NAME
from bb_tui.tui.app import BBApp
from bb_tui.tui.screens.group.agreed import AgreedScreen
from tests.support.partnership_host import PanelHost
from tests.support.partnership_host import settle as panel_settle
from tests.support.piloting import run_test, screen_text
from tests.support.results import open_results, settle


def chosen_folder(monkeypatch, argv: list[str]) -> Path:
    seen = {}
    monkeypatch.setattr("bb_tui.plain.settings.wants_plain", lambda *args: False)  # pytest's output
    monkeypatch.setattr(
        "bb_tui.tui.app.run_app", lambda fw, args: seen.setdefault("s", args.sessions) and 0
    )
    cli_main.main(argv)
    return Path(seen["s"])


def test_score_file_uses_the_files_folder(tmp_path, monkeypatch, demo_dir):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BB_TUI_SESSIONS", raising=False)
    file = demo_dir / "amina-okafor.toml"
    assert chosen_folder(monkeypatch, ["score", str(file)]) == demo_dir
    given = ["--sessions", "elsewhere", "score", str(file)]
    assert chosen_folder(monkeypatch, given) == Path("elsewhere")
    assert chosen_folder(monkeypatch, []) == Path("sessions")
    monkeypatch.setenv("BB_TUI_SESSIONS", str(tmp_path / "env"))
    assert chosen_folder(monkeypatch, []) == tmp_path / "env"


def folder_of(tmp_path: Path, kind: str, demo_dir: Path) -> Path:
    folder = tmp_path / "sessions"
    if kind == "missing":
        return folder
    folder.mkdir()
    if kind == "partnership":
        shutil.copy(demo_dir / FILE_NAME, folder / FILE_NAME)
    if kind == "rejected":
        (folder / "broken.toml").write_text("this is = = not toml\n")
        (folder / "empty.toml").write_text("")
    return folder


@pytest.mark.parametrize(
    "kind, words",
    [
        ("missing", "No session could be merged: no such folder"),
        ("empty", "No session could be merged: no .toml files in"),
        ("partnership", "No session could be merged: only the partnership file, no session files"),
        ("rejected", "No session could be merged: every file was rejected (2)"),
    ],
)
async def test_results_say_why_nothing_was_merged(tmp_path, framework, demo_dir, kind, words):
    folder = folder_of(tmp_path, kind, demo_dir)
    app = BBApp(framework, folder, cursor_blink=False, ascii=True)
    async with run_test(app, size=(100, 30)) as pilot:
        screen = await open_results(pilot)
        text = " ".join(screen_text(app).split())
        assert words in text, text
        assert "see Files (6) for why" not in text
        await pilot.press("6")
        await settle(pilot)
        shown = " ".join(str(screen.query_one("#results-files-text").render()).split())
        assert words in shown, shown
        if kind == "rejected":
            assert "broken.toml:" in shown and "empty.toml:" in shown


async def test_no_partnership_file_in_a_folder_of_no_sessions_without_asking(tmp_path):
    folder = tmp_path / "nobody-chose-this"
    folder.mkdir()
    app = PanelHost(AgreedScreen, folder)
    async with run_test(app, size=(100, 30)) as pilot:
        await panel_settle(pilot)
        await pilot.press("3")
        await panel_settle(pilot)
        assert type(app.screen).__name__ == "CreatePartnershipScreen"
        assert not (folder / FILE_NAME).exists()
        await pilot.press("n")
        await panel_settle(pilot)
        assert not (folder / FILE_NAME).exists()
        await pilot.press("3")
        await panel_settle(pilot)
        await pilot.press("y")
        await panel_settle(pilot)
        assert not (folder / FILE_NAME).exists()  # agreeing changes nothing yet
        await pilot.press("3")
        await panel_settle(pilot)
        assert (folder / FILE_NAME).exists()


async def test_a_folder_with_sessions_is_not_asked(tmp_path, demo_dir):
    folder = tmp_path / "sessions"
    folder.mkdir()
    shutil.copy(demo_dir / "amina-okafor.toml", folder)
    app = PanelHost(AgreedScreen, folder)
    async with run_test(app, size=(100, 30)) as pilot:
        await panel_settle(pilot)
        await pilot.press("3")
        await panel_settle(pilot)
        assert type(app.screen).__name__ != "CreatePartnershipScreen"
        assert (folder / FILE_NAME).exists()
