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

# C0 controls except tab and newline, DEL, C1 controls, bidi embeddings/overrides/isolates,
# and lone surrogates (they cannot be saved as UTF-8).
_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
# Category Cf (Unicode 15) except ZWNJ/ZWJ (U+200C/D), the other bidi ranges being in _UNSAFE;
# tests/security/test_names_and_stamps.py checks this list against the running Python.
_FORMAT = ("\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b\u200e\u200f"
           "\u2060-\u2064\u206a-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
           "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001")
_TAGS = "\U000e0020-\U000e007f"
_FILLERS = "\u115f\u1160\u3164\uffa0"  # Hangul fillers: letters that draw as nothing

_LONG = re.compile(f"[{_UNSAFE}{_FORMAT}]|[{_TAGS}]+")
_FLAG = re.compile("\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f")  # e.g. England's flag
_SHORT = re.compile(f"[{_UNSAFE}{_FORMAT}{_TAGS}{_FILLERS}\u200c\u200d]")


def clean_text(value: str) -> str:
    """Return `value` with control, bidi and invisible format characters removed (CRLF becomes
    LF); ZWJ, ZWNJ and the tags of a subdivision flag are kept."""
    value = value.replace("\r\n", "\n")
    if "\U0001f3f4" in value:  # keep flag tag runs: cut around them
        out, pos = [], 0
        for flag in _FLAG.finditer(value):
            out += [_LONG.sub("", value[pos:flag.start()]), flag.group()]
            pos = flag.end()
        return "".join([*out, _LONG.sub("", value[pos:])])
    return _LONG.sub("", value)


def strip_invisible(value: str) -> str:
    """Remove every control, bidi and format character (Cf) and Hangul filler: for names."""
    return _SHORT.sub("", value)


def one_line(value: str) -> str:
    """Clean text of everything invisible and fold it onto one line, for names, titles and cells."""
    return " ".join(strip_invisible(value.replace("\r\n", "\n")).split())
