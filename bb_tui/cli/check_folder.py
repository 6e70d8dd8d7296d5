"""`bb-tui check-folder DIR`: is the sessions folder set up safely on a shared server?

One plain line per check ("ok:", "note:" or "problem: ... Fix: COMMAND"). Nothing is followed or
opened but the folder itself (O_NOFOLLOW, then lstat of each entry): a planted link is reported,
never read through, and a FIFO is never opened. Names come from others: one that is not plain
printable UTF-8 is shown in bash $'...' quoting of its exact bytes (no control character printed).
The checks are pure functions of stat results, so they are tested without root.
"""

from __future__ import annotations

import argparse
import grp
import itertools
import json
import os
import pwd
import shlex
import stat
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bb_tui.storage.paths import helper_name, temp_name
from bb_tui.storage.safesave import pid_alive as process_alive
from bb_tui.storage.textsafe import one_line

if TYPE_CHECKING:
    from bb_tui.cli.common import SubCommands

OK, NOTE, PROBLEM = "ok", "note", "problem"
EXIT_SAFE, EXIT_UNSAFE, EXIT_USAGE = 0, 1, 2
PARTNERSHIP = "partnership.toml"


@dataclass(frozen=True)
class Finding:
    level: str  # OK, NOTE or PROBLEM
    text: str
    fix: str | None = None

    def line(self) -> str:
        fix = f" Fix: {self.fix}" if self.fix else ""
        return f"{self.level}: {self.text}{fix}"


def user_name(uid: int) -> str:
    try:
        return one_line(pwd.getpwuid(uid).pw_name)
    except KeyError:
        return str(uid)


def group_name(gid: int) -> str:
    try:
        return one_line(grp.getgrgid(gid).gr_name)
    except KeyError:
        return str(gid)


def _plain(text: str) -> bool:
    """Whether `text` shows as itself: printable, valid UTF-8, one line, nothing invisible."""
    return bool(text) and text.isprintable() and one_line(text) == text


def _escaped(text: str) -> str:
    """bash's $'...' quoting of the exact bytes: cleaning the name would name another file."""
    raw = os.fsencode(text)
    return (
        "$'"
        + "".join(chr(b) if 32 <= b < 127 and b not in b"'\\" else f"\\x{b:02x}" for b in raw)
        + "'"
    )


def shown(path: str | Path) -> str:
    """A path quoted for a shell command, naming exactly that file."""
    text = str(path)
    return shlex.quote(text) if _plain(text) else _escaped(text)


def named(name: str) -> str:
    """A name in a sentence: as it is when plain, else as in the Fix command ($'...')."""
    return name if _plain(name) else _escaped(name)


# ---------------------------------------------------------------- the folder itself


def folder_findings(st: os.stat_result, folder: str) -> list[Finding]:
    """The folder's owner, group and mode bits (st from lstat, so a link is seen as one)."""
    d = shown(folder)
    if stat.S_ISLNK(st.st_mode):
        return [
            Finding(
                PROBLEM,
                f"{one_line(folder)} is a symbolic link: whoever can change the "
                "link can swap the whole folder.",
                f"use the real folder's path (readlink -f {d}) instead",
            )
        ]
    mode = st.st_mode
    group = group_name(st.st_gid)
    found = [
        Finding(
            OK,
            f"a real directory, owned by {user_name(st.st_uid)}, group '{group}', "
            f"mode {stat.S_IMODE(mode):04o}",
        )
    ]
    shared = bool(mode & (stat.S_IWGRP | stat.S_IWOTH))
    if st.st_uid != 0 and shared:
        found.append(
            Finding(
                NOTE,
                f"{user_name(st.st_uid)} owns the folder and can change its mode "
                "at any time (root or the facilitator should own it).",
            )
        )
    if mode & stat.S_IWOTH:
        found.append(
            Finding(
                PROBLEM,
                "world-writable: anyone on the server can add or plant files.",
                f"chmod o-w {d}",
            )
        )
    elif not shared:
        found.append(
            Finding(
                OK,
                f"only {user_name(st.st_uid)} can add files (a private folder; "
                f"to share it with group '{group}': chmod 3770 {d})",
            )
        )
    if mode & stat.S_IWGRP:
        found.append(Finding(OK, f"group-writable (members of '{group}' can add their sessions)"))
    if shared:
        if mode & stat.S_ISGID:
            found.append(Finding(OK, f"setgid bit set (new files get group '{group}')"))
        else:
            found.append(
                Finding(
                    PROBLEM,
                    "no setgid bit: new files get each person's own group, "
                    "so colleagues may not be able to read them.",
                    f"chmod g+s {d}",
                )
            )
        if mode & stat.S_ISVTX:
            found.append(
                Finding(OK, "sticky bit set (only a file's owner can delete or rename it)")
            )
        else:
            found.append(
                Finding(
                    PROBLEM,
                    "no sticky bit: any member can delete or rename a colleague's file.",
                    f"chmod +t {d}",
                )
            )
    if mode & (stat.S_IROTH | stat.S_IXOTH) and not mode & stat.S_IWOTH:
        found.append(
            Finding(
                NOTE, "people outside the group can enter or list the folder.", f"chmod o-rwx {d}"
            )
        )
    return found


