"""Exports and reports on a shared server: no participant can redirect what the facilitator writes.

bob (a participant) plants a symlink, a hard link to a facilitator's file, a FIFO or a folder at
every export name, in the old default (`<sessions>/exports/`) and in a folder the facilitator
chose, or swaps `exports/` itself for a link. The facilitator then exports (the function the
app's Export dialog runs in its worker, and the CLI); nothing outside the target changes and
every refusal is one line.
"""

from __future__ import annotations

import os
import shutil
import stat
import tomllib
from pathlib import Path

import pytest
import tomli_w

from bb_tui.core.framework import load_framework
from tests.support.accounts import as_user, cli_as, own

DEMO = Path(__file__).resolve().parents[2] / "sessions" / "demo"
EXPORT_NAMES = ("report.md", "scores.csv", "scores-summary.csv", "results.xlsx")
SHELL_NAME = "x;$(id>/tmp/o)#"
FW = load_framework()


@pytest.fixture(autouse=True, scope="module")
def _imported_beforehand(tmp_path_factory):
    """Run every export once as root first: the children cannot read the interpreter's
    standard library (under /root), so whatever the exports import lazily is loaded now."""
    import contextlib
    import io

    from bb_tui.cli.main import main
    from bb_tui.render.bundle import export_folder

    out = tmp_path_factory.mktemp("warm")
    team = out / "team"  # the three sessions fill_sessions gives the tests: the same paths
    team.mkdir()
    for name in ("amina-okafor.toml", "helen-marchbank.toml", "marcus-leung.toml"):
        shutil.copy(DEMO / name, team / name)
    export_folder(team, FW, out / "app")
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        main(["report", str(team), "-o", str(out / "r.md")])
        main(["export", str(team), "--csv", str(out / "s.csv"), "--xlsx", str(out / "r.xlsx")])
        main(["export", str(team), "--csv", str(out / "s.csv")])  # the refusal's path too


def fill_sessions(team) -> None:
    """alice's and a colleague's sessions, and bob's with a name written as shell."""
    for name in ("amina-okafor.toml", "helen-marchbank.toml"):
        own(Path(shutil.copy(DEMO / name, team.shared / name)), team.alice, 0o664)
    data = tomllib.loads((DEMO / "marcus-leung.toml").read_text("utf-8"))
    data["participant"]["name"] = SHELL_NAME
    bob_file = team.shared / "bob.toml"
    bob_file.write_text(tomli_w.dumps(data), "utf-8")
    own(bob_file, team.bob, 0o664)


def victims(team) -> dict[str, Path]:
    """One of the facilitator's own files per export name (.bashrc first)."""
    files = {}
    for export_name, victim in zip(
        EXPORT_NAMES, (".bashrc", ".profile", "budget.csv", "plan.xlsx")
    ):
        path = team.facil.home / victim
        path.write_text(f"# {victim}: the facilitator's own\n")
        own(path, team.facil, 0o644)
        files[export_name] = path
    return files


def snapshot(paths) -> dict[Path, tuple[bytes, int, int]]:
    out = {}
    for path in paths:
        st = os.lstat(path)
        out[path] = (path.read_bytes(), st.st_mode, st.st_ino)
    return out


def make_folder_as(account, folder: Path) -> None:
    assert as_user(account, lambda: folder.mkdir()).rc == 0


def plant(team, folder: Path, kind: str, targets: dict[str, Path]) -> None:
    """bob plants `kind` at every export name in `folder` (a hard link is made by root: the
    kernel's protected_hardlinks stops bob, but a link made before that, or by a careless
    admin, must not be followed either)."""
    for name in EXPORT_NAMES:
        at = folder / name
        if kind == "hardlink":
            os.link(targets[name], at)
            continue

        def make(at=at, name=name) -> None:
            if kind == "symlink":
                os.symlink(targets[name], at)
            elif kind == "fifo":
                os.mkfifo(at, 0o666)
            elif kind == "folder":
                os.mkdir(at)

        assert as_user(team.bob, make).rc == 0, kind


def facil_exports_like_the_app(team, out_dir: Path, overwrite: bool):
    """What the Export dialog's worker runs, as the facilitator."""

    def run() -> int:
        from bb_tui.render.bundle import export_folder
        from bb_tui.storage.errors import BBError

        try:
            written = export_folder(team.shared, FW, out_dir, overwrite=overwrite)
        except BBError as exc:
            print(exc.line())
            return 1
        print("\n".join(map(str, written)))
        return 0

    return as_user(team.facil, run, cwd=team.facil.home)


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


@pytest.mark.parametrize("kind", ["symlink", "hardlink", "fifo", "folder"])
@pytest.mark.parametrize("where", ["old-default", "chosen"])
def test_planted_names_never_redirect_the_apps_export(team, kind, where):
    fill_sessions(team)
    targets = victims(team)
    folder = team.shared / ("exports" if where == "old-default" else "board")
    make_folder_as(team.bob if where == "old-default" else team.facil, folder)
    if where == "chosen":
        folder.chmod(0o2775)  # the facilitator shares it with the team: bob can write in it
    plant(team, folder, kind, targets)
    before = snapshot(targets.values())
    planted = {p.name: os.lstat(p).st_ino for p in folder.iterdir()}
    outcome = facil_exports_like_the_app(team, folder, overwrite=True)  # even when confirmed
    assert outcome.rc == 1, outcome
    line = one_line(outcome.out)
    assert str(folder / "report.md") in line
    assert snapshot(targets.values()) == before
    assert {p.name: os.lstat(p).st_ino for p in folder.iterdir()} == planted  # nothing added
    assert not Path("/tmp/o").exists() or os.stat("/tmp/o").st_uid != team.facil.uid


