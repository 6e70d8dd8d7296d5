"""Cleaning of untrusted text taken from files other people wrote."""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls, bidi embeddings/overrides/isolates,
# and lone surrogates (they cannot be saved as UTF-8).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def clean_text(value: str) -> str:
    """Return `value` with control and bidi-override characters removed (CRLF becomes LF)."""
    return _UNSAFE.sub("", value.replace("\r\n", "\n"))


def one_line(value: str) -> str:
    """Clean text and fold it onto one line, for titles, lists and table cells."""
    return " ".join(clean_text(value).split())
