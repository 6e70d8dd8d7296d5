"""The one-widget ChoiceSet: moving chooses, a click chooses, the mark shows without colour, and
the profile dialog it sits in is cheap to style (it was 11 radio buttons: 244 node stylings)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.css.stylesheet import Stylesheet
from textual.widgets import Input

from bb_tui.tui.widgets.choices import ChoiceSet
from tests.support.piloting import click_shown, run_test, screen_text, workers_done

CHOICES = [("a", "Apple"), ("b", "[b]Bold[/b]"), ("", "Not stated")]


class Form(App):
    def __init__(self, columns: int | None = None) -> None:
        super().__init__()
        self.columns = columns
        self.changes: list[tuple[str | None, str, int]] = []

    def compose(self) -> ComposeResult:
        yield Input(id="before")
        yield ChoiceSet(CHOICES, "b", id="set", compact=True, columns=self.columns)
        yield Input(id="after")

    def on_choice_set_changed(self, event: ChoiceSet.Changed) -> None:
        self.changes.append((event.choice_set.id, event.value, event.index))


async def test_arrows_choose_wrap_and_post_changed():
    app = Form()
    async with run_test(app, size=(60, 8)) as pilot:
        choices = app.query_one("#set", ChoiceSet)
        assert choices.value == "b" and choices.values == ["a", "b", ""]
        await pilot.press("tab")
        assert app.focused is choices
        await pilot.press("right")
        assert choices.value == ""
        await pilot.press("down")  # wraps to the first
        assert choices.value == "a"
        await pilot.press("left", "up")
        assert choices.value == "b"
        await pilot.pause()
        assert app.changes == [("set", "", 2), ("set", "a", 0), ("set", "", 2), ("set", "b", 1)]
        await pilot.press("tab")  # one stop: tab leaves it
        assert app.focused is app.query_one("#after")
        await pilot.press("shift+tab", "shift+tab")
        assert app.focused is app.query_one("#before")


async def test_a_click_chooses_and_focuses():
    app = Form(columns=1)  # one choice a line
    async with run_test(app, size=(60, 10)) as pilot:
        choices = app.query_one("#set", ChoiceSet)
        await pilot.click("#set", offset=(6, 2))  # the third line: Not stated
        await pilot.pause()
        assert choices.value == "" and app.focused is choices
        assert app.changes == [("set", "", 2)]
        await pilot.click("#set", offset=(6, 0))
        assert choices.value == "a"


async def test_a_click_in_a_row_chooses_that_column():
    app = Form()
    async with run_test(app, size=(60, 8)) as pilot:
        choices = app.query_one("#set", ChoiceSet)
        width = choices.content_size.width
        await pilot.click("#set", offset=(width - 2, 0))
        assert choices.value == ""
        await pilot.click("#set", offset=(1, 0))
        assert choices.value == "a"


async def test_the_mark_shows_without_colour_and_labels_are_plain(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = Form(columns=1)
    async with run_test(app, size=(60, 10)) as pilot:
        await pilot.pause()
        lines = [line for line in screen_text(app).splitlines() if line.strip()]
        marked = [line for line in lines if "●" in line]
        assert len(marked) == 1 and "[b]Bold[/b]" in marked[0]  # shown as typed, not bold
        assert any("Apple" in line and "●" not in line for line in lines)


def test_a_label_is_text_never_markup():
    choices = ChoiceSet([("x", "[red]x[/red]")])
    assert isinstance(choices.labels[0], Text) and choices.labels[0].plain == "[red]x[/red]"


def test_an_unknown_value_starts_on_the_first():
    assert ChoiceSet(CHOICES, "zzz").value == "a"


@pytest.fixture
def apply_calls(monkeypatch):
    calls = [0]
    original = Stylesheet.apply

    def counted(self, *args, **kwargs):
        calls[0] += 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Stylesheet, "apply", counted)
    return calls


async def test_the_profile_dialog_styles_few_nodes(demo_dir, make_app, apply_calls):
    app = make_app(Path("demo"), Path("demo") / "joanne-hallett.toml")
    async with run_test(app, size=(80, 24)) as pilot:
        await workers_done(app)
        await pilot.pause()
        await pilot.press("p", "escape")  # the first opening also restyles the screen beneath
        await pilot.pause()  # once its stylesheet is parsed: count the dialog's own nodes
        apply_calls[0] = 0
        await pilot.press("p")
        await pilot.pause()
        assert type(app.screen).__name__ == "ProfileScreen"
        assert apply_calls[0] < 150, apply_calls  # 244 with a RadioSet of RadioButtons
        sector = app.screen.query_one("#sector", ChoiceSet)
        await click_shown(pilot, "#sector", offset=(5, 1))  # the second line: Health service
        await pilot.pause()
        assert sector.value == "health"
        assert "NHS" in str(app.screen.query_one("#sector-about").render())
