"""A window with nothing unsaved takes in another window's save at once on the dig-deeper,
evidence and reflections screens too (issue 20), and never replaces what is being typed here:
unsaved typing keeps the take-in out and goes to a conflict copy, as it did before.

The other window is played by the test: it saves the file with the core's own SessionFile.save,
as another `bb-tui` would. The live watcher polls every 0.1 s here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.widgets import OptionList, TextArea

from bb_tui.core.session import Session, SessionFile
from bb_tui.tui.widgets.editors import CappedTextArea
from tests.support.piloting import run_test, screen_text, type_text, wait_until, workers_done
from tests.support.results import settle

SESSION = Path("demo") / "joanne-hallett.toml"
WAIT = 10.0  # generous: the issue asks for 1 s


@pytest.fixture
def live(monkeypatch):
    monkeypatch.setenv("BB_TUI_LIVE", "poll:0.1")


def elsewhere(framework, change: Callable[[Session], object]) -> None:
    """Another window's save: the file read, changed and saved as that window would."""
    other = SessionFile.open(SESSION, framework)
    change(other.session)
    other.save()


def fresh_reads(app) -> list[object]:
    """Every read of another window's save this window makes from now on (in its thread)."""
    current = app.current
    reads: list[object] = []
    read = current.read_if_saved_elsewhere

    def counted():
        fresh = read()
        if fresh is not None:
            reads.append(fresh)
        return fresh

    current.read_if_saved_elsewhere = counted
    return reads


async def seen_not_taken_in(pilot, reads: list[object]) -> None:
    """Until this window has read the other's save and finished with it (taken in or not)."""
    assert await wait_until(pilot, lambda: reads, WAIT), screen_text(pilot.app)
    await workers_done(pilot.app)
    await pilot.pause()


def hold_saves(app) -> None:
    """This window's changes stay unsaved until flushed (as if the other saves first)."""
    app.current.saver.delay = app.current.saver.max_delay = 600.0


async def kept_in_a_copy(pilot, framework) -> Session:
    """Flush this window's unsaved change: it goes to a conflict copy, said in the bar."""
    app = pilot.app
    app.current.flush()
    said = await wait_until(pilot, lambda: "This window now saves to" in screen_text(app), WAIT)
    assert said, screen_text(app)
    (copy,) = Path("demo").glob("joanne-hallett.conflict-*.toml")
    return SessionFile.open(copy, framework).session


async def test_dig_deeper_shows_a_save_from_elsewhere_and_keeps_an_unsaved_score(
    demo_dir, make_app, framework, live
):
    app = make_app(Path("demo"), SESSION)
    async with run_test(app, size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "d")
        await settle(pilot)
        enabler = app.screen.enabler
        first, second = (i.id for i in enabler.indicators[:2])
        assert "your indicator average" not in screen_text(app)

        def scores(session: Session) -> None:
            session.set_score(first, 4)
            session.set_score(second, 2)

        elsewhere(framework, scores)
        shown = await wait_until(
            pilot, lambda: "your indicator average: 3.0 " in screen_text(app), WAIT
        )
        assert shown, screen_text(app)  # the old screen showed it only when drawn again
        rows = app.screen.query_one(OptionList)
        assert rows.highlighted == 0  # where the person was
        assert app.current.session.state(first) == 4

        hold_saves(app)
        await pilot.press("1")  # the first indicator, unsaved here
        assert app.current.unsaved
        reads = fresh_reads(app)
        elsewhere(framework, lambda session: session.set_score(first, 5))
        await seen_not_taken_in(pilot, reads)
        assert app.current.session.state(first) == 1
        assert "your indicator average: 1.5 " in screen_text(app)

        assert (await kept_in_a_copy(pilot, framework)).state(first) == 1
        assert SessionFile.open(SESSION, framework).session.state(first) == 5