@pytest.mark.parametrize("kind", ["symlink", "hardlink", "fifo", "folder"])
def test_planted_names_never_redirect_the_cli(team, kind):
    fill_sessions(team)
    targets = victims(team)
    folder = team.shared / "exports"
    make_folder_as(team.bob, folder)
    plant(team, folder, kind, targets)
    before = snapshot(targets.values())
    runs = {
        "csv": ["export", str(team.shared), "--csv", str(folder / "scores.csv"), "--overwrite"],
        "xlsx": ["export", str(team.shared), "--xlsx", str(folder / "results.xlsx"), "--force"],
        "report": ["report", str(team.shared), "-o", str(folder / "report.md"), "--overwrite"],
    }
    for what, argv in runs.items():
        outcome = cli_as(team.facil, argv, cwd=team.facil.home)
        assert outcome.rc == 1, (what, outcome)
        line = one_line(outcome.err)
        assert line.startswith(f"bb-tui {argv[0]}: {folder}/"), line
    assert snapshot(targets.values()) == before


def test_shell_named_participant_never_reaches_the_facilitators_bashrc(team):
    fill_sessions(team)
    bashrc = team.facil.home / ".bashrc"
    bashrc.write_text("# the facilitator's own\n")
    own(bashrc, team.facil, 0o644)
    exports = team.shared / "exports"
    make_folder_as(team.bob, exports)
    assert as_user(team.bob, lambda: os.symlink(bashrc, exports / "scores.csv")).rc == 0
    cli = cli_as(team.facil, ["export", str(team.shared), "--csv", str(exports / "scores.csv")])
    assert bashrc.read_text() == "# the facilitator's own\n"
    app = facil_exports_like_the_app(team, exports, overwrite=True)
    assert app.rc == 1 and cli.rc == 1
    assert "symbolic link" in one_line(app.out) and "symbolic link" in one_line(cli.err)
    assert bashrc.read_text() == "# the facilitator's own\n"
    # exported to the default folder instead, the name is there, inert, in the facilitator's own file
    done = facil_exports_like_the_app(team, team.facil.home / "bb-tui-exports", overwrite=False)
    assert done.rc == 0, done
    assert SHELL_NAME in (team.facil.home / "bb-tui-exports" / "scores.csv").read_text()
    assert bashrc.read_text() == "# the facilitator's own\n"


def test_a_swapped_exports_folder_is_refused(team):
    """bob renames `exports/` away and puts a link to the facilitator's home in its place."""
    fill_sessions(team)
    targets = victims(team)
    exports = team.shared / "exports"
    make_folder_as(team.bob, exports)

    def swap() -> None:
        os.rename(exports, team.shared / "exports.old")
        os.symlink(team.facil.home, exports)

    assert as_user(team.bob, swap).rc == 0
    # the facilitator's own files at the export names, which a followed link would replace
    for name in EXPORT_NAMES:
        own(Path(shutil.copy(targets[name], team.facil.home / name)), team.facil, 0o644)
    watched = [*targets.values(), *(team.facil.home / n for n in EXPORT_NAMES)]
    before = snapshot(watched)
    app = facil_exports_like_the_app(team, exports, overwrite=True)
    assert app.rc == 1
    assert one_line(app.out) == (
        f"{exports}: is a symbolic link owned by someone else; not followed"
    )
    cli = cli_as(
        team.facil, ["report", str(team.shared), "-o", str(exports / "report.md"), "--overwrite"]
    )
    assert cli.rc == 1 and "owned by someone else" in one_line(cli.err)
    assert snapshot(watched) == before


def test_the_default_folder_is_private_and_its_files_the_facilitators(team):
    fill_sessions(team)

    def run() -> int:
        from bb_tui.render.bundle import default_folder, export_folder

        folder = default_folder()
        assert folder == team.facil.home / "bb-tui-exports"
        export_folder(team.shared, FW, folder)
        return 0

    assert as_user(team.facil, run, umask=0o002).rc == 0
    folder = team.facil.home / "bb-tui-exports"
    st = os.lstat(folder)
    assert stat.S_ISDIR(st.st_mode) and stat.S_IMODE(st.st_mode) == 0o700
    assert st.st_uid == team.facil.uid
    for name in EXPORT_NAMES:
        f = os.lstat(folder / name)
        assert (f.st_uid, stat.S_IMODE(f.st_mode), f.st_nlink) == (team.facil.uid, 0o600, 1)


@pytest.mark.parametrize(
    "spoil, problem",
    [
        ("link", "is a symbolic link, not a folder of your own"),
        ("file", "is not a folder"),
        ("others", "belongs to someone else"),
        ("open", "can be written by others"),
    ],
)
def test_a_spoiled_default_folder_is_refused_in_one_line(team, spoil, problem):
    fill_sessions(team)
    folder = team.facil.home / "bb-tui-exports"
    if spoil == "link":
        os.symlink(team.shared, folder)
        own(folder, team.facil)
    elif spoil == "file":
        folder.write_text("x")
        own(folder, team.facil, 0o600)
    else:
        folder.mkdir()
        own(
            folder,
            team.bob if spoil == "others" else team.facil,
            0o700 if spoil == "others" else 0o777,
        )
    outcome = facil_exports_like_the_app(team, folder, overwrite=True)
    assert outcome.rc == 1
    line = one_line(outcome.out)
    assert line.startswith(f"{folder}: {problem}"), line
    assert not any((team.shared / n).exists() for n in EXPORT_NAMES)
