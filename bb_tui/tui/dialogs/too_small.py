"""One line at the top of the screen in front while the terminal is below 80x24.

It covers nothing and takes no keys: the screen beneath goes on working as well as it can in
the room there is (escape and ctrl+q always), and the line goes once the terminal is large
enough. Its words are in render/notices.py.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import App
from textual.widgets import Static

from bb_tui.render.notices import size_line, too_small


class SizeNotice(Static):
    """ "Needs 80x24, this is 60x20 · enlarge the window · ..." in one line, docked on top."""

    DEFAULT_CSS = """
    SizeNotice {
        dock: top; height: 1; width: 100%; padding: 0 1;
        background: $warning; color: $text; text-style: bold;
    }
    """

    def __init__(self) -> None:
        super().__init__(markup=False)

    def on_mount(self) -> None:
        self.sync()

    def sync(self) -> None:
        self.update(Text(size_line(*self.app.size), no_wrap=True, overflow="crop"))


def show_size_notice(app: App[Any]) -> None:
    """The line on the screen in front while the terminal is too small; none once it is not."""
    small = too_small(*app.size)
    for screen in app.screen_stack:
        for notice in screen.query(SizeNotice):
            if small:
                notice.sync()
            else:
                notice.remove()
    if small and not app.screen.query(SizeNotice):
        app.screen.mount(SizeNotice())
