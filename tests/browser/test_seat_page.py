"""The browser seat's page for people: the first key reaches the app with no click (on load and
after "Open again"); a phone held sideways gets the whole 80 x 24 screen with its key bar; held
upright, a page saying to turn it, and no app until it is turned."""

from __future__ import annotations

import json

import pytest

from tests.browser.seat import Screen, launch, wait_for

PARTICIPANT = "amina-okafor.toml"


@pytest.fixture
def playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as running:
        yield running


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


def test_the_first_key_reaches_the_app_with_no_click_and_after_open_again(seats, playwright):
    link = seats.link(PARTICIPANT)
    seats.start()
    context = launch(playwright)
    try:
        page = context.new_page()
        screen = Screen(page)
        page.goto(seats.url(link))
        screen.until(page, b"Progress:", b"palette")
        screen.quiet(page)
        mark = len(screen.data)
        page.keyboard.press("Enter")  # no click, no Tab: the terminal has the focus
        screen.until(page, b"Maturity indicators", since=mark, timeout=10)
        page.keyboard.press("Control+q")
        page.wait_for_selector(".closed-dialog", state="visible", timeout=15000)
        page.click("#restart")  # "Open again"
        mark = len(screen.data)
        screen.until(page, b"Progress:", b"palette", since=mark)
        screen.quiet(page)
        mark = len(screen.data)
        page.keyboard.press("Enter")
        screen.until(page, b"Maturity indicators", since=mark, timeout=10)
    finally:
        context.close()


def test_a_phone_held_sideways_gets_80_by_24_with_the_key_bar_on_screen(seats, playwright):
    link = seats.link(PARTICIPANT)
    seats.start()
    context = launch(playwright, 844, 390, phone=True)
    try:
        page = context.new_page()
        sizes = sizes_sent(page)
        screen = Screen(page)
        page.goto(seats.url(link))
        screen.until(page, b"Progress:", b"palette")
        screen.quiet(page)
        # the viewport tag is read: the page is laid out at the phone's width, not 980 px
        assert page.evaluate("window.innerWidth") == 844
        width, height = sizes[-1]
        assert width >= 80 and height >= 24, f"the app was given {width}x{height}"
        box = page.locator("#terminal").bounding_box()
        assert box is not None and box["x"] >= 0 and box["y"] >= 0
        assert box["x"] + box["width"] <= 844 and box["y"] + box["height"] <= 390
        scroll = page.evaluate("[document.documentElement.scrollWidth, document.body.scrollHeight]")
        assert scroll[0] <= 844 and scroll[1] <= 390, "the page scrolls: the key bar can be off"
        assert not page.is_visible(".small-dialog")
    finally:
        context.close()


def test_a_phone_held_upright_is_asked_to_turn_and_starts_no_app_until_it_does(seats, playwright):
    link = seats.link(PARTICIPANT)
    seats.start()
    context = launch(playwright, 390, 844, phone=True)
    try:
        page = context.new_page()
        sizes = sizes_sent(page)
        screen = Screen(page)
        page.goto(seats.url(link))
        page.wait_for_selector(".small-dialog", state="visible", timeout=15000)
        assert page.evaluate("window.innerWidth") == 390
        assert "turn it sideways" in page.inner_text(".small-dialog")
        page.wait_for_timeout(1000)
        assert sizes == [] and seats.apps() == [], "an app started on a screen too small for it"
        page.set_viewport_size({"width": 844, "height": 390})  # turned sideways
        screen.until(page, b"Progress:", b"palette")
        assert not page.is_visible(".small-dialog")
        assert sizes and sizes[-1][0] >= 80 and sizes[-1][1] >= 24
        assert wait_for(lambda: len(seats.apps()) == 1, 5)
        page.set_viewport_size({"width": 390, "height": 844})  # upright again: said again
        page.wait_for_selector(".small-dialog", state="visible", timeout=5000)
        page.set_viewport_size({"width": 844, "height": 390})
        page.wait_for_selector(".small-dialog", state="hidden", timeout=5000)
        screen.quiet(page)
        mark = len(screen.data)
        page.keyboard.press("Enter")  # the keys are the app's again, with no tap
        screen.until(page, b"Maturity indicators", since=mark, timeout=10)
        assert len(seats.apps()) == 1  # the same app all along
    finally:
        context.close()
