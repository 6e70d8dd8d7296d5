"""The participant screens made ready while the overview waits for its first key.

A screen's first opening imports its module (the evidence editor brings in Textual's TextArea)
and loads its stylesheet, after which Textual parses every style in the app again and restyles
every widget; each widget class mounted for the first time adds its DEFAULT_CSS to parse (the
TextArea's alone ~9 ms): together about 50 ms of the first enter or e, on any folder. Done once,
just after the overview is drawn (imports in a thread, all the styles in one parse on the UI
thread), none of it is left for a key. Relies on Textual 8.2.8 (pinned): App._load_screen_css
skips a file already read, and a widget's DEFAULT_CSS already added is not parsed again.
"""

from __future__ import annotations

import importlib
import inspect
import weakref
from pathlib import Path
from types import SimpleNamespace

from textual.app import App
from textual.dom import DOMNode
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


def import_screens() -> list[type[DOMNode]]:
    """Import the participant screens' modules (no widget is built); their screen classes and
    the widget classes they mount that the overview does not."""
    from textual.containers import VerticalScroll

    from bb_tui.tui.widgets.editors import CappedTextArea, LongTextReader, PageArea
    from bb_tui.tui.widgets.lists import PlainKeyList
    from bb_tui.tui.widgets.scale import LevelRow, ScalePicker

    screens = [
        getattr(importlib.import_module(f"{PACKAGE}.{module}"), name)
        for module, name in SCREENS.items()
    ]
    widgets = [VerticalScroll, ScalePicker, LevelRow, PlainKeyList]
    return screens + widgets + [CappedTextArea, PageArea, LongTextReader]


def default_css(node: type[DOMNode]) -> list[tuple]:
    """What Textual adds to the stylesheet when the first `node` is mounted (its DEFAULT_CSS
    and its bases'), computed by Textual's own DOMNode._get_default_css."""
    return DOMNode._get_default_css(SimpleNamespace(_node_bases=node._css_bases(node)))


def load_styles(app: App, nodes: list[type[DOMNode]]) -> int:
    """Add the styles opening these screens and widgets would add, and parse once;
    returns how many sources were new."""
    sheet = app.stylesheet
    before = len(sheet.source)
    for node in nodes:
        for read_from, css, tie_breaker, scope in default_css(node):
            sheet.add_source(
                css,
                read_from=read_from,
                is_default_css=True,
                tie_breaker=tie_breaker,
                scope=scope,
            )
    files = [
        path
        for node in nodes
        if issubclass(node, Screen)
        for path in css_files(node)
        if not sheet.has_source(str(path), "")
    ]
    for path in dict.fromkeys(files):
        sheet.read(path)
    new = len(sheet.source) - before
    if new:
        sheet.reparse()
        sheet.update(app)
    return new


def ready_screens(app: App) -> None:
    """Start readying the screens in the background; safe to call more than once."""
    if app in _readied:
        return
    _readied.add(app)

    def work() -> None:
        nodes = import_screens()
        try:
            app.call_from_thread(load_styles, app, nodes)
        except RuntimeError:  # the app closed meanwhile: nothing to ready
            pass

    app.run_worker(work, thread=True, name="ready participant screens", exit_on_error=False)
