"""Stepping through the discussion pack redraws the evidence cards in place.

Each enabler shows exactly its own evidence (no card left over from the one before, none
missing), while the card widgets are reused rather than removed and mounted again per key.
"""

from __future__ import annotations

from bb_tui.render.shorten import shorten
from bb_tui.tui.screens.group.discussion import CARD_CHARS, CARD_LINES, CARD_WHO, DiscussionScreen
from tests.support.large_sessions import make_large
from tests.support.partnership_host import PanelHost, settle
from tests.support.piloting import run_test


def expected(panel: DiscussionScreen) -> list[str]:
    return [
        shorten(item.text, CARD_LINES, CARD_CHARS)[0] for item in panel.pack().evidence if item.text
    ]


def shown(panel: DiscussionScreen) -> list[str]:
    return [str(card.render()) for card in panel.query(".evidence-card")]


async def test_each_enabler_shows_its_own_cards_drawn_in_the_same_widgets(demo):
    app = PanelHost(DiscussionScreen, demo)
    async with run_test(app, size=(100, 40)) as pilot:
        await settle(pilot)
        panel = app.panel
        seen: set[int] = set()
        counts = []
        for _ in range(2 * len(panel.order)):  # every enabler, twice, and back to the first
            want = expected(panel)
            cards = shown(panel)
            assert len(cards) == len(want), panel.enabler_id
            for card, text in zip(cards, want):
                assert text.splitlines()[0] in card, panel.enabler_id
            seen |= {id(card) for card in panel.query(".evidence-card")}
            counts.append(len(cards))
            await pilot.press("right")
            await pilot.pause()
        assert len(set(counts)) > 1  # the demo varies in how many wrote evidence
        # a card is made only when an enabler needs more than the one before it showed
        made = sum(max(0, now - before) for before, now in zip([0, *counts], counts))
        assert len(seen) <= made < sum(counts)


async def test_a_card_names_its_writer_in_a_line_however_long_the_organisation(demo, framework):
    """The largest accepted file's organisation is ~6,400 CJK characters: each card showed it
    whole above the evidence, and every step through the pack wrapped it again (half the CPU
    of a step on that file)."""
    make_large(demo, framework, "cjk")
    app = PanelHost(DiscussionScreen, demo)
    async with run_test(app, size=(80, 24)) as pilot:
        await settle(pilot)
        panel = app.panel
        for _ in panel.order:
            heads = [str(card.render()).split("\n", 1)[0] for card in panel.query(".evidence-card")]
            assert heads and all(len(head) <= CARD_WHO + 20 for head in heads), panel.enabler_id
            assert any(head.endswith("…") for head in heads), heads  # Joanne's, cut
            await pilot.press("right")
            await settle(pilot)
