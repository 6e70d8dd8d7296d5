"""Run the plain line mode (whether to: plain/settings.wants_plain).

Hang-up, SIGTERM and ctrl+c save and leave: every answer is already saved before the next
prompt, so leaving only flushes (nothing is pending) and releases the in-use lock.
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path
from types import FrameType

from bb_tui.core.editing import OpenSession
from bb_tui.core.framework import Framework
from bb_tui.core.session import SessionFile
from bb_tui.plain.group import Facilitator
from bb_tui.plain.lines import EndOfInput, Leave, Lines
from bb_tui.plain.scoring import Scoring
from bb_tui.plain.start import choose_session, open_path
from bb_tui.render import plain as words
from bb_tui.storage.errors import BBError
from bb_tui.storage.safesave import remove_stale_temps


def _leave_on_signal(signum: int, frame: FrameType | None) -> None:
    raise Leave


def run_plain(framework: Framework, args: argparse.Namespace, lines: Lines | None = None) -> int:
    file = getattr(args, "file", None)
    if file is not None:
        try:  # a broken file is one line on stderr and exit 1, as the app does
            SessionFile.open(file, framework)
        except BBError as exc:
            print(f"bb-tui: {exc.line()}", file=sys.stderr)
            return 1
    lines = lines or Lines()
    folder = Path(args.sessions)
    remove_stale_temps(folder)
    # ctrl+c leaves as a hang-up does: saved, the lock released
    leave_on = (signal.SIGHUP, signal.SIGTERM, signal.SIGINT)
    old = {s: signal.signal(s, _leave_on_signal) for s in leave_on}
    opened: OpenSession | None = None
    group = Facilitator(lines, folder, framework)
    try:
        lines.say(words.GREETING)
        if file is not None:
            opened = open_path(lines, Path(file), framework)
        else:
            opened = choose_session(lines, folder, framework, group.run)
        if opened is not None:
            Scoring(lines, opened).run()
    except EndOfInput:
        _say(lines, words.END_OF_INPUT)
    except (Leave, KeyboardInterrupt):
        pass
    finally:
        failed = group.close()  # the partnership file, if a decision opened it
        for line in failed:
            _say(lines, line)
        code = max(_close(lines, opened), 1 if failed else 0)
        for s, handler in old.items():
            signal.signal(s, handler)
    return code


def _say(lines: Lines, line: str) -> None:
    try:
        lines.say(line)
    except OSError:  # the terminal has gone: the file is saved all the same
        pass


def _close(lines: Lines, opened: OpenSession | None) -> int:
    if opened is None:
        return 0
    report = opened.flush()
    opened.close()
    if report is not None and not report.ok:
        _say(lines, report.message)
        return 1
    _say(lines, words.SAVED_AND_LEFT)
    return 0
