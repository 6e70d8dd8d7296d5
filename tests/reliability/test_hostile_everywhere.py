"""Every hostile file through `bb-tui merge`, `bb-tui score` and the app; hostile-but-valid text
on every screen, checked on the screen (Pilot) and in the bytes sent to a real terminal (pty).

tests/unit/test_session_hostile.py proves `bb-tui validate` on each file; test_merge.py merges
the whole folder with collect(). Here: the merge command per file, the app per file.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tomllib
from pathlib import Path

import pytest
from textual.widgets import DataTable, OptionList, Static, TextArea

from bb_tui.cli.main import main
from bb_tui.tui.app import BBApp
from bb_tui.tui.screens.participant.start import StartScreen
from tests.support.hostile_folder import (
    EVIDENCE,
    NAMES,
    ORGANISATION,
    P_NAME,
    P_NOTE,
    P_OWNER,
    P_ROUND,
    P_WHAT,
    REFLECTION,
    make_folder,
    shown_line,
    shown_text,
)
from tests.support.piloting import (
    notification_log,
    notifications,
    run_test,
    screen_text,
    wait_until,
    workers_done,
)
from tests.support.ptyrun import PtyApp

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
DEMO = ROOT / "sessions" / "demo"
HOSTILE = sorted((DATA / "hostile").glob("*.toml"))
EXPECTED: dict[str, str] = tomllib.loads((DATA / "expected-errors.toml").read_text("utf-8"))[
    "errors"
]
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def state(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file's bytes and mtime, and by the keys the folder listing."""
    return {
        p.name: (p.read_bytes() if p.is_file() else b"<dir>", p.stat().st_mtime_ns)
        for p in folder.iterdir()
    }


def test_the_hostile_folder_has_at_least_40_files_each_with_its_expected_error():
    assert len(HOSTILE) >= 40
    assert {p.name for p in HOSTILE} == set(EXPECTED)
    assert all(EXPECTED.values())


# ---------------------------------------------------------------- the merge command, per file


@pytest.fixture(scope="module")
def hostile_before():
    before = state(DATA / "hostile")
    yield before
    assert state(DATA / "hostile") == before  # nothing in the folder was touched


