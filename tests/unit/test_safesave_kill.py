"""kill -9 in the middle of saves, and two processes saving one file at once.

The kill test keeps one helper process that has bb_tui imported; for each round it forks a
child that saves numbered versions of a session in a loop through SessionFile.save (the app's
own path). The test SIGKILLs the child after a random delay, then checks the file holds
exactly the bytes of one complete version, never older than a version seen before.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import signal
import subprocess
import sys
import time

from bb_tui.core.framework import BUNDLED_FRAMEWORK, load_framework
from bb_tui.core.session import (
    Participant,
    Session,
    SessionFile,
    dump_session,
    load_session,
)
from bb_tui.storage.errors import ConflictError
from bb_tui.storage.safesave import remove_stale_temps

KILLS = int(os.environ.get("BB_KILLS", "100"))
SAVED_FIRST = 10  # every 10th kill waits for a finished save first: saves go on, even under load
CREATED = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.timezone.utc)


def version(framework, n: int) -> Session:
    """Version n of the test session: its size and scores change with n."""
    s = Session(framework.id, Participant("Kill Nine", "Riverside Council"), created=CREATED)
    s.scores = {e.id: 1 + (n + i) % 5 for i, e in enumerate(framework.enablers)}
    s.evidence["leadership"] = f"version {n} " + "x" * ((n * 7919) % 20000)
    return s


def counter(session: Session) -> int:
    return int(re.match(r"version (\d+)\b", session.evidence["leadership"])[1])


HELPER = r"""
import os, sys, traceback
sys.path.insert(0, os.path.dirname(sys.argv[1]))
from test_safesave_kill import version, counter
from bb_tui.core.framework import load_framework
from bb_tui.core.session import SessionFile
import tempfile, tomli_w  # what a save loads at its first use: loaded once, before the forks

framework = load_framework()
path = sys.argv[2]

def save_for_ever():
    file = SessionFile.open(path, framework)
    n = counter(file.session)
    print("ready", os.getpid(), flush=True)  # the helper itself prints nothing until reaped
    while True:
        n += 1
        file.session = version(framework, n)
        file.save()

for line in sys.stdin:
    if line.strip() == "fork":  # the child says "ready <pid>" once it has the file open
        pid = os.fork()
        if pid == 0:
            try:
                save_for_ever()
            except BaseException:
                traceback.print_exc()  # shows in the test's output if a save ever fails
            finally:
                os._exit(3)
    elif line.startswith("reap "):
        _, status = os.waitpid(int(line.split()[1]), 0)
        print(os.WTERMSIG(status) if os.WIFSIGNALED(status) else -os.WEXITSTATUS(status),
              flush=True)
"""


def test_kill_9_at_random_moments_leaves_a_complete_version(tmp_path):
    framework = load_framework(BUNDLED_FRAMEWORK)
    path = tmp_path / "kill-nine.toml"
    first = SessionFile.create(tmp_path, version(framework, 0), framework)
    assert first.path == path
    helper = subprocess.Popen(
        [sys.executable, "-c", HELPER, __file__, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )
    from tests.support.stamps import saved, stamp  # here: the forked helper imports this module

    rng = random.Random(20260105)
    seen, temps_left, advanced = 0, 0, 0
    try:
        for round_ in range(KILLS):
            before = stamp(path)
            helper.stdin.write("fork\n")
            helper.stdin.flush()
            ready, pid = helper.stdout.readline().split()
            assert ready == "ready"
            pid = int(pid)
            if round_ % SAVED_FIRST == 0:
                saved(path, before)
            time.sleep(rng.uniform(0, 0.015))  # a save takes about 2 ms here
            os.kill(pid, signal.SIGKILL)
            helper.stdin.write(f"reap {pid}\n")
            helper.stdin.flush()
            assert int(helper.stdout.readline()) == signal.SIGKILL  # killed, not failed

            # the file is one complete version, byte for byte
            session = load_session(path, framework)
            n = counter(session)
            expected = version(framework, n)
            expected.updated = session.updated
            assert path.read_bytes() == dump_session(expected, framework)
            assert n >= seen  # never an older version than one seen before
            advanced += n > seen
            seen = n
            # the next start removes what the killed save left behind
            temps = [p for p in tmp_path.iterdir() if p.name.endswith(".bb-tmp")]
            temps_left += bool(temps)
            assert sorted(remove_stale_temps(tmp_path)) == sorted(temps)
            assert not [p for p in tmp_path.iterdir() if p.name.endswith(".bb-tmp")]
            assert not [p for p in tmp_path.iterdir() if ".conflict-" in p.name]
    finally:
        helper.stdin.close()
        helper.kill()
        helper.wait()
    # the kills really did land mid-save, and saves really did go on between them
    assert temps_left > 0
    assert advanced >= KILLS // SAVED_FIRST  # (about 60% on an idle machine; fewer under load)
    print(
        f"\n{KILLS} kills: {seen} versions saved, {advanced} rounds advanced the file, "
        f"{temps_left} kills left a temp file"
    )


RACER = r"""
import json, os, random, sys, time
from bb_tui.storage.errors import ConflictError
from bb_tui.core.framework import load_framework
from bb_tui.core.session import SessionFile

