"""Fuzzing the session loader: no input may raise anything but SessionError.

Three generators: random bytes, valid files with random mutations, and random TOML documents
shaped like sessions. Whatever loads must also save and load back unchanged, and each run
must reach the outcomes it is for (a generator whose inputs were all rejected tests little).

The CI run is bounded by BB_FUZZ_EXAMPLES (default 300 per generator, a few seconds); a
release run uses e.g. BB_FUZZ_EXAMPLES=20000 (see docs/reliability.md).
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections import Counter
from pathlib import Path

import tomli_w
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bb_tui.core.framework import BUNDLED_FRAMEWORK, load_framework
from bb_tui.core.session import dump_session, parse_session, read_session
from bb_tui.storage.errors import SessionError
from bb_tui.storage.tomlio import parse_toml_bytes

EXAMPLES = int(os.environ.get("BB_FUZZ_EXAMPLES", "300"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=EXAMPLES <= 300,
    suppress_health_check=list(HealthCheck),
)
FRAMEWORK = load_framework(BUNDLED_FRAMEWORK)
REPO = Path(__file__).resolve().parents[2]
SEEDS = [
    p.read_bytes()
    for p in sorted((REPO / "tests" / "data" / "good").glob("*.toml"))
    if p.stat().st_size < 20_000
]
SEEDS += [
    p.read_bytes()
    for p in sorted((REPO / "sessions" / "demo").glob("*.toml"))
    if p.name != "partnership.toml"
]
FOLDER = Path(tempfile.mkdtemp(prefix="bb-fuzz-"))
atexit.register(shutil.rmtree, FOLDER, ignore_errors=True)


def load(data: bytes, outcomes: Counter) -> None:
    """Load `data` as a session file; if it loads, it must save and load back the same."""
    path = FOLDER / "fuzz.toml"
    path.write_bytes(data)
    try:
        session, _ = read_session(path, FRAMEWORK)
    except SessionError as exc:
        outcomes["rejected"] += 1
        line = exc.line()
        assert line.startswith(f"{path}: ") and "\n" not in line
        return
    outcomes["loaded"] += 1
    saved = dump_session(session, FRAMEWORK)
    again = parse_session(parse_toml_bytes(path, saved), FRAMEWORK, path)
    assert dump_session(again, FRAMEWORK) == saved


def reached(outcomes: Counter, *kinds: str) -> None:
    """The run's own guard: every outcome in `kinds` happened at least once."""
    print(f"\n{dict(outcomes)}")
    for kind in kinds:
        assert outcomes[kind] > 0, f"no input was {kind}: {dict(outcomes)}"


@FUZZ
@given(data=st.binary(max_size=3000))
def fuzz_random_bytes(outcomes, data):
    load(data, outcomes)


def test_random_bytes():
    outcomes: Counter = Counter()
    fuzz_random_bytes(outcomes=outcomes)
    reached(outcomes, "rejected")


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
    b"\\U0010FFFF",
    b"nan",
    b"inf",
    b"-0",
    b"true",
    b"0x1F",
    b"1e400",
    b"2024-13-45",
    b"\x00",
    b"\xff",
    b"\xef\xbb\xbf",
    b"\xe2\x80\xae",
    b"\x1b[2J",
    b"\n[scores]\n",
    b"\n[indicators]\n",
    b"\n[participant]\n",
    b"skipped = [",
    b'"leadership.1" = ',
    b"leadership = ",
    b"format_version = ",
    b"9" * 50,
]


@st.composite
def mutated(draw):
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["flip", "insert", "token", "delete", "repeat"]))
        if kind == "flip" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif kind == "token":
            data[at:at] = draw(st.sampled_from(TOKENS))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif kind == "repeat":
            data[at:at] = data[at : at + draw(st.integers(1, 200))] * draw(st.integers(1, 5))
    return bytes(data)


@FUZZ
@given(data=mutated())
@example(data=SEEDS[0])  # an unmutated file always runs, so the guard cannot flake
def fuzz_mutated_valid_files(outcomes, data):
    load(data, outcomes)


def test_mutated_valid_files():
    outcomes: Counter = Counter()
    fuzz_mutated_valid_files(outcomes=outcomes)
    reached(outcomes, "loaded", "rejected")


IDS = (
    [e.id for e in FRAMEWORK.enablers]
    + [i.id for i in FRAMEWORK.indicators]
    + [t.id for t in FRAMEWORK.themes]
    + ["leadership.0", "leadership.99", "nope", ""]
)
KEYS = st.one_of(st.sampled_from(IDS), st.text(max_size=12))
SCALARS = st.one_of(
    st.integers(-10, 10),
    st.integers(-(2**63), 2**63 - 1),
    st.booleans(),
    st.floats(),
    st.text(max_size=20),
    st.sampled_from(
        [
            "strategic",
            "operational",
            "bb-session",
            FRAMEWORK.id,
            "\x1b]52;c;x\x07",
            "[@click=app.quit]x",
            "\u202e",
        ]
    ),
    st.datetimes(),
    st.dates(),
    st.times(),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(KEYS, inner, max_size=3)),
    max_leaves=6,
)


@st.composite
def documents(draw):
    """A session-shaped document with random keys and values in random places."""
    doc = {
        "format": "bb-session",
        "format_version": 1,
        "framework": FRAMEWORK.id,
        "participant": {"name": "Fuzz"},
    }
    tables = ["participant", "scores", "indicators", "evidence", "reflections"]
    for table in draw(st.lists(st.sampled_from(tables), max_size=2, unique=True)):
        doc.setdefault(table, {}).update(draw(st.dictionaries(KEYS, VALUES, max_size=3)))
    if draw(st.booleans()):
        doc["skipped"] = draw(st.lists(st.one_of(st.sampled_from(IDS), SCALARS), max_size=4))
    if draw(st.booleans()):
        key = draw(
            st.sampled_from(
                ["format", "format_version", "framework", "participant", "scores", "created", "new"]
            )
        )
        doc[key] = draw(VALUES)
    return doc


@FUZZ
@given(doc=documents())
@example(
    doc={
        "format": "bb-session",
        "format_version": 1,
        "framework": FRAMEWORK.id,
        "participant": {"name": "Fuzz"},
    }
)
def fuzz_session_shaped_documents(outcomes, doc):
    try:
        data = tomli_w.dumps(doc).encode("utf-8")
    except (TypeError, ValueError, UnicodeEncodeError):  # not writable as TOML
        return
    load(data, outcomes)
    # the parsed-dict entry point must hold too (the app and merge call it)
    try:
        parse_session(doc, FRAMEWORK, "doc.toml")
    except SessionError:
        pass


def test_random_session_shaped_documents():
    outcomes: Counter = Counter()
    fuzz_session_shaped_documents(outcomes=outcomes)
    reached(outcomes, "loaded", "rejected")