def test_merge_lists_each_hostile_file_as_rejected_and_counts_the_ten_others(
    capsys, hostile_before
):
    """Every hostile file named on one command line beside the demo folder: each is rejected,
    once, with its own reason in one clean line, and the ten good sessions are still merged (one
    merge instead of one per file: the same files read by the same code, a second a run saved)."""
    code = main(["merge", *(str(path) for path in HOSTILE), str(DEMO), "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Traceback" not in err
    result = json.loads(out)
    assert result["participants"] == 10
    rejected: dict[str, list[str]] = {}
    for entry in result["rejected"]:
        rejected.setdefault(entry["file"], []).append(entry["error"])
    assert set(rejected) == {str(path) for path in HOSTILE}
    for path in HOSTILE:
        errors = rejected[str(path)]
        assert len(errors) == 1, (path.name, errors)
        assert EXPECTED[path.name] in errors[0], (path.name, errors[0])
        assert "\n" not in errors[0] and not UNSAFE.search(errors[0]), (path.name, errors[0])
        assert (path.read_bytes(), path.stat().st_mtime_ns) == hostile_before[path.name], path.name


def test_merge_of_the_whole_hostile_folder_in_a_real_process_reads_as_a_table(tmp_path):
    """The readable form: every file under "Rejected" with its reason, the merge goes on."""
    import subprocess
    import sys

    odd = tmp_path / "odd"
    odd.mkdir()
    (odd / "x.toml").mkdir()  # a directory named x.toml
    with open(odd / "huge.toml", "wb") as handle:  # 200 MB, sparse
        handle.truncate(200 * 1024 * 1024)
    os.mkfifo(odd / "fifo.toml")  # would block a naive read
    (odd / "ev\x1b]0;owned\x07il\u202e.toml").write_bytes(b"format = [")
    done = subprocess.run(
        [sys.executable, "-m", "bb_tui", "merge", str(DATA / "hostile"), str(odd), str(DEMO)],
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 0 and b"Traceback" not in done.stderr
    text = done.stdout.decode("utf-8")
    assert not UNSAFE.search(text)
    assert f"Rejected ({len(HOSTILE) + 4})" in text
    for path in HOSTILE:
        assert f"{path}: " in text and EXPECTED[path.name] in text.split(f"{path}: ", 1)[1]
    for line in (
        "x.toml: is a directory, not a file",
        "fifo.toml: is not a regular file",
        "huge.toml: is 209,715,200 bytes",
        "ev]0;ownedil.toml: is not valid TOML",
    ):
        assert line in text, line
    assert text.startswith("10 participants merged") and "Participants (10)" in text


# ---------------------------------------------------------------- bb-tui score FILE, per file


def test_score_refuses_each_hostile_file_in_one_line_before_taking_the_screen(
    capsys, hostile_before
):
    """`bb-tui score FILE` for each hostile file in turn (one test walking them all: a failure
    names every file that went wrong, each with what it printed)."""
    wrong = []
    for path in HOSTILE:
        code = main(["--sessions", str(DATA / "hostile"), "score", str(path)])
        out, said = capsys.readouterr()
        if not (
            code == 1
            and out == ""
            and said.count("\n") == 1
            and said.startswith(f"bb-tui: {path}: ")
            and EXPECTED[path.name] in said
            and not UNSAFE.search(said.rstrip("\n"))
            and (path.read_bytes(), path.stat().st_mtime_ns) == hostile_before[path.name]
        ):
            wrong.append(f"{path.name}: exit {code}, stdout {out!r}, stderr {said!r}")
    assert not wrong, "\n".join(wrong)


# ---------------------------------------------------------------- the app, per file


def _broken_lines(app) -> dict[str, str]:
    options = app.screen.query_one(OptionList)
    lines = {}
    for n in range(options.option_count):
        option = options.get_option_at_index(n)
        if option.id and option.id.startswith("broken:"):
            lines[Path(option.id.removeprefix("broken:")).name] = str(option.prompt)
    return lines


async def test_every_hostile_file_in_the_app_is_listed_and_opening_it_shows_the_error(
    tmp_path, framework
):
    folder = tmp_path / "hostile"
    shutil.copytree(DATA / "hostile", folder)
    before = state(folder)
    app = BBApp(framework, folder, cursor_blink=False, theme="textual-dark")
    async with run_test(app, size=(200, 40)) as pilot:
        await pilot.pause()
        await workers_done(app)  # over 50 files: listed by the background scan
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        # a file of another declared format is counted as "other", as a partnership file is
        other = {p.name for p in HOSTILE if EXPECTED[p.name].startswith("format: '")}
        assert other == {"wrong-format.toml"}
        listed = _broken_lines(app)
        assert set(listed) == {p.name for p in HOSTILE} - other
        assert app.screen.listing.others == len(other)
        assert f"{len(listed)} not readable, {len(other)} other file skipped" in screen_text(app)
        for name, line in listed.items():  # the start list: name and reason
            assert line.startswith(f"✗ {name}: ") and EXPECTED[name] in line, line
            assert not UNSAFE.search(line)
        raised = notification_log(app)
        for path in sorted(folder.glob("*.toml")):  # and opening each one
            shown = len(raised)
            app.open_session(path)
            await pilot.pause()
            told = raised[shown:]
            assert len(told) == 1 and told[0].startswith(f"{path}: "), told
            assert EXPECTED[path.name] in told[0] and not UNSAFE.search(told[0])
            assert isinstance(app.screen, StartScreen) and app.current is None
        assert app.is_running
    assert state(folder) == before  # not a byte, not a lock file


@pytest.mark.parametrize(
    "name",
    [
        "invalid-utf8.toml",
        "deep-nesting-tables.toml",
        "nul-bytes.toml",
        "unknown-id-markup.toml",
        "unknown-id-escape.toml",
        "dotted-key-20000.toml",
    ],
)
async def test_the_app_started_on_a_hostile_file_shows_the_error(tmp_path, framework, name):
    """`bb-tui score FILE` as the app itself sees it (the CLI refuses earlier, see above)."""
    shutil.copy2(DATA / "hostile" / name, tmp_path / name)
    path = tmp_path / name
    before = state(tmp_path)
    app = BBApp(framework, tmp_path, path, cursor_blink=False, theme="textual-dark")
    async with run_test(app, size=(80, 24), notifications=True) as pilot:
        assert await wait_until(pilot, lambda: "Cannot open" in screen_text(app))  # drawn
        told = notifications(app)
        assert len(told) == 1 and EXPECTED[name] in told[0] and not UNSAFE.search(told[0])
        assert isinstance(app.screen, StartScreen) and app.is_running
        text = _flat(screen_text(app))
        assert "Cannot open" in text and EXPECTED[name] in text and "Traceback" not in text
    assert state(tmp_path) == before


# ---------------------------------------------------------------- hostile but valid text


async def settle(pilot) -> None:
    for _ in range(4):
        await workers_done(pilot.app)
        await pilot.pause()


def _flat(text: str) -> str:
    """Screen text with the line breaks of wrapping and padding removed."""
    return " ".join(text.split())


async def test_hostile_text_is_shown_literally_in_every_widget(tmp_path, framework):
    folder = tmp_path / "f"
    sessions = make_folder(folder, framework)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    name, long_name, org = shown_line(NAMES[0]), shown_line(NAMES[1]), shown_line(ORGANISATION)
    evidence, reflection = shown_text(EVIDENCE), shown_text(REFLECTION)
    note_head = shown_text(P_NOTE)[: shown_text(P_NOTE).index(" nnnn")]  # before it wraps
    app = BBApp(
        framework, folder, sessions[0], cursor_blink=False, theme="textual-dark", ascii=True
    )
    seen: list[str] = []

    def look() -> str:
        text = screen_text(app)
        seen.append(text)
        return text

    async with run_test(app, size=(160, 50)) as pilot:
        await pilot.pause()
        text = look()  # overview
        assert name in text and evidence[:60] in text
        await pilot.press("enter")  # enabler
        text = look()
        assert name in text and f"Evidence: {evidence[:60]}" in text
        await pilot.press("d")  # dig deeper
        assert name in look()
        await pilot.press("escape", "e")  # evidence editor
        area = app.screen.query_one(TextArea)
        assert area.text == evidence  # all 10,000+ characters
        area.move_cursor((0, 0))  # the top of the text
        await pilot.pause()
        assert evidence[: evidence.index(" eeee")] in look()  # up to where it wraps
        await pilot.press("escape", "escape", "r")  # reflections
        assert all(area.text == reflection for area in app.screen.query(TextArea))
        app.screen.focused.move_cursor((0, 0))
        await pilot.pause()
        text = look()  # (wrapped at the space)
        assert reflection[:21] in text and reflection[22:38] in text
        await pilot.press("escape", "escape")  # the sessions list
        assert isinstance(app.screen, StartScreen)
        text = look()
        assert f"{name[:21]}…" in text and f"{long_name[:21]}…" in text and org in text

        await pilot.press("f4")  # results: files
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        raw = look()
        text = _flat(raw)
        assert f"{name}, {org}, strategic" in text and "13 merged" in text
        assert "Zed" in text and "N" * 140 in raw  # the long name, wrapped
        await pilot.press("1", "g", "g")  # groups by organisation
        await settle(pilot)
        await pilot.press("t")  # ... as a table
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        headers = [str(c.label) for c in table.columns.values()]
        cells = [str(cell) for n in range(table.row_count) for cell in table.get_row_at(n)]
        # a long name heads its column as a letter, named whole on the legend line (issue 20)
        legend = str(app.screen.query_one(".numbers-notes", Static).content)
        assert any(org in h for h in [*headers, *cells, legend]), (headers, cells[:20], legend)
        assert org in _flat(look()) or org[:20] in look()
        await pilot.press("escape")

        await pilot.press("f6")  # discussion pack
        await settle(pilot)
        text = look()  # evidence cards
        assert f"{name}, " in text and evidence[: evidence.index(" eeee")] in text
        assert shown_line(P_ROUND) in text  # the status line
        await pilot.press("escape", "f7")  # agreed scores
        await settle(pilot)
        text = look()
        assert shown_line(P_NAME) in text and shown_line(P_ROUND) in text
        assert note_head in text
        await pilot.press("escape", "f8")  # challenges
        await settle(pilot)
        assert note_head in look()
        await pilot.press("escape", "f10")  # action plan
        await settle(pilot)
        text = look()
        assert shown_line(P_WHAT) in text
        assert f"Owner: {shown_line(P_OWNER)}" in text
        await pilot.press("escape")
        assert app.is_running  # no [@click=app.quit] was acted on
    for text in seen:
        assert not UNSAFE.search(text)
    after = {p.name: p.read_bytes() for p in folder.iterdir() if p.name in before}
    assert after == before  # looking changed nothing


def test_no_escape_sequence_from_a_file_reaches_the_terminal(tmp_path, framework):
    """The same tour in a real pty: the bytes bb-tui writes hold none of the files' sequences."""
    folder = tmp_path / "f"
    sessions = make_folder(folder, framework)
    (folder / "ev\x1b]0;pwned-file\x07il\u202e.toml").write_bytes(b"format = [")
    app = PtyApp(
        ["-m", "bb_tui", "--sessions", str(folder), "--ascii", "score", str(sessions[0])],
        size=(160, 50),
    )
    steps = [
        (b"", b"Your score"),
        (b"\r", b"Maturity indicators"),
        (b"e", b"What is working"),
        (b"\x1b", b"Maturity indicators"),
        (b"\x1b", b"Your score"),
        (b"r", b"Reflections"),
        (b"\x1b", b"Your score"),
        (b"\x1b", b"Start a new session"),
        (b"\x1bOS", b"Radar"),
        (b"6", b"Participants ("),
        (b"\x1b", b"Start a new session"),
        (b"\x1b[17~", b"Evidence, side by side"),
        (b"\x1b", b"Start a new session"),
        (b"\x1b[21~", b"Action plan"),
    ]
    try:
        for keys, marker in steps:  # each key sent once the last one's screen is drawn
            app.press(keys, marker, timeout=15)
        app.send(b"\x11")  # ctrl+q
        assert app.wait_exit(5.0) is not None
    finally:
        app.kill()
    out = bytes(app.output)
    for sequence in (
        b"\x1b]52;",
        b"\x1b]0;pwned",
        b"\x1b[6n",
        "\u202e".encode(),
        "\u009b".encode(),
    ):
        assert sequence not in out, sequence
    assert b"pwned-title" in out and b"]52;c;SGVsbG8=" in out  # the text itself was shown
    assert b"ev]0;pwned-fileil.toml" in out  # a broken file's name, cleaned
