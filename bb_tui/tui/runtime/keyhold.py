"""Keys typed quickly, during start-up or while a dialog opens, each reach the widget meant.

Textual hands a key to the focused widget's queue and goes on to the next key at once; a key
the widget does not use (Tab, a screen's key such as `n`) acts only when it has bubbled back up
to the app, after the keys behind it were already handed to the old widget: "Ann Lee<Tab>
Riverside" put Riverside in the Name field. And right after start-up, or after a key opened a
dialog, the screen in front may not be built or focused yet (the key is lost), or its on_mount
`focus()` may still be queued (it takes focus back after a Tab).

So keys go one at a time: the next is handed on only once the one before has travelled up from
its widget to the app (twice over, so what it set off, such as an Input's Submitted, has run
too) and the screen in front is built, has had a turn of the app's queue and has focus (or
nothing to focus). A key goes on anyway once its screen has kept it `SCREEN_LIMIT` (a loaded
machine can take seconds to build the first screen) or the key before it is `LIMIT` late.
Keys typed before Textual reads any wait in the terminal, as typed (runtime/typeahead.py).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import events

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode
    from textual.screen import Screen

LIMIT = 1.0  # seconds a key waits at most for the key before it to travel up
SCREEN_LIMIT = 5.0  # seconds a key waits at most for the screen in front to be built and focused
STEP = 0.02  # seconds between looks at whether a new screen is ready
PASSES = 2  # trips up the widget tree after a key before the next goes


def screen_ready(screen: Screen[Any]) -> bool:
    """Built, and focused where it has anything to focus."""
    if not screen.is_mounted:
        return False
    return screen.focused is not None or not screen.focus_chain


class KeyHold:
    """An app's keys, one at a time; `deliver` hands one to Textual (App.on_event)."""

    def __init__(self, app: App[Any], deliver: Callable[[events.Key], Awaitable[None]]) -> None:
        self.app, self.deliver = app, deliver
        self.held: list[events.Key] = []
        self._settled: Screen[Any] | None = None  # the screen in front once keys may reach it
        self._since = 0.0  # when the wait began (for the newest key in flight or held)
        self._flying = 0  # the key in flight (a number: a late trip of an older one is ignored)
        self._in_flight = False
        self._waiting = False  # a look at the screen is scheduled

    @property
    def busy(self) -> bool:
        """A key is held here or still on its way up: not every key so far has been handled."""
        return bool(self.held) or self._in_flight

    async def take(self, event: events.Key) -> bool:
        """Handle a key arriving at the app; False when it is not ours to hold (bubbled back)."""
        if event.is_forwarded:
            return False
        if not self.app.app_focus:
            self.app.app_focus = True  # as Textual does on a key: the screen may focus now
        if self.held or self._in_flight or not self._settled_now():
            if not self.held and not self._in_flight:
                self._since = time.monotonic()
            self.held.append(event)
            if not self._in_flight:
                self._look()
            return True
        await self._send(event)
        return True

    # ------------------------------------------------------------ the screen in front

    def _current(self) -> Screen[Any] | None:
        try:
            return self.app.screen
        except Exception:  # noqa: BLE001 - no screen yet (start-up)
            return None

    def _settled_now(self) -> bool:
        screen = self._current()
        return screen is not None and screen is self._settled

    def _late(self) -> bool:
        return time.monotonic() - self._since > SCREEN_LIMIT

    def _look(self) -> None:
        """Send the held keys after the app's queued calls once the screen is built, else look
        again shortly."""
        if self._waiting:
            return
        self._waiting = True
        screen = self._current()
        if screen is not None and (screen.is_mounted or self._late()):
            self.app.call_later(self._release, screen)
        else:
            self.app.set_timer(STEP, self._again)

    def _again(self) -> None:
        self._waiting = False
        self._look()

    async def _release(self, screen: Screen[Any]) -> None:
        self._waiting = False
        if self._in_flight:
            return  # the key in flight sends the next when it lands
        if self._current() is not screen or not (screen_ready(screen) or self._late()):
            self._waiting = True
            self.app.set_timer(STEP, self._again)
            return
        self._settled = screen
        if self.held:
            await self._send(self.held.pop(0))

    # ------------------------------------------------------------ one key in flight

    async def _send(self, event: events.Key) -> None:
        target: DOMNode = self.app.focused or self.app.screen
        await self.deliver(event)
        if not event.is_forwarded:  # a priority key, done at the app
            self._next()
            return
        self._flying += 1
        self._in_flight = True
        self._since = time.monotonic()
        path = [target, *target.ancestors]  # up to the app, as the key bubbles
        self._trip(path, 0, PASSES, self._flying)
        self.app.set_timer(LIMIT, partial(self._landed, self._flying))  # a stuck trip

    def _trip(self, path: list[DOMNode], step: int, passes: int, flying: int) -> None:
        """Queue a call behind the key at each node up the path, in turn, `passes` times."""
        if flying != self._flying:
            return
        if step == len(path):
            if passes > 1:
                self._trip(path, 0, passes - 1, flying)
            else:
                self._landed(flying)
            return
        if not path[step].call_later(self._trip, path, step + 1, passes, flying):
            self._trip(path, step + 1, passes, flying)  # that node is gone

    def _landed(self, flying: int) -> None:
        if flying != self._flying or not self._in_flight:
            return
        self._in_flight = False
        self._since = time.monotonic()
        self._next()

    def _next(self) -> None:
        if self.held:
            self._look()
