"""The browser seat in Debian's Chromium: a participant scores, a wrong link gets 403, the
facilitator sees the group's radar, nothing loads from outside, and a closed tab saves.

The browser tests share one `bb-tui serve` (conftest's `shared`: no app running, the demo's files as
they were) and wait on what the app draws, never on a silence: keys reach the app in order, so
what one key draws shows every key before it has been handled. The server that is killed, and
the full one, are a test's own."""

from __future__ import annotations

import contextlib
import os
import signal
import tomllib
import urllib.error
import urllib.request

import pytest

from tests.browser.seat import FolderOpens, Screen, alive, lock_is_free, wait_for

PARTICIPANT = "amina-okafor.toml"  # demo: leadership = 4
READY = (b"Progress:", b"palette")  # the overview's last line and the key bar
ENABLER = b"Maturity indicators"  # the enabler screen (not on the overview)
OVERVIEW = b"End session"  # the overview's key bar (esc), not the enabler screen's


def score(seats, name: str, enabler: str = "leadership"):
    data = tomllib.loads((seats.sessions / name).read_text())
    return data.get("scores", {}).get(enabler)


def open_seat(browser, seats, link: str):
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    screen = Screen(page)
    page.goto(seats.url(link))
    screen.until(page, *READY)
    page.focus(".xterm-helper-textarea")
    return page, screen, requests


def score_leadership(page, screen, digit: str) -> None:
    """Open Leadership (the first enabler) and score it, until the score is drawn: the key
    arrived."""
    screen.press(page, "Enter", ENABLER)
    screen.press(page, digit, f"{digit} {'■' * int(digit)}".encode())


def refused_upgrade(seats, path: str) -> int:
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
    return refused.value.code


def test_a_wrong_link_is_403_and_a_participants_link_opens_only_their_own_session(shared, browser):
    """A wrong link starts no app; the participant's own link opens their session alone, and
    they score with the keyboard, the file has it, and the page loaded nothing from outside."""
    link = shared.linked(PARTICIPANT)
    page = browser.new_page()
    response = page.goto(f"http://127.0.0.1:{shared.port}/seat/not-a-valid-token-{'x' * 30}")
    assert response.status == 403
    for path in ("/seat/wrong/ws?width=80&height=24", "/seat/wrong"):
        assert refused_upgrade(shared, path) == 403
    assert shared.apps() == [], "an app process started without a valid link"
    assert score(shared, PARTICIPANT) == 4
    page, screen, requests = open_seat(browser, shared, link)
    assert b"Amina Okafor" in screen.data
    assert b"Tomasz Wierzbicki" not in screen.data  # the sessions list is not shown
    # one app: theirs (and none that a refused request started, which had all this time to)
    assert len(shared.apps()) == 1
    screen.press(page, "Enter", ENABLER)
    page.keyboard.press("2")
    assert wait_for(lambda: score(shared, PARTICIPANT) == 2), "the score never reached the file"
    origin = shared.url(f"http://localhost:{shared.port}/")
    outside = [url for url in requests if not url.startswith(origin)]
    assert outside == [], f"the page loaded from outside: {outside}"


def test_the_facilitators_link_shows_group_results(shared, browser, tmp_path):
    page = browser.new_page()
    screen = Screen(page)
    page.goto(shared.url(shared.facilitator))
    screen.until(page, b"Tomasz Wierzbicki", b"palette")  # the sessions list
    page.focus(".xterm-helper-textarea")
    screen.press(page, "F4", b"Radar")
    page.screenshot(path=str(tmp_path / "group-results.png"))


def test_a_closed_tab_saves_the_session_and_ends_its_app(shared, browser):
    page, screen, _ = open_seat(browser, shared, shared.linked(PARTICIPANT))
    score_leadership(page, screen, "1")
    page.close()  # before the autosave's second is up
    assert wait_for(lambda: shared.apps() == [], 15), "the app outlived its tab"
    assert score(shared, PARTICIPANT) == 1
    # freed within the promised 5 s: an app's last file closes a moment after /proc stops listing it
    free = wait_for(lambda: lock_is_free(shared.sessions / f".{PARTICIPANT}.inuse"), 5)
    assert free, "the session is still held open"


def test_a_full_server_says_why_and_its_app_saves_and_ends_when_the_server_dies(seats, browser):
    """`--max-seats 1` with the one seat taken: another link gets a page saying why. Then the
    server is killed: that closes the app's input (EOF), and it saves and exits, as on a
    hang-up."""
    amina, joanne = seats.link(PARTICIPANT), seats.link("joanne-hallett.toml")
    seats.start("--max-seats", "1")
    page, screen, _ = open_seat(browser, seats, amina)
    full = browser.new_page()
    response = full.goto(seats.url(joanne))
    assert response.status == 503
    assert "full: the one seat is in use" in full.inner_text("body")
    apps = seats.apps()
    assert len(apps) == 1
    score_leadership(page, screen, "3")
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


