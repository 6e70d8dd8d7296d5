"""Where bb-tui leans on Textual internals: notice when they change, survive when they go.

The driver (bb_tui/tui/runtime/driver.py) copies `LinuxDriver.run_input_thread` (and the escape
codes of `stop_application_mode`) and imports the private `textual._xterm_parser.XTermParser`; the
editors (tui/widgets/editors.py) override private TextArea methods; the screen readying
(tui/runtime/ready.py) computes default styles with `DOMNode._get_default_css` and relies on
`App._load_screen_css` skipping a file already read. So Textual is pinned to the version they were
read in. When the pin is raised, these hashes fail until someone re-reads the new upstream code
against ours and records the new values here.
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

# sha256 of inspect.getsource(module:name) in Textual 8.2.8, and what of ours depends on each.
UPSTREAM = {
    "textual.drivers.linux_driver:LinuxDriver.run_input_thread": (
        "d796af6d69db337d6fa6bd463984f7d17188d991dbb22f60efb92a8a9619507c",
        "tui/runtime/driver.py: SafeLinuxDriver.run_input_thread copies it: port any change to the loop",
    ),
    "textual.drivers.linux_driver:LinuxDriver.__init__": (
        "671887bbf938d1d82bc2fb5cba1c4223873c95e7878cbe596da2badc2f316d76",
        "tui/runtime/driver.py: the copy uses fileno, input_tty, exit_event, attrs_before, "
        "_file, _debug, _app",
    ),
    "textual.drivers.linux_driver:LinuxDriver.stop_application_mode": (
        "9a7e99c8d4bdbd3bee8d728aabb4427712defa4b56d752c8ed83188e61015460",
        "tui/runtime/driver.py: driver._RESTORE repeats the escape codes it writes",
    ),
    "textual._xterm_parser:XTermParser": (
        "fc1e32fb7a4ae5a008629a8fc7b6b1cc4a4f98280156ad6b171d16027eecd926",
        "tui/runtime/driver.py: the copy calls XTermParser(debug), .feed(text) and .tick()",
    ),
    "textual.widgets._text_area:TextArea._replace_via_keyboard": (
        "68ca5b810d1a9697589eb71ba579c896b8c66a7b89a3fb9177856a16cca9aa68",
        "tui/widgets/editors.py: CappedTextArea: every typed insert passes here (the cap)",
    ),
    "textual.widgets._text_area:TextArea._on_key": (
        "7d96cf803349c17fe1b6245bfcecb33f218579967af72613ee6cf46fae387e06",
        "tui/widgets/editors.py: PageArea: [ and ] turn the page, typing is refused",
    ),
    "textual.widgets._text_area:TextArea._rewrap_and_refresh_virtual_size": (
        "32725265da6edf4d0a51b30111180c195dd5e7c8543951e2b3aea4ab4f7a00f3",
        "tui/widgets/editors.py: PageArea skips it when neither page nor width changed",
    ),
    "textual.widgets._text_area:TextArea._refresh_size": (
        "dddf5bc75815b9bdace633ceef3d6ec36bc6959a895ab9d7efbd245510d5987d",
        "tui/widgets/editors.py: PageArea calls it (with _line_cache.clear()) instead of rewrapping",
    ),
    "textual.widgets._text_area:TextArea._watch_language": (
        "c51ec11cb8220c62bbc7a332b961658c262fd62aeaf4128b5bae9f5b1bab60bc",
        "tui/widgets/editors.py: PageArea skips it for a plain page (__init__ has built the document)",
    ),
    "textual.widgets._text_area:TextArea.__init__": (
        "d73d584ef628d500e291d39c96ab4aca86c8936cb5936dc376d897b8fa3d4fb2",
        "tui/widgets/editors.py: PageArea._watch_language assumes __init__ builds the plain document",
    ),
    "textual.dom:DOMNode._get_default_css": (
        "1e45000be06d54c6ba1fba92cb4e0743592da9872687a22b159db81a2d51b638",
        "tui/runtime/ready.py: default_css calls it with only _node_bases set",
    ),
    "textual.dom:DOMNode._css_bases": (
        "1d9de1338e2ba814a39aed902c73adf61ff983fe2e00d57dccabc87124cc67aa",
        "tui/runtime/ready.py: default_css",
    ),
    "textual.app:App._load_screen_css": (
        "425ed568a77ad9ab8050f7eb5996c74c1e3f6cc6172ff1f7aab368566e689590",
        "tui/runtime/ready.py: load_styles reads screens' CSS_PATH early; this must skip a file already read",
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
