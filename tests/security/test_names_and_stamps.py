"""Invisible characters in names, and `updated` stamps from the future (issue 9, parts 5 and 6)."""

from __future__ import annotations

import datetime as dt
import os
import sys
import unicodedata
from pathlib import Path

import pytest

from bb_tui.cli.main import main
from bb_tui.core.collection import FUTURE_SLACK, SAME_PARTICIPANT, collect
from bb_tui.core.session import load_session
from bb_tui.storage.errors import SessionError
from bb_tui.storage.textsafe import clean_text, one_line
from tests.support.accounts import cli_as, own
from tests.support.piloting import run_test, workers_done

FUTURE_LINE = "updated 2099-01-01T00:00:00Z is in the future; not used to choose between copies"


def session_text(
    name: str = "Amina Okafor",
    organisation: str = "Riverside Council",
    role: str = "",
    updated: str | None = None,
    scores: str = "leadership = 3",
    evidence: str | None = None,
) -> str:
    """A session file written by hand, so that escapes reach the loader exactly as given."""
    head = [
        'format = "bb-session"',
        "format_version = 1",
        'framework = "beyond-boundaries-london-2022"',
    ]
    if updated is not None:
        head.append(f"updated = {updated}")
    lines = [*head, "", "[participant]", f'name = "{name}"', f'organisation = "{organisation}"']
    if role:
        lines.append(f'role = "{role}"')
    lines += ["", "[scores]", scores]
    if evidence is not None:
        lines += ["", "[evidence]", f'leadership = "{evidence}"']
    return "\n".join(lines) + "\n"


def put(folder: Path, stem: str, text: str) -> Path:
    path = folder / f"{stem}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def every_format_character() -> list[str]:
    return [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]


# ---------------------------------------------------------------- invisible characters


def test_a_name_of_only_invisible_characters_is_an_empty_name(tmp_path, framework):
    path = put(tmp_path, "ghost", session_text(name="\\u200b\\u2060\\ufeff\\u00ad"))
    with pytest.raises(SessionError) as caught:
        load_session(path, framework)
    assert caught.value.line() == f"{path}: participant.name: missing or empty"


def test_an_invisible_character_does_not_make_a_second_participant(tmp_path, framework):
    put(tmp_path, "amina", session_text(updated="2026-03-01T09:00:00Z"))
    put(
        tmp_path,
        "amina-again",
        session_text(
            name="Amina\\u200b Oka\\u00adfor\\u2060",
            organisation="Riverside\\u200d Council",
            updated="2026-03-02T09:00:00Z",
            scores="leadership = 5",
        ),
    )
    c = collect([tmp_path], framework)
    assert [p.session.participant.name for p in c.participants] == ["Amina Okafor"]
    assert c.participants[0].session.scores == {"leadership": 5}
    assert [d.rule for d in c.duplicates] == [SAME_PARTICIPANT]


def test_names_organisations_and_roles_lose_every_format_character(tmp_path, framework):
    path = put(
        tmp_path,
        "p",
        session_text(
            name="\\u202aPriya\\u200e \\U000e0041Shah\\u200f",
            organisation="NHS\\u2061 Trust\\ufeff",
            role="Health\\u200c visitor\\u061c",
        ),
    )
    p = load_session(path, framework).participant
    assert (p.name, p.organisation, p.role) == ("Priya Shah", "NHS Trust", "Health visitor")


def test_every_format_character_is_stripped_from_one_line_text():
    cf = every_format_character()
    assert len(cf) > 150
    assert one_line("a" + "".join(cf) + "b") == "ab"
    left = [hex(ord(c)) for c in cf if clean_text(f"x{c}y") not in ("xy", f"x{c}y")]
    assert left == []


def test_long_text_keeps_emoji_joiners_but_loses_other_invisibles():
    family = "\U0001f469\u200d\U0001f469\u200d\U0001f467"  # a ZWJ emoji sequence
    england = "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"
    text = f"Met {family}\u200b and {england}\u2060; \u00adsoft\ufeff; {chr(0xE0041)}hidden"
    assert clean_text(text) == f"Met {family} and {england}; soft; hidden"
    assert clean_text("\u0645\u200c\u0646") == "\u0645\u200c\u0646"  # ZWNJ in Persian text
    assert one_line(family) == "\U0001f469\U0001f469\U0001f467"


def test_evidence_keeps_its_emoji_sequence(tmp_path, framework):
    path = put(
        tmp_path,
        "e",
        session_text(
            evidence="Parents \\U0001F468\\u200d\\U0001F469\\u200d\\U0001F467 said so\\u200b."
        ),
    )
    assert load_session(path, framework).evidence == {
        "leadership": "Parents \U0001f468\u200d\U0001f469\u200d\U0001f467 said so."
    }


# ---------------------------------------------------------------- stamps from the future


