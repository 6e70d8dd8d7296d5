"""A session's progress as the sessions list shows it.

Apart from render/words.py so that the list's first screen imports no merge or stats code.
"""

from __future__ import annotations

from bb_tui.core.framework import Framework
from bb_tui.core.session import Session

NOT_STARTED = "not started"  # a session with nothing scored or skipped


def progress(session: Session, framework: Framework) -> str:
    """A session's progress in the sessions list: "3/12 · 10/60", or "not started" when nothing
    is scored or skipped (such a session is not a participant: docs/merging.md)."""
    enablers, indicators = session.progress(framework)
    if not (session.scores or session.indicators or session.skipped):
        return NOT_STARTED
    return f"{enablers}/{len(framework.enablers)} · {indicators}/{len(framework.indicators)}"
