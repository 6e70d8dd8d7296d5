"""One enabler: its full title, its maturity indicators, and the 1-5 scale to score it."""

from __future__ import annotations

from collections.abc import Callable

from rich.table import Table
from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from bb_tui.core.editing import ReadOnlyError
from bb_tui.core.framework import Enabler
from bb_tui.core.session import SKIPPED
from bb_tui.render.shorten import shorten
from bb_tui.render.words import number
from bb_tui.tui.glyphs import marks
from bb_tui.tui.scoring_app import ScoringApp
from bb_tui.tui.screens.participant import TALL, TALL_BREAKPOINTS
from bb_tui.tui.widgets.keybar import KeyBar
from bb_tui.tui.widgets.line import Line
from bb_tui.tui.widgets.scale import LevelRow, ScalePicker
from bb_tui.tui.widgets.score import score_bindings, state_text
from bb_tui.tui.widgets.sessionbar import SessionBar


class EnablerScreen(Screen[None]):
    """Score one enabler; n/p move through all twelve without leaving the screen."""

    VERTICAL_BREAKPOINTS = TALL_BREAKPOINTS  # its stylesheet shows more on a "-tall" screen

    app = getters.app(ScoringApp)  # self.app, typed (bb_tui/tui/scoring_app.py)

    CSS_PATH = "enabler.tcss"
    HELP_TITLE = "Scoring an enabler"
    BINDINGS = score_bindings("enabler") + [
        Binding(
            "d,enter",
            "dig",
            "Dig deeper",
            id="enabler.dig",
            tooltip="Score this enabler's indicators one by one",
        ),
        Binding(
            "e",
            "evidence",
            "Evidence",
            id="enabler.evidence",
            tooltip="What is working well, and the evidence that shows this",
        ),
        Binding(
            "n,right",
            "move(1)",
            "Next",
            id="enabler.next",
            tooltip="Next enabler",
            key_display="n/p",
        ),
        Binding(
            "p,left",
            "move(-1)",
            "Previous",
            id="enabler.previous",
            tooltip="Previous enabler",
            show=False,
        ),
        Binding(
            "r",
            "reflections",
            "Reflections",
            id="enabler.reflections",
            show=False,
            tooltip="Reflections on this theme: where is progress needed?",
        ),
        Binding("escape", "back", "Back", id="enabler.back", tooltip="Back to the overview"),
    ]

    def __init__(self, enabler_id: str) -> None:
        super().__init__()
        self.opened = self.app.current_session  # this screen's session, even once the app lets go
        self.enabler: Enabler = self.app.framework.enabler(enabler_id)

    def help_text(self) -> str:
        scale = self.app.framework.scale
        return (
            f"{scale.instructions}\n\nKeys 1-5 give your score for the whole enabler, "
            f"judged against its maturity indicators. 0 or s: {scale.skip_rule}\n\n"
            f"{scale.advice}\n\nPress d to dig deeper and score each indicator; your "
            "indicator average is shown as a hint only. Every change is saved at once."
        )

    def compose(self) -> ComposeResult:
        """Built with its content, so the first paint is the only paint."""
        enabler = self.enabler
        self.app.last_enabler = enabler.id
        yield SessionBar(self.opened, id="session-bar")
        yield Static(self._where(), id="where")
        yield Static(Text(enabler.title), id="enabler-title")
        indicators = VerticalScroll(
            Static(self._indicators(), id="indicator-text"), id="indicators"
        )
        indicators.border_title = f"Maturity indicators ({len(enabler.indicators)})"
        yield indicators
        yield ScalePicker(
            self.app.framework.scale, self.opened.session.state(enabler.id), id="scale"
        )
        status, evidence = self._state_lines()
        yield Line(status, id="status")
        yield Line(evidence, id="evidence-line")
        yield KeyBar(show_command_palette=False)

    def on_mount(self) -> None:
        self._fit_indicators()

    def on_screen_resume(self) -> None:
        shown = self.app.last_enabler
        if shown is not None and shown != self.enabler.id:  # moved on from the indicator screen
            self.show_enabler(shown)
        else:
            self.show_state()  # e.g. evidence was written meanwhile

    def on_session_bar_noted(self) -> None:
        self._fit_indicators()

    def taken_in(self) -> None:
        """Another window's save was read in (BBApp._take_in): show it."""
        self.show_state()

    def _where(self) -> Text:
        framework = self.app.framework
        enabler = self.enabler
        theme = framework.theme(enabler.theme_id)
        return Text(
            f"Theme {framework.themes.index(theme) + 1}: {theme.title} · enabler "
            f"{framework.enablers.index(enabler) + 1} of {len(framework.enablers)} · "
            f"{enabler.label}",
            no_wrap=True,
            overflow="ellipsis",
        )

    def _indicators(self) -> Table:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=3, justify="right", style="bold", no_wrap=True)
        grid.add_column(ratio=1)
        for indicator in self.enabler.indicators:
            grid.add_row(f"{indicator.number}.", Text(indicator.text))
        return grid

    def show_enabler(self, enabler_id: str) -> None:
        """Show another enabler in place (n/p): only its own texts are repainted."""
        self.enabler = self.app.framework.enabler(enabler_id)
        self.app.last_enabler = enabler_id
        self.query_one("#where", Static).update(self._where())
        self.query_one("#enabler-title", Static).update(Text(self.enabler.title))
        self.query_one("#indicator-text", Static).update(self._indicators())
        self.query_one("#indicators").scroll_home(animate=False)
        self._fit_indicators()
        self.show_state()

    def on_resize(self) -> None:
        self._fit_indicators()

    def _fit_indicators(self) -> None:
        """Indicators take the room left by the rest, so the scale sits right below them."""
        width, height = self.app.size  # known before the first paint, unlike self.size
        title_lines = len(Text(self.enabler.title).wrap(self.app.console, max(width - 2, 10)))
        evidence = self.query_one("#evidence-line").outer_size.height or 1
        bar = 2 if self.query_one(SessionBar).has_class("-noted") else 1  # another window
        # bar, where, title, scale (7 with its rule), status, evidence, footer
        others = 10 + bar + min(title_lines, 3) + evidence
        self.query_one("#indicators").styles.max_height = max(height - others, 4)
        self.call_after_refresh(self._title_indicators)

    def _title_indicators(self) -> None:
        """The box's title says how many there are, and that the arrows scroll when not all fit."""
        boxes = self.query("#indicators")
        if not boxes:  # closed since: Textual runs its pending calls after its widgets went
            return
        box = boxes.first()
        title = f"Maturity indicators ({len(self.enabler.indicators)})"
        if box.max_scroll_y > 0:
            title += f" {marks().dot} {marks().scroll} scrolls for more"
        box.border_title = title

    def remind(self, reminder: Text) -> None:
        """The scale reminder, in the status line until the next change: it covers nothing."""
        self.query_one("#status", Line).show(reminder)

    def _state_lines(self) -> tuple[Text, Text]:
        """The status line (score, skip or not scored, indicator hint) and the evidence line."""
        session = self.opened.session
        state = session.state(self.enabler.id)
        if state is None:
            status = Text("Not scored yet: press 1-5, or 0 if you have no knowledge of this area")
        elif state == SKIPPED:
            status = Text("Skipped (no knowledge of this area) · backspace clears")
        else:
            status = Text("Your score: ").append_text(state_text(state))
            status.append(" · backspace clears")
        mean = session.indicator_mean(self.app.framework, self.enabler.id)
        if mean is not None:
            status.append(f" · indicator average {number(mean)} (a hint only)")
        evidence = session.evidence.get(self.enabler.id)
        line = Text("Evidence: ", style="bold")
        if evidence:  # its start only: a note may be 20,000 characters
            shown, more = shorten(evidence, 12, 600, "e to read all")
            shown = " ".join(shown.split())
            if more and self.app.size.height < TALL:  # one line: leave room for where the rest is
                shown = shown[: max(self.app.size.width - len(more) - 14, 10)]
            line.append(shown)
            if more:
                line.append(f" {more}", style="italic")
        else:
            line.append("none yet – press e to say what is working well", style="dim")
        if self.app.size.height < TALL:  # one line; a tall terminal shows more of it
            line.no_wrap, line.overflow = True, "ellipsis"
        return status, line

    def show_state(self) -> None:
        """Refresh what a score changes: the marked row, the status line, the progress bar."""
        self.query_one(ScalePicker).show(self.opened.session.state(self.enabler.id))
        status, evidence = self._state_lines()
        self.query_one("#status", Line).show(status)
        self.query_one("#evidence-line", Line).show(evidence)
        self.query_one(SessionBar).sync()

    # ------------------------------------------------------------ scoring

    def _edit(self, change: Callable[..., object], *args: object) -> None:
        try:
            change(self.enabler.id, *args)
        except ReadOnlyError:
            self.app.report_read_only()
            return
        self.show_state()
        self.app.edited()

    def action_score(self, score: int) -> None:
        scale = self.app.framework.scale
        if scale.min <= score <= scale.max:
            self._edit(self.opened.set_score, score)

    def action_skip(self) -> None:
        self._edit(self.opened.skip)

    def action_clear(self) -> None:
        self._edit(self.opened.clear)

    def on_level_row_picked(self, message: LevelRow.Picked) -> None:
        if message.value == 0:
            self.action_skip()
        else:
            self.action_score(message.value)

    # ------------------------------------------------------------ moving

    def action_move(self, step: int) -> None:
        enablers = self.app.framework.enablers
        index = enablers.index(self.enabler) + step
        if 0 <= index < len(enablers):
            self.show_enabler(enablers[index].id)
        elif step > 0:
            self.notify(
                "That was the last enabler. Press r for your reflections, or escape "
                "for the overview.",
                timeout=5,
            )
        else:
            self.notify("This is the first enabler.", timeout=3)

    def action_dig(self) -> None:
        from bb_tui.tui.screens.participant.dig_deeper import IndicatorScreen

        self.app.push_screen(IndicatorScreen(self.enabler.id))

    def action_evidence(self) -> None:
        from bb_tui.tui.screens.participant.evidence import EvidenceScreen

        self.app.push_screen(EvidenceScreen(self.enabler.id))

    def action_reflections(self) -> None:
        self.app.action_reflections(self.enabler.theme_id)

    def action_back(self) -> None:
        self.app.pop_screen()
