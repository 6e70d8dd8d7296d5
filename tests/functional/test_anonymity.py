"""Issue 11, case 6: anonymous means nobody's answers can be tied together or to them.

Every anonymous output of the demo folder is read for a participant's name, organisation or role, and
for a pseudonym per person ("Participant 3"), which would tie one person's scores together across
enablers. Text the partnership file itself holds (action owners are roles) is the group's own writing,
shown as written, so it is not counted as a leak.
"""

from __future__ import annotations

import json
import re
import shutil
import tomllib
from pathlib import Path

import pytest

from bb_tui.cli.main import main
from bb_tui.core.collection import collect
from bb_tui.core.framework import load_framework
from bb_tui.core.stats import compute
from bb_tui.tui.app import BBApp
from bb_tui.tui.screens.group.discussion import DiscussionScreen
from tests.support.partnership_host import DEMO, REPO, PanelHost
from tests.support.piloting import run_test, screen_text
from tests.support.results import open_results, settle

SPRING = REPO / "sessions" / "demo-spring-2026"
PSEUDONYM = re.compile(r"Participant\s+\d+")


def forbidden(folder: Path) -> set[str]:
    """Each participant's name, organisation and role, less what the partnership file says itself."""
    own = (folder / "partnership.toml").read_text("utf-8")
    found = set()
    for path in folder.glob("*.toml"):
        data = tomllib.loads(path.read_text("utf-8"))
        if data.get("format") != "bb-session":
            continue
        p = data["participant"]
        found |= {
            v for v in (p.get("name"), p.get("organisation"), p.get("role")) if v and v not in own
        }
    return found


def leaks(text: str, words: set[str]) -> list[str]:
    found = [w for w in words if w.casefold() in text.casefold()]
    return found + PSEUDONYM.findall(text)


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    shutil.copytree(DEMO, tmp_path / "demo")
    shutil.copytree(SPRING, tmp_path / "demo-spring-2026")
    return tmp_path / "demo"


def run(argv: list[str], capsys) -> str:
    assert main(argv) == 0, capsys.readouterr().err
    return capsys.readouterr().out


def test_the_leak_check_finds_names_when_names_are_shown(demo, capsys):
    words = forbidden(demo)
    assert "Amina Okafor" in words and "Riverside Public Health" in words
    assert leaks(run(["merge", str(demo)], capsys), words)


def test_anonymous_cli_outputs_name_nobody(demo, capsys, tmp_path):
    words = forbidden(demo)
    outputs = {
        "merge": run(["merge", str(demo), "--anonymous"], capsys),
        "merge --by level": run(["merge", str(demo), "--anonymous", "--by", "level"], capsys),
        "merge --json": run(["merge", str(demo), "--anonymous", "--json"], capsys),
        "report": run(
            [
                "report",
                str(demo),
                "--anonymous",
                "--previous",
                str(demo.parent / "demo-spring-2026"),
            ],
            capsys,
        ),
    }
    json.loads(outputs["merge --json"])
    csv, xlsx = tmp_path / "out.csv", tmp_path / "out.xlsx"
    run(["export", str(demo), "--anonymous", "--csv", str(csv), "--xlsx", str(xlsx)], capsys)
    outputs["csv"] = csv.read_text("utf-8")
    outputs["summary csv"] = (tmp_path / "out-summary.csv").read_text("utf-8")
    import openpyxl

    book = openpyxl.load_workbook(xlsx)
    outputs["xlsx"] = "\n".join(
        " | ".join("" if v is None else str(v) for v in row)
        for ws in book.worksheets
        for row in ws.iter_rows(values_only=True)
    )
    for kind, text in outputs.items():
        assert not leaks(text, words), kind


def test_anonymous_scores_cannot_be_tied_across_items(demo, capsys, tmp_path):
    """The long CSV keeps every answer, but no column or row order follows one person."""
    csv = tmp_path / "out.csv"
    run(["export", str(demo), "--anonymous", "--csv", str(csv)], capsys)
    import csv as csvlib

    rows = list(csvlib.reader(csv.read_text("utf-8").splitlines()))[1:]
    fw = load_framework()
    assert len(rows) == 10 * (len(fw.enablers) + len(fw.indicators))  # every answer is still there
    assert {tuple(r[:4]) for r in rows} == {("", "", "", "")}
    # within each item the rows run in score order, not in any order of people
    by_item: dict[str, list[str]] = {}
    for r in rows:
        by_item.setdefault(r[5], []).append(r[10])
    for scores in by_item.values():
        numbers = [int(s) for s in scores if s]
        assert numbers == sorted(numbers, reverse=True)


def test_discussion_pack_counts_scores_without_evidence(demo):
    from bb_tui.core.discussion import discussion_pack, without_evidence

    fw = load_framework()
    results = compute(collect([demo], fw), fw, anonymous=True)
    for enabler in fw.enablers:
        pack = discussion_pack(results, enabler.id)
        line = without_evidence(pack.evidence, anonymous=True)
        assert not PSEUDONYM.search(line)
        assert all(not e.who and not e.organisation for e in pack.evidence)
    # known answer: who scored joint governance without writing evidence
    pack = discussion_pack(results, "joint-governance")
    silent = [e for e in pack.evidence if not e.text]
    line = without_evidence(pack.evidence, anonymous=True)
    assert line.startswith(f"{len(silent)} people") or line.startswith("1 person")
    for e in silent:
        assert str(e.score) in line


async def test_app_anonymous_results_and_discussion_name_nobody(demo, monkeypatch):
    monkeypatch.chdir(demo.parent)
    words = forbidden(demo)
    fw = load_framework()
    app = BBApp(fw, demo, cursor_blink=False, ascii=True)
    async with run_test(app, size=(120, 40)) as pilot:
        await open_results(pilot)
        await pilot.press("a")
        await settle(pilot)
        for view in ("6", "1", "t", "2", "3", "4", "t", "5", "g", "6"):
            await pilot.press(view)
            await settle(pilot)
            assert not leaks(screen_text(app), words), view
    host = PanelHost(DiscussionScreen, demo, anonymous=True)
    async with run_test(host, size=(120, 60)) as pilot:
        await settle(pilot)
        for _ in fw.enablers:
            panel = host.panel
            text = screen_text(host) + "\n".join(
                str(c.render()) for c in panel.query(".evidence-card")
            )
            text += str(panel.query_one("#discussion-others").render())
            assert not leaks(text, words), panel.enabler_id
            await pilot.press("v")
            await pilot.pause()
            assert not leaks(screen_text(host), words), f"read all {panel.enabler_id}"
            await pilot.press("escape")
            await pilot.pause()
            await pilot.press("right")
            await pilot.pause()
