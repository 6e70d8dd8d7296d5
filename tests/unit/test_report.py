"""The Markdown report: golden files for the demo, anonymity, escaping, and bad input left intact."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from bb_tui.cli.main import main
from bb_tui.core.framework import load_framework
from bb_tui.core.rounds import compare, load_round
from bb_tui.render.markdown import fence, md, render_markdown

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "sessions" / "demo"
SPRING = REPO / "sessions" / "demo-spring-2026"
GOLDEN = REPO / "tests" / "data" / "golden"
BROKEN = REPO / "tests" / "data" / "partnership" / "broken"
REGENERATE = os.environ.get("BB_TUI_REGEN_GOLDEN") == "1"  # see docs/reports.md
FW = load_framework()
NAMES = [
    "Amina Okafor",
    "Bethan Pryce",
    "Femi Adebayo-Clarke",
    "Grace Adeyemi",
    "Helen Marchbank",
    "Joanne Hallett",
    "Marcus Leung",
    "Rajiv Menon",
    "Siobhan Tully",
    "Tomasz Wierzbicki",
]


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if REGENERATE:
        path.write_text(text, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    assert text == expected, (
        f"{name} differs; if the change is intended, rerun with BB_TUI_REGEN_GOLDEN=1"
    )


def demo_report(**options) -> str:
    now = load_round([DEMO], FW, **options)
    before = load_round([SPRING], FW, **options)
    return render_markdown(now, compare(now, before))


def test_golden_report_for_the_demo():
    check_golden("report-demo.md", demo_report())


def test_golden_anonymous_report_for_the_demo():
    check_golden("report-demo-anonymous.md", demo_report(anonymous=True))


def test_command_writes_the_golden_report(tmp_path, capsys):
    out = tmp_path / "report.md"
    code = main(["report", str(DEMO), "-o", str(out), "--previous", str(SPRING)])
    assert code == 0
    assert out.read_text(encoding="utf-8") == (GOLDEN / "report-demo.md").read_text(
        encoding="utf-8"
    )
    assert "wrote" in capsys.readouterr().out


def test_report_is_deterministic_and_has_every_section():
    text = demo_report()
    assert text == demo_report()
    for heading in (
        "## Scope",
        "## Where we are on the spectrum of integration",
        "## Results",
        "### Theme 1: Purpose and priorities",
        "### Theme 2: People and place",
        "### Theme 3: Partnership and process",
        "## Where to dig deeper",
        "## Agreed scores",
        "## Challenges in play",
        "## Suggested case studies",
        "## Action plan",
        "## Change since Spring 2026",
    ):
        assert f"\n{heading}" in text, heading
    assert text.count("```text\n") == 5  # the enabler radar, one per theme, the rounds overlay
    assert all(name in text for name in NAMES)
    # the agreed score sits beside the mean in the theme table
    assert "| Joint governance | 10 | 0 | 0 | 2.8 | 2.5 | 1-5 | 1.2 | 3 | polarised |" in text
    # n, skipped and not scored add up to the 10 participants; a low theme says so (issue 19)
    assert "| Locality | 8 | 1 | 1 | 3.3 |" in text
    assert "### Theme 3: Partnership and process (mean 2.3, low)" in text
    assert "| Joint governance | 2.3 | 2.8 | +0.5 | +0.9 | 2 | 3 | +1 |" in text  # + same 6 people


def test_charts_are_plain_ascii():
    text = demo_report()
    for block in re.findall(r"```text\n(.*?)\n```", text, re.S):
        assert block.isascii()


def test_anonymous_report_names_nobody():
    text = demo_report(anonymous=True)
    for name in NAMES:
        assert name not in text
        assert name.split()[0] not in text
    for organisation in ("Riverside Public Health", "North Central London ICB", "Little Acorns"):
        assert organisation not in text
    assert (
        "Names are withheld (anonymous report). 10 participants: 5 strategic, 5 operational."
        in text
    )


def test_report_without_partnership_file(tmp_path):
    for path in DEMO.glob("*.toml"):
        if path.name != "partnership.toml":
            shutil.copy(path, tmp_path / path.name)
    text = render_markdown(load_round([tmp_path], FW))
    assert text.startswith(
        f"# Early years integration: Beyond Boundaries self-evaluation, {md(tmp_path.name)}\n"
    )
    assert "No agreed scores are recorded." in text
    assert "No challenge is recorded as in play." in text
    assert "No actions are recorded." in text
    assert "has not yet placed itself on the spectrum" in text
    assert "## Suggested case studies" in text and "| G | Sharing birth data |" in text


# ---------------------------------------------------------------- untrusted text


def test_md_escapes_markup_links_html_and_table_pipes():
    assert md("[click](javascript:alert(1))") == r"\[click\](javascript:alert(1))"
    assert md("![x](http://t/p.png)") == r"\!\[x\](http://t/p.png)"
    assert md("<script>a|b</script>") == r"\<script\>a\|b\</script\>"
    assert md("line one\nline two\x1b[31m") == r"line one line two\[31m"
    assert md("A & B") == "A & B" and md("&amp;") == "&amp;amp;"


def test_fence_outruns_backticks_inside():
    assert fence("a ``` b").startswith("````text\n")


def test_hostile_partnership_text_is_inert(tmp_path):
    for path in DEMO.glob("*.toml"):
        if path.name != "partnership.toml":
            shutil.copy(path, tmp_path / path.name)
    (tmp_path / "partnership.toml").write_text(
        'format = "bb-partnership"\nformat_version = 1\n'
        'framework = "beyond-boundaries-london-2022"\n'
        'name = "<img src=x onerror=alert(1)>"\nround = "| broken | table"\n'
        '[challenges.cultural-barriers]\nin_play = true\nnote = "[evil](http://x) ```"\n'
        '[[actions]]\nwhat = "=HYPERLINK(1)| ![t](http://t)"\nowner = "# Heading"\n',
        encoding="utf-8",
    )
    text = render_markdown(load_round([tmp_path], FW))
    assert not re.search(r"(?<!\\)[<>]", text.replace("->", ""))  # every < and > escaped
    assert r"\<img src=x onerror=alert(1)\>" in text
    assert r"\| broken \| table" in text
    assert "](http://x)" not in text.replace(r"\](http://x)", "")
    assert r"=HYPERLINK(1)\| \!\[t\](http://t)" in text
    assert r"\# Heading" in text
    for line in text.splitlines():
        if line.startswith("| "):  # no cell smuggles in an extra column
            assert line.count(" | ") + 2 == line.count("|") - line.count(r"\|")


# ---------------------------------------------------------------- bad input


def test_broken_earlier_round_is_a_one_line_error_and_nothing_is_written(tmp_path, capsys):
    out = tmp_path / "report.md"
    out.write_bytes(b"the previous report\n")
    empty = tmp_path / "empty"
    empty.mkdir()
    code = main(["report", str(DEMO), "-o", str(out), "--previous", str(empty)])
    err = capsys.readouterr().err
    assert code == 1
    assert err == f"bb-tui report: earlier round: {empty}: no session file could be read\n"
    assert out.read_bytes() == b"the previous report\n"


def test_earlier_round_with_broken_partnership_file(tmp_path, capsys):
    before = tmp_path / "spring"
    shutil.copytree(SPRING, before)
    shutil.copy(BROKEN / "spectrum-unknown.toml", before / "partnership.toml")
    snapshot = {p.name: p.read_bytes() for p in before.iterdir()}
    out = tmp_path / "report.md"
    code = main(["report", str(DEMO), "-o", str(out), "--previous", str(before)])
    err = capsys.readouterr().err.strip()
    assert code == 1 and "\n" not in err
    assert err.endswith(
        "partnership.toml: spectrum.model: 'merged' is not one of 'coalition', "
        "'coordinated', 'unified'"
    )
    assert not out.exists()
    assert {p.name: p.read_bytes() for p in before.iterdir()} == snapshot


def test_broken_current_partnership_file_leaves_everything_intact(tmp_path, capsys):
    work = tmp_path / "autumn"
    shutil.copytree(DEMO, work)
    shutil.copy(BROKEN / "action-bad-date.toml", work / "partnership.toml")
    snapshot = {p.name: p.read_bytes() for p in work.iterdir()}
    out = tmp_path / "report.md"
    out.write_bytes(b"old")
    assert main(["report", str(work), "-o", str(out)]) == 1
    assert "actions[1].due: 'next March' is not a date" in capsys.readouterr().err
    assert out.read_bytes() == b"old"
    assert {p.name: p.read_bytes() for p in work.iterdir()} == snapshot


@pytest.mark.parametrize(
    "argv, code, message",
    [
        (["report"], 2, "the following arguments are required: PATH"),
        (["report", str(DEMO), "--low", "7"], 2, "low threshold must be a number from 1 to 5"),
        (["report", "/no/such/folder"], 1, "/no/such/folder: no such file or folder"),
    ],
)
def test_exit_codes(argv, code, message, capsys):
    try:
        result = main(argv)
    except SystemExit as exc:
        result = exc.code
    assert result == code
    assert message in capsys.readouterr().err


def test_report_to_stdout(capsys):
    assert main(["report", str(DEMO)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "# Riverside Borough Early Years Partnership: Beyond Boundaries self-evaluation, "
        "Autumn 2026\n"
    )
