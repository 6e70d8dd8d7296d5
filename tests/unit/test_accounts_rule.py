"""Accounts are identity on a shared folder: the core rule (core.collection, core.stats).

Owners are given to loaded files directly (no root needed); tests/security/test_accounts.py runs
the same rule with real accounts. Uids 4242001.. are chosen to name no account, so they show as
"user 4242001" (the fallback when the password database does not know a uid).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from bb_tui.core.collection import (
    NOT_CHOSEN,
    SAME_PARTICIPANT,
    Collection,
    LoadedSession,
    account_name,
    collect,
    load_one,
)
from bb_tui.core.partnership import (
    PartnershipError,
    dump_partnership,
    parse_partnership,
)
from bb_tui.core.stats import compute
from bb_tui.render.text import merge_report
from bb_tui.storage.tomlio import parse_toml_bytes
from tests.unit.test_merge import write

ALICE, MALLORY, FACIL = 4242001, 4242002, 4242003
NOW = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def owned(path: Path, framework, owner: int) -> LoadedSession:
    loaded = load_one(path, framework)
    assert isinstance(loaded, LoadedSession), loaded
    return loaded.replace(owner=owner)


def assemble(*items: LoadedSession) -> Collection:
    return Collection(tuple(items)).union(Collection())


def alice_and_a_forgery(tmp_path: Path, framework, ahead: dt.timedelta) -> Collection:
    """Alice's own file, and mallory's copy with her name and organisation stamped `ahead`."""
    own = write(tmp_path, "alice", framework, name="Alice Smith", scores={"leadership": 4},
                updated=NOW - dt.timedelta(hours=1))  # fmt: skip
    forged = write(tmp_path, "zz-alice", framework, name="alice  SMITH", scores={"leadership": 1},
                   updated=NOW + ahead)  # fmt: skip
    return assemble(owned(own, framework, ALICE), owned(forged, framework, MALLORY))


def test_the_account_is_the_owner_of_the_handle_read(framework, tmp_path):
    path = write(tmp_path, "amina", framework, scores={"leadership": 4})
    [item] = collect([tmp_path], framework).participants
    assert item.owner == os.stat(path).st_uid == os.getuid()


def test_an_unknown_uid_is_named_by_its_number():
    assert account_name(ALICE) == f"user {ALICE}"
    assert account_name(os.getuid()) != ""


@pytest.mark.parametrize(
    "ahead",
    [dt.timedelta(minutes=4), dt.timedelta(days=3650), -dt.timedelta(days=30)],
    ids=["4 minutes ahead", "far future", "past"],
)
def test_another_accounts_copy_never_displaces_a_persons_file_whatever_its_stamp(
    framework, tmp_path, ahead
):
    c = alice_and_a_forgery(tmp_path, framework, ahead)
    assert c.participants == () and c.duplicates == ()
    [claim] = c.claims
    assert claim.accounts == (f"user {ALICE}", f"user {MALLORY}")
    assert [Path(f.path).name for f in claim.files] == ["alice.toml", "zz-alice.toml"]
    results = compute(c, framework, me=FACIL)
    assert results.participants == 0 and results.enablers["leadership"].n == 0
    report = merge_report(results)
    line = f"Alice Smith is claimed by two accounts: user {ALICE}, user {MALLORY}"
    assert line in report.replace("\n", " ")
    assert f"  {line}\n    {tmp_path / 'alice.toml'} (account user {ALICE})\n" in report


def test_within_one_account_the_newer_stamp_still_wins(framework, tmp_path):
    old = write(tmp_path, "alice", framework, name="Alice Smith", scores={"leadership": 4},
                updated=NOW - dt.timedelta(days=2))  # fmt: skip
    new = write(tmp_path, "alice-2", framework, name="Alice Smith", scores={"leadership": 2},
                updated=NOW - dt.timedelta(days=1))  # fmt: skip
    c = assemble(owned(old, framework, ALICE), owned(new, framework, ALICE))
    assert [p.path for p in c.participants] == [str(new)]
    [dup] = c.duplicates
    assert dup.rule == SAME_PARTICIPANT and dup.dropped.path == str(old)
    assert "which is counted (updated more recently)" in dup.reason()


def test_the_newest_of_each_account_stands_for_it_in_a_claim(framework, tmp_path):
    one = {"leadership": 3}
    a1 = write(tmp_path, "a1", framework, name="Alice Smith", scores=one,
               updated=NOW - dt.timedelta(days=2))  # fmt: skip
    a2 = write(tmp_path, "a2", framework, name="Alice Smith", scores=one,
               updated=NOW - dt.timedelta(days=1))  # fmt: skip
    m = write(tmp_path, "m", framework, name="Alice Smith", scores=one, updated=NOW)
    c = assemble(*(owned(p, framework, u) for p, u in ((a1, ALICE), (a2, ALICE), (m, MALLORY))))
    [claim] = c.claims
    assert [f.path for f in claim.files] == [str(a2), str(m)]
    [dup] = c.duplicates
    assert dup.dropped.path == str(a1) and dup.claimed
    assert dup.reason() == f"same participant and account as {a2} (updated more recently)"
    assert c.files_read == 3


def test_the_facilitators_choice_counts_that_accounts_file(framework, tmp_path):
    c = alice_and_a_forgery(tmp_path, framework, dt.timedelta(minutes=4))
    chosen = c.chosen([("ALICE smith", "Council", f"user {ALICE}")])
    assert chosen.claims == ()
    assert [Path(p.path).name for p in chosen.participants] == ["alice.toml"]
    [dup] = chosen.duplicates
    assert dup.rule == NOT_CHOSEN and Path(dup.dropped.path).name == "zz-alice.toml"
    assert "whose account the facilitator chose" in dup.reason()
    results = compute(c, framework, choices=[("Alice Smith", "Council", f"user {ALICE}")])
    assert results.enablers["leadership"].mean == 4


def test_a_choice_naming_no_claimants_account_changes_nothing(framework, tmp_path):
    c = alice_and_a_forgery(tmp_path, framework, dt.timedelta(minutes=4))
    assert len(c.chosen([("Alice Smith", "Council", "eve")]).claims) == 1
    assert len(c.chosen([("Bob Jones", "Council", f"user {ALICE}")]).claims) == 1


def test_the_choice_comes_from_the_partnership_file(framework, tmp_path):
    c = alice_and_a_forgery(tmp_path, framework, dt.timedelta(minutes=4))
    text = (
        'format = "bb-partnership"\nformat_version = 1\n'
        f'framework = "{framework.id}"\n\n[[same_person]]\nname = "Alice Smith"\n'
        f'organisation = "Council"\naccount = "user {MALLORY}"\nnote = "she asked"\n'
    )
    partnership = parse_partnership(parse_toml_bytes(tmp_path / "p.toml", text.encode()), framework)
    assert partnership.choices() == [("Alice Smith", "Council", f"user {MALLORY}")]
    assert any("same_person[1].note" in w for w in partnership.warnings)
    again = dump_partnership(partnership, framework)
    assert b'account = "user 4242002"' in again and b'note = "she asked"' in again
    results = compute(c, framework, partnership=partnership)
    assert [p.file for p in results.people] == [str(tmp_path / "zz-alice.toml")]


@pytest.mark.parametrize(
    "table, problem",
    [
        ('same_person = "alice"', "same_person: must be a list of tables ([[same_person]])"),
        ('[[same_person]]\nname = "Alice Smith"', "same_person[1].account: missing or empty"),
        ('[[same_person]]\naccount = "alice"', "same_person[1].name: missing or empty"),
        ('[[same_person]]\nname = 3\naccount = "a"', "same_person[1].name: must be text"),
    ],
)
def test_a_broken_choice_is_one_line_naming_the_key(framework, tmp_path, table, problem):
    text = f'format = "bb-partnership"\nformat_version = 1\nframework = "{framework.id}"\n{table}\n'
    with pytest.raises(PartnershipError) as caught:
        parse_partnership(parse_toml_bytes(tmp_path / "p.toml", text.encode()), framework, "p")
    assert caught.value.line() == f"p: {problem}"


def test_an_account_writing_for_several_people_is_named_once(framework, tmp_path):
    def session(stem: str, name: str, owner: int) -> LoadedSession:
        path = write(tmp_path, stem, framework, name=name, scores={"leadership": 3})
        return owned(path, framework, owner)

    items = [session(f"inv{n}", f"Invented {n}", MALLORY) for n in range(20)]
    items.append(session("mallory", "Mallory", MALLORY))
    # one person's two files are one person; the facilitator's own account (browser seats) is
    # never remarked on
    items += [session(f"alice{n}", "Alice Smith", ALICE) for n in range(2)]
    items += [session(f"seat{n}", f"Seat {n}", FACIL) for n in range(3)]
    c = assemble(*items)
    assert c.writers(FACIL) == ((MALLORY, 21),)
    results = compute(c, framework, me=FACIL)
    assert results.writers == ((f"user {MALLORY}", 21),)
    report = merge_report(results)
    assert report.count("wrote") == 1
    assert f"user {MALLORY}'s account wrote 21 sessions." in report.splitlines()
    data = results.to_json()
    assert data["accounts_writing_for_others"] == [{"account": f"user {MALLORY}", "sessions": 21}]
    anonymous = merge_report(compute(c, framework, me=FACIL, anonymous=True))
    assert "One account wrote 21 sessions." in anonymous and "user " not in anonymous


def test_several_accounts_name_the_account_behind_each_file(framework, tmp_path):
    one = {"leadership": 3}
    a = owned(write(tmp_path, "alice", framework, name="Alice Smith", scores=one), framework, ALICE)
    b = owned(write(tmp_path, "bob", framework, name="Bob Jones", scores=one), framework, MALLORY)
    results = compute(assemble(a, b), framework, me=FACIL)
    assert results.accounts == (f"user {ALICE}", f"user {MALLORY}")
    data = results.to_json()
    assert [p["account"] for p in data["people"]] == [f"user {ALICE}", f"user {MALLORY}"]
    assert f"[{tmp_path / 'bob.toml'} (account user {MALLORY})]" in merge_report(results)
    anonymous = compute(assemble(a, b), framework, me=FACIL, anonymous=True)
    assert "accounts" not in anonymous.to_json() and "(account " not in merge_report(anonymous)


def test_a_claim_in_anonymous_mode_names_no_one(framework, tmp_path):
    c = alice_and_a_forgery(tmp_path, framework, dt.timedelta(minutes=4))
    results = compute(c, framework, me=FACIL, anonymous=True)
    report = merge_report(results)
    assert "Alice" not in report and "user " not in report and "alice.toml" not in report
    assert "A participant is claimed by two accounts" in report
    assert "claimed file 1" in report and "claimed file 2" in report
    assert json.dumps(results.to_json()).count("Alice") == 0


def test_a_single_account_folder_shows_exactly_what_it_did(framework, demo_dir):
    c = collect([demo_dir], framework)
    assert len(c.accounts) == 1
    data = compute(c, framework).to_json()
    for key in ("accounts", "claimed", "accounts_writing_for_others"):
        assert key not in data
    assert all("account" not in p for p in data["people"])
    assert all("account" not in row for row in data["ignored"])
    assert "(account " not in merge_report(compute(c, framework))


def test_when_everyone_is_claimed_group_results_say_why_nobody_counts(framework, tmp_path):
    from bb_tui.tui.screens.group.results.empty import nothing_merged

    c = alice_and_a_forgery(tmp_path, framework, dt.timedelta(minutes=4))
    why = nothing_merged([tmp_path], c)
    assert why == (
        f"No session could be merged: every person in {tmp_path} is claimed by more than one "
        "account; see Files (6)."
    )


def test_a_report_of_a_folder_where_everyone_is_claimed_says_so(framework, tmp_path):
    from bb_tui.core.rounds import RoundError, load_round

    if os.geteuid() != 0:
        pytest.skip("needs root to give a file to another account")
    a = write(tmp_path, "alice", framework, name="Alice Smith", scores={"leadership": 4})
    b = write(tmp_path, "zz", framework, name="Alice Smith", scores={"leadership": 2})
    os.chown(b, ALICE, -1)
    with pytest.raises(RoundError) as caught:
        load_round([tmp_path], framework)
    assert "everyone is claimed by more than one account" in caught.value.line()
    assert os.stat(a).st_uid != ALICE
