"""The security suite's real accounts: one group and three users per test process, and for each
test a fresh team of them (new empty homes and shared folder), overriding tests/conftest.py's
`team`, which makes and removes the accounts for every test (about a second each)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.support.accounts import NEEDS_ROOT, make_team, remove_team, team_in


@pytest.fixture(scope="session")
def accounts():
    """The group and users (alice, bob, facilitator), removed when the run ends."""
    if os.geteuid() != 0:
        pytest.skip(NEEDS_ROOT)
    base = Path(tempfile.mkdtemp(prefix="bb-team-"))
    made = make_team(base)
    try:
        yield made
    finally:
        remove_team(made)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def team(accounts):
    """The accounts with new, empty homes and a new shared folder (mode 3775) of this test's own,
    in its own folder under /tmp (pytest's own temp root is private to root)."""
    base = Path(tempfile.mkdtemp(prefix="bb-team-"))
    try:
        yield team_in(accounts, base)
    finally:
        shutil.rmtree(base, ignore_errors=True)
