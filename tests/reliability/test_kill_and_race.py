"""kill -9 in a loop of partnership-file saves, the next start after a kill, and two processes
saving one partnership file at once.

(The same for session files is in tests/unit/test_safesave_kill.py.) A helper process keeps
bb_tui imported; for each round it forks a child that saves numbered versions in a loop through
the app's own save path (PartnershipFile.save / SessionFile.save). The test SIGKILLs the child
after a random delay, then checks the file holds exactly the bytes of one complete version.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from bb_tui.core.framework import Framework, load_framework
from bb_tui.core.partnership import (
    FILE_NAME,
    Action,
    Partnership,
    PartnershipFile,
    dump_partnership,
    load_partnership,
)
from bb_tui.core.session import Participant, Session, SessionFile, load_session
from bb_tui.storage.safesave import remove_stale_temps
from tests.support.ptyrun import PtyApp
from tests.support.stamps import saved, stamp

KILLS = int(os.environ.get("BB_KILLS", "100"))
SAVED_FIRST = 10  # every 10th kill waits for a finished save first: saves go on, even under load
UPDATED = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.timezone.utc)


def partnership_version(fw: Framework, n: int) -> Partnership:
    """Version n of the test partnership: its size (0.3-25 KB) and every section change with n."""
    p = Partnership(fw.id, name="Kill Nine Partnership", round=f"Round {n}")
    p.agreed = {e.id: 1 + (n + i) % 5 for i, e in enumerate(fw.enablers) if (n + i) % 7}
    p.spectrum = fw.spectrum[n % len(fw.spectrum)].id
    p.spectrum_note = f"version {n} " + "x" * ((n * 7919) % 3900)
    for k, challenge in enumerate(fw.challenges[: n % (len(fw.challenges) + 1)]):
        view = p.challenge(challenge.id)
        view.in_play = bool((n + k) % 2)
        view.response = ("change", "influence", "work-around")[(n + k) % 3]
        view.note = f"challenge {k} of version {n} " + "y" * ((n * 31 + k) % 3000)
    p.actions = [
        Action(
            what=f"action {k} of version {n}",
            enabler=fw.enablers[k % 12].id,
            owner=f"Owner {k}",
            due=dt.date(2027, 1, 1 + k % 28),
        )
        for k in range(n % 40)
    ]
    return p


def partnership_counter(p: Partnership) -> int:
    return int(p.round.split()[1])


def session_version(fw: Framework, n: int) -> Session:
    s = Session(fw.id, Participant("Kill Nine", "Riverside Council"), created=UPDATED)
    s.scores = {e.id: 1 + (n + i) % 5 for i, e in enumerate(fw.enablers)}
    s.evidence["leadership"] = f"version {n} " + "x" * ((n * 7919) % 20000)
    return s


def session_counter(s: Session) -> int:
    return int(s.evidence["leadership"].split()[1])


HELPER = r"""
import gc, os, sys, traceback
sys.path.insert(0, os.path.join(os.path.dirname(sys.argv[1]), "..", ".."))
from tests.reliability import test_kill_and_race as t
from bb_tui.core.framework import load_framework
from bb_tui.core.partnership import PartnershipFile
from bb_tui.core.session import SessionFile

fw = load_framework()

def save_for_ever(kind, path):
    if kind == "partnership":
        file = PartnershipFile.open(path, fw)
        n = t.partnership_counter(file.partnership)
    else:
        file = SessionFile.open(path, fw)
        n = t.session_counter(file.session)
    print("ready", os.getpid(), flush=True)
    while True:
        n += 17  # a stride: versions of quite different sizes come in a few saves
        if kind == "partnership":
            file.partnership = t.partnership_version(fw, n)
        else:
            file.session = t.session_version(fw, n)
        file.save()

for line in sys.stdin:
    words = line.split()
    if words[0] == "fork":              # fork KIND PATH: the child says "ready <pid>"
        gc.collect()  # else whether a child's first save starts with a collection (ms of
        pid = os.fork()  # copy-on-write) depends on how much the imports allocated
        if pid == 0:
            try:
                save_for_ever(words[1], words[2])
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(3)
    elif words[0] == "reap":
        _, status = os.waitpid(int(words[1]), 0)
        print(os.WTERMSIG(status) if os.WIFSIGNALED(status) else -os.WEXITSTATUS(status),
              flush=True)
