"""Cleaning of untrusted text taken from files other people wrote.

Two strengths, one place:
- `one_line` (names, organisations, roles, titles, table cells): every Unicode format character
  (category Cf: zero-width spaces and joiners, word joiner, BOM, soft hyphen, bidi marks, tags...)
  and the Hangul filler letters are removed, so nobody can be invisible or counted twice.
- `clean_text` (evidence, reflections, notes): the same, except that ZWJ and ZWNJ are kept (emoji
  sequences, Persian and Indic spelling) and so are the tags of an emoji subdivision flag.
Both also remove controls, bidi embeddings/overrides/isolates and lone surrogates.
"""

from __future__ import annotations

import re
from functools import cache

# C0 controls except tab and newline, DEL, C1 controls, bidi embeddings/overrides/isolates,
# and lone surrogates (they cannot be saved as UTF-8).
_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
# Category Cf (Unicode 15) except ZWNJ/ZWJ (U+200C/D), the other bidi ranges being in _UNSAFE;
# tests/security/test_names_and_stamps.py checks this list against the running Python.
# Split at U+FFFF: a class with astral ranges is 4x slower, so it is used only on text holding
# an astral character (emoji, historic scripts), found by a quick search.
_FORMAT_BMP = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b\u200e"
    "\u200f\u2060-\u2064\u206a-\u206f\ufeff\ufff9-\ufffb"
)
_FORMAT_ASTRAL = (
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)  # the last: tags
_FILLERS = "\u115f\u1160\u3164\uffa0"  # Hangul fillers: letters that draw as nothing

# All there is to remove from ASCII text, deleted byte by byte (3x quicker than a regular
# expression). The classes below are compiled when first needed: most text is ASCII, and a
# command that reads only ASCII (a merge of English sessions) need not build them.
_ASCII_CONTROLS = bytes([*range(0x09), *range(0x0B, 0x20), 0x7F])  # CR too: CRLF becomes LF
_LONG = f"[{_UNSAFE}{_FORMAT_BMP}]"
_LONG_ALL = f"[{_UNSAFE}{_FORMAT_BMP}{_FORMAT_ASTRAL}]"
_SHORT = f"[{_UNSAFE}{_FORMAT_BMP}{_FILLERS}\u200c\u200d]"
_SHORT_ALL = f"[{_UNSAFE}{_FORMAT_BMP}{_FILLERS}\u200c\u200d{_FORMAT_ASTRAL}]"
_ASTRAL = "[\U00010000-\U0010ffff]"
_FLAG = "\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f"  # e.g. England's flag


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _pick(value: str, bmp: str, every: str) -> re.Pattern[str]:
    return _compiled(every if _compiled(_ASTRAL).search(value) else bmp)


def _ascii_cleaned(value: str) -> str:
    return value.encode("ascii").translate(None, _ASCII_CONTROLS).decode("ascii")


def clean_text(value: str) -> str:
    """Return `value` with control, bidi and invisible format characters removed (so CRLF
    becomes LF); ZWJ, ZWNJ and the tags of a subdivision flag are kept."""
    if value.isascii():  # most text, and no flag to keep
        return _ascii_cleaned(value)
    pattern = _pick(value, _LONG, _LONG_ALL)
    if "\U0001f3f4" in value:  # keep flag tag runs: clean around them
        out, pos = [], 0
        for flag in _compiled(_FLAG).finditer(value):
            out += [pattern.sub("", value[pos : flag.start()]), flag.group()]
            pos = flag.end()
        return "".join([*out, pattern.sub("", value[pos:])])
    return pattern.sub("", value)


def strip_invisible(value: str) -> str:
    """Remove every control, bidi and format character (Cf) and Hangul filler: for names."""
    if value.isascii():
        return _ascii_cleaned(value)
    return _pick(value, _SHORT, _SHORT_ALL).sub("", value)


def one_line(value: str) -> str:
    """Clean text of everything invisible and fold it onto one line, for names, titles and cells."""
    return " ".join(strip_invisible(value).split())
