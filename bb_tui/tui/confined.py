"""A participant's seat: the app for one session file, with no route to anything else.

`bb-tui score --confined FILE` (and every participant's browser link) runs `ConfinedApp`. It is
built for the participant's role: its keys, help rows and ctrl+p commands come from the actions
the registry marks `participant=True` (bb_tui/tui/keymap.py), Textual's own commands are cut to
the theme picker, and its screens are the session's own (overview, enabler, dig deeper, evidence,
reflections, profile, help). There is no sessions list, no group screen or panel, no export and
no dialog that opens another file: their modules are never imported. Screen changes that name
anything outside `PARTICIPANT_SCREENS` are refused as a second line of defence. Escape on the
overview (or ctrl+q, or the browser tab closing) saves and ends the seat.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from bb_tui.storage.errors import BBError, shown_path
from bb_tui.storage.safesave import owner_if_other
from bb_tui.tui.app import BBApp, app_bindings
from bb_tui.tui.keymap import PARTICIPANT, PARTICIPANT_SCREENS, actions_for
from bb_tui.tui.scoring_app import ScoringApp
from bb_tui.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from bb_tui.core.editing import Opening, OpenPartnerships
    from bb_tui.core.framework import Framework
    from bb_tui.core.session import SessionFile

REFUSED = "Not available in a participant's seat: only this session can be opened here."


def screen_name(screen: object) -> str:
    """A screen's "module:Class", as PARTICIPANT_SCREENS names them."""
    kind = type(screen)
    return f"{kind.__module__}:{kind.__qualname__}"


class SeatFloor(Screen[None]):
    """The bottom of a seat's stack, beneath its session: shown only while it opens."""

    app = getters.app(ScoringApp)  # self.app, typed (bb_tui/tui/scoring_app.py)
    covered = False  # something was shown over it (the session, or a question before it)

    def __init__(self, seat_path: Path) -> None:
        super().__init__()
        self.seat_path = seat_path

    def compose(self) -> ComposeResult:
        yield Static(
            Text("bb-tui · " + self.app.framework.title, no_wrap=True, overflow="ellipsis"),
            id="app-title",
        )
        yield Static(Text(f"Your session: {shown_path(self.seat_path.name)}"), id="folder")
        yield KeyBar()

    def on_screen_suspend(self) -> None:
        self.covered = True

    def on_screen_resume(self) -> None:
        """Back here with no session open (its opening cancelled): the seat is over."""
        if self.covered and self.app.current is None:
            self.app.exit(0)


class ConfinedApp(BBApp, inherit_bindings=False):
    """Score one session file and nothing else: a participant's seat."""

    ROLE = PARTICIPANT
    ACTIONS = actions_for(ROLE)
    # Only the role's keys: Textual's and the facilitator app's bindings are not inherited.
    BINDINGS = app_bindings(ACTIONS)
    SYSTEM_COMMANDS = ("Theme",)  # no screenshot: it writes a file where the app runs
    CHARTS_AFTER = None  # no group screen here

    def __init__(
        self, framework: Framework, sessions_dir: Path, open_path: Path | None, **options: Any
    ) -> None:
        """As the facilitator's app, but `open_path` is required and its folder is the only one
        (`sessions_dir` is not used: nothing else in it is read)."""
        if open_path is None:
            raise ValueError("a participant's seat opens one session file")
        super().__init__(framework, Path(open_path).parent, open_path, **options)
        self.seat_path = Path(open_path)
        self.opened_once = False  # the session was opened (or its opening ended)

    def get_default_screen(self) -> Screen[Any]:
        return SeatFloor(self.seat_path)

    def overview_screen(self) -> Screen[Any]:
        from bb_tui.tui.screens.participant.overview import SeatOverviewScreen

        return SeatOverviewScreen()

    # ------------------------------------------------------------ the one session

    def open_session(self, path: Path, background: bool = False, done: Any = None) -> None:
        """Only the seat's own file, once."""
        if self.opened_once or Path(path) != self.seat_path:
            self.notify(REFUSED, severity="warning", markup=False)
            return
        self.opened_once = True
        self._go_on_opening(path, self._read_for_editing(path))

    def open_created(self, file: SessionFile) -> None:
        self.notify(REFUSED, severity="warning", markup=False)

    def _go_on_opening(self, path: Path, outcome: Opening | BBError) -> None:
        """As the facilitator's app, but with no colleague's dialog: a file another account
        owns opens read-only (a save here would make it this account's file)."""
        if isinstance(outcome, BBError):
            self.exit_message = f"bb-tui: {outcome.line()}"
            self.exit(1)
            return
        self.warn_opened(outcome.notices)
        owner = None if outcome.read_only else owner_if_other(path)
        if owner is None:
            self._open_read(outcome)
            return
        outcome.file.lock.release()  # only looking: the owner is not told it is open
        self.notify(
            BBError(
                path,
                f"belongs to {owner}; opened read-only, nothing will be saved "
                f"({owner} can change it in their own bb-tui)",
            ).line(),
            title="Someone else's file",
            severity="warning",
            timeout=20,
            markup=False,
        )
        self._start_editing(outcome.file, read_only=True)

    # ------------------------------------------------------------ routes that are not here

    def action_sessions(self) -> None:
        self.notify(REFUSED, severity="warning", markup=False)

    @property
    def partnerships(self) -> OpenPartnerships:
        raise RuntimeError("a participant's seat opens no partnership file")

    def _refuse(self, screen: object) -> bool:
        if isinstance(screen, Screen) and screen_name(screen) in PARTICIPANT_SCREENS:
            return False
        self.notify(REFUSED, severity="warning", markup=False)
        return True

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        if self._refuse(screen):
            return _done()
        return super().push_screen(screen, *args, **kwargs)

    def switch_screen(self, screen: Any) -> Any:
        if self._refuse(screen):
            return _done()
        return super().switch_screen(screen)

    def install_screen(self, screen: Screen[Any], name: str) -> None:
        if not self._refuse(screen):
            super().install_screen(screen, name)

    def add_mode(self, mode: str, base_screen: Any) -> None:
        self.notify(REFUSED, severity="warning", markup=False)


def _done() -> asyncio.Future[None]:
    """What a refused screen change returns: already finished, nothing shown."""
    future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    future.set_result(None)
    return future
