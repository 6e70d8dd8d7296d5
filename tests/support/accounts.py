"""Real non-root accounts for the shared-server tests: a team group, participants and a facilitator.

Each attack runs as a real user: the test process forks, the child drops to that user's uid,
gid and groups (so the kernel checks every open as it would for them), runs a function and exits.
Forking avoids exec'ing Python from root's home, which other users cannot read.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import pwd
import secrets
import subprocess
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

NEEDS_ROOT = "needs root to create real users (useradd/groupadd), as CI runs"


@dataclass(frozen=True)
class Account:
    name: str
    uid: int
    gid: int
    home: Path


@dataclass(frozen=True)
class Outcome:
    """What a function run as another user returned and printed."""

    rc: int
    out: str
    err: str


@dataclass(frozen=True)
class Team:
    group: str
    gid: int
    alice: Account  # a participant
    bob: Account  # another participant (the careless or hostile one)
    facil: Account  # the facilitator
    shared: Path  # the team's sessions folder, root-created, mode 3775 (setgid + sticky)
    root: Path  # everything the fixture made lives under here


def _run(*argv: str) -> None:
    subprocess.run(argv, check=True, capture_output=True)


def make_team(base: Path) -> Team:
    """Create a group, three users with homes under `base`, and a shared sessions folder."""
    tag = secrets.token_hex(3)
    group = f"bbt{tag}"
    _run("groupadd", group)
    gid = __import__("grp").getgrnam(group).gr_gid
    accounts = []
    for role in ("alice", "bob", "facil"):
        name = f"{role[:5]}{tag}"
        _run("useradd", "-M", "-d", str(base / "home" / name), "-g", group, "-s", "/bin/sh", name)
        entry = pwd.getpwnam(name)
        accounts.append(Account(name, entry.pw_uid, entry.pw_gid, base / "home" / name))
    return team_in(Team(group, gid, *accounts, shared=base, root=base), base)


def team_in(team: Team, base: Path) -> Team:
    """`team`'s group and accounts with new, empty homes under `base` and a new shared sessions
    folder there (root-created, mode 3775): a fresh team for each test without a useradd and
    userdel per test (about a second). Homes are the accounts' HOME in `as_user`; the password
    file keeps the first ones, which nothing reads."""
    base.chmod(0o755)
    homes = base / "home"
    homes.mkdir(mode=0o755)
    accounts = []
    for account in (team.alice, team.bob, team.facil):
        home = homes / account.name
        home.mkdir(mode=0o700)
        os.chown(home, account.uid, account.gid)
        accounts.append(dataclasses.replace(account, home=home))
    shared = base / "team-sessions"
    shared.mkdir()
    os.chown(shared, 0, team.gid)
    shared.chmod(0o3775)
    return Team(team.group, team.gid, *accounts, shared=shared, root=base)


def remove_team(team: Team) -> None:
    for account in (team.alice, team.bob, team.facil):
        subprocess.run(["userdel", account.name], capture_output=True)
    subprocess.run(["groupdel", team.group], capture_output=True)


def as_user(
    account: Account,
    fn: Callable[[], int | None],
    *,
    cwd: Path | None = None,
    umask: int = 0o002,
    env: dict[str, str] | None = None,
    timeout: float = 60,
) -> Outcome:
    """Run `fn()` in a forked child as `account`; its return value is the exit code.

    stdout and stderr (Python's and the file descriptors') are captured. An exception is
    printed to stderr and gives exit code 70, so a traceback is visible to the test.
    """
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # child
        rc = 70
        try:
            os.close(out_r)
            os.close(err_r)
            os.dup2(out_w, 1)
            os.dup2(err_w, 2)
            sys.stdout = io.TextIOWrapper(os.fdopen(1, "wb", closefd=False), write_through=True)
            sys.stderr = io.TextIOWrapper(os.fdopen(2, "wb", closefd=False), write_through=True)
            os.setgroups([account.gid])
            os.setgid(account.gid)
            os.setuid(account.uid)
            os.umask(umask)
            os.environ.clear()
            os.environ.update(
                {
                    "HOME": str(account.home),
                    "USER": account.name,
                    "LOGNAME": account.name,
                    "PATH": "/usr/bin:/bin",
                    "LANG": "C.UTF-8",
                }
            )
            if env:
                os.environ.update(env)
            os.chdir(cwd or account.home)
            result = fn()
            rc = 0 if result is None else int(result)
        except SystemExit as exc:
            code = exc.code
            rc = code if isinstance(code, int) else (0 if code is None else 1)
            if code is not None and not isinstance(code, int):
                print(code, file=sys.stderr)
        except BaseException:  # noqa: BLE001 - the forked child reports anything, then exits
            traceback.print_exc()
            rc = 70
        finally:
            with contextlib.suppress(Exception):
                sys.stdout.flush()
                sys.stderr.flush()
            os._exit(rc)
    os.close(out_w)
    os.close(err_w)
    out, err = _drain(out_r, err_r, pid, timeout)
    _, status = os.waitpid(pid, 0)
    return Outcome(os.waitstatus_to_exitcode(status), out, err)


def _drain(out_fd: int, err_fd: int, pid: int, timeout: float) -> tuple[str, str]:
    import selectors
    import time

    chunks = {out_fd: [], err_fd: []}
    selector = selectors.DefaultSelector()
    for fd in chunks:
        selector.register(fd, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    open_fds = set(chunks)
    while open_fds:
        left = deadline - time.monotonic()
        if left <= 0:
            os.kill(pid, 9)
            break
        for key, _ in selector.select(left):
            data = os.read(key.fd, 65536)
            if data:
                chunks[key.fd].append(data)
            else:
                selector.unregister(key.fd)
                open_fds.discard(key.fd)
    for fd in chunks:
        os.close(fd)
    return (
        b"".join(chunks[out_fd]).decode("utf-8", "replace"),
        b"".join(chunks[err_fd]).decode("utf-8", "replace"),
    )


def cli_as(account: Account, argv: list[str], **kwargs) -> Outcome:
    """`bb-tui ARGV` as `account` (in a forked child, no exec)."""

    def run() -> int:
        from bb_tui.cli.main import main

        return main(argv)

    return as_user(account, run, **kwargs)


def own(path: Path, account: Account, mode: int | None = None) -> Path:
    """Give `path` to `account` (and the mode), as if they had made it."""
    os.lchown(path, account.uid, account.gid)
    if mode is not None and not path.is_symlink():
        path.chmod(mode)
    return path


def run_coroutine(coroutine: Any) -> Any:
    """Run an app scenario to its end outside pytest's hook: in a forked child, to warm up
    imports before forking, or inside a hypothesis example (the conftest hook runs `async def`
    tests only)."""
    import asyncio

    return asyncio.run(coroutine)
