"""The browser seat: its link store as real users (the facilitator's alone, never in the shared
folder), and the server's limits (issue 17) against real `bb-tui serve` processes on 127.0.0.1,
spoken to over plain sockets: what a careless or hostile client can do without a browser.

Most tests share one server on port 0 (`shared`: no app running, the demo's files as they were;
the test that ends every link runs last); a test that limits, signals or kills its server has
one of its own (`seats`)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import threading
import time
import tomllib
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import pytest

from tests.browser.seat import RawSocket, Seats, alive, descendants, lock_is_free, wait_for
from tests.support.accounts import as_user, cli_as, own
from tests.support.demo import DEMO


def test_links_made_by_the_facilitator_are_readable_by_nobody_else(team):
    session = own(
        shutil.copy(DEMO / "amina-okafor.toml", team.shared / "amina-okafor.toml"),
        team.alice,
        0o640,
    )
    before = sorted(os.listdir(team.shared))
    env = {"HOME": str(team.facil.home), "PATH": os.environ.get("PATH", "")}
    made = cli_as(
        team.facil, ["serve", "--sessions", str(team.shared), "--link", str(session)], env=env
    )
    assert made.rc == 0, made.err
    assert "/seat/" in made.out
    store = team.facil.home / ".config" / "bb-tui" / "browser-seats.toml"
    assert os.stat(store).st_uid == team.facil.uid
    assert os.stat(store).st_mode & 0o077 == 0
    assert sorted(os.listdir(team.shared)) == before  # nothing written beside the sessions

    def alice_reads() -> int:
        try:
            with open(store, "rb") as handle:
                handle.read()
        except PermissionError:
            return 0
        return 1

    assert as_user(team.alice, alice_reads).rc == 0


# ---------------------------------------------------------------- the server's limits

AMINA, JOANNE, TOMASZ = "amina-okafor.toml", "joanne-hallett.toml", "tomasz-wierzbicki.toml"
READY = (b"Progress:", b"palette")  # the overview's last line and the key bar
LIST = (b"Tomasz Wierzbicki", b"palette")  # the facilitator's sessions list


@pytest.fixture
def seats(tmp_path):
    pytest.importorskip("textual_serve", reason="textual-serve (the web extra) is not installed")
    seats = Seats(tmp_path)
    yield seats
    seats.stop()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """One server for this file's tests that neither limit nor stop it: `--port 0`, so its
    links carry the port it really took."""
    pytest.importorskip("textual_serve", reason="textual-serve (the web extra) is not installed")
    seats = Seats(tmp_path_factory.mktemp("served"))
    seats.port = 0
    seats.start()
    seats.port = int(urlsplit(seats.facilitator).port or 0)
    yield seats
    seats.stop()


@pytest.fixture
def shared(served):
    """The file's server with no app running and every session file as in the demo."""
    assert served.server is not None and served.server.poll() is None, served.output()
    assert wait_for(lambda: served.apps() == [], 15), "an earlier test's app still runs"
    served.restore()
    return served


def ws_path(link: str, width: int = 80, height: int = 24) -> str:
    return f"{urlsplit(link).path}/ws?width={width}&height={height}"


def open_app(seats: Seats, link: str, ready=READY, **options) -> RawSocket:
    sock = RawSocket(seats.port, ws_path(link), **options)
    assert sock.status == 101, sock.status
    sock.until(*ready)
    return sock


def get(seats: Seats, link: str, host: str | None = None) -> tuple[int, str]:
    """Status and body of a plain GET (urllib sends the Host header given, else 127.0.0.1:PORT)."""
    url = f"http://127.0.0.1:{seats.port}{urlsplit(link).path}"
    headers = {"Host": host} if host else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def scores(seats: Seats, name: str) -> dict:
    return tomllib.loads((seats.sessions / name).read_text()).get("scores", {})


def lock(seats: Seats, name: str):
    return seats.sessions / f".{name}.inuse"