async def test_evidence_shows_a_save_from_elsewhere_and_keeps_unsaved_typing(
    demo_dir, make_app, framework, live
):
    app = make_app(Path("demo"), SESSION)
    async with run_test(app, size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "e")
        await settle(pilot)
        enabler = app.last_enabler
        area = app.screen.query_one(TextArea)
        theirs = "Saved in the other window."
        elsewhere(framework, lambda session: session.set_text("evidence", enabler, theirs))
        assert await wait_until(pilot, lambda: area.text == theirs, WAIT), screen_text(app)
        assert theirs in screen_text(app)
        assert not app.current.unsaved  # showing it saves nothing here
        assert area.cursor_location == area.document.end  # still where typing goes on

        hold_saves(app)
        await type_text(pilot, " Typed here")
        ours = theirs + " Typed here"
        assert area.text == ours and app.current.unsaved
        reads = fresh_reads(app)
        elsewhere(framework, lambda session: session.set_text("evidence", enabler, "Changed."))
        await seen_not_taken_in(pilot, reads)
        assert area.text == ours
        assert app.current.session.evidence[enabler] == ours

        assert (await kept_in_a_copy(pilot, framework)).evidence[enabler] == ours
        assert SessionFile.open(SESSION, framework).session.evidence[enabler] == "Changed."


async def test_reflections_show_a_save_from_elsewhere_and_keep_typing(
    demo_dir, make_app, framework, live
):
    app = make_app(Path("demo"), SESSION)
    async with run_test(app, size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        first, second = (t.id for t in framework.themes[:2])
        box = app.screen.query_one(f"#r-{first}", TextArea)
        other_box = app.screen.query_one(f"#r-{second}", TextArea)

        def notes(session: Session) -> None:
            session.set_text("reflections", first, "Their first note.")
            session.set_text("reflections", second, "Their second note.")

        elsewhere(framework, notes)
        assert await wait_until(pilot, lambda: box.text == "Their first note.", WAIT)
        assert other_box.text == "Their second note."
        assert "Their first note." in screen_text(app)
        assert not box.typing and not other_box.typing  # shown, and no Changed to come back

        # A key typed here whose change has not reached the session yet (its TextArea.Changed
        # still on its way, as for a moment after every key): the other window's save waits.
        with box.prevent(TextArea.Changed):
            box.insert(" Mine.")
        ours = box.text
        assert not app.current.unsaved
        reads = fresh_reads(app)
        elsewhere(framework, lambda session: session.set_text("reflections", first, "Changed."))
        await seen_not_taken_in(pilot, reads)
        assert box.text == ours and other_box.text == "Their second note."
        assert app.current.session.reflections[first] == "Their first note."

        hold_saves(app)
        box.post_message(TextArea.Changed(box))  # the change arrives: unsaved here
        assert await wait_until(pilot, lambda: app.current.unsaved, WAIT)
        assert box.text == ours
        assert (await kept_in_a_copy(pilot, framework)).reflections[first] == ours.strip()
        assert SessionFile.open(SESSION, framework).session.reflections[first] == "Changed."


class EditorHost(App):
    """One editor, counting the Changed messages that reach its screen."""

    changed = 0

    def compose(self) -> ComposeResult:
        yield CappedTextArea("Ours, saved.")

    def on_text_area_changed(self, _event: TextArea.Changed) -> None:
        self.changed += 1


async def test_showing_another_windows_save_posts_no_change_that_could_carry_a_key():
    # A Changed from showing their text, handled after a key typed meanwhile, would hand that
    # key on as if saved with theirs (the reflections test above saw it under stress-ng).
    app = EditorHost()
    async with run_test(app, size=(40, 8)) as pilot:
        await pilot.pause()
        area = app.query_one(CappedTextArea)
        area.show_saved("Theirs, saved elsewhere.")
        await pilot.pause()
        assert area.text == "Theirs, saved elsewhere." and not area.typing
        assert app.changed == 0
