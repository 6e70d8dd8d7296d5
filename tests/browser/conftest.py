"""Browser tests: skipped, with the reason, where Chromium or Playwright is missing
(.ci/run installs both, and sets BB_TUI_BROWSER_TESTS=required: there they fail instead).

Each test file has one Chromium and one `bb-tui serve` (`served`) for its tests; each test gets
a new browser context (no page, cookie or cache of another test's) and finds the server with no
app running and every session as in the demo (`shared`). A test that stops, kills or limits its
server has one of its own (`seats`)."""

from __future__ import annotations

import os

import pytest

from tests.browser.seat import Seats, missing, start_chromium, wait_for


def needed() -> None:
    """Skip (or, where the tests are required, fail) when the browser tests cannot run here."""
    why = missing()
    if why and os.environ.get("BB_TUI_BROWSER_TESTS") == "required":  # set by .ci/run
        pytest.fail(f"browser tests required here, but {why}")
    if why:
        pytest.skip(why)


@pytest.fixture
def seats(tmp_path):
    """A server of the test's own (not started: the test starts it, with its own arguments)."""
    needed()
    seats = Seats(tmp_path)
    yield seats
    seats.stop()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """One `bb-tui serve` for the test file (its warm start made once, not once a test)."""
    needed()
    seats = Seats(tmp_path_factory.mktemp("served"))
    seats.start()
    yield seats
    seats.stop()


@pytest.fixture
def shared(served):
    """The file's server, as a new one is: no app still running (the last test's tab has closed
    and its app saved and ended), every session file as in the demo."""
    assert served.server is not None and served.server.poll() is None, served.output()
    assert wait_for(lambda: served.apps() == [], 15), "an earlier test's app still runs"
    served.restore()
    return served


@pytest.fixture(scope="module")
def chromium():
    """One Chromium for the test file: starting it was most of a short test's time."""
    needed()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = start_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture
def browser(chromium):
    """A new context of its own for each test: no page, cookie or cache left by another."""
    context = chromium.new_context(viewport={"width": 1100, "height": 700})
    yield context
    context.close()
