"""One name, one thing: a class name is defined once in bb_tui, and no method of ours replaces a
property or reactive attribute of the Textual class it extends (as `visible()` once did)."""

from __future__ import annotations

import ast
import importlib
import inspect
from collections import defaultdict

from textual.reactive import Reactive

from tests.support.demo import REPO

PACKAGE = REPO / "bb_tui"


def _modules(under: str = "") -> list[str]:
    root = PACKAGE / under
    return [
        ".".join(path.relative_to(REPO).with_suffix("").parts)
        for path in sorted(root.rglob("*.py"))
        if path.name != "__main__.py"
    ]


def test_each_class_name_is_defined_once():
    places = defaultdict(list)
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef):
                places[node.name].append(str(path.relative_to(REPO)))
    assert {name: where for name, where in places.items() if len(where) > 1} == {}


def test_no_method_replaces_a_textual_property():
    shadowed = []
    for name in _modules("tui"):
        module = importlib.import_module(name.removesuffix(".__init__"))
        for cls in vars(module).values():
            if not inspect.isclass(cls) or cls.__module__ != module.__name__:
                continue
            textual = [b for b in cls.__mro__ if b.__module__.startswith("textual.")]
            for attr, value in vars(cls).items():
                if not inspect.isfunction(value):
                    continue
                for base in textual:
                    theirs = vars(base).get(attr)
                    if isinstance(theirs, (property, Reactive)):
                        shadowed.append(f"{cls.__qualname__}.{attr} ({base.__qualname__})")
    assert shadowed == []
