"""Session format version 1: good files load, the rules hold, saving round-trips."""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bb_tui.core.session import (
    SKIPPED,
    Participant,
    Session,
    SessionFile,
    dump_session,
    load_session,
    new_session,
    parse_session,
    read_session,
    session_to_dict,
    slugify,
)
from bb_tui.storage.errors import ConflictError, SessionError
from bb_tui.storage.textsafe import clean_text, one_line
from bb_tui.storage.tomlio import parse_toml_bytes

GOOD_FILES = sorted((Path(__file__).resolve().parents[1] / "data" / "good").glob("*.toml"))


def reparse(session: Session, framework) -> Session:
    data = dump_session(session, framework)
    return parse_session(parse_toml_bytes(Path("<dump>"), data), framework)


def comparable(session: Session) -> dict:
    """Everything a session holds except the load warnings."""
    fields = dict(vars(session))
    fields.pop("warnings")
    fields["participant"] = vars(session.participant)
    return fields


# ---------------------------------------------------------------- good files


def test_there_are_good_files():
    assert len(GOOD_FILES) >= 10


@pytest.mark.parametrize("path", GOOD_FILES, ids=lambda p: p.name)
def test_good_file_loads_and_round_trips(path, framework):
    session, data = read_session(path, framework)
    assert data == path.read_bytes()
    assert session.participant.name
    again = reparse(session, framework)
    assert comparable(again) == comparable(session)
    # a second save of the reloaded session writes the very same bytes
    assert dump_session(again, framework) == dump_session(session, framework)


