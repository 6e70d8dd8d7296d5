"""Load: `bb-tui merge` over a folder of which 5% are hostile (every kind in tests/data/hostile,
in turn): every good file is counted, every bad one reported with its own one-line reason.

By default just enough files for each hostile kind once (20 per kind: 1,580 for 79 kinds); the
merge is linear (docs/performance.md), so more files prove nothing more here. BB_LOAD_FILES=N
changes the number (BB_LOAD_FILES=10000 for the issue's 10,000, as docs/reliability.md says).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import time
import tomllib
from pathlib import Path

import pytest

from bb_tui.cli.main import main
from bb_tui.core.session import Participant, Session, dump_session

HOSTILE_SHARE = 0.05
DATA = Path(__file__).resolve().parents[1] / "data"
HOSTILE = sorted((DATA / "hostile").glob("*.toml"))
FILES = int(os.environ.get("BB_LOAD_FILES", str(round(len(HOSTILE) / HOSTILE_SHARE))))
EXPECTED: dict[str, str] = tomllib.loads((DATA / "expected-errors.toml").read_text("utf-8"))[
    "errors"
]
ORGS = ("Riverside Council", "Public Health", "Community Health NHS Trust", "ICB", "PVI nursery")


def good_session(framework, n: int, rng: random.Random) -> Session:
    s = Session(
        framework.id,
        Participant(
            f"Participant {n:05d}", rng.choice(ORGS), rng.choice(("strategic", "operational", ""))
        ),
    )
    for enabler in framework.enablers:
        roll = rng.random()
        if roll < 0.06:
            s.skip(enabler.id)
        elif roll < 0.95:
            s.set_score(enabler.id, rng.randint(1, 5))
        if rng.random() < 0.2:
            for indicator in enabler.indicators:
                s.set_score(indicator.id, rng.randint(1, 5))
        if rng.random() < 0.2:
            s.evidence[enabler.id] = f"Evidence from participant {n} " * rng.randint(1, 8)
    return s


@pytest.fixture(scope="module")
def big_folder(tmp_path_factory, framework):
    """FILES session files; every 20th is a hostile one (its source's name kept in the name)."""
    folder = tmp_path_factory.mktemp("load")
    rng = random.Random(10_000)
    bad: dict[str, str] = {}  # file name -> expected error
    good = 0
    for n in range(FILES):
        if n % round(1 / HOSTILE_SHARE) == 7:
            source = HOSTILE[len(bad) % len(HOSTILE)]
            name = f"f{n:05d}-{source.name}"
            shutil.copyfile(source, folder / name)
            bad[name] = EXPECTED[source.name]
        else:
            (folder / f"f{n:05d}.toml").write_bytes(
                dump_session(good_session(framework, n, rng), framework)
            )
            good += 1
    return folder, good, bad


def test_merging_a_folder_5_percent_hostile_counts_and_reports_every_one(big_folder, capsys):
    folder, good, bad = big_folder
    assert len(bad) == FILES // 20 and {Path(n).name.split("-", 1)[1] for n in bad} == {
        p.name for p in HOSTILE
    }  # every hostile kind is in the mix
    start = time.perf_counter()
    code = main(["merge", str(folder), "--json"])
    took = time.perf_counter() - start
    out, err = capsys.readouterr()
    assert code == 0 and "Traceback" not in err
    result = json.loads(out)
    assert result["participants"] == good
    rejected = {Path(r["file"]).name: r["error"] for r in result["rejected"]}
    assert set(rejected) == set(bad)
    for name, error in rejected.items():
        assert bad[name] in error and "\n" not in error, (name, error)
    n_scored = sum(f["n"] for f in result["enablers"].values())
    assert n_scored > good * 12 * 0.85  # the good files' scores all went in
    print(
        f"\nmerge of {FILES:,} files ({len(bad)} hostile): {took:.1f} s, "
        f"{took / FILES * 1e3:.2f} ms per file"
    )
