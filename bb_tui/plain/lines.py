"""The prompt/answer loop every plain journey uses: a line out, a line in, nothing else.

Every line written is cleaned of control characters (text from files and people included), so
no escape byte ever reaches the terminal. End of input (a hang-up) raises `Leave`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TextIO

from bb_tui.core.session import TEXT_CAP
from bb_tui.render import plain as words
from bb_tui.storage.textsafe import one_line


class Leave(Exception):
    """Input ended (ctrl+d, a hang-up) or the person asked to leave: save and go."""


class EndOfInput(Leave):
    """Standard input ended: nothing more can be asked."""


class Back(Exception):
    """The person typed b at a numbered choice."""


class Lines:
    """Reads answers from `inp` and writes complete lines to `out`."""

    def __init__(self, inp: TextIO | None = None, out: TextIO | None = None) -> None:
        self.inp = inp or sys.stdin
        self.out = out or sys.stdout

    def say(self, *lines: str) -> None:
        for line in lines:
            self.out.write(one_line(line) + "\n")
        self.out.flush()

    def ask(self, prompt: str) -> str:
        """One answer, stripped; raises Leave at end of input."""
        self.say(prompt)
        line = self.inp.readline()
        if not line:
            raise EndOfInput
        return one_line(line.rstrip("\n"))

    def ask_short(self, prompt: str, what: str, cap: int) -> str:
        """A one-line answer of at most `cap` characters; asked again, with why, when longer."""
        while True:
            answer = self.ask(prompt).strip()
            if len(answer) <= cap:
                return answer
            self.say(words.too_long(what, cap))

    def choose(self, question: str, labels: Sequence[str], back: bool = True) -> int:
        """A numbered list read once, answered by its number; the index chosen (0-based)."""
        self.say(*words.numbered(question, labels))
        while True:
            answer = self.ask(words.choose_prompt(len(labels), back)).strip().lower()
            if answer == "q":
                raise Leave
            if back and answer == "b":
                raise Back
            if answer.isdigit() and 1 <= int(answer) <= len(labels):
                return int(answer) - 1
            self.say(words.not_a_choice(answer, len(labels)))

    def long_text(self, what: str, current: str, cap: int = TEXT_CAP) -> str | None:
        """Text over several lines ended by a line holding only a full stop; None keeps it.
        Typing stops adding at `cap` characters, said once, as in the app."""
        self.say(*words.long_text_prompt(what, current))
        typed: list[str] = []
        size, warned = 0, False
        while True:
            line = self.inp.readline()
            if not line:
                raise EndOfInput
            line = line.rstrip("\r\n")
            if line.strip() == words.END_OF_TEXT:
                return None if not typed else "\n".join(typed)
            if not typed and line.strip().lower() == "clear":
                return ""
            room = cap - size - (1 if typed else 0)
            if len(line) > room:
                if not warned:
                    self.say(words.note_cap(cap))
                    warned = True
                if room <= 0:
                    continue
                line = line[:room]
            size += len(line) + (1 if typed else 0)
            typed.append(line)
