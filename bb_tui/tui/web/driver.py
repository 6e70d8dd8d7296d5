"""Textual's web driver, taught that its server can vanish: end of input saves and leaves.

textual-serve runs each app with stdin and stdout on pipes. A closed tab is not this case: the
server then sends a "quit" packet and the app exits normally, saving on the way out. But if the
server itself dies (killed, crashed), the app's stdin ends and Textual 8.2.8's WebDriver only
stops reading: the app would live on with nobody at it, the session held open. This subclass
treats that end of input as a hang-up (ExitGuard saves, then the process ends).
The server selects it with TEXTUAL_DRIVER (bb_tui/tui/web/server.py, app_command).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.drivers.web_driver import WebDriver

NAME = "bb_tui.tui.web.driver:SeatWebDriver"


class SeatWebDriver(WebDriver):
    def __init__(self, app: App[Any], **options: Any) -> None:
        super().__init__(app, **options)
        # The app's hang-up handler (BBApp.input_ended), taken from the app the driver is given.
        self._input_ended: Callable[..., None] | None = getattr(app, "input_ended", None)

    def run_input_thread(self) -> None:
        super().run_input_thread()
        # Not stop_application_mode: the input itself ended.
        if not self.exit_event.is_set() and self._input_ended is not None:
            self._input_ended(tty=True)  # save now and end, touching no output
