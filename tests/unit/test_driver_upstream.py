"""The one place bb-tui leans on Textual internals: notice when it changes, survive when it goes.

The driver (bb_tui/tui/runtime/driver.py) copies `LinuxDriver.run_input_thread` to end cleanly at
end of input (docs/upstream-linux-driver-eof.md is the report for upstream) and imports the
private `textual._xterm_parser.XTermParser`. So Textual is pinned to the version it was read in.
When the pin is raised, the hash fails until someone re-reads the new upstream loop against ours
and records the new value here. Everything else uses Textual's public API only.
"""

from __future__ import annotations

import hashlib
import inspect
import os
import pkgutil
import re
import subprocess
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COPIED_FROM = "8.2.8"

# sha256 of inspect.getsource(module:name) in Textual 8.2.8, and what of ours depends on it.
UPSTREAM = {
    "textual.drivers.linux_driver:LinuxDriver.run_input_thread": (
        "d796af6d69db337d6fa6bd463984f7d17188d991dbb22f60efb92a8a9619507c",
        "tui/runtime/driver.py: SafeLinuxDriver.run_input_thread copies it: port any change to "
        "the loop (it uses fileno, input_tty, exit_event, _debug, _app and XTermParser)",
    ),
}


def test_textual_is_pinned_to_the_version_the_driver_was_copied_from():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    textual = [d for d in project["dependencies"] if re.match(r"textual\b", d)]
    assert textual == [f"textual=={COPIED_FROM}"], (
        "bb_tui/tui/runtime/driver.py copies Textual internals: pin Textual exactly (see pyproject.toml)"
    )
    assert version("textual") == COPIED_FROM, (
        f"installed Textual {version('textual')} is not the pinned {COPIED_FROM}: reinstall"
    )


@pytest.mark.parametrize("dotted", list(UPSTREAM))
def test_the_copied_upstream_code_is_unchanged(dotted):
    expected, depends = UPSTREAM[dotted]
    source = inspect.getsource(pkgutil.resolve_name(dotted))
    got = hashlib.sha256(source.encode()).hexdigest()
    assert got == expected, (
        f"{dotted} in Textual {version('textual')} differs from {COPIED_FROM}'s: "
        f"re-check {depends}, then record the new hash {got} here "
        f"and the new version in pyproject.toml"
    )


def _run(code: str, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "LC_"))}
    env.update(TERM="xterm-256color", LANG="C.UTF-8", **extra)
    return subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        cwd=ROOT,
        env=env,
        text=True,
        capture_output=True,
        timeout=60,
    )


PICK_DRIVER = """
import sys, types
from pathlib import Path
from textual.drivers.linux_driver import LinuxDriver
{break_it}
from bb_tui.tui.app import BBApp
from bb_tui.core.framework import BUNDLED_FRAMEWORK, load_framework
app = BBApp(load_framework(BUNDLED_FRAMEWORK), Path("sessions/demo"), ascii={ascii})
print(app.driver_class.__module__, app.driver_class.__name__)
"""


def test_the_app_uses_the_safe_driver_and_says_nothing():
    result = _run(PICK_DRIVER.format(break_it="", ascii=False))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "bb_tui.tui.runtime.driver SafeLinuxDriver"
    assert result.stderr == ""


def test_without_the_private_parser_the_stock_driver_is_used_with_one_line_on_stderr():
    # What a Textual release that moved or renamed XTermParser looks like from driver.py.
    broken = 'sys.modules["textual._xterm_parser"] = types.ModuleType("textual._xterm_parser")'
    result = _run(PICK_DRIVER.format(break_it=broken, ascii=False))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "textual.drivers.linux_driver LinuxDriver"
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("bb-tui: warning: ")
    assert "XTermParser" in lines[0] and "Textual's own driver" in lines[0]
    assert "end of input" in lines[0]


def test_an_ascii_terminal_gets_the_safe_driver_folding_what_it_writes():
    result = _run(PICK_DRIVER.format(break_it="", ascii=True))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "bb_tui.tui.runtime.driver AsciiSafeLinuxDriver"
    from bb_tui.tui.runtime.driver import SafeLinuxDriver, ascii_output

    written: list[str] = []

    class Recording(SafeLinuxDriver):
        def write(self, data: str) -> None:  # what LinuxDriver.write would send to the terminal
            written.append(data)

    folding = ascii_output(Recording)
    folding.write(object.__new__(folding), "▐●▌ café … ⏎")  # no terminal needed to write
    assert written == ["|*| cafe . <"]
