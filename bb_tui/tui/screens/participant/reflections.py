"""Reflections: per theme, "what are the key areas where progress is needed?"."""

from __future__ import annotations

from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static, TextArea

from bb_tui.core.editing import ReadOnlyError
from bb_tui.render.reflections import DEFAULT_PROMPT
from bb_tui.tui.scoring_app import ScoringApp
from bb_tui.tui.screens.participant import TALL_BREAKPOINTS
from bb_tui.tui.widgets.editors import CappedTextArea, text_area
from bb_tui.tui.widgets.keybar import KeyBar
from bb_tui.tui.widgets.sessionbar import SessionBar


class ReflectionsScreen(Screen[None]):
    """One free-text box per theme, saved as you type; tab moves between them."""

    VERTICAL_BREAKPOINTS = TALL_BREAKPOINTS  # its stylesheet shows more on a "-tall" screen

    app = getters.app(ScoringApp)  # self.app, typed (bb_tui/tui/scoring_app.py)

    CSS_PATH = "text.tcss"
    HELP_TITLE = "Reflections"
    HELP_TEXT = (
        "For each theme, note the key areas where progress is needed. The notes are "
        "saved as you type. Tab and shift+tab move between the themes; escape goes "
        "back."
    )
    BINDINGS = [
        Binding("escape", "back", "Done", id="reflections.back", tooltip="Back (already saved)"),
        Binding(
            "tab",
            "app.focus_next",
            "Next theme",
            id="reflections.next",
            tooltip="The next theme's box",
        ),
    ]

    def __init__(self, theme_id: str | None = None) -> None:
        super().__init__()
        self.opened = self.app.current_session  # this screen's session, even once the app lets go
        self.theme_id = theme_id

    def compose(self) -> ComposeResult:
        current = self.opened
        framework = self.app.framework
        prompts = {t.reflection_prompt or DEFAULT_PROMPT for t in framework.themes}
        shared = prompts.pop() if len(prompts) == 1 else None
        yield SessionBar(current, id="session-bar")
        yield Static(Text(shared or "Reflections", style="bold"), id="where")
        with VerticalScroll(id="reflections"):
            for n, theme in enumerate(framework.themes, start=1):
                label = Text(f"{n}. {theme.title}", style="bold")
                if shared is None:
                    label.append(f" – {theme.reflection_prompt or DEFAULT_PROMPT}")
                yield Static(label, classes="prompt")
                yield text_area(
                    current.session.reflections.get(theme.id, ""),
                    id=f"r-{theme.id}",
                    read_only=current.read_only,
                    blink=self.app.cursor_blink,
                    classes="reflection",
                )
        yield KeyBar()

    def on_mount(self) -> None:
        theme_id = self.theme_id or self.app.framework.themes[0].id
        area = self.query_one(f"#r-{theme_id}", TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        area = event.text_area
        assert isinstance(area, CappedTextArea) and area.id is not None  # made by text_area()
        theme_id = area.id.removeprefix("r-")
        try:
            self.opened.set_text("reflections", theme_id, area.text)
        except ReadOnlyError:
            self.app.report_read_only()
        area.handed = area.text

    def typing(self) -> bool:
        """Typing not yet handed to the session: another window's save waits (BBApp._take_in)."""
        return any(area.typing for area in self.query(CappedTextArea))

    def taken_in(self) -> None:
        """Another window's save was read in (BBApp._take_in): show it."""
        for theme in self.app.framework.themes:
            text = self.opened.session.reflections.get(theme.id, "")
            self.query_one(f"#r-{theme.id}", CappedTextArea).show_saved(text)

    def action_back(self) -> None:
        self.app.pop_screen()
