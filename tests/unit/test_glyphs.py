"""glyphs.fold: what an ASCII terminal (TERM=linux, a non-UTF-8 locale, --ascii) is sent instead
of each character it cannot show, taking the same cells."""

from __future__ import annotations

import unicodedata

from bb_tui.tui.glyphs import fold


def test_every_box_and_block_character_becomes_one_ascii_mark_never_a_question_mark():
    """Textual draws inputs and buttons with block elements (▊ ▔ ▎ ▁) and scrollbar ends with
    others (▂ ▃ ▆ ▇): each was "?" on TERM=linux, so every input box had "?" at its corners."""
    for code in range(0x2500, 0x25A0):
        char = chr(code)
        folded = fold(char)
        assert len(folded) == 1 and folded.isascii() and folded != "?", (
            hex(code),
            unicodedata.name(char),
            folded,
        )


def test_an_input_box_and_a_scrollbar_read_as_ascii_lines():
    assert fold("▊▔▔▔▔▎") == "|----|"
    assert fold("▊ text ▎") == "| text |"
    assert fold("▊▁▁▁▁▎") == "|____|"
    assert fold("▇▇ ▆▆ ▃▃ ▂▂") == "## ## __ __"


def test_text_keeps_its_cells_accents_dropped_wide_characters_two_marks():
    assert fold("Café – naïve…") == "Cafe - naive."
    assert fold("日本") == "????"  # two cells each, as before
    assert fold("e\u0301") == "e"  # a combining mark has no cell of its own
    assert fold("plain ascii") == "plain ascii"
