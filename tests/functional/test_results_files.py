"""The Files view (key 6) at 80 columns: every file's reason stays readable, however long the folder."""

from __future__ import annotations

from pathlib import Path

import tomli_w

from bb_tui.core.collection import collect
from bb_tui.tui.app import BBApp
from tests.support.piloting import run_test, screen_text
from tests.support.results import open_results, settle

LONG_NAME = "a-session-file-with-a-rather-long-name.toml"


def long_folder(base: Path, length: int) -> Path:
    """A folder under `base` whose full path is exactly `length` characters long."""
    room = length - len(str(base)) - 1
    assert room > 10, f"temp folder too long for the test: {base}"
    folder = base / ("f" * room)
    folder.mkdir()
    assert len(str(folder)) == length
    return folder


async def test_a_120_character_folder_keeps_every_reason_and_name_readable(
    tmp_path, framework, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    folder = long_folder(tmp_path, 120)
    (folder / "bad.toml").write_text("just words", "utf-8")
    (folder / LONG_NAME).write_text("format = [", "utf-8")
    (folder / "zoe-quinn-library-service-autumn.toml").write_text(
        tomli_w.dumps(
            {
                "format": "bb-session",
                "format_version": 1,
                "framework": "beyond-boundaries-london-2022",
                "participant": {"name": "Zoë Quinn", "organisation": "Library service"},
                "scores": {"leadership": 2},
            }
        ),
        "utf-8",
    )
    errors = {Path(r.file).name: r.error for r in collect([folder], framework).rejected}
    app = BBApp(framework, folder, cursor_blink=False, ascii=True)
    async with run_test(app, size=(80, 24)) as pilot:
        await open_results(pilot)
        await pilot.press("6")
        await settle(pilot)
        screen = screen_text(app)
        text = " ".join(screen.split())
        for name, error in errors.items():  # each whole reason, beside the file's whole name
            assert f"{name}: {error}" in text, name
        assert "zoe-quinn-library-service-autumn.toml" in text and "Zoë Quinn" in text
        assert "1 merged, 2 rejected" in text
        assert all(len(line.rstrip()) <= 80 for line in screen.splitlines())
