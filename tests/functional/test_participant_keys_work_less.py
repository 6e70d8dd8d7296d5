"""The participant screens' keys do no work that can be done before the key or not at all:
the next screens are readied once the overview is drawn (no style re-parse on enter or e), and
the reader of a huge note wraps only its page, once per width, never the whole text.
(Timing is measured in benchmarks/bench_large_files.py, not here.)"""

from __future__ import annotations

import pytest
from textual.document._wrapped_document import WrappedDocument
from textual.widgets import TextArea

from bb_tui.core.session import load_session
from bb_tui.tui.runtime.ready import css_files
from bb_tui.tui.screens.participant.dig_deeper import IndicatorScreen
from bb_tui.tui.screens.participant.enabler import EnablerScreen
from bb_tui.tui.screens.participant.evidence import EvidenceScreen
from bb_tui.tui.screens.participant.reflections import ReflectionsScreen
from bb_tui.tui.widgets.editors import PAGE, LongTextReader, page_starts
from tests.support.large_sessions import LONG_ENABLER, make_large
from tests.support.piloting import ready_and_count_style_parses


async def test_the_overview_readies_the_next_screens_so_their_keys_parse_no_styles(
    demo_dir, make_app, monkeypatch
):
    app = make_app(demo_dir, demo_dir / "joanne-hallett.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        parsed = await ready_and_count_style_parses(pilot, monkeypatch)
        sheet = app.stylesheet
        for screen in (EnablerScreen, EvidenceScreen):
            assert all(sheet.has_source(str(path), "") for path in css_files(screen))
        await pilot.press("enter")
        assert isinstance(app.screen, EnablerScreen)
        await pilot.press("d")
        assert isinstance(app.screen, IndicatorScreen)
        await pilot.press("escape", "e")
        assert isinstance(app.screen, EvidenceScreen)
        assert app.screen.query_one(TextArea).has_focus
        await pilot.press("escape", "escape", "r")
        assert isinstance(app.screen, ReflectionsScreen)
        assert parsed == []  # every style these screens use was parsed before the keys
        await pilot.press("escape")  # the screens still work: back to the overview
        assert type(app.screen).__name__ == "OverviewScreen"


@pytest.mark.parametrize("case", ["long-line", "evidence-one"])
async def test_the_reader_of_a_huge_note_wraps_only_its_page_once_per_width(
    demo_dir, make_app, framework, monkeypatch, case
):
    path = make_large(demo_dir, framework, case)
    text = load_session(path, framework).evidence[LONG_ENABLER]
    wrapped: list[tuple[int, int]] = []  # (width, characters) of every wrap at a real width
    built: list[int] = []  # characters of every document built (split into lines, wrapped)
    original_wrap, original_init = WrappedDocument.wrap, WrappedDocument.__init__

    def wrap(self, width, tab_width=None):
        if width:
            wrapped.append((width, len(self.document.text)))
        return original_wrap(self, width, tab_width)

    def init(self, document, *args, **kwargs):
        built.append(len(document.text))
        return original_init(self, document, *args, **kwargs)

    monkeypatch.setattr(WrappedDocument, "wrap", wrap)
    monkeypatch.setattr(WrappedDocument, "__init__", init)
    app = make_app(path.parent, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.action_enabler(LONG_ENABLER)
        await pilot.pause()
        wrapped.clear()
        built.clear()
        await pilot.press("e")
        await pilot.pause()
        reader = app.screen.query_one(LongTextReader)
        area = reader.query_one(TextArea)
        starts = page_starts(text)
        assert area.text == text[: starts[1]]  # the first page, as before
        widths = [width for width, _ in wrapped]
        assert wrapped and len(set(widths)) == len(widths)  # never twice at one width
        assert all(size <= PAGE for _, size in wrapped)  # one page, never the whole text
        # TextArea builds its document twice (Textual 8.2.8); not a third time from its
        # language watcher, a page being plain text
        assert len(built) <= 2 and all(size <= PAGE for size in built)
        wrapped.clear()
        await pilot.press("right_square_bracket")  # the next page, wrapped at the width it has
        await pilot.pause()
        assert area.text == text[starts[1] : starts[2]]
        assert len(wrapped) == 1 and wrapped[0][1] <= PAGE
        assert app.current.session.evidence[LONG_ENABLER] == text
