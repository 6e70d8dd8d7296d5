"""Whether to run plain mode (`wants_plain`), and the user's own setting for it, said once:
`plain = true` in `~/.config/bb-tui/config.toml` (or `$XDG_CONFIG_HOME/bb-tui/config.toml`).
Light to import: the command decides with it before loading the app (cli/main.py).

Only a file of the user's own is read (never one another account planted); a bad one is one line
on standard error and the setting is taken as not given.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

from bb_tui.storage.errors import BBError
from bb_tui.storage.paths import config_folder
from bb_tui.storage.tomlio import NoSuchFile, parse_toml_bytes, read_owned

CONFIG_NAME = "config.toml"


def config_path() -> Path:
    return config_folder() / CONFIG_NAME


def configured_plain(path: Path | None = None) -> bool:
    """True when the user's config says `plain = true`."""
    path = path or config_path()
    try:
        data, _ = read_owned(path, {os.geteuid()}, max_bytes=64 * 1024)
        value = parse_toml_bytes(path, data).get("plain", False)
    except NoSuchFile:
        return False
    except BBError as exc:
        print(f"bb-tui: {exc.line()}", file=sys.stderr)
        return False
    if not isinstance(value, bool):
        print(f"bb-tui: {BBError(path, 'plain: must be true or false').line()}", file=sys.stderr)
        return False
    return value


OFF = ("", "0", "false")


def wants_plain(asked: bool, env: Mapping[str, str], stdout: TextIO | None = None) -> bool:
    """`--plain`; ACCESSIBLE set to anything but empty, 0 or false (as huh and clack read it);
    `plain = true` in the user's config; TERM=dumb; or output that is not a terminal. Only
    `--plain` when a Textual driver is named: the browser seat's full page runs the app on pipes,
    and the ACCESSIBLE or config of the facilitator who runs `serve` is not the participant's."""
    if asked:
        return True
    if env.get("TEXTUAL_DRIVER"):  # the browser seat's full page (a plain seat says --plain)
        return False
    if env.get("ACCESSIBLE", "").strip().lower() not in OFF or configured_plain():
        return True
    if env.get("TERM", "") == "dumb":
        return True
    out = stdout if stdout is not None else sys.stdout
    return not out.isatty()
