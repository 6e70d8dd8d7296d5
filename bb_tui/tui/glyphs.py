"""The marks the app draws (score bars, the chosen row, arrows), in Unicode or plain ASCII.

One place decides: `--ascii`, TERM=linux (the console font has no braille or emoji) or a
locale that is not UTF-8 gives ASCII everywhere. Screens and widgets take their marks from
`marks()`; `fold` is the last resort for text not ours (Textual's own icons, "…" from
ellipsis overflow, framework texts), applied to everything written to such a terminal.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

# Terminals whose fonts lack braille, emoji and most symbols.
PLAIN_TERMS = ("linux", "vt100", "vt102", "vt220", "dumb", "cons25", "ansi")
COERCED = ("c.utf-8", "c.utf8", "utf-8")  # what PEP 538 puts in LC_CTYPE


@dataclass(frozen=True)
class Marks:
    full: str  # a score bar's filled cell
    empty: str  # ...and its empty cell
    chosen: str  # the chosen row of the scale
    saved: str  # "autosave" is working
    broken: str  # a file that cannot be read
    written: str  # evidence written
    same: str  # a second line about the same person
    dash: str  # nothing here
    dot: str  # between items on one line
    more: str  # text that goes on
    radio: str  # a chosen radio button
    scroll: str  # the keys that scroll


UNICODE = Marks(
    full="■",
    empty="□",
    chosen="▶",
    saved="✓",
    broken="✗",
    written="✎",
    same="↳",
    dash="–",
    dot="·",
    more="…",
    radio="●",
    scroll="↑↓",
)
ASCII = Marks(
    full="#",
    empty="-",
    chosen=">",
    saved="ok",
    broken="x",
    written="+",
    same="->",
    dash="-",
    dot="-",
    more="...",
    radio="*",
    scroll="up/down",
)

_current = UNICODE


def plain_terminal(environ: Mapping[str, str] | None = None) -> bool:
    """True when the terminal or the locale cannot show Unicode marks (TERM=linux, not UTF-8)."""
    env = os.environ if environ is None else environ
    term = env.get("TERM", "")
    if term in PLAIN_TERMS or term.startswith("linux"):
        return True
    keys = ["LC_ALL", "LC_CTYPE", "LANG"]  # the first one set decides, as in libc...
    if env.get("LC_CTYPE", "").lower() in COERCED and env.get("LANG"):
        keys.remove("LC_CTYPE")  # ...except Python's own C.UTF-8, set when LANG's is missing
    for key in keys:
        value = env.get(key)
        if value:
            value = value.lower()
            return not ("utf-8" in value or "utf8" in value)
    return True  # no locale at all: the C locale, ASCII


def choose(force_ascii: bool = False, environ: Mapping[str, str] | None = None) -> bool:
    """Decide once per app: True (and ASCII marks) when forced or the terminal needs it."""
    global _current
    ascii_only = force_ascii or plain_terminal(environ)
    _current = ASCII if ascii_only else UNICODE
    return ascii_only


def marks() -> Marks:
    return _current


def ascii_only() -> bool:
    return _current is ASCII


# ------------------------------------------------------------ the last resort, on output

_FOLD = {
    "…": ".",
    "–": "-",
    "—": "-",
    "−": "-",
    "·": ".",
    "•": "*",
    "‘": "'",
    "’": "'",
    "‚": ",",
    "“": '"',
    "”": '"',
    "„": '"',
    "×": "x",
    "■": "#",
    "□": "-",
    "▶": ">",
    "●": "*",
    "✓": "v",
    "✗": "x",
    "⏎": "<",
    "⌫": "<",
    "←": "<",
    "→": ">",
    "↑": "^",
    "↓": "v",
    "│": "|",
    "┃": "|",
    "║": "|",
    "─": "-",
    "━": "-",
    "═": "=",
    "╱": "/",
    "╲": "\\",
    "\u00a0": " ",
}
# Block elements U+2580-U+259F by shape: Textual's tall borders (▊ ▔ ▎ ▁ around inputs and
# buttons), scrollbar ends (▂ ▃ ▆ ▇), bars and shades; one ASCII character each
_BLOCKS = "-" + "_" * 4 + "#" * 4 + "|" * 8 + "#" * 3 + "-" + "|" + "#" * 10
_cache: dict[str, str] = {}


def _fold_char(char: str) -> str:
    """One character as ASCII taking the same cells: accents dropped, else "?"."""
    if char in _FOLD:
        return _FOLD[char]
    if unicodedata.category(char).startswith(("M", "C")) and unicodedata.category(char) != "Co":
        return ""  # combining marks, zero-width: no cell of their own
    base = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")
    wide = unicodedata.east_asian_width(char) in ("W", "F")
    if len(base) == 1 and not wide:
        return base
    if 0x2500 <= ord(char) < 0x2580:  # other box drawing: corners and joins
        return "+"
    if 0x2580 <= ord(char) < 0x25A0:
        return _BLOCKS[ord(char) - 0x2580]
    return "??" if wide else "?"


def fold(text: str) -> str:
    """`text` with every character ASCII, each taking as many cells as before."""
    if text.isascii():
        return text
    out = []
    for char in text:
        if char.isascii():
            out.append(char)
            continue
        folded = _cache.get(char)
        if folded is None:
            folded = _cache[char] = _fold_char(char)
        out.append(folded)
    return "".join(out)


_KEY_WORDS = {
    "⏎": "enter",
    "⌫": "bksp",
    "⇥": "tab",
    "␣": "space",
    "↑": "up",
    "↓": "down",
    "←": "left",
    "→": "right",
    "⌦": "del",
}


def key_words(display: str) -> str:
    """A key as Textual shows it ("⏎"), in words for an ASCII terminal ("enter")."""
    for symbol, word in _KEY_WORDS.items():
        display = display.replace(symbol, word)
    return fold(display)
