"""The repository's paths, a private copy of the demo sessions folder, and the demo's workbook."""

from __future__ import annotations

import atexit
import contextlib
import functools
import io
import shutil
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data"
DEMO = REPO / "sessions" / "demo"


def copy_demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the demo sessions (and partnership file) at ./demo in a temp folder made the cwd."""
    target = tmp_path / "demo"
    target.mkdir()
    for path in DEMO.glob("*.toml"):
        shutil.copy2(path, target / path.name)
    monkeypatch.chdir(tmp_path)
    return target


@functools.cache
def demo_workbook(*options: str) -> Path:
    """The demo exported as an Excel workbook (`bb-tui export --xlsx` with `options`), once per
    test process for every test that reads it (an export takes about a second): load it, never
    write to it."""
    from bb_tui.cli.main import main

    folder = Path(tempfile.mkdtemp(prefix="bb-demo-xlsx-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    out = folder / "demo.xlsx"
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["export", str(DEMO), "--xlsx", str(out), *options]) == 0
    return out
