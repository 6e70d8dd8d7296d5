"""Browser tests: skipped, with the reason, where Chromium or Playwright is missing
(.ci/run installs both, and sets BB_TUI_BROWSER_TESTS=required: there they fail instead).

The browser tests of a file share one Chromium, and those of each xdist worker one `bb-tui serve` (`served`):
each test gets a new browser context (no page, cookie or cache of another test's) and finds
the server with no app running and every session as in the demo (`shared`). A test that stops,
kills or limits its server has one of its own (`seats`)."""

from __future__ import annotations

import os

import pytest

from tests.browser.seat import (
    PLAIN_FACILITATOR,
    PLAIN_JOANNE,
    Seats,
    missing,
    start_chromium,
    wait_for,
)


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


@pytest.fixture(scope="session")
def served(tmp_path_factory):
    """One `bb-tui serve` for the browser tests (its warm start made once, not once a test).

    Joanne's plain link and the facilitator's plain link (`links[PLAIN_...]`) are made before
    it starts: the new full facilitator's link it makes leaves the plain one working."""
    needed()
    seats = Seats(tmp_path_factory.mktemp("served"))
    joanne = str(seats.sessions / "joanne-hallett.toml")
    seats.links[PLAIN_JOANNE] = seats.plain_link("--link", joanne)
    seats.links[PLAIN_FACILITATOR] = seats.plain_link("--facilitator-link")
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
    """One Chromium per test file: starting it was most of a short test's time. Not one per
    session: Playwright's sync API keeps its event loop running in the worker's thread while it is
    open, and every Pilot test after it in that worker failed on asyncio.run()."""
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
