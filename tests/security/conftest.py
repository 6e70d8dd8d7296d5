"""The shared-server tests: real users made per test when root, skipped with the reason when not."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.support.accounts import NEEDS_ROOT, make_team, remove_team


@pytest.fixture
def team():
    """A fresh team (group, alice, bob, facilitator, shared folder); removed after the test.

    It lives in its own folder under /tmp (pytest's own temp root is private to root)."""
    if os.geteuid() != 0:
        pytest.skip(NEEDS_ROOT)
    base = Path(tempfile.mkdtemp(prefix="bb-team-"))
    team = make_team(base)
    try:
        yield team
    finally:
        remove_team(team)
        shutil.rmtree(base, ignore_errors=True)
