"""The plain line mode (`bb-tui --plain`): every journey line by line, for screen readers.

A layer above render, beside tui: it never imports Textual, never writes an escape byte and
never redraws. Its words come from render/plain.py.
"""