"""


class Saver:
    """The helper process: forks savers on request and reaps them."""

    def __init__(self, cwd: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", HELPER, __file__],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=cwd,
        )

    def _say(self, line: str) -> str:
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        return self.proc.stdout.readline()

    def kill_after(self, kind: str, path: Path, delay: float, saved_first: bool = False) -> None:
        """Start saving `path` in a loop, SIGKILL the saver after `delay` s (after its first
        finished save, if `saved_first`), check it died so."""
        before = stamp(path)
        ready, pid = self._say(f"fork {kind} {path}").split()
        assert ready == "ready"
        if saved_first:
            saved(path, before)
        time.sleep(delay)
        os.kill(int(pid), signal.SIGKILL)
        assert int(self._say(f"reap {pid}")) == signal.SIGKILL  # killed, not failed

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.kill()
        self.proc.wait()


def temps(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.endswith(".bb-tmp"))


def test_kill_9_at_random_moments_leaves_a_complete_partnership_file(tmp_path, framework):
    path = tmp_path / FILE_NAME
    file = PartnershipFile(path, partnership_version(framework, 0), framework, None)
    file.save()
    saver = Saver(tmp_path)
    rng = random.Random(20260106)
    seen, temps_left, advanced, sizes = 0, 0, 0, set()
    try:
        for round_ in range(KILLS):
            delay = rng.uniform(0, 0.015)
            saver.kill_after("partnership", path, delay, saved_first=round_ % SAVED_FIRST == 0)
            # the file is one complete version, byte for byte: not just "it parses"
            p = load_partnership(path, framework)
            n = partnership_counter(p)
            expected = partnership_version(framework, n)
            expected.updated = p.updated
            data = path.read_bytes()
            assert data == dump_partnership(expected, framework)
            sizes.add(len(data) // 5000)
            assert n >= seen  # never older than a version seen before
            advanced += n > seen
            seen = n
            left = temps(tmp_path)
            temps_left += bool(left)
            assert sorted(remove_stale_temps(tmp_path)) == left  # what the next start does
            assert temps(tmp_path) == []
            assert not list(tmp_path.glob("*.conflict-*"))
    finally:
        saver.close()
    assert temps_left > 0  # kills really landed mid-save
    assert advanced >= KILLS // SAVED_FIRST  # and saves went on between them
    assert len(sizes) >= 3  # versions of quite different sizes
    print(
        f"\n{KILLS} kills: {seen} partnership versions saved, {advanced} rounds advanced the "
        f"file, {temps_left} kills left a temp file"
    )


def test_the_next_start_of_the_app_removes_temps_left_by_kill_9(tmp_path, framework):
    """Kill savers of a session and of the partnership file until each left a temp file, then
    start bb-tui on the folder for real: the start removes them and both files still load."""
    session_path = SessionFile.create(tmp_path, session_version(framework, 0), framework).path
    partnership = PartnershipFile(
        tmp_path / FILE_NAME, partnership_version(framework, 0), framework, None
    )
    partnership.save()
    saver = Saver(tmp_path)
    rng = random.Random(7)
    try:
        for kind, path in (("session", session_path), ("partnership", partnership.path)):
            for _ in range(300):
                saver.kill_after(kind, path, rng.uniform(0.001, 0.012), saved_first=True)
                if any(p.name.startswith(f".{path.name}.") for p in temps(tmp_path)):
                    break
            else:
                raise AssertionError(f"no kill of the {kind} saver landed mid-save in 300 tries")
    finally:
        saver.close()
    left = temps(tmp_path)
    assert len(left) >= 2
    app = PtyApp(["-m", "bb_tui", "--sessions", str(tmp_path)], stdin_devnull=True)
    try:  # stdin at end of input: the app starts, then leaves at once
        status = app.wait_exit(15.0)
        assert status is not None and os.waitstatus_to_exitcode(status) == 0
    finally:
        app.kill()
    assert temps(tmp_path) == []
    assert session_counter(load_session(session_path, framework)) >= 0
    assert partnership_counter(load_partnership(partnership.path, framework)) >= 0


RACER = r"""
import json, os, random, sys, time
from bb_tui.storage.errors import ConflictError
from bb_tui.core.framework import load_framework
from bb_tui.core.partnership import Action, PartnershipFile