def parent_findings(chain: list[tuple[str, os.stat_result]], owner: int) -> list[Finding]:
    """Each directory above the folder, outermost first, paired with the lstat of its child
    on the way down (the last child is the folder). A directory that someone untrusted owns, or
    that group/others may write without the sticky bit protecting the child, lets them swap it."""
    found, trusted = [], {0, owner}
    for (parent, pst), (_child, cst) in itertools.pairwise(chain):
        p = shown(parent)
        if pst.st_uid not in trusted:
            found.append(
                Finding(
                    PROBLEM,
                    f"{one_line(parent)} above the folder is owned by "
                    f"{user_name(pst.st_uid)}, who could swap the folder.",
                    f"move the folder under a directory that only root or "
                    f"{user_name(owner)} can write",
                )
            )
        elif pst.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            if pst.st_mode & stat.S_ISVTX and cst.st_uid in trusted:
                continue  # like /tmp: others may write, but not rename what they do not own
            who = "anyone" if pst.st_mode & stat.S_IWOTH else f"group '{group_name(pst.st_gid)}'"
            found.append(
                Finding(
                    PROBLEM,
                    f"{one_line(parent)} above the folder is writable by "
                    f"{who}, who could rename the folder and put another "
                    "in its place.",
                    f"chmod go-w {p}",
                )
            )
    if not found:
        found.append(Finding(OK, "no one else can write the folders above it"))
    return found


# ---------------------------------------------------------------- what is inside


def entry_findings(
    folder: str,
    name: str,
    st: os.stat_result,
    *,
    folder_gid: int,
    owners: dict[str, int],
    target: str | None = None,
    pid_alive: Callable[[int], bool] | None = None,
    facilitator: tuple[int, int] | None = None,
) -> list[Finding]:
    """Problems with one entry. `owners` maps the folder's names to their owners' uids (for
    helper files); `target` is where a link points (readlink, never followed); `facilitator`
    (the facilitator's uid, the folder owner's) says whose a partnership file may be."""
    label = named(name)
    path = shown(os.path.join(folder, name))
    who = user_name(st.st_uid)
    mode = st.st_mode
    rm_fix = f"rm {path} (as {who} or root)"
    if stat.S_ISLNK(mode):
        return [
            Finding(
                PROBLEM,
                f"stray symbolic link {label} -> {one_line(target or '?')} "
                f"(made by {who}): a save or read could be sent elsewhere.",
                rm_fix,
            )
        ]
    if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) or stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = (
            "FIFO (named pipe)"
            if stat.S_ISFIFO(mode)
            else "socket"
            if stat.S_ISSOCK(mode)
            else "device"
        )
        return [
            Finding(
                PROBLEM,
                f"{label} is a {kind} (made by {who}): not a file; opening it "
                "could hang or read something else.",
                rm_fix,
            )
        ]
    if stat.S_ISDIR(mode):
        if name.endswith(".toml"):
            return [
                Finding(
                    PROBLEM,
                    f"{label} is a directory named like a session (made by "
                    f"{who}): it blocks that name.",
                    f"rmdir {path} (as {who} or root)",
                )
            ]
        return []
    if not stat.S_ISREG(mode):
        return []
    found = []
    if st.st_nlink > 1:
        found.append(
            Finding(
                PROBLEM,
                f"{label} is hard-linked ({st.st_nlink} names, owner {who}): "
                "it can be changed through a name outside this folder.",
                f"{who} makes it a single copy: cp -p {path} {path}.copy && mv {path}.copy {path}",
            )
        )
    helper = helper_name(name)
    temp = temp_name(name)  # None for a pid no process can have: not ours, nothing to say
    if helper or temp:
        base = helper.name if helper else temp.name if temp else ""
        owner = owners.get(base)
        kind = "lock" if helper and helper.kind == "lock" else "in-use" if helper else "temp"
        if owner is not None and owner != st.st_uid:
            found.append(
                Finding(
                    PROBLEM,
                    f"{kind} file {label} was made by {who}, not by "
                    f"{user_name(owner)} who owns {one_line(base)}: it can "
                    "block or confuse their saves.",
                    rm_fix,
                )
            )
        elif temp and pid_alive is not None and not pid_alive(temp.pid):
            found.append(
                Finding(
                    NOTE,
                    f"leftover temp file {label} (its program has ended); "
                    f"{who}'s next start of the app removes it.",
                    rm_fix,
                )
            )
        return found
    if name.startswith(".") or not name.endswith(".toml"):
        return found
    whose = partnership_owner_findings(folder, name, st, facilitator)
    if whose is not None:
        found += whose
    what = "the partnership file" if whose is not None else f"session {label}"
    chmod = f"chmod 640 {path} (as {who})"
    if mode & stat.S_IWOTH:
        found.append(
            Finding(PROBLEM, f"{what} ({who}'s) is world-writable: anyone can rewrite it.", chmod)
        )
    elif mode & stat.S_IWGRP:
        found.append(
            Finding(
                PROBLEM, f"{what} ({who}'s) is group-writable: any colleague can rewrite it.", chmod
            )
        )
    if mode & (stat.S_ISUID | stat.S_ISGID | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH):
        found.append(
            Finding(
                PROBLEM,
                f"{what} ({who}'s) has odd mode {stat.S_IMODE(mode):04o} (executable or set-id).",
                chmod,
            )
        )
    if not mode & stat.S_IRGRP:
        found.append(
            Finding(
                NOTE,
                f"{what} ({who}'s) cannot be read by the group, so the "
                "facilitator cannot merge it.",
                chmod,
            )
        )
    if st.st_gid != folder_gid:
        found.append(
            Finding(
                NOTE,
                f"{what} ({who}'s) has group '{group_name(st.st_gid)}', not the "
                f"folder's '{group_name(folder_gid)}'.",
                f"chgrp {group_name(folder_gid)} {path} (as {who})",
            )
        )
    if name == PARTNERSHIP and not found:
        found.append(
            Finding(
                OK,
                f"partnership.toml is {who}'s, mode {stat.S_IMODE(mode):04o} "
                f"(only {who} can change it)",
            )
        )
    return found


