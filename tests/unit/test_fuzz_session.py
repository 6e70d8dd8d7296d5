"""Fuzzing the session loader (tests/support/fuzzing.py): no input may raise anything but
SessionError, and whatever loads saves and loads back unchanged."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from bb_tui.core.framework import BUNDLED_FRAMEWORK, load_framework
from bb_tui.core.session import dump_session, parse_session, read_session
from bb_tui.storage.errors import SessionError
from tests.support.demo import DATA, DEMO
from tests.support.fuzzing import (
    FUZZ,
    RANDOM_BYTES,
    TOKENS,
    Loader,
    mutated,
    nested,
    scalars,
)

FRAMEWORK = load_framework(BUNDLED_FRAMEWORK)
SESSIONS = Loader(
    "fuzz.toml",
    read=lambda path: read_session(path, FRAMEWORK)[0],
    parse=lambda doc, path: parse_session(doc, FRAMEWORK, path),
    dump=lambda session: dump_session(session, FRAMEWORK),
    error=SessionError,
)
SEEDS = [
    p.read_bytes() for p in sorted((DATA / "good").glob("*.toml")) if p.stat().st_size < 20_000
]
SEEDS += [p.read_bytes() for p in sorted(DEMO.glob("*.toml")) if p.name != "partnership.toml"]
SESSION_TOKENS = TOKENS + [
    b"\\U0010FFFF",
    b"0x1F",
    b"2024-13-45",
    b"\x1b[2J",
    b"\n[scores]\n",
    b"\n[indicators]\n",
    b"\n[participant]\n",
    b"skipped = [",
    b'"leadership.1" = ',
    b"leadership = ",
    b"format_version = ",
]


@FUZZ
@given(data=RANDOM_BYTES)
def fuzz_random_bytes(loader, data):
    loader.load(data)


def test_random_bytes():
    SESSIONS.run(fuzz_random_bytes, "rejected")


@FUZZ
@given(data=mutated(st.sampled_from(SEEDS), SESSION_TOKENS, most=6))
@example(data=SEEDS[0])  # an unmutated file always runs, so the guard cannot flake
def fuzz_mutated_valid_files(loader, data):
    loader.load(data)


def test_mutated_valid_files():
    SESSIONS.run(fuzz_mutated_valid_files, "loaded", "rejected")


IDS = (
    [e.id for e in FRAMEWORK.enablers]
    + [i.id for i in FRAMEWORK.indicators]
    + [t.id for t in FRAMEWORK.themes]
    + ["leadership.0", "leadership.99", "nope", ""]
)
KEYS = st.one_of(st.sampled_from(IDS), st.text(max_size=12))
SCALARS = scalars("strategic", "operational", "bb-session", FRAMEWORK.id)
VALUES = nested(KEYS, SCALARS)
MINIMAL = {
    "format": "bb-session",
    "format_version": 1,
    "framework": FRAMEWORK.id,
    "participant": {"name": "Fuzz"},
}


@st.composite
def documents(draw):
    """A session-shaped document with random keys and values in random places."""
    doc = {**MINIMAL, "participant": {"name": "Fuzz"}}
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
@example(doc=MINIMAL)
def fuzz_session_shaped_documents(loader, doc):
    loader.load_document(doc)


def test_random_session_shaped_documents():
    SESSIONS.run(fuzz_session_shaped_documents, "loaded", "rejected")
