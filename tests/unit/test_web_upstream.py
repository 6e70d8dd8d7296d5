"""bb_tui/tui/web copies textual-serve internals and leans on Textual's WebDriver: notice changes.

server.py copies textual-serve 1.1.3's `Server.handle_websocket`, calls the private
`Server._process_messages`, builds `AppService` itself, and overrides TEXTUAL_DRIVER (which
`AppService._build_environment` sets) with `env`; driver.py relies on WebDriver's input loop
ending at end of input and on `stop_application_mode` setting `exit_event`. When the pin is
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
    "textual_serve.server:Server.handle_websocket": (
        "87c0c9d50be81f45ff5323607cf6daa7968a45ba020867cff132608532de7883",
        "SeatServer._run_app is a copy of it: port any change",
    ),
    "textual_serve.server:Server._process_messages": (
        "c30aaa2d9521fe134c24d11b09aee36770aa209ec49a5b6cee2335c1f9d2a2cb",
        "SeatServer._run_app calls it (private)",
    ),
    "textual_serve.server:Server.__init__": (
        "e7388c474b965a3b3b5cbd8146da6be98cc754bc0c8b320cfe9a6d4ff5d330c4",
        "SeatServer uses statics_path, download_manager, debug, host and port",
    ),
    "textual_serve.app_service:AppService.__init__": (
        "97d2aa2d006bca537f739599feca40ccaf02b2a37e1737636dd7d7c0e4eb3e40",
        "SeatServer._run_app builds AppService with these keywords",
    ),
    "textual_serve.app_service:AppService._build_environment": (
        "7411a31d53d5e8aed98cd7a54183c9fa065c9337a7d649e6d333da639189edc2",
        "app_command replaces the TEXTUAL_DRIVER it sets",
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