framework = load_framework()
path, me, go = sys.argv[1], sys.argv[2], sys.argv[3]
while not os.path.exists(go):
    time.sleep(0.001)
saved, conflicts = [], []
file = SessionFile.open(path, framework)
for i in range(100):
    token = f"{me}{i}"
    text = file.session.evidence.get("leadership", "")
    file.session.set_text("evidence", "leadership", f"{text} {token}")
    try:
        file.save()
        saved.append(token)
    except ConflictError as exc:
        conflicts.append([token, exc.copy_path])
        file = SessionFile.open(path, framework)  # take the other's version, then go on
    time.sleep(random.uniform(0, 0.002))
print(json.dumps({"saved": saved, "conflicts": conflicts}))
"""


def test_two_processes_saving_at_once_lose_nothing_silently(tmp_path):
    framework = load_framework(BUNDLED_FRAMEWORK)
    start = Session(framework.id, Participant("Shared File"))
    path = SessionFile.create(tmp_path, start, framework).path
    go = tmp_path / "go"
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, str(path), me, str(go)], stdout=subprocess.PIPE, text=True
        )
        for me in "AB"
    ]
    time.sleep(0.5)  # let both start up
    go.touch()
    results = [json.loads(r.communicate(timeout=120)[0]) for r in racers]
    assert [r.returncode for r in racers] == [0, 0]

    final = set(load_session(path, framework).evidence["leadership"].split())
    saved = [t for r in results for t in r["saved"]]
    conflicts = [c for r in results for c in r["conflicts"]]
    assert len(saved) + len(conflicts) == 200
    # every save that reported success is in the file: no update lost without a warning
    assert set(saved) <= final
    # every refused save was reported and its version kept in its own conflict copy
    copies = sorted(tmp_path.glob("shared-file.conflict-*.toml"))
    assert len(copies) == len(conflicts) == len({c[1] for c in conflicts})
    for token, copy in conflicts:
        assert token in load_session(copy, framework).evidence["leadership"].split()
        assert token not in final
    # they really raced: both saved, and the other's saves made some of them conflict
    assert all(r["saved"] for r in results) and conflicts
    print(f"\n200 saves: {len(saved)} saved, {len(conflicts)} refused with a conflict copy")


def test_conflict_error_is_what_a_racer_sees(tmp_path):
    """The in-process version of one race step, to pin the exception type the racers catch."""
    framework = load_framework(BUNDLED_FRAMEWORK)
    a = SessionFile.create(tmp_path, Session(framework.id, Participant("Pair")), framework)
    b = SessionFile.open(a.path, framework)
    a.session.set_score("locality", 2)
    a.save()
    b.session.set_score("locality", 4)
    try:
        b.save()
    except ConflictError as exc:
        assert load_session(exc.copy_path, framework).scores == {"locality": 4}
    else:
        raise AssertionError("the second save overwrote the first without a ConflictError")
    assert load_session(a.path, framework).scores == {"locality": 2}
