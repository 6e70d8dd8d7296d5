"""`bb-tui validate PATH...`: one line per file, ok or the reason."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bb_tui.cli.common import SubCommands


def add_parser(sub: SubCommands) -> None:
    parser = sub.add_parser("validate", help="check session files (files or folders of *.toml)")
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from bb_tui.cli.common import load_framework_or_exit
    from bb_tui.core.collection import future_note
    from bb_tui.core.partnership import is_partnership_file, load_partnership
    from bb_tui.core.session import Session, load_session
    from bb_tui.storage.errors import BBError, shown_path
    from bb_tui.storage.paths import expand_paths

    framework = load_framework_or_exit(args)
    files = expand_paths(args.paths)
    if not files:
        print(
            "bb-tui: no *.toml files found in " + ", ".join(map(str, args.paths)), file=sys.stderr
        )
        return 2
    bad = 0
    for path in files:
        partnership = is_partnership_file(path)  # the partnership's own file may share the folder
        try:
            loaded = (load_partnership if partnership else load_session)(path, framework)
        except BBError as exc:
            bad += 1
            print(exc.line())
            continue
        print(f"{shown_path(path)}: ok" + (" (partnership file)" if partnership else ""))
        note = future_note(loaded, shown_path(path)) if isinstance(loaded, Session) else None
        for warning in [*loaded.warnings, *([note] if note else [])]:
            print(f"  warning: {warning}")
    return 1 if bad else 0
