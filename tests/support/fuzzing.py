"""The one fuzz harness, for every loader of a file people write (sessions, partnership files).

Three generators per loader: random bytes, seed files with random mutations, and random documents
of the file's shape. No input may raise anything but the loader's own one-line error; whatever
loads must save and load back unchanged; and each run must reach the outcomes it is for (a
generator whose inputs were all rejected tests little).

Bounded for CI by BB_FUZZ_EXAMPLES (default 100 per generator, deterministic: each suite run
checks every generator still reaches its outcomes; the long search is the release run, e.g.
BB_FUZZ_EXAMPLES=20000, docs/reliability.md).
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from bb_tui.storage.errors import BBError
from bb_tui.storage.tomlio import parse_toml_bytes

EXAMPLES = int(os.environ.get("BB_FUZZ_EXAMPLES", "100"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=EXAMPLES <= 300,
    suppress_health_check=list(HealthCheck),
)
RANDOM_BYTES = st.binary(max_size=3000)

# TOML syntax and bytes that have broken parsers; each loader adds its own keys and headers.
TOKENS = [
    b'"',
    b"'",
    b'"""',
    b"[",
    b"]",
    b"[[",
    b"]]",
    b"{",
    b"}",
    b"=",
    b".",
    b",",
    b"#",
    b"\n",
    b"\r\n",
    b"\\",
    b"\\u",
    b"nan",
    b"inf",
    b"-0",
    b"true",
    b"1e400",
    b"\x00",
    b"\xff",
    b"\xef\xbb\xbf",
    b"\xe2\x80\xae",
    b"9" * 50,
]
# Text a terminal must never act on: an OSC 52 clipboard write, Rich markup, a bidi override.
HOSTILE_TEXT = ["\x1b]52;c;x\x07", "[@click=app.quit]x", "\u202e"]


def scalars(*extra: Any) -> st.SearchStrategy[Any]:
    """Any TOML value that is not a table or array, and the loader's own words (`extra`)."""
    return st.one_of(
        st.integers(-10, 10),
        st.integers(-(2**63), 2**63 - 1),
        st.booleans(),
        st.floats(),
        st.text(max_size=20),
        st.sampled_from([*extra, "", *HOSTILE_TEXT]),
        st.datetimes(),
        st.dates(),
        st.times(),
    )


def nested(keys: st.SearchStrategy[str], leaves: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Values up to a few levels of arrays and tables deep."""
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3), st.dictionaries(keys, inner, max_size=3)
        ),
        max_leaves=6,
    )


def mutated(
    seeds: st.SearchStrategy[bytes], tokens: Sequence[bytes], most: int
) -> st.SearchStrategy[bytes]:
    """A seed file with 1 to `most` edits: flipped bytes, inserted bytes or tokens, deletions,
    repeats."""

    @st.composite
    def edit(draw: st.DrawFn) -> bytes:
        data = bytearray(draw(seeds))
        for _ in range(draw(st.integers(1, most))):
            at = draw(st.integers(0, len(data)))
            kind = draw(st.sampled_from(["flip", "insert", "token", "delete", "repeat"]))
            if kind == "flip" and at < len(data):
                data[at] = draw(st.integers(0, 255))
            elif kind == "insert":
                data[at:at] = draw(st.binary(min_size=1, max_size=8))
            elif kind == "token":
                data[at:at] = draw(st.sampled_from(tokens))
            elif kind == "delete":
                del data[at : at + draw(st.integers(1, 40))]
            elif kind == "repeat":
                data[at:at] = data[at : at + draw(st.integers(1, 200))] * draw(st.integers(1, 5))
        return bytes(data)

    return edit()


@dataclass
class Loader:
    """One kind of file: how it is read from a path, parsed from a dict and saved, and the one
    error it may raise for bad input."""

    name: str  # the file name the fuzzed bytes are written to
    read: Callable[[Path], Any]
    parse: Callable[[dict[str, Any], Path | str], Any]
    dump: Callable[[Any], bytes]
    error: type[BBError]

    def __post_init__(self) -> None:
        folder = Path(tempfile.mkdtemp(prefix="bb-fuzz-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        self.path = folder / self.name
        self.outcomes: Counter[str] = Counter()

    def load(self, data: bytes) -> None:
        """Load `data` from a file; if it loads, it must save and load back the same."""
        self.path.write_bytes(data)
        try:
            loaded = self.read(self.path)
        except self.error as exc:
            self.outcomes["rejected"] += 1
            line = exc.line()
            assert line.startswith(f"{self.path}: ") and "\n" not in line
            return
        self.outcomes["loaded"] += 1
        saved = self.dump(loaded)
        again = self.parse(parse_toml_bytes(self.path, saved), self.path)
        assert self.dump(again) == saved

    def load_document(self, doc: dict[str, Any]) -> None:
        """A document as TOML through the file reader, and as a dict through the parser (the
        entry point the app and merge use)."""
        try:
            data = tomli_w.dumps(doc).encode("utf-8")
        except (TypeError, ValueError, UnicodeEncodeError):  # not writable as TOML
            return
        self.load(data)
        try:
            self.parse(doc, "doc.toml")
        except self.error:
            pass

    def run(self, fuzz: Callable[..., None], *kinds: str) -> None:
        """Run a @given function `fuzz(loader, ...)` and check it reached each of `kinds`."""
        self.outcomes.clear()
        fuzz(loader=self)
        print(f"\n{dict(self.outcomes)}")
        for kind in kinds:
            assert self.outcomes[kind] > 0, f"no input was {kind}: {dict(self.outcomes)}"
