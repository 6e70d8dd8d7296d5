"""Snapshots of the scoring screens at 80x24 and 120x40, plus NO_COLOR and 16 colours."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support.demo import DATA
from tests.support.piloting import type_text

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}
# Joanne is half way through: scores, an evidence note, enablers not yet scored.
SESSION = Path("demo") / "joanne-hallett.toml"
# Grace has dug deeper (indicator scores) and written reflections.
DUG_DEEPER = Path("demo") / "grace-adeyemi.toml"


async def _settle(pilot) -> None:
    await pilot.pause()
    await pilot.pause()


def _keys(*keys: str):
    async def run_before(pilot) -> None:
        await _settle(pilot)
        await pilot.press(*keys)
        await _settle(pilot)

    return run_before


async def _new_session_filled(pilot) -> None:
    """The new-session form with a name typed (in one burst: one settle, not one a letter)."""
    await _settle(pilot)
    await pilot.press("n")
    await type_text(pilot, "Ola Test")
    await pilot.press("tab", "tab", "right", "tab", "down")
    await _settle(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_start_screen(snap_compare, demo_dir, make_app, size):
    assert snap_compare(make_app(Path("demo")), terminal_size=SIZES[size], run_before=_keys())


@pytest.mark.parametrize("size", SIZES)
def test_start_screen_two_files_for_one_person(snap_compare, tmp_path, monkeypatch, make_app, size):
    shutil.copytree(DATA / "same-person", tmp_path / "team")
    monkeypatch.chdir(tmp_path)
    assert snap_compare(make_app(Path("team")), terminal_size=SIZES[size], run_before=_keys())


@pytest.mark.parametrize("size", SIZES)
def test_new_session_dialog(snap_compare, demo_dir, make_app, size):
    assert snap_compare(
        make_app(Path("demo")),
        terminal_size=SIZES[size],
        run_before=_new_session_filled,
    )


@pytest.mark.parametrize("size", SIZES)
def test_overview_screen(snap_compare, demo_dir, make_app, size):
    assert snap_compare(
        make_app(Path("demo"), SESSION), terminal_size=SIZES[size], run_before=_keys()
    )


@pytest.mark.parametrize("size", SIZES)
def test_enabler_screen(snap_compare, demo_dir, make_app, size):
    # working-practices: scored 4, with evidence
    assert snap_compare(
        make_app(Path("demo"), SESSION), terminal_size=SIZES[size], run_before=_keys("enter", "p")
    )


@pytest.mark.parametrize("size", SIZES)
def test_indicator_screen(snap_compare, demo_dir, make_app, size):
    assert snap_compare(
        make_app(Path("demo"), DUG_DEEPER),
        terminal_size=SIZES[size],
        run_before=_keys("down", "down", "enter", "d", "down"),
    )


@pytest.mark.parametrize("size", SIZES)
def test_reflections_screen(snap_compare, demo_dir, make_app, size):
    assert snap_compare(
        make_app(Path("demo"), DUG_DEEPER), terminal_size=SIZES[size], run_before=_keys("r")
    )


def test_enabler_screen_no_color(snap_compare, demo_dir, make_app, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(
        make_app(Path("demo"), SESSION), terminal_size=(80, 24), run_before=_keys("enter", "p")
    )


def test_enabler_screen_16_colours(snap_compare, demo_dir, make_app):
    assert snap_compare(
        make_app(Path("demo"), SESSION, theme="ansi-dark"),
        terminal_size=(80, 24),
        run_before=_keys("enter", "p"),
    )


def test_help_screen(snap_compare, demo_dir, make_app):
    assert snap_compare(
        make_app(Path("demo"), SESSION),
        terminal_size=(80, 24),
        run_before=_keys("enter", "question_mark"),
    )
