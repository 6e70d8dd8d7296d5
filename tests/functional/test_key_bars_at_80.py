"""At 80 columns every key bar keeps its way back ("esc Back", "esc Cancel"...) and every
screen's ends with "? Help" (issue 20: on Group results "s Save" pushed "esc Back" off; the
progress board had Textual's Footer, which scrolls its keys off instead)."""

from __future__ import annotations

import pytest
from textual.screen import ModalScreen

from bb_tui.tui.widgets.keybar import KeyBar
from tests.support.results import settle

# From the sessions list: Group results and its views, the progress board, a session's screens.
WALKS = [
    ("f4",),
    ("f4", "3"),
    ("f4", "3", "t"),
    ("f4", "p"),
    ("f5",),
    ("n",),
    ("enter",),
    ("enter", "enter"),
    ("enter", "enter", "d"),
]


def escape_shown(screen) -> str | None:
    """The description of the escape key the screen shows in its bar, if it has one."""
    for key, (_node, binding, enabled, _tip) in screen.active_bindings.items():
        if key == "escape" and binding.show and enabled:
            return binding.description
    return None


@pytest.mark.parametrize("keys", WALKS, ids=" ".join)
async def test_the_bar_keeps_escape_and_ends_with_help(demo_dir, make_app, keys):
    app = make_app(demo_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        bar = app.screen.query(KeyBar).last()
        line = bar.render().plain.rstrip().removesuffix("^p palette").rstrip()  # palette: apart
        if not isinstance(app.screen, ModalScreen):  # a dialog's bar has its own keys only
            assert line.endswith("? Help"), (type(app.screen).__name__, line)
        back = escape_shown(app.screen)
        if back is not None:
            assert f"esc {back}" in line, (type(app.screen).__name__, line)