def score_on(sock: RawSocket, digit: str) -> None:
    """Open the enabler under the cursor and score it, waiting until the score is drawn."""
    mark = len(sock.data)
    sock.send(["stdin", "\r"])
    sock.until(b"Maturity indicators", since=mark)
    mark = len(sock.data)
    sock.send(["stdin", digit])
    sock.until(f"{digit} {'■' * int(digit)}".encode(), since=mark)


def test_a_huge_resize_is_clamped_like_the_query_string(shared):
    MAX_WIDTH, MAX_HEIGHT = 500, 200  # bb_tui/tui/web/protocol.py

    sock = open_app(shared, shared.linked(AMINA))
    [app] = shared.apps()
    mark = len(sock.data)
    sock.send(["resize", {"width": 20000, "height": 20000}])

    def rows() -> list[int]:
        return [int(y) for y in re.findall(rb"\x1b\[(\d+);\d+H", sock.data[mark:])]

    most = 0  # the app's largest resident size until it has drawn at a new size, MiB
    deadline = time.monotonic() + 30
    while max(rows(), default=0) <= 24 and most < 400 and time.monotonic() < deadline:
        with open(f"/proc/{app}/status") as status:
            most = max(most, int(re.search(r"VmRSS:\s+(\d+)", status.read()).group(1)) // 1024)
        sock.sock.settimeout(0.2)
        try:
            sock.read_frame()
        except TimeoutError:
            pass
    assert most < 400, f"the app grew to {most} MiB"
    assert max(rows(), default=0) > 24, "no redraw at the new size"
    sock.send(["ping", "drawn"])
    while '["pong", "drawn"]' not in sock.texts:
        sock.read_frame()
    moves = re.findall(rb"\x1b\[(\d+);(\d+)H", sock.data[mark:])
    assert max(int(y) for y, _ in moves) <= MAX_HEIGHT
    assert max(int(x) for _, x in moves) <= MAX_WIDTH
    sock.close()


def test_sockets_on_one_link_run_one_app_and_the_one_taken_over_is_told(shared):
    link = shared.linked(AMINA)
    counts: list[int] = []  # apps running, every 50 ms from before the other sockets open
    done = threading.Event()

    def count() -> None:
        while not done.is_set():
            counts.append(len(shared.apps()))
            done.wait(0.05)

    first = open_app(shared, link)
    counting = threading.Thread(target=count)
    counting.start()
    try:
        others = [RawSocket(shared.port, ws_path(link)) for _ in range(5)]
        code, reason = first.until_closed(5)
        assert code == 4001 and "another" in reason, (code, reason)
        last = others[-1]
        last.until(*READY)  # the newest tab has the session
        for sock in others[:-1]:
            assert sock.until_closed(5)[0] == 4001
        assert wait_for(lambda: len(shared.apps()) == 1, 5)
    finally:
        done.set()
        counting.join()
    # every socket has had its answer: no app could start after this
    assert max(counts) == 1, f"{max(counts)} apps ran at once for one link"
    last.close()


def test_seats_beyond_the_cap_are_refused_with_a_page_that_says_why(seats):
    links = [seats.link(name) for name in (AMINA, JOANNE, TOMASZ)]
    seats.start("--max-seats", "2")
    # three apps: forked from the warm start (cheap) rather than each a new Python
    assert wait_for(lambda: "warm start ready" in seats.output(), 60), seats.output()
    held = [open_app(seats, link) for link in links[:2]]
    status, body = get(seats, links[2])
    assert status == 503 and "full: all 2 seats are in use" in body, (status, body)
    refused = RawSocket(seats.port, ws_path(links[2]))
    assert refused.status == 503
    assert len(seats.apps()) == 2
    held[0].close()  # one leaves: the next person gets in
    assert wait_for(lambda: get(seats, links[2])[0] == 200, 10)
    held.append(open_app(seats, links[2]))  # kept: a socket dropped would end its app
    # the one that left has ended; an app the refused requests had started would be here too
    assert len(seats.apps()) == 2


def writing_blocked(pid: int) -> bool:
    """A thread of `pid` waits in the kernel to write to a full pipe (Linux's wchan)."""
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/wchan") as handle:
            if "pipe_write" in handle.read():
                return True
    return False


def test_an_app_whose_seat_went_with_output_queued_ends_within_5s_and_frees_its_lock(shared):
    sock = open_app(shared, shared.linked(AMINA), rcvbuf=4096)
    [app] = shared.apps()
    n = 0
    while not writing_blocked(app):  # every resize repaints the screen; none of it is read
        sock.send(["resize", {"width": 300 + n % 2, "height": 100}])
        n += 1
        time.sleep(0.002)
        assert n < 20000, "the app never filled its output"
    assert alive(app)
    sock.abort()
    gone = time.monotonic()
    assert wait_for(lambda: not alive(app), 5), "the app outlived its seat"
    assert wait_for(
        lambda: lock_is_free(lock(shared, AMINA)), max(0.1, gone + 5 - time.monotonic())
    )


@pytest.mark.parametrize(
    ("signum", "forked"),
    [(signal.SIGTERM, True), (signal.SIGINT, False)],
    ids=["SIGTERM-forked-apps", "SIGINT-new-apps"],
)
def test_a_signal_ends_serve_and_every_seat_within_3s_with_everything_saved(seats, signum, forked):
    """Apps forked from the warm start, or opened as soon as serve listens (most likely before
    the warm start is ready: each a new Python): either way serve ends them all, saved."""
    links = {name: seats.link(name) for name in (AMINA, JOANNE)}
    before = {name: scores(seats, name) for name in links}
    seats.start()
    if forked:
        assert wait_for(lambda: "warm start ready" in seats.output(), 60), seats.output()
    socks = []
    for name, digit in zip(links, "25"):
        sock = open_app(seats, links[name])
        score_on(sock, digit)  # before the autosave's second is up
        socks.append(sock)
    apps = seats.apps()
    assert len(apps) == 2
    if forked:
        assert all(parent(app) != seats.server.pid for app in apps)  # the zygote's children
    seats.server.send_signal(signum)
    sent = time.monotonic()
    ended = wait_for(lambda: seats.server.poll() is not None and not any(map(alive, apps)), 3)
    took = time.monotonic() - sent
    assert ended, f"serve or a seat still ran {took:.1f} s after the signal"
    for name, digit in zip(links, (2, 5)):
        after = scores(seats, name)
        assert [v for k, v in after.items() if before[name].get(k) != v] == [digit], name
    assert lock_is_free(lock(seats, AMINA)) and lock_is_free(lock(seats, JOANNE))


def test_a_plain_get_or_nonsense_on_the_socket_path_answers_without_a_traceback(shared):
    link = shared.linked(AMINA)
    logged = len(shared.output())  # what the shared server said before this test
    status, body = get(shared, f"{link}/ws")
    assert status == 400 and "browser" in body, (status, body)
    sock = open_app(shared, link)
    for message in ("not json", 7, [], ["resize"], ["resize", {"width": "x"}], ["stdin", 5]):
        sock.send(message)
    sock.send(["resize", {"width": 1e300, "height": -5}])
    sock.send(["ping", "still here"])
    deadline = time.monotonic() + 10
    while '["pong", "still here"]' not in sock.texts and time.monotonic() < deadline:
        sock.read_frame()
    assert '["pong", "still here"]' in sock.texts
    # the app has had every message before this key (in order) and still answers it
    mark = len(sock.data)
    sock.send(["stdin", "\r"])
    sock.until(b"Maturity indicators", since=mark)
    said = shared.output()[logged:]
    assert "Traceback" not in said and "Error" not in said, said
    sock.close()


def test_a_host_header_not_this_server_is_403_and_starts_nothing(shared):
    link = shared.linked(AMINA)
    for host in ("evil.example", f"evil.example:{shared.port}", f"127.0.0.1.nip.io:{shared.port}"):
        assert get(shared, link, host=host)[0] == 403, host
        assert RawSocket(shared.port, ws_path(link), host=host).status == 403, host
    time.sleep(0.5)  # an app a refused request started would be running by now
    assert shared.apps() == []


def test_loopback_names_on_any_port_are_served_as_through_a_tunnel(shared):
    link = shared.linked(AMINA)
    for host in ("localhost:9000", f"127.0.0.1:{shared.port}", "[::1]:8000", "localhost"):
        assert get(shared, link, host=host)[0] == 200, host


def test_forget_link_ends_that_link_and_closes_its_open_seat_within_5s(shared):
    amina, joanne = shared.linked(AMINA), shared.linked(JOANNE)
    ending, staying = open_app(shared, amina), open_app(shared, joanne)
    done = shared.cli("--forget-link", str(shared.sessions / AMINA))
    assert done.returncode == 0, done.stderr
    shared.links.pop(AMINA)
    asked = time.monotonic()
    code, reason = ending.until_closed(5)
    assert code == 4003 and "no longer works" in reason, (code, reason)
    assert time.monotonic() - asked <= 5
    assert get(shared, amina)[0] == 403 and get(shared, joanne)[0] == 200
    staying.send(["ping", "p"])
    while '["pong", "p"]' not in staying.texts:
        staying.read_frame()
    assert wait_for(lambda: lock_is_free(lock(shared, AMINA)), 5)
    assert wait_for(lambda: len(shared.apps()) == 1, 5)
    staying.close()


def test_a_new_link_for_a_file_ends_the_old_one_and_its_seat(shared):
    old = shared.linked(AMINA)
    sock = open_app(shared, old)
    new = shared.link(AMINA)
    assert sock.until_closed(5)[0] == 4003
    assert get(shared, old)[0] == 403 and get(shared, new)[0] == 200


def test_port_0_serves_on_a_free_port_and_links_carry_it(shared):
    """The shared server was started with `--port 0`: it printed the port it took, and a link
    made while it runs (no --port given) carries that port, not the default 8000."""
    port = int(urlsplit(shared.facilitator).port or 0)
    assert port not in (0, 8000) and port == shared.port
    assert get(shared, shared.facilitator)[0] == 200
    done = shared.cli("--link", str(shared.sessions / AMINA), port=False)
    assert done.returncode == 0, done.stderr
    assert f":{port}/seat/" in done.stdout, done.stdout
    shared.links[AMINA] = done.stdout.strip().rsplit(": ", 1)[1]
    assert get(shared, shared.links[AMINA])[0] == 200


def test_forget_links_closes_every_open_seat_within_5s(shared):
    """Last of the shared server's tests: every link it knows ends here."""
    socks = [
        open_app(shared, shared.linked(AMINA)),
        open_app(shared, shared.facilitator, ready=LIST),
    ]
    assert shared.cli("--forget-links").returncode == 0
    shared.links.clear()
    for sock in socks:
        assert sock.until_closed(5)[0] == 4003
    assert wait_for(lambda: shared.apps() == [], 5)


def test_apps_fork_from_the_warm_start_and_still_save_when_serve_is_killed(seats):
    link = seats.link(AMINA)
    seats.start()
    assert wait_for(lambda: "warm start ready" in seats.output(), 60), seats.output()
    before = scores(seats, AMINA)
    sock = open_app(seats, link)
    [app] = seats.apps()
    [zygote] = [pid for pid in descendants(seats.server.pid) if pid != app]
    assert parent(app) == zygote  # forked, not a new process
    score_on(sock, "3")
    os.kill(seats.server.pid, signal.SIGKILL)
    seats.server.wait()
    assert wait_for(lambda: not alive(app) and not alive(zygote), 10), "the apps outlived serve"
    after = scores(seats, AMINA)
    assert [v for k, v in after.items() if before.get(k) != v] == [3]
    assert lock_is_free(lock(seats, AMINA))


def parent(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as handle:
        return int(handle.read().rsplit(")", 1)[1].split()[1])
