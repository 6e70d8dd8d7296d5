""".ci/run passes on pytest's exit code: a run that collected no tests fails (exit 5); ruff and
mypy run before pytest, and either failing fails the run."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Stands in for python3: `-m venv .venv` makes a venv whose pip succeeds and uv exits with
# $FAKE_UV_RC (0 if unset), both saying how they were called, whose python (the test run) exits
# with $FAKE_PYTEST_RC, and whose ruff and mypy exit with $FAKE_RUFF_RC, $FAKE_MYPY_RC.
FAKE_PYTHON3 = """#!/bin/sh
case "$*" in
  --version) echo "Python 3.11 (fake)";;
  "-m venv .venv")
    mkdir -p .venv/bin
    printf '#!/bin/sh\\necho "pip called $*"\\nexit 0\\n' > .venv/bin/pip
    printf '#!/bin/sh\\necho "uv called $*"\\nexit %s\\n' "${FAKE_UV_RC:-0}" > .venv/bin/uv
    printf '#!/bin/sh\\necho "pytest stand-in $*"\\nexit %s\\n' "$FAKE_PYTEST_RC" > .venv/bin/python
    printf '#!/bin/sh\\necho "ruff stand-in $*"\\nexit %s\\n' "$FAKE_RUFF_RC" > .venv/bin/ruff
    printf '#!/bin/sh\\necho "mypy stand-in $*"\\nexit %s\\n' "$FAKE_MYPY_RC" > .venv/bin/mypy
    chmod +x .venv/bin/pip .venv/bin/uv .venv/bin/python .venv/bin/ruff .venv/bin/mypy;;
  *) exit 99;;
esac
"""


def run_ci(
    tmp_path: Path, pytest_rc: int = 0, ruff_rc: int = 0, mypy_rc: int = 0, uv_rc: int = 0
) -> subprocess.CompletedProcess:
    checkout = tmp_path / "checkout"
    (checkout / ".ci").mkdir(parents=True)
    shutil.copy2(ROOT / ".ci" / "run", checkout / ".ci" / "run")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python3").write_text(FAKE_PYTHON3)
    (bin_dir / "python3").chmod(0o755)
    env = {
        **os.environ,
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "FAKE_PYTEST_RC": str(pytest_rc),
        "FAKE_RUFF_RC": str(ruff_rc),
        "FAKE_MYPY_RC": str(mypy_rc),
        "FAKE_UV_RC": str(uv_rc),
    }
    return subprocess.run(
        ["bash", str(checkout / ".ci" / "run")],
        check=False,
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=30,
    )


@pytest.mark.parametrize(
    ("pytest_rc", "expected"),
    [(0, 0), (1, 1), (2, 2), (5, 5)],
    ids=["passed", "failed", "interrupted", "no-tests-collected"],
)
def test_ci_run_exits_with_pytests_code(tmp_path, pytest_rc, expected):
    result = run_ci(tmp_path, pytest_rc=pytest_rc)
    assert "pytest stand-in" in result.stdout, result.stdout + result.stderr
    assert result.returncode == expected, result.stdout + result.stderr


def test_ci_run_lints_formats_and_type_checks_before_the_tests_in_four_workers(tmp_path):
    out = run_ci(tmp_path).stdout
    lines = [line for line in out.splitlines() if "stand-in" in line]
    assert [line.split()[0] for line in lines] == ["ruff", "ruff", "mypy", "pytest"], out
    assert lines[0] == "ruff stand-in check ."
    assert lines[1].startswith("ruff stand-in format --check .")  # the whole tree
    assert lines[3] == "pytest stand-in -m pytest -n 4"


@pytest.mark.parametrize(
    ("ruff_rc", "mypy_rc"), [(1, 0), (0, 1), (2, 1)], ids=["ruff-fails", "mypy-fails", "both-fail"]
)
def test_ci_run_fails_when_lint_or_types_fail_though_the_tests_pass(tmp_path, ruff_rc, mypy_rc):
    result = run_ci(tmp_path, ruff_rc=ruff_rc, mypy_rc=mypy_rc)
    assert "pytest stand-in" in result.stdout  # the tests still run and report
    assert result.returncode == 1, result.stdout + result.stderr


def test_ci_run_keeps_pytests_code_when_lint_fails_too(tmp_path):
    assert run_ci(tmp_path, pytest_rc=5, ruff_rc=1).returncode == 5


def test_ci_run_installs_with_uv_and_with_pip_alone_where_uv_fails(tmp_path):
    """uv installs (pip only fetches uv); where uv fails (no network to its index, say), pip
    installs the same extras itself and the run goes on."""
    out = run_ci(tmp_path).stdout
    calls = [line for line in out.splitlines() if line.startswith(("pip called", "uv called"))]
    assert calls == [
        "pip called install -q uv",
        "uv called pip install -q -p .venv -e .[test,lint]",
        "pip called install -q uv",
        "uv called pip install -q -p .venv --compile-bytecode -e .[test]",
    ], out
    result = run_ci(tmp_path / "again", uv_rc=1)
    calls = [line for line in result.stdout.splitlines() if line.startswith("pip called")]
    assert calls == [
        "pip called install -q uv",
        "pip called install -q -e .[test,lint]",
        "pip called install -q uv",
        "pip called install -q -e .[test]",
    ], result.stdout
    assert "pytest stand-in -m pytest -n 4" in result.stdout and result.returncode == 0
