"""The test suite's own house rules: helpers imported one way, one async runner, no path tricks.

Read from each test file's syntax tree (code inside strings, run in subprocesses, is not counted).
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
SUPPORT = TESTS / "support"
HELPERS = {path.stem for path in SUPPORT.glob("*.py")} - {"__init__"}


@functools.cache
def _trees() -> list[tuple[Path, list[ast.AST]]]:
    """Each test file's imports, attributes and calls: every file parsed and walked once for all
    the rules below (the parse is most of their time)."""
    kinds = (ast.Import, ast.ImportFrom, ast.Attribute, ast.Call)
    return [
        (
            path,
            [
                node
                for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path)))
                if isinstance(node, kinds)
            ],
        )
        for path in sorted(TESTS.rglob("*.py"))
        if "data" not in path.relative_to(TESTS).parts
    ]


def _imported_modules(tree: list[ast.AST]) -> list[str]:
    names = []
    for node in tree:
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def test_every_helper_module_lives_in_tests_support():
    assert {
        "piloting",
        "ptyrun",
        "partnership_host",
        "large_sessions",
        "hostile_folder",
        "accounts",
        "demo",
    } <= HELPERS
    strays = [
        str(path.relative_to(TESTS))
        for path in TESTS.rglob("*.py")
        if path.parent != SUPPORT and path.stem in HELPERS
    ]
    assert strays == []


def test_helpers_are_imported_only_from_tests_support():
    bad = []
    for path, tree in _trees():
        for name in _imported_modules(tree):
            parts = name.split(".")
            if (
                parts[0] in HELPERS
                or parts[-1] == "conftest"
                or (parts[0] == "tests" and parts[-1] in HELPERS and parts[1] != "support")
            ):
                bad.append(f"{path.relative_to(TESTS)}: {name}")
    assert bad == []


def test_nothing_edits_sys_path():
    bad = []
    for path, tree in _trees():
        for node in tree:
            if (
                isinstance(node, ast.Attribute)
                and node.attr == "path"
                and isinstance(node.value, ast.Name)
                and node.value.id == "sys"
            ):
                bad.append(f"{path.relative_to(TESTS)}:{node.lineno}")
    assert bad == []


def test_one_async_runner_the_conftest_hook():
    """`async def` tests are run by tests/conftest.py's pytest_pyfunc_call; nothing else runs them."""
    runners = []
    for path, tree in _trees():
        for node in tree:
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in {"run", "run_until_complete"}
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "asyncio"
            ):
                runners.append(f"{path.relative_to(TESTS)}:{node.lineno}")
        runners += [
            f"{path.relative_to(TESTS)}: {name}"
            for name in _imported_modules(tree)
            if name.split(".")[0] in {"anyio", "pytest_asyncio", "trio"}
        ]
    # the one other: accounts.run_coroutine, for forked children that pytest's hook cannot reach
    assert runners == [
        "conftest.py:" + str(_hook_line()),
        "support/accounts.py:" + str(_child_line()),
    ]


def _child_line() -> int:
    tree = ast.parse((TESTS / "support" / "accounts.py").read_text(encoding="utf-8"))
    helper = next(
        node
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name == "run_coroutine"
    )
    return next(
        node.lineno
        for node in ast.walk(helper)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "run"
    )


def _hook_line() -> int:
    tree = ast.parse((TESTS / "conftest.py").read_text(encoding="utf-8"))
    hook = next(
        node
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name == "pytest_pyfunc_call"
    )
    return next(
        node.lineno
        for node in ast.walk(hook)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "run"
    )


def test_home_is_a_fresh_folder_for_each_test(tmp_path):
    """Code that writes to ~ (exports, web seats) never meets another test, or another worker."""
    import os
    import pwd

    home = Path.home()
    assert home != Path(pwd.getpwuid(os.getuid()).pw_dir)
    assert home.is_dir() and list(home.iterdir()) == []
    assert home.parent == tmp_path.parent or tmp_path.parent in home.parents
