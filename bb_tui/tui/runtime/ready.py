"""Screens made ready before their key: imported in a thread, their styles parsed in one go.

A screen's first opening imports its module and loads its stylesheet, after which Textual parses
every style in the app again and restyles every widget; each widget class mounted for the first
time adds its DEFAULT_CSS to parse (the TextArea's alone ~9 ms): 15-60 ms of the first enter, e or
F4, on any folder. `ready(app, modules)`, called once the current screen is drawn, does it all
at once while the person reads: the modules are imported in a thread, then the screens'
CSS_PATH files and the DEFAULT_CSS of every widget class the modules name are parsed once on the
UI thread. Relies on Textual 8.2.8 (pinned; tests/unit/test_driver_upstream.py): App._load_screen_css
skips a file already read, and a widget's DEFAULT_CSS already added is not parsed again.
"""

from __future__ import annotations

import importlib
import inspect
import sys
import weakref
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType, SimpleNamespace

from textual.app import App
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget

_readied: weakref.WeakKeyDictionary[App, set[tuple[str, ...]]] = weakref.WeakKeyDictionary()


def css_files(screen: type[Screen]) -> list[Path]:
    """The screen's CSS_PATH files, resolved as Textual resolves them."""
    paths = screen.CSS_PATH
    if not paths:
        return []
    if isinstance(paths, (str, Path)):
        paths = [paths]
    here = Path(inspect.getfile(screen)).parent
    return [(here / path).resolve() for path in paths]


def named_nodes(modules: Iterable[ModuleType]) -> list[type[DOMNode]]:
    """Every screen and widget class the modules define or import, and those of the modules
    defining them (the parts a Select or a TextArea mounts), in order, once each."""

    def nodes_in(module: ModuleType | None) -> list[type[DOMNode]]:
        values = vars(module).values() if module is not None else ()
        return [v for v in values if isinstance(v, type) and issubclass(v, (Screen, Widget))]

    found: dict[type[DOMNode], None] = {}
    for module in modules:
        for node in nodes_in(module):
            found[node] = None
            found.update(dict.fromkeys(nodes_in(sys.modules.get(node.__module__))))
    return list(found)


def package_modules(package: str) -> tuple[str, ...]:
    """Every module under `package` (a package of bb_tui), found without importing them."""
    import pkgutil

    def walk(folder: Path, prefix: str) -> list[str]:
        names = []
        for found in pkgutil.iter_modules([str(folder)], prefix):
            if found.ispkg:
                names += walk(folder / found.name.rpartition(".")[2], f"{found.name}.")
            else:
                names.append(found.name)
        return names

    root = Path(__file__).resolve().parents[3]  # the folder holding bb_tui
    return tuple(walk(root.joinpath(*package.split(".")), f"{package}."))


def import_nodes(names: Iterable[str]) -> list[type[DOMNode]]:
    """Import the modules (in the calling thread) and name their screens and widgets; a module
    that fails is left to fail, and say why, when its screen is opened."""
    modules = []
    for name in names:
        try:
            modules.append(importlib.import_module(name))
        except Exception:  # noqa: BLE001 - opened later, it fails there with its own message
            continue
    return named_nodes(modules)


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


def ready(app: App, modules: tuple[str, ...]) -> None:
    """Start readying the screens of `modules` in the background; once per app and list."""
    done = _readied.setdefault(app, set())
    if modules in done:
        return
    done.add(modules)

    def work() -> None:
        nodes = import_nodes(modules)
        try:
            app.call_from_thread(load_styles, app, nodes)
        except RuntimeError:  # the app closed meanwhile: nothing to ready
            pass

    app.run_worker(work, thread=True, name="ready screens", exit_on_error=False)
