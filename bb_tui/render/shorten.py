"""Long texts cut to what a screen can show, with a line saying how much is left (no Textual).

A note may hold up to 20,000 characters (tomlio.MAX_TEXT_CHARS); screens that list or preview notes
show the first few lines or characters, so their cost does not grow with the file.
"""

from __future__ import annotations

import re

_NEWLINES = re.compile("\n*")


def shorten(text: str, max_lines: int, max_chars: int, where: str = "") -> tuple[str, str]:
    """(the start of `text`, "" or "… 99,990 more lines: {where}").

    At most `max_lines` lines and `max_chars` characters are kept; a line cut short counts
    as left over. Work is proportional to what is shown, plus one count of newlines.
    """
    head = text[:max_chars]
    lines = head.split("\n", max_lines)
    shown = "\n".join(lines[:max_lines])
    if len(shown) >= len(text):
        return text, ""
    newlines = _NEWLINES.match(text, len(shown))  # always matches (maybe nothing)
    start = newlines.end() if newlines else len(shown)  # what is left, never copied
    left_lines = text.count("\n", start) + 1
    if left_lines > 1:
        more = f"… {left_lines:,} more lines"
    else:
        more = f"… {len(text) - start:,} more characters"
    return shown, more + (f": {where}" if where else "")