def test_a_future_stamp_does_not_win_over_the_real_file(tmp_path, framework):
    real = put(
        tmp_path, "amina", session_text(updated="2026-03-01T09:00:00Z", scores="leadership = 4")
    )
    planted = put(
        tmp_path,
        "amina-copy",
        session_text(updated="2099-01-01T00:00:00Z", scores="leadership = 1"),
    )
    c = collect([tmp_path], framework)
    assert [p.path for p in c.participants] == [str(real)]
    [dup] = c.duplicates
    assert dup.dropped.path == str(planted)
    assert "in the future" in dup.reason() and "\n" not in dup.reason()
    assert c.warnings() == [f"{planted}: {FUTURE_LINE}"]


def test_a_future_stamp_counts_as_no_stamp(tmp_path, framework):
    """With no trusted stamp on either side the next rule decides: more items answered."""
    fuller = put(tmp_path, "b", session_text(scores="leadership = 4\nlocality = 2"))
    put(tmp_path, "a", session_text(updated="2099-01-01T00:00:00Z"))
    assert [p.path for p in collect([tmp_path], framework).participants] == [str(fuller)]


def test_a_stamp_a_little_ahead_is_still_trusted(tmp_path, framework):
    soon = dt.datetime.now(dt.timezone.utc) + FUTURE_SLACK - dt.timedelta(minutes=1)
    put(
        tmp_path,
        "a",
        session_text(updated="2026-03-01T09:00:00Z", scores="leadership = 4\nlocality = 2"),
    )
    ahead = put(tmp_path, "b", session_text(updated=soon.strftime("%Y-%m-%dT%H:%M:%SZ")))
    c = collect([tmp_path], framework)
    assert [p.path for p in c.participants] == [str(ahead)] and c.warnings() == []
    assert dt.timedelta(minutes=5) == FUTURE_SLACK


def test_validate_and_merge_say_so_in_one_line(tmp_path, capsys):
    planted = put(tmp_path, "amina", session_text(updated="2099-01-01T00:00:00Z"))
    assert main(["validate", str(planted)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [f"{planted}: ok", f"  warning: {planted}: {FUTURE_LINE}"]
    assert main(["merge", str(tmp_path)]) == 0
    assert f"warning: {planted}: {FUTURE_LINE}" in capsys.readouterr().err.splitlines()


async def test_group_results_in_the_app_list_the_same_line(tmp_path, framework):
    from bb_tui.tui.app import BBApp
    from bb_tui.tui.screens.group.results import ResultsScreen
    from tests.support.piloting import screen_text

    put(tmp_path, "amina", session_text(updated="2026-03-01T09:00:00Z"))
    planted = put(tmp_path, "zz", session_text(updated="2099-01-01T00:00:00Z"))
    app = BBApp(framework, tmp_path, cursor_blink=False, ascii=True)
    async with run_test(app, size=(200, 50)) as pilot:
        await pilot.pause()
        await pilot.press("f4")
        for _ in range(4):
            await workers_done(app)
            await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        await pilot.press("6")
        await pilot.pause()
        text = screen_text(app)
    assert f"{planted}: {FUTURE_LINE}" in text
    assert "in the future, so not used" in text


# ---------------------------------------------------------------- as real users


def test_bobs_planted_copy_and_link_do_not_change_the_facilitators_merge(team):
    shared = team.shared
    real = own(
        put(
            shared,
            "amina-okafor",
            session_text(updated="2026-03-01T09:00:00Z", scores="leadership = 4"),
        ),
        team.alice,
        0o664,
    )
    planted = own(
        put(
            shared,
            "amina-okafor-2",
            session_text(
                name="Amina\\u200b Okafor", updated="2099-01-01T00:00:00Z", scores="leadership = 1"
            ),
        ),
        team.bob,
        0o664,
    )
    secret = own(
        put(
            team.facil.home,
            "private",
            session_text(name="Facilitator Only", scores="leadership = 2"),
        ),
        team.facil,
        0o600,
    )
    link = shared / "notes.toml"
    link.symlink_to(secret)
    own(link, team.bob)

    outcome = cli_as(team.facil, ["merge", str(shared), "--json"])
    assert outcome.rc == 1, outcome  # nobody counted: see below
    import json

    result = json.loads(outcome.out)
    # bob's copy is another account's: it never displaces alice's file, whatever its stamp, and
    # neither counts until the facilitator chooses (tests/security/test_accounts.py)
    assert result["people"] == [] and result["duplicates"] == []
    [claim] = result["claimed"]
    assert claim["accounts"] == [team.alice.name, team.bob.name]
    assert [f["file"] for f in claim["files"]] == [str(real), str(planted)]
    assert result["enablers"]["leadership"]["n"] == 0
    assert result["rejected"] == [  # not opened, so no account is named for it
        {"file": str(link), "error": "a link made by another user; not read"}
    ]
    assert f"warning: {planted}: {FUTURE_LINE}" in outcome.err.splitlines()
    assert "Traceback" not in outcome.err
    assert os.stat(secret).st_mode & 0o777 == 0o600