fw = load_framework()
path, me, go = sys.argv[1], sys.argv[2], sys.argv[3]
while not os.path.exists(go):
    time.sleep(0.001)
saved, conflicts = [], []
file = PartnershipFile.open(path, fw)
for i in range(100):
    token = f"{me}{i}"
    file.partnership.actions.append(Action(what=token))
    try:
        file.save()
        saved.append(token)
    except ConflictError as exc:
        conflicts.append([token, exc.copy_path])
        file = PartnershipFile.open(path, fw)  # take the other's version, then go on
    time.sleep(random.uniform(0, 0.002))
print(json.dumps({"saved": saved, "conflicts": conflicts}))
"""


def test_two_processes_saving_one_partnership_file_lose_nothing_silently(tmp_path, framework):
    path = tmp_path / FILE_NAME
    PartnershipFile(path, Partnership(framework.id, name="Shared"), framework, None).save()
    go = tmp_path / "go"
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, str(path), me, str(go)], stdout=subprocess.PIPE, text=True
        )
        for me in "AB"
    ]
    time.sleep(0.5)
    go.touch()
    results = [json.loads(r.communicate(timeout=120)[0]) for r in racers]
    assert [r.returncode for r in racers] == [0, 0]

    final = {a.what for a in load_partnership(path, framework).actions}
    saved = [t for r in results for t in r["saved"]]
    conflicts = [c for r in results for c in r["conflicts"]]
    assert len(saved) + len(conflicts) == 200
    assert set(saved) <= final  # every reported save is in the file
    copies = sorted(tmp_path.glob("partnership.conflict-*.toml"))
    assert len(copies) == len(conflicts) == len({c[1] for c in conflicts})
    for token, copy in conflicts:  # every refused one is kept and was reported
        assert token in {a.what for a in load_partnership(copy, framework).actions}
        assert token not in final
    assert all(r["saved"] for r in results) and conflicts  # they really raced
    print(
        f"\n200 partnership saves: {len(saved)} saved, {len(conflicts)} refused with a "
        f"conflict copy"
    )


def test_kill_9_of_the_app_does_not_block_the_next_start(demo_copy):
    """A real bb-tui holding a session is SIGKILLed; the next bb-tui opens it for editing at
    once (no "already open" question) and its first edit is saved."""
    path = demo_copy / "joanne-hallett.toml"
    first = PtyApp(["-m", "bb_tui", "score", str(path)])
    try:
        first.wait_for(b"Your score", timeout=15)
        os.kill(first.pid, signal.SIGKILL)
        assert first.wait_exit(5.0) is not None
    finally:
        first.kill()
    second = PtyApp(["-m", "bb_tui", "score", str(path)])
    try:
        second.wait_for(b"Your score", timeout=15)
        assert b"already open" not in bytes(second.output)
        at = second.mark()
        second.send(b"\r")
        second.wait_for_after(at, b"Maturity indicators")
        at = second.mark()
        second.send(b"4")
        second.wait_for_after(at, b"[4]")
        os.kill(second.pid, signal.SIGTERM)
        assert second.wait_exit(2.0) is not None
    finally:
        second.kill()
    assert load_session(path, load_framework()).scores["locality"] == 4


def test_the_next_start_removes_temps_a_kill_left_beside_a_symlinks_target(tmp_path, framework):
    real_dir, sessions = tmp_path / "real", tmp_path / "sessions"
    real_dir.mkdir()
    sessions.mkdir()
    real = SessionFile.create(real_dir, session_version(framework, 0), framework).path
    link = sessions / real.name
    link.symlink_to(os.path.relpath(real, sessions))
    saver = Saver(tmp_path)
    rng = random.Random(11)
    try:
        for _ in range(300):  # saves through the link, killed mid-save
            saver.kill_after("session", link, rng.uniform(0.001, 0.012), saved_first=True)
            if temps(real_dir):
                break
    finally:
        saver.close()
    assert temps(real_dir) and temps(sessions) == []
    done = subprocess.run(
        [sys.executable, "-m", "bb_tui", "--sessions", str(sessions), "score", str(link)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and session_counter(load_session(link, framework)) >= 0
    assert temps(real_dir) == []
