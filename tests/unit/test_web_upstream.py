"""bb_tui/tui/web speaks Textual's web-driver protocol itself and serves textual-serve's page
files: notice when either changes.

server.py and app_process.py no longer use textual-serve's server or app service (no copy, no
private call); protocol.py reads and writes the packets of Textual 8.2.8's WebDriver (the
`__GANGLION__` line, b"D"/b"M" packets with a 4-byte length, the resize/focus/blur meta it
understands) and driver.py relies on WebDriver's input loop ending at end of input and on
`stop_application_mode` setting `exit_event`. From textual-serve only the browser files are
served: textual.js (it reads data-session-websocket-url, sends ["stdin"|"resize"|"ping"|...]
and marks the body -closed when the socket closes; seat.js wraps its WebSocket). When a pin is
raised these hashes fail until someone re-reads the new upstream code and records new values.
Also: every page file loads nothing from outside (no http(s) URL but comments in the bundle).
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import re
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest

textual_serve = pytest.importorskip(
    "textual_serve", reason="textual-serve (the web extra) is not installed"
)

ROOT = Path(__file__).resolve().parents[2]
BUILT_AGAINST = "1.1.3"
UPSTREAM = {
    "textual.drivers.web_driver:WebDriver.start_application_mode": (
        "712a1fe2c912e490a1f8300715cbe8dce0e1b1e911aa323e1f0160f7f261f26d",
        "protocol.READY_LINE: the app announces itself with __GANGLION__",
    ),
    "textual.drivers.web_driver:WebDriver.write": (
        "31cd430836b7d0c18dcc951f170b8b25588eb30e71a2eb0b614c49c7eb229234",
        "protocol.read_packet: b'D' + 4-byte length + output",
    ),
    "textual.drivers.web_driver:WebDriver.write_meta": (
        "58080b9f7c134bc89cc921ebf694af69a6b88ed17f37a84f90fcc02050abb596",
        "AppProcess watches for the 'exit' meta packet",
    ),
    "textual.drivers.web_driver:WebDriver.on_meta": (
        "4e52d693ece07d3755febd96d71e1cdb4344b0dd2f3ea4c48432b934232ed448",
        "protocol.from_page sends resize/focus/blur meta packets as it reads them",
    ),
    "textual.drivers.web_driver:WebDriver.__init__": (
        "37aff7eba9036d61f5cf81af1a7fcf8388cac43901bf35f3ce17fad9b3dbecc7",
        "AppProcess passes the first size in COLUMNS and ROWS",
    ),
    "textual.drivers.web_driver:WebDriver.run_input_thread": (
        "3864aaf4ca91174934d9bf5c5bcc85ba8c2b26d904a78fbcf50509b8f4db1065",
        "SeatWebDriver runs it and then treats a plain end as a hang-up",
    ),
    "textual.drivers.web_driver:WebDriver.stop_application_mode": (
        "baf3ad299a874e644268f51326433bfcd60cde4afd0d86bfc92d29fca58e6cc7",
        "SeatWebDriver tells a normal exit by exit_event being set",
    ),
}
TEXTUAL_JS = "c1e7f29ed0facdd331181d6262f92acfc1cf908569d9e013c16038142a23a470"


def source_hash(spec: str) -> str:
    module, _, name = spec.partition(":")
    target = importlib.import_module(module)
    for part in name.split("."):
        target = getattr(target, part)
    return hashlib.sha256(inspect.getsource(target).encode()).hexdigest()


def test_textual_serve_is_pinned_to_the_version_the_copy_came_from():
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]
    assert f"textual-serve=={BUILT_AGAINST}" in extras["web"]
    assert f"textual-serve=={BUILT_AGAINST}" in extras["test"]
    assert version("textual-serve") == BUILT_AGAINST


@pytest.mark.parametrize("spec", sorted(UPSTREAM))
def test_upstream_code_is_what_the_web_seat_was_built_against(spec):
    expected, why = UPSTREAM[spec]
    assert source_hash(spec) == expected, f"{spec} changed upstream: {why}"


def test_the_page_script_is_the_one_the_protocol_was_read_from():
    path = Path(textual_serve.__file__).parent / "static" / "js" / "textual.js"
    found = hashlib.sha256(path.read_bytes()).hexdigest()
    assert found == TEXTUAL_JS, "textual.js changed: re-read its messages (protocol.py, seat.js)"


URL = re.compile(rb"(?:https?|wss?|ftp)://[^\s\"')]+|//[a-z0-9.-]+\.[a-z]{2,}/", re.I)
COMMENT = re.compile(rb"/\*.*?\*/", re.S)


def page_files() -> list[Path]:
    static = Path(textual_serve.__file__).parent / "static"
    return sorted(
        p
        for p in [*(ROOT / "bb_tui/tui/web/page").iterdir(), *static.rglob("*")]
        if p.suffix in (".html", ".js", ".css")
    )


@pytest.mark.parametrize("path", page_files(), ids=lambda p: p.name)
def test_served_files_load_nothing_from_outside(path: Path):
    data = COMMENT.sub(b"", path.read_bytes())
    # The only absolute URLs left in textual.js are XML namespaces, never fetched.
    found = {u for u in URL.findall(data) if not u.startswith(b"http://www.w3.org/")}
    assert found == set(), f"{path.name} names outside addresses: {sorted(found)[:5]}"
