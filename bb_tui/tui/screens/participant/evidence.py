"""Evidence for one enabler: what is working well, and the evidence that shows this."""

from __future__ import annotations

from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static, TextArea

from bb_tui.core.editing import ReadOnlyError
from bb_tui.tui.scoring_app import ScoringApp
from bb_tui.tui.widgets.editors import CappedTextArea, text_area
from bb_tui.tui.widgets.keybar import KeyBar
from bb_tui.tui.widgets.sessionbar import SessionBar

PROMPT = "What is working well, and the evidence that shows this?"


class EvidenceScreen(Screen[None]):
    """A plain-text editor for one enabler's evidence, saved as you type."""

    app = getters.app(ScoringApp)  # self.app, typed (bb_tui/tui/scoring_app.py)

    CSS_PATH = "text.tcss"
    HELP_TITLE = "Evidence"
    HELP_TEXT = (
        "Write what is working well for this enabler and the evidence that shows it: "
        "examples, data, what families or staff say. It is saved as you type; press "
        "escape when you are done."
    )
    BINDINGS = [
        Binding("escape", "back", "Done", id="evidence.back", tooltip="Back (already saved)"),
    ]

    def __init__(self, enabler_id: str) -> None:
        super().__init__()
        self.opened = self.app.current_session  # this screen's session, even once the app lets go
        self.enabler = self.app.framework.enabler(enabler_id)
        self.app.last_enabler = enabler_id  # the overview's cursor comes back to it

    def compose(self) -> ComposeResult:
        current = self.opened
        yield SessionBar(current, id="session-bar")
        yield Static(Text(f"Evidence · {self.enabler.label}", style="bold"), id="where")
        yield Static(Text(self.enabler.title), id="enabler-title")
        yield Static(Text(PROMPT), classes="prompt")
        yield text_area(
            current.session.evidence.get(self.enabler.id, ""),
            id="evidence-text",
            read_only=current.read_only,
            blink=self.app.cursor_blink,
        )
        yield KeyBar()

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        area = self.query_one(CappedTextArea)
        try:
            self.opened.set_text("evidence", self.enabler.id, area.text)
        except ReadOnlyError:
            self.app.report_read_only()
        area.handed = area.text
        self.query_one(SessionBar).sync()

    def typing(self) -> bool:
        """Typing not yet handed to the session: another window's save waits (BBApp._take_in)."""
        return self.query_one(CappedTextArea).typing

    def taken_in(self) -> None:
        """Another window's save was read in (BBApp._take_in): show it."""
        text = self.opened.session.evidence.get(self.enabler.id, "")
        self.query_one(CappedTextArea).show_saved(text)

    def action_back(self) -> None:
        self.app.pop_screen()
