"""Issue 19: the sessions list archives the highlighted session and brings it back."""

from __future__ import annotations

from pathlib import Path

from bb_tui.tui.dialogs.archived import ArchivedScreen
from tests.support.piloting import notifications, run_test, screen_text


async def test_a_archives_and_u_brings_it_back(demo_dir, make_app):
    first = sorted(p.name for p in demo_dir.glob("*.toml") if p.name != "partnership.toml")[0]
    data = (demo_dir / first).read_bytes()
    app = make_app(Path("demo"))
    async with run_test(app, size=(80, 24)) as pilot:
        await pilot.pause()
        assert "a Archive" in screen_text(app)  # in the key bar
        await pilot.press("a")  # the first session is highlighted
        await pilot.pause()
        assert not (demo_dir / first).exists()
        assert (demo_dir / "archive" / first).read_bytes() == data  # moved, not deleted
        assert any("u brings it back" in n for n in notifications(app))
        assert "1 archived (u)" in screen_text(app)  # the folder line says so
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, ArchivedScreen)
        assert first in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, ArchivedScreen)
        assert (demo_dir / first).read_bytes() == data
        assert list((demo_dir / "archive").iterdir()) == []
        await pilot.press("ctrl+q")
