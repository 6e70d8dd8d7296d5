"""The optional [participant] sector: read, checked against the framework's sectors, written back."""

from __future__ import annotations

from pathlib import Path

import pytest

from bb_tui.core.session import (
    Participant,
    dump_session,
    new_session,
    parse_session,
)
from bb_tui.storage.errors import SessionError
from bb_tui.storage.tomlio import parse_toml_bytes


def _data(framework, **person) -> dict:
    return {
        "format": "bb-session",
        "format_version": 1,
        "framework": framework.id,
        "participant": {"name": "Zoe Fairbairn", **person},
    }


def test_sector_is_read_and_written_back(framework):
    s = parse_session(
        _data(framework, organisation="Riverside Council", sector="local-authority"), framework
    )
    assert s.participant.sector == "local-authority" and s.warnings == []
    text = dump_session(s, framework).decode("utf-8")
    assert 'sector = "local-authority"' in text
    again = parse_session(parse_toml_bytes(Path("<dump>"), text.encode("utf-8")), framework)
    assert again.participant == s.participant


def test_an_older_file_without_a_sector_has_none(framework):
    s = parse_session(_data(framework, level="strategic"), framework)
    assert s.participant.sector == ""
    assert "sector" not in dump_session(s, framework).decode("utf-8")


@pytest.mark.parametrize(
    "value, expected",
    [
        (
            "police",
            "participant.sector: 'police' is not a sector of this framework (local-authority, "
            "health, early-education, voluntary-community, other)",
        ),
        (3, "participant.sector: must be text"),
        ("Health", "participant.sector: 'Health' is not a sector of this framework"),
    ],
)
def test_an_unknown_sector_is_one_line(framework, value, expected):
    with pytest.raises(SessionError) as caught:
        parse_session(_data(framework, sector=value), framework, "x.toml")
    line = caught.value.line()
    assert line.startswith("x.toml: " + expected) and "\n" not in line


def test_new_session_takes_a_sector(framework):
    s = new_session(framework, "Zoe", "Org", "operational", sector="health")
    assert s.participant == Participant("Zoe", "Org", "operational", "", "health")


def test_set_profile_cleans_and_checks(framework):
    s = new_session(framework, "Zoe", "Org", "operational")
    s.set_profile(
        framework,
        name=" Zoe\x1b  Fair ",
        organisation="New\norg",
        level="strategic",
        sector="early-education",
    )
    assert s.participant == Participant("Zoe Fair", "New org", "strategic", "", "early-education")
    with pytest.raises(ValueError):
        s.set_profile(framework, name=" ", organisation="", level="", sector="")
    with pytest.raises(ValueError):
        s.set_profile(framework, name="Zoe", organisation="", level="manager", sector="")
    with pytest.raises(ValueError):
        s.set_profile(framework, name="Zoe", organisation="", level="", sector="police")
    assert s.participant.name == "Zoe Fair"
