"""Merging many session files, against a bare tomllib parse of the same files in the same run.

    .venv/bin/python benchmarks/bench_merge.py [--files 1000] [--big 10000] [--repeat 5]

Generates realistic session files (scores, some skips, some indicators, evidence and reflections
of a few hundred characters) into a temporary folder, warms the page cache, then alternates:
  floor: for each file, open it and tomllib.load() it;
  merge: collection.collect([folder]) + stats.compute() -- reading, hardened checks, validation,
         duplicate detection and every group figure.
and, on `files` files, the same as commands in fresh processes, where start-up and imports count:
  floor command: python -c "import tomllib; ...load each file"
  bb-tui merge:  python -m bb_tui merge FOLDER (the table, printed to /dev/null)
Reports the least CPU time (time.process_time; for commands, the child's user + system time) of
`repeat` runs of each, the ratio (target <= 1.4), the median of the `repeat` ratios of each run
to the floor run just before it (the same machine state), and the time per file at `files` and
`big` files (target: linear, the same per file). The package is byte-compiled first, as an
installed copy is: a run under PYTHONDONTWRITEBYTECODE would otherwise time the compiler.
"""

from __future__ import annotations

import argparse
import compileall
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bb_tui.core.collection import collect  # noqa: E402
from bb_tui.core.framework import load_framework  # noqa: E402
from bb_tui.core.session import Participant, Session, dump_session  # noqa: E402
from bb_tui.core.stats import compute  # noqa: E402

WORDS = [
    "partners",
    "health",
    "visiting",
    "data",
    "council",
    "families",
    "outcomes",
    "locality",
    "hub",
    "shared",
    "plan",
    "board",
    "trust",
    "nursery",
    "children",
    "centre",
    "review",
    "quarterly",
    "evidence",
    "agreed",
    "joint",
    "team",
]
ORGS = [
    "Riverside Council",
    "Public Health",
    "Community Health NHS Trust",
    "ICB",
    "PVI nursery",
    "Parents charity",
]


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def make_session(framework, n: int, rng: random.Random) -> Session:
    session = Session(
        framework.id,
        Participant(
            f"Participant {n:05d}", rng.choice(ORGS), rng.choice(["strategic", "operational", ""])
        ),
    )
    for enabler in framework.enablers:
        roll = rng.random()
        if roll < 0.06:
            session.skip(enabler.id)
        elif roll < 0.95:
            session.set_score(enabler.id, rng.randint(1, 5))
        if rng.random() < 0.25:  # dug deeper into this one
            for indicator in enabler.indicators:
                session.set_score(indicator.id, rng.randint(1, 5))
        if rng.random() < 0.3:
            session.evidence[enabler.id] = sentence(rng, rng.randint(15, 40))
    for theme in framework.themes:
        session.reflections[theme.id] = sentence(rng, rng.randint(10, 30))
    return session


def generate(folder: Path, count: int, framework, seed: int = 1) -> list[Path]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"participant-{n:05d}.toml"
        path.write_bytes(dump_session(make_session(framework, n, rng), framework))
        paths.append(path)
    return paths


def floor(paths: list[Path]) -> None:
    for path in paths:
        with open(path, "rb") as handle:
            tomllib.load(handle)