def partnership_owner_findings(
    folder: str, name: str, st: os.stat_result, facilitator: tuple[int, int] | None
) -> list[Finding] | None:
    """Whose a partnership file is (None: `name` is not one). partnership.toml is the
    facilitator's or the folder owner's (anyone else's is not used: core.partnership_in);
    partnership-ACCOUNT.toml, kept beside someone else's, is ACCOUNT's."""
    from bb_tui.core.partnership import FILE_NAME, OWN_FILE

    own = OWN_FILE.match(name)
    if name != FILE_NAME and own is None:
        return None
    path, who = shown(os.path.join(folder, name)), user_name(st.st_uid)
    if own is not None:
        try:
            uid: int | None = pwd.getpwnam(own["account"]).pw_uid
        except KeyError:
            uid = int(own["account"]) if own["account"].isdigit() else None
        if uid is None or uid == st.st_uid:
            return []
        return [
            Finding(
                PROBLEM,
                f"{named(name)} is {who}'s, not {user_name(uid)}'s: it holds the name of "
                f"{user_name(uid)}'s own partnership file.",
                f"rm {path} (as {who} or root)",
            )
        ]
    if facilitator is None or st.st_uid in facilitator:
        return []
    fac, folder_owner = facilitator
    whom = "yours" if fac == os.geteuid() else "the facilitator's"
    nor = "" if folder_owner == fac else f" nor the folder owner's ({user_name(folder_owner)})"
    return [
        Finding(
            PROBLEM,
            f"{FILE_NAME} is {who}'s, not {whom} ({user_name(fac)}){nor}: bb-tui run by "
            f"{user_name(fac)} does not use it without asking.",
            f"if {who} is the facilitator, check with --facilitator {who}; if not, "
            f"rm {path} (as {who} or root)",
        )
    ]


# ---------------------------------------------------------------- gathering (lstat only)


class FolderError(Exception):
    """The folder cannot be checked at all (usage error, exit 2)."""


def _parent_chain(folder: str, folder_st: os.stat_result) -> list[tuple[str, os.stat_result]]:
    """(path, lstat) from / down to the folder, through the parent's real path."""
    real_parent = os.path.realpath(os.path.dirname(os.path.abspath(folder)))
    parts = [p for p in real_parent.split(os.sep) if p]
    chain, here = [], os.sep
    chain.append((here, os.lstat(here)))
    for part in parts:
        here = os.path.join(here, part)
        chain.append((here, os.lstat(here)))
    chain.append((folder, folder_st))
    return chain


