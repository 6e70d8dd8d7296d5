"""The browser seat's page for people: the first key reaches the app with no click (on load and
after "Open again"); a phone held sideways gets the whole 80 x 24 screen with its key bar; held
upright, a page saying to turn it, and no app until it is turned.

The browser tests share one `bb-tui serve` and one Chromium (conftest); a phone is a new context of it
that reads the page's viewport tag and has touch, as a phone's browser does."""

from __future__ import annotations

import json

import pytest

from tests.browser.seat import Screen, wait_for

READY = (b"Progress:", b"palette")  # the overview's last line and the key bar
PARTICIPANT = "amina-okafor.toml"


@pytest.fixture
def phone(chromium):
    """A phone's browser at a size (a context to itself, closed after the test)."""
    contexts = []

    def held(width: int, height: int):
        context = chromium.new_context(
            viewport={"width": width, "height": height}, is_mobile=True, has_touch=True
        )
        contexts.append(context)
        return context.new_page()

    yield held
    for context in contexts:
        context.close()


def sizes_sent(page) -> list[tuple[int, int]]:
    """Every size the page gives the app: the socket's query string, then each resize."""
    sizes: list[tuple[int, int]] = []

    def watch(ws) -> None:
        query = dict(part.split("=", 1) for part in ws.url.split("?", 1)[1].split("&"))
        sizes.append((int(query["width"]), int(query["height"])))
        ws.on("framesent", lambda payload: sent(payload))

    def sent(payload) -> None:
        message = json.loads(payload) if isinstance(payload, str) else None
        if isinstance(message, list) and message and message[0] == "resize":
            sizes.append((message[1]["width"], message[1]["height"]))

    page.on("websocket", watch)
    return sizes


def test_the_first_key_reaches_the_app_with_no_click_and_after_open_again(shared, browser):
    page = browser.new_page()
    screen = Screen(page)
    page.goto(shared.url(shared.linked(PARTICIPANT)))
    screen.until(page, *READY)
    # no click, no Tab: the terminal has the focus
    screen.press(page, "Enter", b"Maturity indicators", timeout=10)
    page.keyboard.press("Control+q")
    page.wait_for_selector(".closed-dialog", state="visible", timeout=15000)
    mark = len(screen.data)
    page.click("#restart")  # "Open again"
    screen.until(page, *READY, since=mark)
    screen.press(page, "Enter", b"Maturity indicators", timeout=10)


def test_a_phone_held_sideways_gets_80_by_24_with_the_key_bar_on_screen(shared, phone):
    page = phone(844, 390)
    sizes = sizes_sent(page)
    screen = Screen(page)
    page.goto(shared.url(shared.linked(PARTICIPANT)))
    screen.until(page, *READY)
    # the viewport tag is read: the page is laid out at the phone's width, not 980 px
    assert page.evaluate("window.innerWidth") == 844
    assert sizes, "the page gave the app no size"
    for width, height in sizes:  # the socket's query string, and any resize since
        assert width >= 80 and height >= 24, f"the app was given {width}x{height}"
    box = page.locator("#terminal").bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0
    assert box["x"] + box["width"] <= 844 and box["y"] + box["height"] <= 390
    scroll = page.evaluate("[document.documentElement.scrollWidth, document.body.scrollHeight]")
    assert scroll[0] <= 844 and scroll[1] <= 390, "the page scrolls: the key bar can be off"
    assert not page.is_visible(".small-dialog")


def test_a_phone_held_upright_is_asked_to_turn_and_starts_no_app_until_it_does(shared, phone):
    page = phone(390, 844)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    sizes = sizes_sent(page)
    screen = Screen(page)
    page.goto(shared.url(shared.linked(PARTICIPANT)))
    page.wait_for_selector(".small-dialog", state="visible", timeout=15000)
    assert page.evaluate("window.innerWidth") == 390
    assert "turn it sideways" in page.inner_text(".small-dialog")
    # the page has decided (the dialog shows) and loads nothing more: no terminal, no socket
    page.wait_for_load_state("networkidle")
    assert not [url for url in requests if url.endswith("/textual.js")], "the terminal loaded"
    assert sizes == [] and shared.apps() == [], "an app started on a screen too small for it"
    page.set_viewport_size({"width": 844, "height": 390})  # turned sideways
    screen.until(page, *READY)
    assert not page.is_visible(".small-dialog")
    assert sizes and sizes[-1][0] >= 80 and sizes[-1][1] >= 24
    assert wait_for(lambda: len(shared.apps()) == 1, 5)
    page.set_viewport_size({"width": 390, "height": 844})  # upright again: said again
    page.wait_for_selector(".small-dialog", state="visible", timeout=5000)
    page.set_viewport_size({"width": 844, "height": 390})
    page.wait_for_selector(".small-dialog", state="hidden", timeout=5000)
    # the keys are the app's again, with no tap
    screen.press(page, "Enter", b"Maturity indicators", timeout=10)
    assert len(shared.apps()) == 1  # the same app all along
