"""Fuzzing the partnership-file loader (tests/support/fuzzing.py): no input may raise anything
but PartnershipError, and whatever loads saves and loads back unchanged."""

from __future__ import annotations

import datetime as dt

from hypothesis import example, given
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
from bb_tui.storage.tomlio import MAX_TEXT_CHARS
from tests.support.demo import DATA, REPO
from tests.support.fuzzing import FUZZ, RANDOM_BYTES, TOKENS, Loader, mutated, nested, scalars

FW = load_framework()
PARTNERSHIPS = Loader(
    "partnership.toml",
    read=lambda path: read_partnership(path, FW)[0],
    parse=lambda doc, path: parse_partnership(doc, FW, path),
    dump=lambda partnership: dump_partnership(partnership, FW),
    error=PartnershipError,
)
GOOD = [p.read_bytes() for p in sorted((DATA / "partnership" / "good").glob("*"))]
GOOD += [
    (REPO / "sessions" / d / "partnership.toml").read_bytes() for d in ("demo", "demo-spring-2026")
]
BROKEN = [p.read_bytes() for p in sorted((DATA / "partnership" / "broken").glob("*"))]
# mostly good files (a few mutations often still load), sometimes broken ones
SEEDS = st.one_of(st.sampled_from(GOOD), st.sampled_from(GOOD), st.sampled_from(BROKEN))
PARTNERSHIP_TOKENS = TOKENS + [
    b"2027-02-30",
    b"2027-03-31T10:00:00",
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
]


@FUZZ
@given(data=RANDOM_BYTES)
def fuzz_random_bytes(loader, data):
    loader.load(data)


def test_random_bytes():
    PARTNERSHIPS.run(fuzz_random_bytes, "rejected")


@FUZZ
@given(data=mutated(SEEDS, PARTNERSHIP_TOKENS, most=4))
@example(data=GOOD[0])  # an unmutated file always runs, so the guard cannot flake
def fuzz_mutated_partnership_files(loader, data):
    loader.load(data)


def test_mutated_partnership_files():
    PARTNERSHIPS.run(fuzz_mutated_partnership_files, "loaded", "rejected")


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
    scalars(*RESPONSES, *STATUSES, *IDS, "2027-03-31"),
    st.builds(
        lambda n: "x" * n, st.integers(MAX_TEXT_CHARS - 10, MAX_TEXT_CHARS + 10)
    ),  # the limit
)
VALUES = nested(KEYS, SCALARS)


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
def fuzz_partnership_shaped_documents(loader, doc):
    loader.load_document(doc)


def test_random_partnership_shaped_documents():
    PARTNERSHIPS.run(fuzz_partnership_shaped_documents, "loaded", "rejected")


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
