"""The browser seat in Debian's Chromium: a participant scores, a wrong link gets 403, the
facilitator sees the group's radar, nothing loads from outside, and a closed tab saves."""

from __future__ import annotations

import time
import tomllib
import urllib.error
import urllib.request

import pytest

from tests.browser.seat import FolderOpens, Screen, alive, lock_is_free

PARTICIPANT = "amina-okafor.toml"  # demo: leadership = 4


def score(seats, name: str, enabler: str = "leadership"):
    data = tomllib.loads((seats.sessions / name).read_text())
    return data.get("scores", {}).get(enabler)


def wait_for(condition, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def open_seat(browser, seats, link: str):
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    screen = Screen(page)
    page.goto(seats.url(link))
    screen.until(page, b"Progress:", b"palette")
    screen.quiet(page)
    page.focus(".xterm-helper-textarea")
    return page, screen, requests


def test_participant_scores_with_the_keyboard_and_the_file_has_it(seats, browser):
    link = seats.link(PARTICIPANT)
    seats.start()
    assert score(seats, PARTICIPANT) == 4
    page, screen, requests = open_seat(browser, seats, link)
    mark = len(screen.data)
    page.keyboard.press("Enter")
    screen.until(page, b"Maturity indicators", since=mark)
    screen.quiet(page)
    page.keyboard.press("2")
    assert wait_for(lambda: score(seats, PARTICIPANT) == 2), "the score never reached the file"
    origin = seats.url(f"http://localhost:{seats.port}/")
    outside = [url for url in requests if not url.startswith(origin)]
    assert outside == [], f"the page loaded from outside: {outside}"


def test_a_wrong_link_is_403_and_starts_no_app(seats, browser):
    seats.link(PARTICIPANT)
    seats.start()
    page = browser.new_page()
    response = page.goto(f"http://127.0.0.1:{seats.port}/seat/not-a-valid-token-{'x' * 30}")
    assert response.status == 403
    for path in ("/seat/wrong/ws?width=80&height=24", "/seat/wrong"):
        request = urllib.request.Request(
            f"http://127.0.0.1:{seats.port}{path}",
            headers={
                "Connection": "Upgrade",
                "Upgrade": "websocket",
                "Sec-WebSocket-Version": "13",
                "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
            },
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 403
    time.sleep(0.5)
    assert seats.apps() == [], "an app process started without a valid link"


def test_a_participants_link_opens_only_their_own_session(seats, browser):
    link = seats.link(PARTICIPANT)
    seats.start()
    _, screen, _ = open_seat(browser, seats, link)
    assert b"Amina Okafor" in screen.data
    assert b"Tomasz Wierzbicki" not in screen.data  # the sessions list is not shown
    assert len(seats.apps()) == 1


def test_the_facilitators_link_shows_group_results(seats, browser, tmp_path):
    seats.start()
    page = browser.new_page()
    screen = Screen(page)
    page.goto(seats.url(seats.facilitator))
    screen.until(page, b"Tomasz Wierzbicki", b"palette")  # the sessions list
    screen.quiet(page)
    page.focus(".xterm-helper-textarea")
    mark = len(screen.data)
    page.keyboard.press("F4")
    screen.until(page, b"Radar", since=mark)
    screen.quiet(page)
    page.screenshot(path=str(tmp_path / "group-results.png"))


def test_a_closed_tab_saves_the_session_and_ends_its_app(seats, browser):
    link = seats.link(PARTICIPANT)
    seats.start()
    page, screen, _ = open_seat(browser, seats, link)
    mark = len(screen.data)
    page.keyboard.press("Enter")
    screen.until(page, b"Maturity indicators", since=mark)
    mark = len(screen.data)
    page.keyboard.press("1")
    screen.until(page, "1 ■".encode(), since=mark)  # the score is drawn: the key arrived
    page.close()  # before the autosave's second is up
    assert wait_for(lambda: seats.apps() == [], 15), "the app outlived its tab"
    assert score(seats, PARTICIPANT) == 1
    # freed within the promised 5 s: an app's last file closes a moment after /proc stops listing it
    free = wait_for(lambda: lock_is_free(seats.sessions / f".{PARTICIPANT}.inuse"), 5)
    assert free, "the session is still held open"


def test_the_app_saves_and_ends_when_the_server_dies(seats, browser):
    """A killed server closes the app's input (EOF): it saves and exits, as on a hang-up."""
    import os
    import signal

    link = seats.link(PARTICIPANT)
    seats.start()
    page, screen, _ = open_seat(browser, seats, link)
    apps = seats.apps()
    assert len(apps) == 1
    mark = len(screen.data)
    page.keyboard.press("Enter")
    screen.until(page, b"Maturity indicators", since=mark)
    mark = len(screen.data)
    page.keyboard.press("3")
    screen.until(page, "3 ■■■".encode(), since=mark)  # the score is drawn: the key arrived
    os.kill(seats.server.pid, signal.SIGKILL)
    seats.server.wait()

    def gone() -> bool:
        try:
            os.kill(apps[0], 0)
        except ProcessLookupError:
            return True
        return False

    try:
        assert wait_for(gone, 15), "the app outlived its server"
    finally:
        if not gone():
            os.kill(apps[0], signal.SIGKILL)
    assert score(seats, PARTICIPANT) == 3
    # freed within the promised 5 s: an app's last file closes a moment after /proc stops listing it
    free = wait_for(lambda: lock_is_free(seats.sessions / f".{PARTICIPANT}.inuse"), 5)
    assert free, "the session is still held open"


# ---------------------------------------------------------------- limits and the confined seat

ENDED = "Session ended: everything you did was saved."


def closed_message(page) -> str:
    page.wait_for_selector("body.-closed", timeout=15000)
    page.wait_for_selector(".closed-dialog", state="visible", timeout=5000)
    return page.inner_text(".closed-dialog .message").strip()


def test_quitting_the_app_shows_that_the_session_ended_saved(seats, browser):
    link = seats.link(PARTICIPANT)
    seats.start()
    page, _, _ = open_seat(browser, seats, link)
    [app] = seats.apps()
    page.keyboard.press("Control+q")
    assert closed_message(page) == ENDED
    assert page.is_visible("#restart")
    assert wait_for(lambda: not alive(app), 5)


def test_a_second_tab_takes_the_seat_over_and_the_first_says_why(seats, browser):
    link = seats.link(PARTICIPANT)
    seats.start()
    first, _, _ = open_seat(browser, seats, link)
    _, screen, _ = open_seat(browser, seats, link)
    assert "opened in another tab or window" in closed_message(first)
    assert b"Amina Okafor" in screen.data
    assert wait_for(lambda: len(seats.apps()) == 1, 5)


def test_a_full_server_shows_a_page_that_says_why(seats, browser):
    amina, joanne = seats.link(PARTICIPANT), seats.link("joanne-hallett.toml")
    seats.start("--max-seats", "1")
    open_seat(browser, seats, amina)
    page = browser.new_page()
    response = page.goto(seats.url(joanne))
    assert response.status == 503
    assert "full: the one seat is in use" in page.inner_text("body")


def test_a_link_that_ends_closes_its_page_and_says_why(seats, browser):
    link = seats.link(PARTICIPANT)
    seats.start()
    page, _, _ = open_seat(browser, seats, link)
    assert seats.cli("--forget-link", str(seats.sessions / PARTICIPANT)).returncode == 0
    assert "This link no longer works" in closed_message(page)
    assert not page.is_visible("#restart")  # opening it again cannot help


# The two tests below need `score --confined` (issue 17, the confined participant mode): they
# pass once that mode is merged beside this server, which already runs participants with it.


def test_escape_at_the_top_of_a_participants_seat_ends_it_with_everything_saved(seats, browser):
    link = seats.link(PARTICIPANT)
    seats.start()
    page, screen, _ = open_seat(browser, seats, link)
    [app] = seats.apps()
    mark = len(screen.data)
    page.keyboard.press("Enter")
    screen.until(page, b"Maturity indicators", since=mark)
    mark = len(screen.data)
    page.keyboard.press("2")
    screen.until(page, "2 ■■".encode(), since=mark)
    page.keyboard.press("Escape")  # back to the overview
    screen.quiet(page)
    page.keyboard.press("Escape")  # at the top: the seat ends
    assert closed_message(page) == ENDED
    assert wait_for(lambda: not alive(app), 5)
    assert score(seats, PARTICIPANT) == 2
    assert wait_for(lambda: lock_is_free(seats.sessions / f".{PARTICIPANT}.inuse"), 5)


def test_group_commands_in_a_participants_seat_reach_no_other_file(seats, browser):
    others = {p.name for p in seats.sessions.glob("*.toml")} - {PARTICIPANT, "partnership.toml"}
    # what the group screens show (not the words typed into the palette, which it echoes)
    names = [b"Tomasz Wierzbicki", b"Joanne Hallett", b"Rajiv Menon", b"Radar", b"Discussion pack"]
    link = seats.link(PARTICIPANT)
    seats.start()
    page, screen, _ = open_seat(browser, seats, link)
    opens = FolderOpens(seats.sessions)
    mark = len(screen.data)
    try:
        for key in ("F4", "F6", "F7", "o"):
            page.keyboard.press(key)
            screen.quiet(page)
        for command in ("Results", "Discussion", "Sessions", "Agreed"):
            page.keyboard.press("Control+p")
            screen.quiet(page)
            page.keyboard.type(command)
            screen.quiet(page)
            page.keyboard.press("Enter")
            screen.quiet(page)
        reached = sorted(set(opens.names()) & others)
    finally:
        opens.close()
    assert reached == [], f"the participant's seat opened {reached}"
    shown = [name for name in names if name in screen.data[mark:]]
    assert shown == [], f"the participant's seat showed {shown}"
    assert len(seats.apps()) == 1  # still their own session, open
