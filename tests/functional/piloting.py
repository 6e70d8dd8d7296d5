"""Typing text into a running app quickly: the same Key events the terminal driver sends."""

from __future__ import annotations

from textual import events
from textual.keys import _character_to_key


async def type_text(pilot, text: str) -> None:
    """Send one key event per character, in order, then wait once for the app to settle.

    `pilot.press` waits for the app to go idle after every key (~70 ms each); for long texts
    that dominates the suite, so the events are queued together like fast typing or a burst
    of input over SSH.
    """
    driver = pilot.app._driver
    for char in text:
        key = _character_to_key(char) if not char.isalnum() else char
        event = events.Key(key, char)
        event.set_sender(pilot.app)
        driver.send_message(event)
    await pilot.pause()
    await pilot.pause()