def check_folder(folder: str, facilitator: int | None = None) -> list[Finding]:
    """Every finding for `folder`; raises FolderError when it is missing or cannot be listed.
    `facilitator`: whose the partnership file should be (default: the account running this)."""
    try:
        st = os.lstat(folder)
    except FileNotFoundError:
        raise FolderError(f"{one_line(folder)}: no such folder") from None
    except OSError as exc:
        raise FolderError(
            f"{one_line(folder)}: cannot be checked ({exc.strerror or exc})"
        ) from None
    if not stat.S_ISDIR(st.st_mode) and not stat.S_ISLNK(st.st_mode):
        raise FolderError(f"{one_line(folder)}: not a folder")
    found = folder_findings(st, folder)
    if stat.S_ISLNK(st.st_mode):
        return found
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError as exc:
        raise FolderError(f"{one_line(folder)}: cannot be opened ({exc.strerror or exc})") from None
    try:
        if (os.fstat(fd).st_ino, os.fstat(fd).st_dev) != (st.st_ino, st.st_dev):
            raise FolderError(f"{one_line(folder)}: changed while being checked; run it again")
        found += parent_findings(_parent_chain(folder, st), st.st_uid)
        try:
            names = sorted(os.listdir(fd))
        except OSError as exc:
            raise FolderError(
                f"{one_line(folder)}: cannot be listed ({exc.strerror or exc})"
            ) from None
        stats = {}
        for name in names:
            try:
                stats[name] = os.stat(name, dir_fd=fd, follow_symlinks=False)
            except OSError:
                continue  # gone since the listing
        owners = {n: s.st_uid for n, s in stats.items() if stat.S_ISREG(s.st_mode)}
        inside = []
        for name, est in stats.items():
            target = None
            if stat.S_ISLNK(est.st_mode):
                try:
                    target = os.readlink(name, dir_fd=fd)
                except OSError:
                    target = "?"
            inside += entry_findings(
                folder,
                name,
                est,
                folder_gid=st.st_gid,
                owners=owners,
                target=target,
                pid_alive=process_alive,
                facilitator=(os.geteuid() if facilitator is None else facilitator, st.st_uid),
            )
    finally:
        os.close(fd)
    sessions = sum(
        1
        for n, s in stats.items()
        if stat.S_ISREG(s.st_mode) and n.endswith(".toml") and not n.startswith(".")
    )
    if not any(f.level == PROBLEM for f in inside):
        inside.insert(
            0,
            Finding(
                OK,
                f"{sessions} file(s) named *.toml; no links, pipes, devices or planted files found",
            ),
        )
    if PARTNERSHIP not in stats:
        inside.append(Finding(NOTE, "no partnership.toml yet (the facilitator makes it)"))
    return found + inside


# ---------------------------------------------------------------- the command


def add_parser(sub: SubCommands) -> None:
    parser = sub.add_parser(
        "check-folder",
        help="check that a sessions folder is set up safely on a shared server",
        description="Says in plain lines whether the sessions folder is safe to share (group, "
        "setgid and sticky bits, modes, the folders above it, planted links, pipes "
        "and hard links) and the command that fixes each problem. Nothing is "
        "followed or opened. Exit 0 safe, 1 not, 2 when the folder cannot be checked.",
    )
    parser.add_argument("folder", type=Path, metavar="DIR", help="the sessions folder")
    parser.add_argument("--json", action="store_true", help="print the findings as JSON")
    parser.add_argument(
        "--facilitator",
        metavar="ACCOUNT",
        help="whose partnership.toml should be (default: you); anyone else's but the folder "
        "owner's is a problem",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    folder = str(args.folder)
    try:
        facilitator = pwd.getpwnam(args.facilitator).pw_uid if args.facilitator else None
    except KeyError:
        print(f"bb-tui check-folder: no account {one_line(args.facilitator)}", file=sys.stderr)
        return EXIT_USAGE
    try:
        found = check_folder(folder, facilitator)
    except FolderError as exc:
        print(f"bb-tui check-folder: {exc}", file=sys.stderr)
        return EXIT_USAGE
    problems = sum(1 for f in found if f.level == PROBLEM)
    if args.json:
        print(
            json.dumps(
                {
                    "folder": one_line(folder),
                    "safe": not problems,
                    "findings": [asdict(f) for f in found],
                },
                indent=2,
            )
        )
    else:
        for finding in found:
            print(finding.line())
        print(f"{one_line(folder)}: " + (f"{problems} problem(s)" if problems else "safe"))
    return EXIT_UNSAFE if problems else EXIT_SAFE
