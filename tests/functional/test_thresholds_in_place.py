"""Issue 19: looking never writes; one key saves the thresholds into partnership.toml in place."""

from __future__ import annotations

from pathlib import Path

from bb_tui.core.partnership import load_partnership
from bb_tui.tui.app import BBApp
from tests.support.piloting import run_test, screen_text
from tests.support.results import open_results, settle

# As a facilitator writes it by hand: comments, an unusual key order, spacing, [analysis] mid-file.
HAND_WRITTEN = """\
# Riverside partnership: edit by hand, keep these notes.
framework = "beyond-boundaries-london-2022"   # the framework this round uses
format = "bb-partnership"
format_version = 1
name    = "Riverside"

[analysis]
# agreed at the March meeting
polarised_gap = 3   # the gap we call polarised
low_threshold = 2.5

[agreed]
communicating-why = 3
joint-governance = 2   # revisit in spring
"""


def _folder(demo_dir: Path) -> Path:
    path = demo_dir / "partnership.toml"
    path.write_text(HAND_WRITTEN, "utf-8")
    return path


def _changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    a, b = before.splitlines(), after.splitlines()
    assert len(a) == len(b), after
    return [(x, y) for x, y in zip(a, b) if x != y]


async def plus_then_minus_writes_nothing(pilot, path: Path) -> None:
    screen = await open_results(pilot)
    await pilot.press("plus")
    await settle(pilot)
    assert screen.results.thresholds.low == 2.75  # the view changed
    await pilot.press("minus", "greater_than_sign", "less_than_sign")
    await settle(pilot)
    assert screen.results.thresholds.low == 2.5
    await pilot.press("escape")
    await pilot.pause()
    assert path.read_text("utf-8") == HAND_WRITTEN


async def nudges_alone_are_not_saved(pilot, path: Path) -> None:
    await open_results(pilot)
    await pilot.press("plus", "plus")
    await settle(pilot)
    assert "low <3 · polarised 3+ · n 3+ (not saved: s saves)" in screen_text(pilot.app)
    await pilot.press("escape")
    await pilot.pause()
    assert path.read_text("utf-8") == HAND_WRITTEN


async def the_save_key_edits_only_the_analysis_values(pilot, path: Path) -> None:
    screen = await open_results(pilot)
    assert "s Save" in screen_text(pilot.app)  # in the key bar
    await pilot.press("plus", "plus", "greater_than_sign", "s")
    await settle(pilot)
    assert "low <3 · polarised 4+ · n 3+ (this folder's)" in screen_text(pilot.app)
    assert screen.thresholds.shown == {}
    await pilot.press("s")  # nothing more to save: nothing written
    await settle(pilot)
    await pilot.press("escape")
    await pilot.pause()


async def test_looking_writes_nothing_and_s_edits_only_the_analysis_values(demo_dir, framework):
    """Group results opened three times in one app on the hand-written file: nudging back and
    forth, then nudges alone, leave it byte for byte; the save key then changes only the two
    values (checked after the app has closed, so nothing written on leaving is missed)."""
    path = _folder(demo_dir)
    app = BBApp(framework, Path("demo"), cursor_blink=False, ascii=True)
    async with run_test(app, size=(100, 24)) as pilot:
        await plus_then_minus_writes_nothing(pilot, path)
        await nudges_alone_are_not_saved(pilot, path)
        await the_save_key_edits_only_the_analysis_values(pilot, path)
    after = path.read_text("utf-8")
    assert _changed_lines(HAND_WRITTEN, after) == [
        (
            "polarised_gap = 3   # the gap we call polarised",
            "polarised_gap = 4   # the gap we call polarised",
        ),
        ("low_threshold = 2.5", "low_threshold = 3.0"),
    ]
    saved = load_partnership(path, framework)
    assert saved.analysis == {"low_threshold": 3.0, "polarised_gap": 4}
    assert saved.agreed == {"communicating-why": 3, "joint-governance": 2}
