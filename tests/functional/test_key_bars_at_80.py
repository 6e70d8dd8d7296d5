"""At 80 columns every key bar keeps its way back ("esc Back", "esc Cancel"...) and every
screen's ends with "? Help" (issue 20: on Group results "s Save" pushed "esc Back" off; the
progress board had Textual's Footer, which scrolls its keys off instead)."""

from __future__ import annotations

from textual.screen import ModalScreen

from bb_tui.tui.widgets.keybar import KeyBar
from tests.support.piloting import run_test
from tests.support.results import settle

# From the sessions list: Group results and its views, the progress board, a session's screens.
# One app walks them all: each step's keys lead on from the last, and the keys that come back
# (escape) lead to the screen named, so each bar is seen in the same state a fresh walk from the
# sessions list gives it.
TOUR = [
    (("f4",), None),
    (("p",), None),  # the progress board, from Group results
    (("escape",), "ResultsScreen"),
    (("3",), None),
    (("t",), None),
    (("escape",), "StartScreen"),
    (("f5",), None),  # Refresh: still the sessions list
    (("n",), None),
    (("escape",), "StartScreen"),
    (("enter",), None),
    (("enter",), None),
    (("d",), None),
]


def escape_shown(screen) -> str | None:
    """The description of the escape key the screen shows in its bar, if it has one."""
    for key, (_node, binding, enabled, _tip) in screen.active_bindings.items():
        if key == "escape" and binding.show and enabled:
            return binding.description
    return None


async def test_the_bar_keeps_escape_and_ends_with_help(demo_dir, make_app):
    app = make_app(demo_dir)
    async with run_test(app, size=(80, 24)) as pilot:
        await settle(pilot)
        walked: list[str] = []
        for keys, back_on in TOUR:
            for key in keys:
                await pilot.press(key)
                await settle(pilot)
            walked.extend(keys)
            name = type(app.screen).__name__
            where = (" ".join(walked), name)
            if back_on is not None:  # a way back, not a screen to check
                assert name == back_on, where
                continue
            bar = app.screen.query(KeyBar).last()
            line = bar.render().plain.rstrip().removesuffix("^p palette").rstrip()  # apart
            if not isinstance(app.screen, ModalScreen):  # a dialog's bar has its own keys only
                assert line.endswith("? Help"), (*where, line)
            back = escape_shown(app.screen)
            if back is not None:
                assert f"esc {back}" in line, (*where, line)