def test_a_second_tab_takes_the_seat_over_and_quitting_there_shows_it_ended_saved(shared, browser):
    link = shared.linked(PARTICIPANT)
    first, _, _ = open_seat(browser, shared, link)
    second, screen, _ = open_seat(browser, shared, link)
    assert "opened in another tab or window" in closed_message(first)
    assert b"Amina Okafor" in screen.data
    assert wait_for(lambda: len(shared.apps()) == 1, 5)
    # the tab that has the seat now quits the app: the page says the session ended, saved
    [app] = shared.apps()
    second.keyboard.press("Control+q")
    assert closed_message(second) == ENDED
    assert second.is_visible("#restart")
    assert wait_for(lambda: not alive(app), 5)


def test_a_link_that_ends_closes_its_page_and_says_why(shared, browser):
    name = "bethan-pryce.toml"  # not a file the other tests open: its link ends here
    page, _, _ = open_seat(browser, shared, shared.linked(name))
    assert shared.cli("--forget-link", str(shared.sessions / name)).returncode == 0
    shared.links.pop(name)
    assert "This link no longer works" in closed_message(page)
    assert not page.is_visible("#restart")  # opening it again cannot help


def test_escape_at_the_top_of_a_participants_seat_ends_it_with_everything_saved(shared, browser):
    page, screen, _ = open_seat(browser, shared, shared.linked(PARTICIPANT))
    [app] = shared.apps()
    score_leadership(page, screen, "2")
    screen.press(page, "Escape", OVERVIEW)  # back to the overview
    page.keyboard.press("Escape")  # at the top: the seat ends
    assert closed_message(page) == ENDED
    assert wait_for(lambda: not alive(app), 5)
    assert score(shared, PARTICIPANT) == 2
    assert wait_for(lambda: lock_is_free(shared.sessions / f".{PARTICIPANT}.inuse"), 5)


PALETTE = b"earch for commands"  # a new palette's empty field ("S" is under the cursor)
NO_MATCHES = b"No matches found"  # the palette, half a second after a search found nothing


def palette_command(page, screen, command: str, shows: list[bytes]) -> None:
    """Type `command` into a new ctrl+p palette, press Enter, and come back to the overview.

    Enter runs the highlighted (top) hit if the search has listed one by then (a participant's
    hits are enablers), else does nothing; either shows within a moment (the screen it opened,
    or the palette's "No matches"), and Escape then closes that screen or the palette."""
    screen.press(page, "Control+p", PALETTE)
    typed = len(screen.data)
    page.keyboard.type(command)
    screen.until(page, command.encode(), since=typed)
    mark = len(screen.data)
    page.keyboard.press("Enter")
    with contextlib.suppress(TimeoutError):  # hits listed after Enter: the palette stays open
        screen.until(page, since=mark, timeout=3, any_of=(ENABLER, NO_MATCHES, *shows))
    screen.press(page, "Escape", OVERVIEW)


def test_group_commands_in_a_participants_seat_reach_no_other_file(shared, browser):
    """The facilitator's keys for the group screens, and their names typed into ctrl+p (each
    in a new palette, then Enter), open no other file and show nothing of the group's.

    Keys reach the app in order: the palette drawn after the keys, and the enabler screen
    drawn after the last palette, show that every key before them was handled."""
    others = {p.name for p in shared.sessions.glob("*.toml")} - {PARTICIPANT, "partnership.toml"}
    # what the group screens show (not the words typed into the palette, which it echoes)
    names = [b"Tomasz Wierzbicki", b"Joanne Hallett", b"Rajiv Menon", b"Radar", b"Discussion pack"]
    page, screen, _ = open_seat(browser, shared, shared.linked(PARTICIPANT))
    opens = FolderOpens(shared.sessions)
    mark = len(screen.data)
    stuck: TimeoutError | None = None
    try:
        for key in ("F4", "F6", "F7", "o"):
            page.keyboard.press(key)
        for command in ("Results", "Discussion", "Sessions", "Agreed"):
            palette_command(page, screen, command, names)
        screen.press(page, "Enter", ENABLER)  # the overview's: every key before was handled
    except TimeoutError as error:  # a screen not expected here: what it reached says more
        stuck = error
    finally:
        reached = sorted(set(opens.names()) & others)
        opens.close()
    assert reached == [], f"the participant's seat opened {reached}"
    shown = [name for name in names if name in screen.data[mark:]]
    assert shown == [], f"the participant's seat showed {shown}"
    assert stuck is None, stuck
    assert len(shared.apps()) == 1  # still their own session, open
