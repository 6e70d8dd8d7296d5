"""The app as its screens and dialogs see it: `ScoringApp`, what they use of bb-tui's app.

A screen reaches it typed through Textual's own accessor, `app = getters.app(ScoringApp)` in
the class body (checked with isinstance on each use), instead of `self.app`, which Textual
types as any App. It lives here, apart from bb_tui/tui/app.py, because the app imports its
screens: a screen importing the app would close an import cycle (tests/unit/test_layers.py).
BBApp (bb_tui/tui/app.py) is built on it and mypy checks the two agree; a participant's seat,
ConfinedApp, is a BBApp. Screens that must also run in other apps (the group panels, under a
bare host in tests) keep Textual's `self.app` and ask with getattr.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App

if TYPE_CHECKING:
    from bb_tui.core.editing import OpenSession
    from bb_tui.core.framework import Framework
    from bb_tui.core.session import SessionFile
    from bb_tui.tui.keymap import AppAction


class ScoringApp(App[int]):
    """What screens use of the app: declarations (BBApp has the values and the code), and
    `current_session` for the screens shown only while a session is open."""

    ACTIONS: ClassVar[tuple[AppAction, ...]]  # the app-wide actions of this app's role
    framework: Framework
    sessions_dir: Path
    open_path: Path | None  # the session file named on the command line, if any
    current: OpenSession | None  # the session open for scoring
    last_enabler: str | None  # the enabler last shown, for the overview cursor
    cursor_blink: bool

    @property
    def current_session(self) -> OpenSession:
        """The session open for scoring, on a screen shown only while one is."""
        if self.current is None:
            raise RuntimeError("no session is open")
        return self.current

    if TYPE_CHECKING:  # BBApp's methods the screens call

        def open_session(
            self, path: Path, background: bool = False, done: Callable[[], None] | None = None
        ) -> None: ...

        def open_created(self, file: SessionFile) -> None: ...

        def edited(self) -> None: ...

        def report_read_only(self) -> None: ...

        def action_reflections(self, theme_id: str = "") -> None: ...

        def action_enabler(self, enabler_id: str) -> None: ...
