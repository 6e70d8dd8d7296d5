"""Every table of Group results and the progress board at 80x24 shows all of its figures and
flags (issue 20): words are cut, figures never; columns that cannot fit are reached with → and a
"→ N more" marker says so."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import tomli_w

from bb_tui.tui.app import BBApp
from tests.support.demo import DEMO
from tests.support.piloting import run_test, screen_text
from tests.support.results import open_results, settle

LONG_ORGS = (
    "Riverside Council – Children's Services and Early Help Partnership",
    "Riverside & Weald University Hospitals NHS Foundation Trust (maternity)",
    "Riverside Parents Together (charity for families of the under-fives)",
)


def folder_with_long_organisations(tmp: Path, framework) -> Path:
    """The demo sessions, and three people in each of three long-named organisations, who also
    scored every indicator (so the indicator tables have figures)."""
    folder = tmp / "demo"
    shutil.copytree(DEMO, folder)
    for o, organisation in enumerate(LONG_ORGS):
        for p in range(3):
            k = 3 * o + p
            doc = {
                "format": "bb-session",
                "format_version": 1,
                "framework": framework.id,
                "participant": {
                    "name": f"Person {k} with a rather long name indeed",
                    "organisation": organisation,
                    "level": "strategic" if k % 2 else "operational",
                },
                "scores": {e.id: 1 + (n + k) % 5 for n, e in enumerate(framework.enablers)},
                "indicators": {i.id: 1 + (n * k) % 5 for n, i in enumerate(framework.indicators)},
            }
            (folder / f"long-{k}.toml").write_text(tomli_w.dumps(doc), "utf-8")
    return folder


def words(text: str) -> tuple[list[str], list[str]]:
    """The words of a text, and the whitespace between each two."""
    parts = re.split(r"(\s+)", text.strip())
    return parts[0::2], parts[1::2]


def covered(line: str, cells: list[str]) -> set[int]:
    """Which of `cells` the screen line shows: every run of them shown in order, whole (each
    cell's words as written, any whitespace between cells, whitespace or the line's ends
    around the run). Words are compared, not a regular expression built per run: a table's
    rows times its runs of cells would compile thousands."""
    shown, gaps = words(line)
    wanted = [words(c) for c in cells]

    def run_at(start: int, a: int, b: int) -> bool:
        at = start
        for cell_words, cell_gaps in wanted[a:b]:
            end = at + len(cell_words)
            if shown[at:end] != cell_words or gaps[at : end - 1] != cell_gaps:
                return False
            at = end
        return True

    found: set[int] = set()
    for a in range(len(cells)):
        for b in range(len(cells), a, -1):
            if any(run_at(start, a, b) for start in range(len(shown))):
                found.update(range(a, b))
                break
    return found


def row_lines(text: str, labels: list[str]) -> list[str]:
    """The screen lines of the table's rows, in order: each starts with its words, maybe cut."""
    lines = text.splitlines()
    found, at = [], 0
    for label in labels:
        for n in range(at, len(lines)):
            shown = lines[n].strip().split("…")[0].split("  ")[0]
            if len(shown) >= 3 and label.startswith(shown):
                found.append(lines[n])
                at = n + 1
                break
        else:
            raise AssertionError(f"no row for {label!r} on screen:\n{text}")
    return found


async def assert_every_figure_shown(pilot, table) -> None:
    """Each row's figures are on screen, or reached with → after a '→ N more' marker."""
    seen: dict[int, set[int]] = {r: set() for r in range(len(table.rows))}
    wanted = {r: [c for c in row[1:] if c] for r, row in enumerate(table.rows)}
    for _step in range(len(table.columns)):
        text = screen_text(pilot.app)
        for r, line in enumerate(row_lines(text, [row[0] for row in table.rows])):
            seen[r] |= covered(line, wanted[r])
        if all(len(seen[r]) == len(wanted[r]) for r in seen):
            return
        assert re.search(r"→ \d+ more", text), f"figures cut off and no marker:\n{text}"
        await pilot.press("right")
        await pilot.pause()
    missing = {
        table.rows[r][0]: [wanted[r][i] for i in range(len(wanted[r])) if i not in s]
        for r, s in seen.items()
        if len(s) < len(wanted[r])
    }
    raise AssertionError(f"never shown: {missing}")


VIEWS = ("1", "2", "3", "4", "5")
GROUPINGS = (0, 1, 2, 3)  # presses of g: none, level, organisation, sector


async def every_table_shows_every_figure(pilot, framework, groups: int) -> None:
    from bb_tui.tui.screens.group.results.dig import dig_table

    screen = await open_results(pilot)
    for _ in range(groups):
        await pilot.press("g")
        await settle(pilot)
    for view in VIEWS:
        await pilot.press(view)
        await settle(pilot)
        if not screen.table_mode:
            await pilot.press("t")
            await settle(pilot)
        choice = screen.charts.get(screen.view)
        if choice is None:
            table = dig_table(screen.results)
        else:
            chart = choice.draw(
                screen.results,
                choice.index,
                width=78,
                room=23,
                ascii=False,
                range_kind=screen.range_kind,
            )
            table = chart.table
        assert table.rows, (groups, view)
        try:
            await assert_every_figure_shown(pilot, table)
        except AssertionError as failed:
            raise AssertionError(f"g pressed {groups} times, view {view}: {failed}") from None


async def the_progress_board_shows_progress_first(pilot, framework, folder: Path) -> None:
    from bb_tui.core.collection import collect

    await open_results(pilot)
    await pilot.press("p")
    await settle(pilot)
    text = screen_text(pilot.app)
    people = collect([folder], framework).participants
    assert len(people) == 19
    lines = [x for x in text.splitlines() if "/12 " in x]
    by_name = sorted(people, key=lambda p: p.session.participant.name.casefold())
    assert len(lines) == len(by_name), text
    for p, line in zip(by_name, lines):
        e, i = p.session.progress(framework)
        cells = re.split(r"\s{2,}", line.strip())
        assert cells[:2] == [f"{e}/12", f"{i}/{len(framework.indicators)}"], text
        assert p.session.participant.name.startswith(cells[4].rstrip("…")), text


async def test_every_results_table_and_the_progress_board_fit_80x24(
    tmp_path, monkeypatch, framework
):
    """Each grouping's tables, then the progress board, each on Group results opened afresh
    from the sessions list in one app."""
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    folder = folder_with_long_organisations(tmp_path, framework)
    app = BBApp(framework, folder, cursor_blink=False, theme="textual-dark")
    async with run_test(app, size=(80, 24)) as pilot:
        await pilot.pause()
        start = app.screen
        for groups in GROUPINGS:
            await every_table_shows_every_figure(pilot, framework, groups)
            while app.screen is not start:
                app.pop_screen()
                await pilot.pause()
        await the_progress_board_shows_progress_first(pilot, framework, folder)
