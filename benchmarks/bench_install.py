"""The README's install step, with uv against pip alone, in one run.

Each round makes two fresh venvs and installs this tree's `[test]` extra into each, alternating
which goes first: once with `pip install -e '.[test]'` (the floor: what the README ran before),
once as the README does now (`pip install uv`, then `uv pip install --compile-bytecode`). No
cache is used by either (`PIP_NO_CACHE_DIR`, `UV_NO_CACHE`): every wheel is fetched, as on a
fresh machine. The venv's own creation is timed apart, being the same for both.

    .venv/bin/python benchmarks/bench_install.py --rounds 3
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PIP = ["pip", "install", "-q", "-e", ".[test]"]
UV = [
    ["pip", "install", "-q", "uv"],
    ["uv", "pip", "install", "-q", "-p", "{venv}", "--compile-bytecode", "-e", ".[test]"],
]


def timed(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, cwd=ROOT, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def one(kind: str, base: Path, env: dict[str, str]) -> tuple[float, float]:
    """(venv seconds, install seconds) for one fresh venv installed the `kind` way."""
    venv = base / kind
    shutil.rmtree(venv, ignore_errors=True)
    made = timed([sys.executable, "-m", "venv", str(venv)], env)
    bin_dir = venv / "bin"
    if kind == "pip":
        return made, timed([str(bin_dir / PIP[0]), *PIP[1:]], env)
    seconds = 0.0
    for step in UV:
        argv = [str(bin_dir / step[0]), *(part.format(venv=venv) for part in step[1:])]
        seconds += timed(argv, env)
    return made, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    env.update(PIP_NO_CACHE_DIR="1", UV_NO_CACHE="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    times: dict[str, list[float]] = {"pip": [], "uv": []}
    venvs: list[float] = []
    with tempfile.TemporaryDirectory(prefix="bb-install-") as tmp:
        for r in range(rounds):
            for kind in ("pip", "uv") if r % 2 == 0 else ("uv", "pip"):
                made, seconds = one(kind, Path(tmp), env)
                venvs.append(made)
                times[kind].append(seconds)
                print(f"round {r + 1} {kind}: venv {made:.1f} s, install {seconds:.1f} s")
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load}")
    print(f"venv: median {statistics.median(venvs):.1f} s")
    pip, uv = statistics.median(times["pip"]), statistics.median(times["uv"])
    print(
        f"install, median (worst): pip {pip:.1f} ({max(times['pip']):.1f}) s, "
        f"pip + uv {uv:.1f} ({max(times['uv']):.1f}) s; uv / pip {uv / pip:.2f}"
    )


if __name__ == "__main__":
    main()
