"""The user's own setting for plain mode, said once: `plain = true` in
`~/.config/bb-tui/config.toml` (or `$XDG_CONFIG_HOME/bb-tui/config.toml`).

Only a file of the user's own is read (never one another account planted); a bad one is one line
on standard error and the setting is taken as not given.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

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
