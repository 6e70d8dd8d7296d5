"""A whole session scored by keys alone, then the saved TOML read back and compared."""

from __future__ import annotations

import tomllib
from pathlib import Path

from bb_tui.tui.screens.participant.dig_deeper import IndicatorScreen
from bb_tui.tui.screens.participant.enabler import EnablerScreen
from bb_tui.tui.screens.participant.overview import OverviewScreen
from bb_tui.tui.screens.participant.start import StartScreen
from tests.support.piloting import run_test, type_text, wait_until

NAME = "Zoë [Test] O'Brien \\ [/b]"
ORGANISATION = "Riverside [@click=app.quit]x Health"

# enabler id -> key pressed on the enabler screen ("s"/"0" skip)
ENABLER_KEYS = {
    "leadership": "4",
    "common-agenda": "2",
    "joint-governance": "s",
    "communicating-why": "5",
    "mutual-understanding": "1",
    "working-practices": "3",
    "locality": "0",
    "single-service": "4",
    "information-sharing": "2",
    "delivery-partners": "5",
    "families-community": "3",
    "continuous-improvement": "1",
}
# dig deeper on two enablers: keys pressed in turn (each moves to the next indicator)
INDICATOR_KEYS = {
    "leadership": ["5", "4", "s", "3", "2", "1"],
    "information-sharing": ["2", "0", "3"],
}
EVIDENCE = {
    "leadership": "Weekly [b]joint[/b] huddle; see minutes \\\\share\\ey",
    "delivery-partners": "[TODO] ask the PVI forum",
}
REFLECTIONS = {
    "purpose-priorities": "Shared outcomes [/",
    "people-place": "Co-location in the north",
    "partnership-process": "Data sharing: DPIA [@click=app.quit]x",
}


async def test_score_a_whole_session_by_keys_and_read_it_back(demo_dir, make_app, framework):
    app = make_app(Path("demo"))
    async with run_test(app, size=(80, 24)) as pilot:
        assert isinstance(app.screen, StartScreen)
        # A new session: name, organisation, level (operational), created with ctrl+s.
        await pilot.press("n")
        await type_text(pilot, NAME)
        await pilot.press("tab")
        await type_text(pilot, ORGANISATION)
        await pilot.press("tab", "left", "enter", "ctrl+s")  # from "Not given" to Operational
        assert await wait_until(pilot, lambda: isinstance(app.screen, OverviewScreen))
        path = app.current.path
        assert path == Path("demo") / "zoe-test-o-brien-b.toml"

        await pilot.press("enter")
        for enabler in framework.enablers:
            assert isinstance(app.screen, EnablerScreen)
            assert app.screen.enabler.id == enabler.id
            await pilot.press(ENABLER_KEYS[enabler.id])
            if enabler.id in INDICATOR_KEYS:
                await pilot.press("d")
                assert isinstance(app.screen, IndicatorScreen)
                await pilot.press(*INDICATOR_KEYS[enabler.id])
                await pilot.press("escape")
            if enabler.id in EVIDENCE:
                await pilot.press("e")
                await type_text(pilot, EVIDENCE[enabler.id])
                await pilot.press("escape")
            await pilot.press("n")
        await pilot.press("escape")
        assert isinstance(app.screen, OverviewScreen)
        await pilot.press("r")
        for n, theme in enumerate(framework.themes):
            if n:
                await pilot.press("tab")
            await type_text(pilot, REFLECTIONS[theme.id])
        await pilot.press("escape", "ctrl+q")
        await pilot.pause()

    saved = tomllib.loads((demo_dir / path.name).read_text("utf-8"))
    assert saved["format"] == "bb-session"
    assert saved["framework"] == framework.id
    assert saved["participant"] == {
        "name": NAME,
        "organisation": ORGANISATION,
        "level": "operational",
    }
    assert saved["scores"] == {e: int(k) for e, k in ENABLER_KEYS.items() if k not in "s0"}
    expected_indicators = {}
    expected_skipped = [e for e, k in ENABLER_KEYS.items() if k in "s0"]
    for enabler_id, keys in INDICATOR_KEYS.items():
        for indicator, key in zip(framework.enabler(enabler_id).indicators, keys):
            if key in "s0":
                expected_skipped.append(indicator.id)
            else:
                expected_indicators[indicator.id] = int(key)
    assert saved["indicators"] == expected_indicators
    order = [e.id for e in framework.enablers] + [i.id for i in framework.indicators]
    assert saved["skipped"] == sorted(expected_skipped, key=order.index)
    assert saved["evidence"] == EVIDENCE
    assert saved["reflections"] == REFLECTIONS
