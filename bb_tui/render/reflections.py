"""Participants' reflections per theme, for the named report and workbook (no Textual).

A reflection is one person's own words, so it is shown only with their name: an anonymous output
has none at all (not even without the name: the words may say who wrote them).
"""

from __future__ import annotations

from dataclasses import dataclass

from bb_tui.core.framework import Theme
from bb_tui.core.stats import Person, Results

DEFAULT_PROMPT = "What are the key areas where progress is needed?"  # the seed's paper grid
NONE_WRITTEN = "No reflections are written yet."


@dataclass(frozen=True)
class ThemeReflections:
    theme: Theme
    prompt: str
    written: tuple[tuple[Person, str], ...]  # (who, their text) in the order people are counted


def by_theme(results: Results) -> tuple[ThemeReflections, ...]:
    """Every theme with the counted participants' reflections on it; nothing when anonymous."""
    if results.anonymous:
        return ()
    return tuple(
        ThemeReflections(
            theme,
            theme.reflection_prompt or DEFAULT_PROMPT,
            tuple(
                (person, text)
                for person in results.people
                if (text := person.source.session.reflections.get(theme.id, "").strip())
            ),
        )
        for theme in results.framework.themes
    )