def best(fn, repeat: int) -> float:
    """The least CPU time of this process over `repeat` runs (others' load on a shared machine
    stretches wall time, not our CPU time)."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def measure(
    folder: Path, paths: list[Path], framework, repeat: int
) -> tuple[list[float], list[float]]:
    """CPU times of `repeat` floor runs and `repeat` merges, alternating."""

    def merge() -> None:
        results = compute(collect([folder], framework), framework)
        assert results.participants == len(paths)

    floor(paths)  # warm the page cache and both code paths
    merge()
    floors, merges = [], []
    for _ in range(repeat):  # alternate, so both see the same machine state
        floors.append(best(lambda: floor(paths), 1))
        merges.append(best(merge, 1))
    return floors, merges


FLOOR_COMMAND = (
    "import os, sys, tomllib\n"
    "for name in sorted(os.listdir(sys.argv[1])):\n"
    "    with open(os.path.join(sys.argv[1], name), 'rb') as handle:\n"
    "        tomllib.load(handle)\n"
)


def child_cpu(argv: list[str]) -> float:
    """User + system CPU time of one command run to its end (its output thrown away)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(argv, stdout=subprocess.DEVNULL, check=True, cwd=ROOT)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure_commands(folder: Path, repeat: int) -> tuple[list[float], list[float]]:
    """CPU times of `repeat` floor commands and `repeat` `bb-tui merge` commands, alternating."""
    compileall.compile_dir(ROOT / "bb_tui", quiet=1)  # as an installed copy is
    floor_argv = [sys.executable, "-c", FLOOR_COMMAND, str(folder)]
    merge_argv = [sys.executable, "-m", "bb_tui", "merge", str(folder)]
    child_cpu(floor_argv)  # warm both
    child_cpu(merge_argv)
    floors, merges = [], []
    for _ in range(repeat):
        floors.append(child_cpu(floor_argv))
        merges.append(child_cpu(merge_argv))
    return floors, merges


def ratios(floors: list[float], merges: list[float]) -> tuple[float, float]:
    """Least merge over least floor, and the median of each merge over the floor before it."""
    return min(merges) / min(floors), statistics.median(m / f for f, m in zip(floors, merges))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--big", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--no-command", action="store_true", help="skip timing `bb-tui merge` as a command"
    )
    args = parser.parse_args(argv)
    framework = load_framework()
    with tempfile.TemporaryDirectory(prefix="bb-bench-merge-") as tmp:
        small = generate(Path(tmp) / "small", args.files, framework)
        size = sum(p.stat().st_size for p in small) / len(small)
        floors, merges = measure(Path(tmp) / "small", small, framework, args.repeat)
        f1, m1, n1 = min(floors), min(merges), len(small)
        least, paired = ratios(floors, merges)
        print(f"{n1} files, {size:,.0f} bytes each on average")
        print(f"  floor (tomllib.load each file): {f1 * 1000:8.1f} ms")
        print(f"  merge (collect + compute):      {m1 * 1000:8.1f} ms")
        print(f"  ratio merge / floor:            {least:8.2f}   (target <= 1.4)")
        print(f"  median ratio of paired runs:    {paired:8.2f}")
        if not args.no_command:
            floors, merges = measure_commands(Path(tmp) / "small", args.repeat)
            least, paired = ratios(floors, merges)
            print("  as commands (start-up and imports count):")
            print(f"  floor command (python, tomllib): {min(floors) * 1000:7.1f} ms")
            print(f"  bb-tui merge FOLDER:             {min(merges) * 1000:7.1f} ms")
            print(f"  ratio merge / floor:             {least:7.2f}   (target <= 1.4)")
            print(f"  median ratio of paired runs:     {paired:7.2f}")
        if args.big:
            big = generate(Path(tmp) / "big", args.big, framework, seed=2)
            floors, merges = measure(Path(tmp) / "big", big, framework, max(1, args.repeat // 2))
            f2, m2, n2 = min(floors), min(merges), len(big)
            print(f"{n2} files")
            print(
                f"  floor: {f2 * 1000:8.1f} ms   merge: {m2 * 1000:8.1f} ms   ratio {m2 / f2:.2f}"
            )
            per1, per2 = m1 / n1 * 1e6, m2 / n2 * 1e6
            floor1, floor2 = f1 / n1 * 1e6, f2 / n2 * 1e6
            print(
                f"  merge per file: {per1:.0f} us at {n1}, {per2:.0f} us at {n2}: "
                f"{per2 / per1:.2f}x (1.00 = linear)"
            )
            print(
                f"  floor per file: {floor1:.0f} us at {n1}, {floor2:.0f} us at {n2}: "
                f"{floor2 / floor1:.2f}x (the machine's own drift)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
