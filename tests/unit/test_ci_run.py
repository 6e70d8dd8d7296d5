""".ci/run passes on pytest's exit code: a run that collected no tests fails (exit 5)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Stands in for python3: `-m venv .venv` makes a venv whose pip succeeds and whose python
# (the test run) exits with $FAKE_PYTEST_RC.
FAKE_PYTHON3 = """#!/bin/sh
case "$*" in
  --version) echo "Python 3.11 (fake)";;
  "-m venv .venv")
    mkdir -p .venv/bin
    printf '#!/bin/sh\\nexit 0\\n' > .venv/bin/pip
    printf '#!/bin/sh\\necho "pytest stand-in"\\nexit %s\\n' "$FAKE_PYTEST_RC" > .venv/bin/python
    chmod +x .venv/bin/pip .venv/bin/python;;
  *) exit 99;;
esac
"""


@pytest.mark.parametrize(("pytest_rc", "expected"), [(0, 0), (1, 1), (2, 2), (5, 5)],
                         ids=["passed", "failed", "interrupted", "no-tests-collected"])
def test_ci_run_exits_with_pytests_code(tmp_path, pytest_rc, expected):
    checkout = tmp_path / "checkout"
    (checkout / ".ci").mkdir(parents=True)
    shutil.copy2(ROOT / ".ci" / "run", checkout / ".ci" / "run")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python3").write_text(FAKE_PYTHON3)
    (bin_dir / "python3").chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}",
           "FAKE_PYTEST_RC": str(pytest_rc)}
    result = subprocess.run(["bash", str(checkout / ".ci" / "run")], check=False, env=env,
                            cwd=tmp_path, capture_output=True, text=True, timeout=30)
    assert "pytest stand-in" in result.stdout, result.stdout + result.stderr
    assert result.returncode == expected, result.stdout + result.stderr
