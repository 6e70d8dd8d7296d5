"""Fuzzing the partnership-file loader: no input may raise anything but PartnershipError.

Three generators, as for sessions (tests/unit/test_fuzz_session.py): random bytes, good and
broken partnership files with random mutations, and random partnership-shaped documents.
Whatever loads must also save and load back unchanged, and each run must reach the outcomes
it is for (a generator whose inputs were all rejected tests little).

Bounded for CI by BB_FUZZ_EXAMPLES (default 200 per generator); a release run uses e.g.
BB_FUZZ_EXAMPLES=20000 (see docs/reliability.md).
"""

from __future__ import annotations

import atexit
import datetime as dt
import os
import shutil
import tempfile
from collections import Counter
from pathlib import Path

import tomli_w
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bb_tui.core.framework import load_framework
from bb_tui.core.partnership import (
    RESPONSES,
    STATUSES,
    PartnershipError,
    dump_partnership,
    parse_partnership,
    read_partnership,
)
from bb_tui.storage.tomlio import parse_toml_bytes

EXAMPLES = int(os.environ.get("BB_FUZZ_EXAMPLES", "200"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=EXAMPLES <= 300,
    suppress_health_check=list(HealthCheck),
)
FW = load_framework()
REPO = Path(__file__).resolve().parents[2]
GOOD = [
    p.read_bytes() for p in sorted((REPO / "tests" / "data" / "partnership" / "good").glob("*"))
]
GOOD += [
    (REPO / "sessions" / d / "partnership.toml").read_bytes() for d in ("demo", "demo-spring-2026")
]
BROKEN = [
    p.read_bytes() for p in sorted((REPO / "tests" / "data" / "partnership" / "broken").glob("*"))
]
# mostly good files (a few mutations often still load), sometimes broken ones
SEEDS = st.one_of(st.sampled_from(GOOD), st.sampled_from(GOOD), st.sampled_from(BROKEN))
FOLDER = Path(tempfile.mkdtemp(prefix="bb-fuzz-partnership-"))
atexit.register(shutil.rmtree, FOLDER, ignore_errors=True)


def load(data: bytes, outcomes: Counter) -> None:
    """Load `data` as a partnership file; if it loads, it must save and load back the same."""
    path = FOLDER / "partnership.toml"
    path.write_bytes(data)
    try:
        partnership, _ = read_partnership(path, FW)
    except PartnershipError as exc:
        outcomes["rejected"] += 1
        line = exc.line()
        assert line.startswith(f"{path}: ") and "\n" not in line
        return
    outcomes["loaded"] += 1
    saved = dump_partnership(partnership, FW)
    again = parse_partnership(parse_toml_bytes(path, saved), FW, path)
    assert dump_partnership(again, FW) == saved


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
    b"nan",
    b"inf",
    b"-0",
    b"true",
    b"false",
    b"1e400",
    b"2027-02-30",
    b"2027-03-31T10:00:00",
    b"\x00",
    b"\xff",
    b"\xef\xbb\xbf",
    b"\xe2\x80\xae",
    b"\x1b]52;c;x\x07",
    b"\n[agreed]\n",
    b"\n[[actions]]\nwhat = ",
    b"\n[challenges.cultural-barriers]\n",
    b"\n[spectrum]\n",
    b"in_play = ",
    b"response = ",
    b"status = ",
    b"due = ",
    b"enabler = ",
    b"leadership = ",
    b"9" * 50,
]


@st.composite
def mutated(draw):
    data = bytearray(draw(SEEDS))
    for _ in range(draw(st.integers(1, 4))):
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
@example(data=GOOD[0])  # an unmutated file always runs, so the guard cannot flake
def fuzz_mutated_partnership_files(outcomes, data):
    load(data, outcomes)


def test_mutated_partnership_files():
    outcomes: Counter = Counter()
    fuzz_mutated_partnership_files(outcomes=outcomes)
    reached(outcomes, "loaded", "rejected")


IDS = (
    [e.id for e in FW.enablers]
    + [c.id for c in FW.challenges]
    + [m.id for m in FW.spectrum]
    + ["leadership.1", "nope", ""]
)
KEYS = st.one_of(
    st.sampled_from(
        IDS + ["in_play", "response", "note", "what", "owner", "due", "status", "enabler", "model"]
    ),
    st.text(max_size=12),
)
SCALARS = st.one_of(
    st.integers(-10, 10),
    st.integers(-(2**63), 2**63 - 1),
    st.booleans(),
    st.floats(),
    st.text(max_size=20),
    st.sampled_from(
        [
            *RESPONSES,
            *STATUSES,
            *IDS,
            "2027-03-31",
            "",
            "\x1b]52;c;x\x07",
            "[@click=app.quit]x",
            "\u202e",
        ]
    ),
    st.datetimes(),
    st.dates(),
    st.times(),
    st.builds(lambda n: "x" * n, st.integers(3990, 4010)),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(KEYS, inner, max_size=3)),
    max_leaves=6,
)


@st.composite
def documents(draw):
    """A partnership-shaped document with random keys and values in random places."""
    doc = {"format": "bb-partnership", "format_version": 1, "framework": FW.id}
    if draw(st.booleans()):
        doc["agreed"] = draw(st.dictionaries(KEYS, SCALARS, max_size=4))
    if draw(st.booleans()):
        doc["spectrum"] = draw(st.dictionaries(KEYS, SCALARS, max_size=3))
    if draw(st.booleans()):
        doc["challenges"] = draw(
            st.dictionaries(
                st.sampled_from(IDS), st.dictionaries(KEYS, SCALARS, max_size=4), max_size=3
            )
        )
    if draw(st.booleans()):
        doc["actions"] = draw(st.lists(st.dictionaries(KEYS, SCALARS, max_size=5), max_size=3))
    if draw(st.booleans()):
        key = draw(
            st.sampled_from(
                [
                    "format",
                    "format_version",
                    "framework",
                    "name",
                    "round",
                    "updated",
                    "agreed",
                    "actions",
                    "challenges",
                    "new",
                ]
            )
        )
        doc[key] = draw(VALUES)
    return doc


@FUZZ
@given(doc=documents())
@example(doc={"format": "bb-partnership", "format_version": 1, "framework": FW.id})
def fuzz_partnership_shaped_documents(outcomes, doc):
    try:
        data = tomli_w.dumps(doc).encode("utf-8")
    except (TypeError, ValueError, UnicodeEncodeError):  # not writable as TOML
        return
    load(data, outcomes)
    try:  # the parsed-dict entry point too
        parse_partnership(doc, FW, "doc.toml")
    except PartnershipError:
        pass


def test_random_partnership_shaped_documents():
    outcomes: Counter = Counter()
    fuzz_partnership_shaped_documents(outcomes=outcomes)
    reached(outcomes, "loaded", "rejected")


def test_a_due_date_written_as_text_is_saved_as_a_date():
    """A case the fuzzer meets often: due dates as text or TOML dates, both read the same."""
    for due in ("2027-03-31", dt.date(2027, 3, 31)):
        doc = {
            "format": "bb-partnership",
            "format_version": 1,
            "framework": FW.id,
            "actions": [{"what": "x", "due": due}],
        }
        assert parse_partnership(doc, FW).actions[0].due == dt.date(2027, 3, 31)
