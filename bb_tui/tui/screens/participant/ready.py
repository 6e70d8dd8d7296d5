"""The participant screens made ready while the overview waits for its first key.

A screen's first opening imports its module (the evidence editor brings in Textual's TextArea)
and loads its stylesheet, after which Textual parses every style in the app again and restyles
every widget: about 40 ms of the first enter or e, on any folder. Done once, just after the
overview is drawn (imports in a thread, the styles in one go on the UI thread), none of it is
left for a key. Relies on Textual 8.2.8 (pinned): App._load_screen_css skips a file already read.
"""

from __future__ import annotations

import importlib
import inspect
import weakref
from pathlib import Path

from textual.app import App
from textual.screen import Screen

# module: the screen class in it whose stylesheet is loaded
SCREENS = {
    "enabler": "EnablerScreen",
    "dig_deeper": "IndicatorScreen",
    "evidence": "EvidenceScreen",
    "reflections": "ReflectionsScreen",
}
PACKAGE = "bb_tui.tui.screens.participant"
_readied: weakref.WeakSet[App] = weakref.WeakSet()


def css_files(screen: type[Screen]) -> list[Path]:
    """The screen's CSS_PATH files, resolved as Textual resolves them."""
    paths = screen.CSS_PATH
    if not paths:
        return []
    if isinstance(paths, (str, Path)):
        paths = [paths]
    here = Path(inspect.getfile(screen)).parent
    return [(here / path).resolve() for path in paths]


def import_screens() -> list[type[Screen]]:
    """Import the participant screens' modules (no widget is built); their screen classes."""
    return [
        getattr(importlib.import_module(f"{PACKAGE}.{module}"), name)
        for module, name in SCREENS.items()
    ]


def load_styles(app: App, screens: list[type[Screen]]) -> int:
    """Read the screens' stylesheets not yet read and parse once, as opening them would;
    returns how many files were read."""
    sheet = app.stylesheet
    new = list(
        dict.fromkeys(
            path
            for screen in screens
            for path in css_files(screen)
            if not sheet.has_source(str(path), "")
        )
    )
    if new:
        for path in new:
            sheet.read(path)
        sheet.reparse()
        sheet.update(app)
    return len(new)


def ready_screens(app: App) -> None:
    """Start readying the screens in the background; safe to call more than once."""
    if app in _readied:
        return
    _readied.add(app)

    def work() -> None:
        screens = import_screens()
        try:
            app.call_from_thread(load_styles, app, screens)
        except RuntimeError:  # the app closed meanwhile: nothing to ready
            pass

    app.run_worker(work, thread=True, name="ready participant screens", exit_on_error=False)
