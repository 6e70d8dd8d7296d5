"""Dig deeper: score each maturity indicator of one enabler, moving with up/down or j/k.

The 1-5 scale, in the framework's words, is shown below the list and in the help.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.table import Table
from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from bb_tui.core.editing import ReadOnlyError
from bb_tui.core.framework import Enabler, Indicator
from bb_tui.render.words import number
from bb_tui.tui.glyphs import marks
from bb_tui.tui.scoring_app import ScoringApp
from bb_tui.tui.widgets.keybar import KeyBar
from bb_tui.tui.widgets.line import Line
from bb_tui.tui.widgets.lists import PlainKeyList
from bb_tui.tui.widgets.score import score_bindings, short_state, state_text
from bb_tui.tui.widgets.sessionbar import SessionBar


class IndicatorScreen(Screen[str]):
    """Every indicator of an enabler scored like the enabler; scoring moves to the next one."""

    app = getters.app(ScoringApp)  # self.app, typed (bb_tui/tui/scoring_app.py)

    DEFAULT_CSS = """
    IndicatorScreen #scale-key { height: auto; padding: 0 1; border-top: solid $primary; }
    """
    HELP_TITLE = "Dig deeper: scoring indicators"
    BINDINGS = score_bindings("indicators") + [
        Binding(
            "n",
            "move(1)",
            "Enabler",
            id="indicators.next",
            tooltip="The next enabler's indicators",
            key_display="n/p",
        ),
        Binding(
            "p",
            "move(-1)",
            "Previous enabler",
            id="indicators.previous",
            tooltip="The previous enabler's indicators",
            show=False,
        ),
        Binding(
            "e",
            "evidence",
            "Evidence",
            id="indicators.evidence",
            tooltip="What is working well, and the evidence that shows this",
        ),
        Binding("escape", "back", "Back", id="indicators.back", tooltip="Back to the enabler"),
    ]

    def __init__(self, enabler_id: str) -> None:
        super().__init__()
        self.opened = self.app.current_session  # this screen's session, even once the app lets go
        self.enabler: Enabler = self.app.framework.enabler(enabler_id)

    def help_text(self) -> str:
        return (
            self.app.framework.texts.get("dig_deeper", "") + "\n\nMove with up/down or "
            "j/k; 1-5 scores the highlighted indicator and moves on; 0 or s skips it; "
            "backspace clears it. Your indicator average is shown beside your enabler "
            "score as a hint: it never changes the score you chose for the enabler.\n\n"
            "The scale:\n"
            + "\n".join(
                f"{level.score}  {level.descriptor}" for level in self.app.framework.scale.levels
            )
        )

    def remind(self, reminder: Text) -> None:
        """The scale reminder, in the hint line until the next change: it covers nothing."""
        self.query_one("#hint", Line).show(reminder)

    def compose(self) -> ComposeResult:
        yield SessionBar(self.opened, id="session-bar")
        yield Line(id="where")
        yield Line(id="hint")
        yield PlainKeyList(id="indicator-list")
        yield Static(self._scale_key(), id="scale-key")
        yield Line(id="legend")
        yield KeyBar(show_command_palette=False)

    def on_mount(self) -> None:
        self.show_enabler(self.enabler.id)
        self.query_one("#indicator-list").focus()

    def show_enabler(self, enabler_id: str, highlight: int = 0) -> None:
        framework = self.app.framework
        self.enabler = framework.enabler(enabler_id)
        self.app.last_enabler = enabler_id
        number = framework.enablers.index(self.enabler) + 1
        self.query_one("#where", Line).show(
            Text(
                f"Dig deeper · enabler {number} of {len(framework.enablers)}: {self.enabler.label}"
                f" · {len(self.enabler.indicators)} indicators",
                no_wrap=True,
                overflow="ellipsis",
            )
        )
        option_list = self.query_one("#indicator-list", OptionList)
        option_list.clear_options()
        option_list.add_options(Option(self._prompt(i), id=i.id) for i in self.enabler.indicators)
        option_list.highlighted = highlight
        self.show_hint()

    def _scale_key(self) -> Table:
        """The 1-5 descriptors, as on the enabler screen, so no one has to remember them."""
        grid = Table.grid(padding=(0, 2))
        grid.add_column(width=1, no_wrap=True, style="bold")
        grid.add_column(ratio=1)
        for level in self.app.framework.scale.levels:
            grid.add_row(str(level.score), Text(level.descriptor))
        return grid

    def _prompt(self, indicator: Indicator) -> Table:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=4, no_wrap=True)
        grid.add_column(ratio=1)
        grid.add_row(
            short_state(self.opened.session.state(indicator.id)),
            Text(f"{indicator.number}. {indicator.text}"),
        )
        return grid

    def show_hint(self) -> None:
        session = self.opened.session
        framework = self.app.framework
        hint = Text("Your enabler score: ").append_text(state_text(session.state(self.enabler.id)))
        mean = session.indicator_mean(framework, self.enabler.id)
        if mean is not None:
            hint.append(f" · your indicator average: {number(mean)} (a hint only)")
        self.query_one("#hint", Line).show(hint)
        option_list = self.query_one("#indicator-list", OptionList)
        state = None
        if option_list.highlighted is not None:
            state = session.state(self.enabler.indicators[option_list.highlighted].id)
        if isinstance(state, int):
            legend = Text(f"{state}: {framework.scale.descriptor(state)}")
        else:
            dot = marks().dot
            legend = Text(f"1-5 score {dot} 0/s skip {dot} backspace clear {dot} ? help")
        legend.no_wrap, legend.overflow = True, "ellipsis"
        self.query_one("#legend", Line).show(legend)
        self.query_one(SessionBar).sync()

    def taken_in(self) -> None:
        """Another window's save was read in (BBApp._take_in): show it, the highlight kept."""
        option_list = self.query_one("#indicator-list", OptionList)
        for index, indicator in enumerate(self.enabler.indicators):
            option_list.replace_option_prompt_at_index(index, self._prompt(indicator))
        self.show_hint()

    def on_option_list_option_highlighted(self, _event: OptionList.OptionHighlighted) -> None:
        self.show_hint()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # enter on an indicator does nothing more than highlight it

    # ------------------------------------------------------------ scoring

    def _edit(self, change: Callable[..., object], *args: object, advance: bool = True) -> None:
        option_list = self.query_one("#indicator-list", OptionList)
        index = option_list.highlighted
        if index is None:
            return
        indicator = self.enabler.indicators[index]
        try:
            change(indicator.id, *args)
        except ReadOnlyError:
            self.app.report_read_only()
            return
        option_list.replace_option_prompt_at_index(index, self._prompt(indicator))
        if advance and index + 1 < len(self.enabler.indicators):
            option_list.highlighted = index + 1
        self.show_hint()
        self.app.edited()

    def action_score(self, score: int) -> None:
        scale = self.app.framework.scale
        if scale.min <= score <= scale.max:
            self._edit(self.opened.set_score, score)

    def action_skip(self) -> None:
        self._edit(self.opened.skip)

    def action_clear(self) -> None:
        self._edit(self.opened.clear, advance=False)

    # ------------------------------------------------------------ moving

    def action_move(self, step: int) -> None:
        enablers = self.app.framework.enablers
        index = enablers.index(self.enabler) + step
        if 0 <= index < len(enablers):
            self.show_enabler(enablers[index].id)

    def action_evidence(self) -> None:
        from bb_tui.tui.screens.participant.evidence import EvidenceScreen

        self.app.push_screen(EvidenceScreen(self.enabler.id))

    def action_back(self) -> None:
        self.dismiss(self.enabler.id)
