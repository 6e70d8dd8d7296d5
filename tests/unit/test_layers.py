"""The layers hold: nothing outside bb_tui/tui imports Textual or Rich, and nothing imports upward.

Every module's imports are read from its source (module level and inside functions alike), so a
lazy import cannot hide a wrong arrow.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "bb_tui"
# Arrows point down only: a layer may import its own and lower ranks.
RANKS = {"storage": 0, "core": 1, "render": 2, "tui": 3, "plain": 3, "cli": 4}
UI_LIBRARIES = ("textual", "rich")


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in RANKS else None


@functools.cache  # each module's source is read once, for the arrows and the cycles alike
def imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            if node.module == "bb_tui":
                found.update(f"bb_tui.{alias.name}" for alias in node.names)
    return found


def test_every_module_lives_in_a_layer():
    loose = [
        module_name(p)
        for p in modules()
        if layer(module_name(p)) is None and module_name(p) not in ("bb_tui", "bb_tui.__main__")
    ]
    assert loose == [], f"modules outside storage/core/render/tui/plain/cli: {loose}"


def arrows(name: str, found: set[str]) -> list[str]:
    """What is wrong with module `name`'s imports (`found`), each naming it and the import."""
    own = layer(name)
    problems = []
    for target in sorted(found):
        top = target.split(".")[0]
        if top in UI_LIBRARIES and own != "tui":
            problems.append(f"{name} imports {target}: only bb_tui.tui may use {top}")
        if top == "bb_tui" and own is not None:
            other = layer(target)
            if other is not None and RANKS[other] > RANKS[own]:
                problems.append(f"{name} ({own}) imports {target} ({other}): an upward arrow")
            elif other is not None and other != own and RANKS[other] == RANKS[own]:
                problems.append(f"{name} ({own}) imports {target} ({other}): a sideways arrow")
    return problems


def test_imports_point_down_and_ui_stays_in_tui():
    """Every module at once (one test, not one per module: the failure lists each module's
    wrong arrows by name)."""
    assert len(modules()) > 100
    assert [
        problem for path in modules() for problem in arrows(module_name(path), imports(path))
    ] == []


def test_the_check_can_fail(tmp_path: Path):
    """The reader sees a lazy import inside a function, and the rule flags it."""
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from textual.app import App\n    import bb_tui.tui.app\n")
    assert {"textual.app", "bb_tui.tui.app"} <= imports(sample)
    assert RANKS[layer("bb_tui.tui.app")] > RANKS[layer("bb_tui.core.stats")]
    assert RANKS[layer("bb_tui.plain.run")] == RANKS[layer("bb_tui.tui.app")]  # beside: neither
    wrong = tmp_path / "wrong.py"
    wrong.write_text("import textual\nfrom bb_tui.tui import app\nfrom bb_tui.render import x\n")
    assert arrows("bb_tui.core.wrong", imports(wrong)) == [
        "bb_tui.core.wrong (core) imports bb_tui.render (render): an upward arrow",
        "bb_tui.core.wrong (core) imports bb_tui.tui (tui): an upward arrow",
        "bb_tui.core.wrong imports textual: only bb_tui.tui may use textual",
    ]


def _graph() -> dict[str, set[str]]:
    names = {module_name(p): p for p in modules()}
    graph: dict[str, set[str]] = {}
    for name, path in names.items():
        targets = set()
        for target in imports(path):
            while target and target not in names:
                target = target.rpartition(".")[0]
            if target and target != name and target != "bb_tui":
                targets.add(target)
        graph[name] = targets
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Groups of modules that import each other, directly or round a loop (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles():
    assert cycles(_graph()) == []


def test_a_cycle_is_found():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
