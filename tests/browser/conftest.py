"""Browser tests: skipped, with the reason, where Chromium or Playwright is missing
(.ci/run installs both)."""

from __future__ import annotations

import os

import pytest

from tests.browser.seat import Seats, missing, start_chromium


@pytest.fixture
def seats(tmp_path):
    why = missing()
    if why and os.environ.get("BB_TUI_BROWSER_TESTS") == "required":  # set by .ci/run
        pytest.fail(f"browser tests required here, but {why}")
    if why:
        pytest.skip(why)
    seats = Seats(tmp_path)
    yield seats
    seats.stop()


@pytest.fixture(scope="module")
def chromium():
    """One Chromium for the test file: starting it was most of a short test's time."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = start_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture
def browser(seats, chromium):
    """A new context of its own for each test: no page, cookie or cache left by another."""
    context = chromium.new_context(viewport={"width": 1100, "height": 700})
    yield context
    context.close()