def test_the_documented_example_loads(repo, tmp_path, framework):
    doc = (repo / "docs" / "session-format.md").read_text(encoding="utf-8")
    example = doc.split("## Example", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "example.toml"
    path.write_text(example, encoding="utf-8")
    s = load_session(path, framework)
    assert s.participant == Participant(
        "Priya Full", "Riverside NHS Trust", "operational", "Health Visiting Team Lead", "health"
    )
    assert s.skipped == ["single-service", "leadership.3"] and s.warnings == []
    assert s.indicators == {"leadership.1": 4, "locality.5": 1}


def test_documented_messages_are_the_real_ones(repo):
    """Every message quoted in the table of docs/session-format.md is one the tests expect."""
    doc = (repo / "docs" / "session-format.md").read_text(encoding="utf-8")
    table = doc.split("| problem | message after", 1)[1].split("\n\n", 1)[0]
    quoted = [m for row in table.splitlines()[2:] for m in row.split("|")[2].split("`")[1::2]]
    expected = tomllib.loads(
        (repo / "tests" / "data" / "expected-errors.toml").read_text(encoding="utf-8")
    )["errors"].values()
    missing = [m for m in quoted if not any(m.split("...")[0] in e or e in m for e in expected)]
    assert len(quoted) >= 20 and missing == []


def test_demo_partnership_loads(demo_dir, framework):
    files = sorted(demo_dir.glob("*.toml"))
    sessions = [load_session(p, framework) for p in files if p.name != "partnership.toml"]
    assert len(sessions) >= 8
    assert len({s.participant.organisation for s in sessions}) >= 4
    assert {s.participant.level for s in sessions} == {"strategic", "operational"}


def test_minimal_file_has_nothing_scored(data_dir, framework):
    s = load_session(data_dir / "good" / "minimal.toml", framework)
    assert s.participant == Participant("Ada Minimal")
    assert (s.scores, s.indicators, s.skipped, s.evidence, s.reflections) == ({}, {}, [], {}, {})
    assert s.state("leadership") is None and s.state("leadership.1") is None
    assert s.progress(framework) == (0, 0)
    assert s.created is None and s.updated is None and s.warnings == []


def test_full_file_holds_every_key(data_dir, framework):
    s = load_session(data_dir / "good" / "full.toml", framework)
    assert s.participant == Participant(
        "Priya Full",
        "Riverside NHS Trust – Health Visiting",
        "operational",
        "Health Visiting Team Lead",
    )
    assert s.scores["families-community"] == 5 and len(s.scores) == 11
    assert s.indicators["leadership.2"] == 5 and len(s.indicators) == 7
    assert s.skipped == ["single-service", "leadership.3", "locality.5"]
    assert s.state("single-service") == SKIPPED and s.state("leadership.3") == SKIPPED
    assert s.state("locality.2") == 2 and s.state("locality.3") is None
    assert s.evidence["leadership"].startswith("Our director chairs")
    assert "\n" in s.evidence["leadership"]
    assert set(s.reflections) == {"purpose-priorities", "partnership-process"}
    assert s.created == dt.datetime(2026, 3, 2, 9, 15, tzinfo=dt.timezone.utc)
    assert s.progress(framework) == (12, 9)
    assert s.indicator_mean(framework, "leadership") == pytest.approx((4 + 5 + 3 + 4 + 3) / 5)
    assert s.indicator_mean(framework, "common-agenda") is None


def test_hand_edited_spellings(data_dir, framework):
    s = load_session(data_dir / "good" / "hand-edited.toml", framework)
    assert s.participant.organisation == 'Voluntary sector: "Little Steps" charity'
    assert s.participant.level == "strategic"
    assert s.scores == {"locality": 2, "leadership": 5} and s.indicators == {"locality.1": 1}
    assert s.skipped == ["joint-governance"]
    assert s.created == dt.date(2026, 2, 10)
    assert s.evidence["locality"].endswith(
        'C:\\Users\\owen\\notes.txt says "ask about the third site".'
    )


def test_crlf_file(data_dir, framework):
    s = load_session(data_dir / "good" / "crlf.toml", framework)
    assert s.evidence["leadership"] == "Line one.\nLine two."


def test_all_skipped(data_dir, framework):
    s = load_session(data_dir / "good" / "all-skipped.toml", framework)
    assert all(s.state(e.id) == SKIPPED for e in framework.enablers)
    assert s.progress(framework) == (12, 0)


def test_non_latin_text_kept_exactly(data_dir, framework):
    s = load_session(data_dir / "good" / "non-latin.toml", framework)
    assert s.participant.name == "Zoë Ó Briain-Nguyễn 阮 ✨"
    assert s.participant.organisation == "مركز الأطفال — Children's Centre"
    assert s.evidence["families-community"].endswith("👶🏽👨‍👩‍👧.")
    assert s.reflections["people-place"] == "日本語のメモ。 Emoji with ZWJ: 🏳️‍🌈"


def test_unknown_keys_are_kept_on_save_with_a_warning(data_dir, framework, tmp_path):
    path = tmp_path / "uk.toml"
    path.write_bytes((data_dir / "good" / "unknown-keys.toml").read_bytes())
    file = SessionFile.open(path, framework)
    assert file.session.warnings == [
        f"{path}: unknown key 'device' kept as it is",
        f"{path}: unknown key 'workshop' kept as it is",
        f"{path}: unknown key 'notes_from_future_version' kept as it is",
        f"{path}: unknown key 'participant.pronouns' kept as it is",
    ]
    file.session.set_score("locality", 4)
    file.save()
    saved = tomllib.loads(path.read_text(encoding="utf-8"))
    assert saved["device"] == "laptop-42"
    assert saved["workshop"] == {"date": dt.date(2026, 5, 1), "room": "Civic Centre 2"}
    assert saved["notes_from_future_version"] == {"colour": "teal"}
    assert saved["participant"]["pronouns"] == "she/her"
    assert saved["scores"] == {"leadership": 3, "locality": 4}
    # and they still warn when read back
    assert len(load_session(path, framework).warnings) == 4


# ---------------------------------------------------------------- rules


def base(**changes) -> dict:
    doc = {
        "format": "bb-session",
        "format_version": 1,
        "framework": "beyond-boundaries-london-2022",
        "participant": {"name": "Test"},
    }
    doc.update(changes)
    return doc


def test_repeated_skips_collapse_and_blank_texts_drop(framework):
    s = parse_session(
        base(
            skipped=["locality", "locality", "leadership.1"],
            evidence={"leadership": "  \n ", "locality": " kept "},
            reflections={"people-place": "\x1b\u202e"},
        ),
        framework,
    )
    assert s.skipped == ["locality", "leadership.1"]
    assert s.evidence == {"locality": "kept"} and s.reflections == {}


def test_names_fold_onto_one_line(framework):
    s = parse_session(
        base(
            participant={"name": "  Amina\n\tKhan ", "organisation": "A\nB", "role": " Lead\x07 "}
        ),
        framework,
    )
    assert s.participant == Participant("Amina Khan", "A B", "", "Lead")


def test_scores_accept_exactly_one_to_five(framework):
    for value in (1, 2, 3, 4, 5):
        assert parse_session(base(scores={"locality": value}), framework).scores == {
            "locality": value
        }
    for value in (0, 6, -1, 3.0, 3.5, True, False, "3", None, [3]):
        with pytest.raises(
            SessionError, match=r"scores\.locality: .* is not a whole number from 1 to 5"
        ):
            parse_session(base(scores={"locality": value}), framework)


def test_every_error_is_one_line_naming_the_file(framework):
    with pytest.raises(SessionError) as caught:
        parse_session(base(participant={"name": ""}), framework, "some/file.toml")
    assert str(caught.value) == "some/file.toml: participant.name: missing or empty"


# ---------------------------------------------------------------- editing


def test_score_skip_and_clear_stay_exclusive(framework):
    s = new_session(framework, "  Test\x1b Person ", "Org\n", "strategic", "Lead")
    assert s.participant == Participant("Test Person", "Org", "strategic", "Lead")
    assert s.created == s.updated and s.created.tzinfo is dt.timezone.utc
    s.set_score("locality", 3)
    s.skip("locality")
    assert s.state("locality") == SKIPPED and "locality" not in s.scores
    s.set_score("locality", 2)
    assert s.state("locality") == 2 and "locality" not in s.skipped
    s.set_score("locality.2", 5)
    assert s.indicators == {"locality.2": 5} and s.scores == {"locality": 2}
    s.clear("locality.2")
    s.skip("leadership.1")
    s.clear("leadership.1")
    assert s.state("locality.2") is None and s.skipped == []
    s.set_text("evidence", "locality", " \x1b[2Jhello\u202e ")
    assert s.evidence == {"locality": "[2Jhello"}
    s.set_text("evidence", "locality", "  ")
    assert s.evidence == {}
    assert comparable(reparse(s, framework)) == comparable(s)


def test_dump_orders_items_as_the_framework_does(framework):
    s = new_session(framework, "Order")
    for enabler in reversed(framework.enablers):
        s.set_score(enabler.id, 3)
    s.skip("locality.3")
    s.skip("leadership.2")
    doc = session_to_dict(s, framework)
    assert list(doc)[:3] == ["format", "format_version", "framework"]
    assert list(doc["scores"]) == [e.id for e in framework.enablers]
    assert doc["skipped"] == ["leadership.2", "locality.3"]


# ---------------------------------------------------------------- round trip (hypothesis)

SPECIAL = st.sampled_from(
    [
        "[",
        "]",
        "[/",
        "[/b]",
        "[TODO]",
        "[@click=app.quit]x",
        '"',
        "'",
        '"""',
        "'''",
        "\\",
        "\\n",
        "\\u0000",
        "😀",
        "👩🏽‍⚕️",
        "🏳️‍🌈",
        "Ελληνικά",
        "Українська",
        "العربية",
        "עברית",
        "中文",
        "日本語",
        "한국어",
        "हिन्दी",
        "ગુજરાતી",
        "\t",
        "\n",
        "\r\n",
        "\x1b[31m",
        "\x9b2J",
        "\u202e",
        "\x00",
        "\x7f",
        "#",
        "=",
        "$",
        "{",
        "}",
        " ",
    ]
)
TEXT = st.lists(st.one_of(SPECIAL, st.text(max_size=8)), max_size=12).map("".join)


@st.composite
def sessions(draw, framework):
    enablers = [e.id for e in framework.enablers]
    indicators = [i.id for i in framework.indicators]
    themes = [t.id for t in framework.themes]
    ids = enablers + indicators
    skipped = draw(st.lists(st.sampled_from(ids), unique=True, max_size=6))
    scorable = st.sampled_from([i for i in ids if i not in skipped])
    scored = draw(st.dictionaries(scorable, st.integers(1, 5), max_size=20))
    name = draw(TEXT.filter(lambda t: one_line(t) != ""))
    return Session(
        framework_id=framework.id,
        participant=Participant(
            name, draw(TEXT), draw(st.sampled_from(["", "strategic", "operational"])), draw(TEXT)
        ),
        scores={k: v for k, v in scored.items() if "." not in k},
        indicators={k: v for k, v in scored.items() if "." in k},
        skipped=skipped,
        evidence=draw(st.dictionaries(st.sampled_from(enablers), TEXT, max_size=4)),
        reflections=draw(st.dictionaries(st.sampled_from(themes), TEXT, max_size=3)),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_round_trip_keeps_everything_after_cleaning(framework, data):
    original = data.draw(sessions(framework))
    loaded = reparse(original, framework)
    p = original.participant
    assert loaded.participant == Participant(
        one_line(p.name), one_line(p.organisation), p.level, one_line(p.role)
    )
    assert loaded.scores == original.scores and loaded.indicators == original.indicators
    assert loaded.skipped == [i for i in session_to_dict(original, framework).get("skipped", [])]
    assert sorted(loaded.skipped) == sorted(original.skipped)
    for table in ("evidence", "reflections"):
        expected = {k: clean_text(v).strip() for k, v in getattr(original, table).items()}
        assert getattr(loaded, table) == {k: v for k, v in expected.items() if v}
    # cleaned text survives a second save unchanged
    assert comparable(reparse(loaded, framework)) == comparable(loaded)


EXTRA_VALUES = st.recursive(
    st.one_of(
        st.integers(-(10**6), 10**6), st.booleans(), TEXT, st.floats(allow_nan=False), st.dates()
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.text(min_size=1, max_size=5), inner, max_size=3),
    ),
    max_leaves=8,
)


@settings(max_examples=40, deadline=None)
@given(
    extra=st.dictionaries(
        st.text(min_size=1, max_size=10).filter(
            lambda k: (
                k
                not in {
                    "format",
                    "format_version",
                    "framework",
                    "skipped",
                    "participant",
                    "scores",
                    "indicators",
                    "evidence",
                    "reflections",
                    "created",
                    "updated",
                }
            )
        ),
        EXTRA_VALUES,
        max_size=4,
    )
)
def test_unknown_keys_round_trip_unchanged(framework, extra):
    s = new_session(framework, "Extra")
    s.extra = dict(extra)
    loaded = reparse(s, framework)
    # kept as they were, except that tomli-w writes CRLF inside a multi-line string as LF
    assert loaded.extra == _lf(extra)
    assert len(loaded.warnings) == len(extra)


def _lf(value):
    if isinstance(value, str):
        return value.replace("\r\n", "\n") if "\n" in value else value
    if isinstance(value, list):
        return [_lf(v) for v in value]
    if isinstance(value, dict):
        return {k: _lf(v) for k, v in value.items()}
    return value


# ---------------------------------------------------------------- SessionFile


def test_session_file_save_reload_and_keep_created(tmp_path, data_dir, framework):
    path = tmp_path / "full.toml"
    path.write_bytes((data_dir / "good" / "full.toml").read_bytes())
    file = SessionFile.open(path, framework)
    created = file.session.created
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    file.session.set_score("single-service", 1)
    file.save()
    file.session.set_text("evidence", "single-service", "Second save, no false conflict.")
    file.save()
    again = load_session(path, framework)
    assert again.scores["single-service"] == 1 and "single-service" not in again.skipped
    assert again.evidence["single-service"] == "Second save, no false conflict."
    assert again.created == created
    assert before <= again.updated <= dt.datetime.now(dt.timezone.utc)


def test_session_file_refuses_to_overwrite_an_outside_change(tmp_path, data_dir, framework):
    path = tmp_path / "minimal.toml"
    path.write_bytes((data_dir / "good" / "minimal.toml").read_bytes())
    file = SessionFile.open(path, framework)
    theirs = path.read_bytes() + b"\n[scores]\nlocality = 5\n"
    path.write_bytes(theirs)
    file.session.set_score("leadership", 2)
    with pytest.raises(ConflictError) as caught:
        file.save()
    assert path.read_bytes() == theirs
    copy = Path(caught.value.copy_path)
    assert copy.parent == tmp_path and copy.name.startswith("minimal.conflict-")
    assert load_session(copy, framework).scores == {"leadership": 2}
    assert str(copy) in caught.value.line()


def test_create_never_clobbers_and_follows_umask(tmp_path, framework):
    old = os.umask(0o027)
    try:
        first = SessionFile.create(
            tmp_path / "new", new_session(framework, "Zoë Ó Briain"), framework
        )
        second = SessionFile.create(
            tmp_path / "new", new_session(framework, "Zoe O'Briain"), framework
        )
    finally:
        os.umask(old)
    assert first.path.name == "zoe-o-briain.toml"
    assert second.path.name == "zoe-o-briain-2.toml"
    assert load_session(first.path, framework).participant.name == "Zoë Ó Briain"
    assert load_session(second.path, framework).participant.name == "Zoe O'Briain"
    assert first.path.stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize(
    "name, slug",
    [
        ("Amina Khan", "amina-khan"),
        ("../../etc/passwd", "etc-passwd"),
        ("阮", "participant"),
        ("  --Ann--  ", "ann"),
        ("x" * 100, "x" * 60),
        ("Ann\x1b[2J", "ann-2j"),
    ],
)
def test_slugify_gives_safe_file_names(name, slug):
    assert slugify(name) == slug
