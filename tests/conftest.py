"""Shared fixtures: the bundled framework and the paths tests read from."""

from __future__ import annotations

from pathlib import Path

import pytest

from bb_tui.framework import BUNDLED_FRAMEWORK, Framework, load_framework

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"


@pytest.fixture(scope="session")
def framework() -> Framework:
    """The bundled Beyond Boundaries framework, loaded once."""
    return load_framework(BUNDLED_FRAMEWORK)


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """tests/data: good/ and hostile/ session files, frameworks/, expected-errors.toml."""
    return DATA


@pytest.fixture(scope="session")
def demo_dir() -> Path:
    return REPO / "sessions" / "demo"
