"""Headless sub-commands of `bb-tui`; none of them imports Textual."""
