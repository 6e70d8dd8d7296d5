"""Browser tests: skipped, with the reason, where Chromium or Playwright is missing
(.ci/run installs both)."""

from __future__ import annotations

import os

import pytest

from tests.browser.seat import Seats, launch, missing


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


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = launch(playwright)
        yield context
        context.close()
