"""bb_tui/tui/runtime/driver.py copies Textual internals: notice when they change, survive when they go.

The driver copies `LinuxDriver.run_input_thread` (and the escape codes of `stop_application_mode`)
and imports the private `textual._xterm_parser.XTermParser`, so Textual is pinned to the version
they were copied from. When the pin is raised, these hashes fail until someone re-reads the new
upstream code against bb_tui/tui/runtime/driver.py and records the new values here.
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

# sha256 of inspect.getsource(module:name) in Textual 8.2.8, and what in driver.py depends on each.
UPSTREAM = {
    "textual.drivers.linux_driver:LinuxDriver.run_input_thread": (
        "d796af6d69db337d6fa6bd463984f7d17188d991dbb22f60efb92a8a9619507c",
        "SafeLinuxDriver.run_input_thread is a copy of it: port any change to the loop",
    ),
    "textual.drivers.linux_driver:LinuxDriver.__init__": (
        "671887bbf938d1d82bc2fb5cba1c4223873c95e7878cbe596da2badc2f316d76",
        "the copy uses fileno, input_tty, exit_event, attrs_before, _file, _debug, _app",
    ),
    "textual.drivers.linux_driver:LinuxDriver.stop_application_mode": (
        "9a7e99c8d4bdbd3bee8d728aabb4427712defa4b56d752c8ed83188e61015460",
        "driver._RESTORE repeats the escape codes it writes",
    ),
    "textual._xterm_parser:XTermParser": (
        "fc1e32fb7a4ae5a008629a8fc7b6b1cc4a4f98280156ad6b171d16027eecd926",
        "the copy calls XTermParser(debug), .feed(text) and .tick()",
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
        f"re-check bb_tui/tui/runtime/driver.py ({depends}), then record the new hash {got} here "
        f"and the new version in pyproject.toml"
    )


def _run(code: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL")}
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
app = BBApp(load_framework(BUNDLED_FRAMEWORK), Path("sessions/demo"))
print(app.driver_class.__module__, app.driver_class.__name__)
"""


def test_the_app_uses_the_safe_driver_and_says_nothing():
    result = _run(PICK_DRIVER.format(break_it=""))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "bb_tui.tui.runtime.driver SafeLinuxDriver"
    assert result.stderr == ""


def test_without_the_private_parser_the_stock_driver_is_used_with_one_line_on_stderr():
    # What a Textual release that moved or renamed XTermParser looks like from driver.py.
    broken = 'sys.modules["textual._xterm_parser"] = types.ModuleType("textual._xterm_parser")'
    result = _run(PICK_DRIVER.format(break_it=broken))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "textual.drivers.linux_driver LinuxDriver"
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("bb-tui: warning: ")
    assert "XTermParser" in lines[0] and "Textual's own driver" in lines[0]
    assert "end of input" in lines[0]
