"""The plain browser seat (`serve --link FILE --plain`): `bb-tui --plain` in a page a screen
reader reads. After each answer the new prompt is text in the page's accessibility tree, inside
its live log (Chromium's own tree, read over CDP); the answers reach the file; axe-core finds no
serious or critical violation; the facilitator's plain link opens the plain sessions menu; and
a participant's plain seat is confined to their own file.

The tests share the browser tests' `bb-tui serve` (its plain links made before it starts:
conftest) and wait on lines reaching the page, never on a fixed time."""

from __future__ import annotations

import os

import pytest

from bb_tui.core.framework import load_framework
from bb_tui.core.session import load_session
from bb_tui.render import plain as words
from bb_tui.render import plain_group as group_words
from tests.browser.seat import PLAIN_FACILITATOR as FACILITATOR
from tests.browser.seat import PLAIN_JOANNE as PLAIN
from tests.browser.seat import FolderOpens, axe_script, wait_for

JOANNE = "joanne-hallett.toml"  # demo: enablers 1-6 scored, Locality (7) the first not


def log_lines(page) -> list[str]:
    """The text of every line inside the page's live log, as Chromium's accessibility tree has
    it (what a screen reader is given), in order."""
    cdp = page.context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    by_id = {node["nodeId"]: node for node in nodes}
    logs = [n for n in nodes if n.get("role", {}).get("value") == "log" and not n.get("ignored")]
    assert len(logs) == 1, "the page has no live log in its accessibility tree"
    live = {p["name"]: p.get("value", {}).get("value") for p in logs[0].get("properties", [])}
    assert live.get("live") == "polite", f"the log is not announced: {live}"
    found: list[str] = []

    def walk(node_id: str) -> None:
        node = by_id[node_id]
        if not node.get("ignored") and node.get("role", {}).get("value") == "StaticText":
            found.append(node.get("name", {}).get("value", ""))
        for child in node.get("childIds", []):
            walk(child)

    walk(logs[0]["nodeId"])
    return found


def until_line(page, wanted, what: str, timeout: float = 20.0) -> list[str]:
    """The log's lines once one of them satisfies `wanted`."""
    lines: list[str] = []
    for _ in range(int(timeout * 10)):
        lines = log_lines(page)
        if any(wanted(line) for line in lines):
            return lines
        page.wait_for_timeout(100)
    raise AssertionError(f"{what} never reached the accessibility tree: {lines[-4:]}")


def until_in_log(page, text: str, timeout: float = 20.0) -> list[str]:
    return until_line(page, lambda line: line == text, repr(text), timeout)


def answer(page, text: str) -> None:
    page.keyboard.type(text)  # into the answer field, which has the focus
    page.keyboard.press("Enter")


def answered(page, text: str) -> None:
    """Answer, and wait until the app's reply follows it in the log."""
    answer(page, text)
    page.wait_for_function(
        "() => { const last = document.getElementById('log').lastElementChild;"
        " return last !== null && !last.classList.contains('typed'); }",
        timeout=20000,
    )


def test_after_each_answer_the_new_prompt_is_in_the_accessibility_tree(shared, browser):
    framework = load_framework()
    enablers = framework.enablers
    path = shared.sessions / JOANNE
    page = browser.new_page()
    page.goto(shared.url(shared.links[PLAIN]))

    def prompt(number: int) -> str:  # the prompt for enabler `number`, as the file now stands
        return words.enabler_prompt(framework, load_session(path, framework), enablers[number - 1])

    until_in_log(page, prompt(7))  # Locality, the first not scored
    assert page.evaluate("document.activeElement.id") == "answer"  # typing needs no click
    answer(page, "2")
    until_in_log(page, prompt(8))
    assert load_session(path, framework).scores["locality"] == 2
    answer(page, "s")
    until_in_log(page, prompt(9))
    answer(page, "?")
    levels = words.levels(framework)[-1]
    until_in_log(page, levels)
    for _ in range(200):  # the question again follows the levels (a moment later, under load)
        lines = log_lines(page)
        if lines.count(prompt(9)) == 2:
            break
        page.wait_for_timeout(100)
    asked = [n for n, line in enumerate(lines) if line == prompt(9)]
    assert len(asked) == 2 and asked[0] < lines.index(levels) < asked[1], lines[-6:]
    answer(page, "q")
    until_in_log(page, words.SAVED_AND_LEFT)
    page.wait_for_selector("#restart", state="visible", timeout=10000)
    assert "everything you did was saved" in page.inner_text("#status")
    assert page.evaluate("document.activeElement.id") == "restart"
    assert wait_for(lambda: shared.apps() == [], 10)
    assert "single-service" in load_session(path, framework).skipped


def test_axe_core_finds_no_serious_or_critical_violation(shared, browser):
    script, where = axe_script()
    if script is None:
        if os.environ.get("BB_TUI_BROWSER_TESTS") == "required":
            pytest.fail(f"the axe-core scan is required here, but {where}")
        pytest.skip(where)
    page = browser.new_page()
    page.add_init_script(script=script)  # not a <script> of the page: its CSP stays as served
    page.goto(shared.url(shared.links[PLAIN]))
    until_in_log(page, words.GREETING)
    answer(page, "?")
    until_in_log(page, words.levels(load_framework())[-1])  # the levels, all of them
    found = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                                nodes: v.nodes.map(n => n.target.join(" "))}));
        }"""
    )
    bad = [v for v in found if v["impact"] in ("serious", "critical")]
    assert bad == [], bad


def test_the_facilitators_plain_link_opens_the_sessions_list_and_the_facilitators_menu(
    shared, browser
):
    page = browser.new_page()
    page.goto(shared.url(shared.links[FACILITATOR]))  # made before the server started
    until_in_log(page, words.LONG_WORK_ENDS)
    entry = f". {group_words.FACILITATOR_ENTRY}"
    lines = until_line(page, lambda line: line.endswith(entry), "the facilitator's menu entry")
    assert any("Joanne Hallett" in line for line in lines)
    assert any("Tomasz Wierzbicki" in line for line in lines)
    number = next(line for line in lines if line.endswith(entry)).split(".", 1)[0]
    answer(page, number)
    until_in_log(page, group_words.menu_prompt(len(group_words.MENU)))
    answer(page, "1")  # Group results
    until_in_log(page, group_words.FIGURING)
    until_line(page, lambda line: ", mean " in line, "a group result")  # an enabler's line


def test_a_participants_plain_seat_reaches_no_other_file(shared, browser):
    from playwright.sync_api import TimeoutError as PageTimeout

    others = {p.name for p in shared.sessions.glob("*.toml")} - {JOANNE}
    page = browser.new_page()
    opens = FolderOpens(shared.sessions)
    stuck: Exception | None = None
    try:
        page.goto(shared.url(shared.links[PLAIN]))
        until_in_log(page, words.GREETING)
        for typed in ("g", "f", "o", "b", "0", "q"):
            answered(page, typed)
        until_in_log(page, words.SAVED_AND_LEFT)
    except (AssertionError, PageTimeout) as error:  # what it reached, below, says more
        stuck = error
    finally:
        reached = sorted(set(opens.names()) & others)
        opens.close()
    assert reached == [], f"the participant's plain seat opened {reached}"
    shown = " ".join(log_lines(page))
    assert "Tomasz Wierzbicki" not in shown and "Enabler 7 of 12, Locality" in shown
    assert group_words.FACILITATOR_ENTRY not in shown
    assert stuck is None, stuck
