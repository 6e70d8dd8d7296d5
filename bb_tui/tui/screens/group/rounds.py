"""Compare this round with an earlier one: per enabler the change in mean and agreed score,
table and radar."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Input, OptionList, Static
from textual.widgets.option_list import Option

from bb_tui.core.partnership import FILE_NAME, own_file_name
from bb_tui.render import changes, words
from bb_tui.storage.errors import BBError
from bb_tui.tui.screens.group.partnership_panel import PartnershipPanel
from bb_tui.tui.widgets.chart_view import ChartView
from bb_tui.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from bb_tui.core.rounds import Comparison
    from bb_tui.core.stats import Results
    from bb_tui.tui.keymap import ScreenContext


class RadarBox(VerticalScroll):
    """The box the rounds' radar is drawn in: says when its room changes (shown, resized)."""

    class Resized(Message):
        pass

    def on_resize(self) -> None:
        self.post_message(self.Resized())


def earlier_rounds(folder: Path) -> list[Path]:
    """Folders beside `folder` that hold a partnership file (partnership.toml, or one's own
    beside it): likely earlier rounds, newest name last. Which one a round uses is
    partnership_in's to say when it is read."""
    names = (FILE_NAME, own_file_name())
    try:
        siblings = sorted(
            p
            for p in folder.resolve().parent.iterdir()
            if p.is_dir()
            and p.resolve() != folder.resolve()
            and any((p / name).is_file() for name in names)
        )
    except OSError:
        return []
    return siblings


class RoundsScreen(PartnershipPanel):
    """Pick an earlier round's folder; see what changed, as a table or as two radars overlaid."""

    AUTO_FOCUS = "#rounds-list"

    BINDINGS = [
        Binding(
            "o",
            "open_path",
            "Folder",
            id="rounds.open",
            tooltip="Type the path of an earlier round's folder",
        ),
        Binding(
            "t",
            "toggle_view",
            "Table/radar",
            id="rounds.view",
            tooltip="Switch between the table of changes and the two radars overlaid",
        ),
    ]

    class Compared(Message):
        def __init__(
            self, comparison: Comparison | None, error: str = "", notes: list[str] | None = None
        ) -> None:
            super().__init__()
            self.comparison, self.error, self.notes = comparison, error, notes or []

    def __init__(self, context: ScreenContext, *, name: str | None = None) -> None:
        super().__init__(context, name=name)
        self.comparison: Comparison | None = None
        self.show_radar = False
        self._radar_for: tuple[object, ...] = ()  # what the radar shown was drawn for

    def compose(self) -> ComposeResult:
        yield Static(Text("Rounds: compare with an earlier round", style="bold"), id="panel-title")
        yield OptionList(id="rounds-list")
        yield Input(placeholder="or type a folder path and press enter (o)", id="rounds-path")
        yield Static(id="rounds-summary", markup=False)
        yield DataTable(id="rounds-table", cursor_type="row", zebra_stripes=True)
        with RadarBox(id="rounds-radar"):
            yield ChartView(id="rounds-radar-text")  # each round's marks in its own colour
        yield self.status_bar()
        yield KeyBar()

    def on_mount(self) -> None:
        options = self.query_one("#rounds-list", OptionList)
        found = earlier_rounds(self.folder)
        options.add_options([Option(Text(str(p)), id=str(p)) for p in found])
        options.border_title = "Earlier rounds beside this folder"
        if found:
            options.highlighted = 0
        else:
            options.add_option(Option(Text("(none found: type a path below)"), disabled=True))
        self.query_one("#rounds-radar").display = False
        self.query_one("#rounds-table").display = False
        self._summary(Text("Choose an earlier round and press enter.", style="italic"))
        options.focus()

    def _summary(self, text: Text) -> None:
        self.query_one("#rounds-summary", Static).update(text)

    # ------------------------------------------------------------ loading

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.compare_with(Path(event.option.id))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.compare_with(Path(event.value.strip()).expanduser())

    def compare_with(self, folder: Path) -> None:
        self._summary(Text(f"Reading {folder}...", style="italic"))
        # the partnership file the panels show (chosen once a run when it is someone else's)
        self._compare(folder, self._documents.answered(self.folder) if self._documents else None)

    @work(thread=True, exclusive=True, group="rounds")
    def _compare(self, folder: Path, answer: str | None) -> None:
        """Load both rounds off the UI thread; never touches widgets, posts Compared."""
        from bb_tui.core.rounds import compare, load_round

        try:
            now = load_round([self.folder], self.framework, anonymous=self.anonymous, answer=answer)
        except (BBError, ValueError) as exc:
            self.post_message(self.Compared(None, f"This round: {exc}"))
            return
        try:
            before = load_round([folder], self.framework, anonymous=self.anonymous)
        except (BBError, ValueError) as exc:
            self.post_message(self.Compared(None, f"Earlier round: {exc}"))
            return
        self.post_message(
            self.Compared(compare(now, before), notes=[f"Earlier round: {n}" for n in before.notes])
        )

    def on_rounds_screen_compared(self, message: Compared) -> None:
        if message.comparison is None:
            # the comparison on screen (if any) stays as it was
            self.notify(message.error, severity="error", timeout=10, markup=False)
            self._summary(Text(message.error, style="bold reverse"))
            return
        for note in message.notes:  # whose partnership.toml was not used
            self.notify(note, severity="warning", timeout=12, markup=False)
        self.comparison = message.comparison
        self.refresh_panel()
        self.query_one("#rounds-table" if not self.show_radar else "#rounds-radar").focus()

    # ------------------------------------------------------------ drawing

    def refresh_panel(self) -> None:
        c = self.comparison
        if c is None:
            return
        table = self.query_one("#rounds-table", DataTable)
        before, now = c.before, c.now
        summary = Text.assemble(
            ("Then: ", "bold"),
            f"{before.label} ({_people(before.results)})   ",
            ("Now: ", "bold"),
            f"{now.label} ({_people(now.results)})   ",
            ("t", "bold"),
            " table/radar",
        )
        if c.turnout is not None:  # who took part: counts, names only when not anonymous
            summary.append("\n" + "\n".join(changes.turnout_lines(c.turnout, short=True)))
        self._summary(summary)
        table.clear(columns=True)
        # the round names are in the summary line; "then" is the earlier round
        same = (f"same {len(c.turnout.both)}",) if c.turnout is not None else ()
        short = ("Enabler", "Mean then", "now", "change", *same, "Agreed then", "now", "change")
        for n, column in enumerate(short):
            table.add_column(column, key=str(n))
        for row in changes.rows(c):
            table.add_row(Text(row[0]), *(Text(cell, justify="right") for cell in row[1:]))
        self._show_view()
        self._draw_radar()

    def on_radar_box_resized(self) -> None:
        self._draw_radar()

    def _draw_radar(self) -> None:
        """The two rounds' radar, title and legend whole in the room its box has: until the box
        is first laid out, the room the screen leaves it (the box says when its room changes)."""
        c = self.comparison
        if c is None:
            return
        room = self.query_one(RadarBox).scrollable_content_region.height or self.size.height - 6
        width = max(50, min(110, self.size.width - 6))  # inside the margins
        from bb_tui.render import charts
        from bb_tui.render.charts import braille_ok

        ascii_mode = bool(getattr(self.context, "ascii", False)) or not braille_ok()
        drawn_for = (width, room, ascii_mode)
        if self._radar_for and self._radar_for[0] is c and self._radar_for[1:] == drawn_for:
            return  # shown again (t) at the size it was drawn for
        chart = charts.comparison_radar(c, width=width, room=room, ascii=ascii_mode)
        self.query_one("#rounds-radar-text", ChartView).show_chart(chart)
        self._radar_for = (c, *drawn_for)

    def _show_view(self) -> None:
        has = self.comparison is not None
        self.query_one("#rounds-table").display = has and not self.show_radar
        self.query_one("#rounds-radar").display = has and self.show_radar
        self.query_one("#rounds-list").display = not has
        self.query_one("#rounds-path").display = not has

    # ------------------------------------------------------------ keys

    def action_open_path(self) -> None:
        self.comparison = None
        self._show_view()
        self.query_one("#rounds-path", Input).focus()

    def action_toggle_view(self) -> None:
        self.show_radar = not self.show_radar
        self._show_view()

    def on_resize(self) -> None:
        self.redraw()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"open_path", "toggle_view"}:
            return not isinstance(self.focused, Input)
        return True


def _people(results: Results) -> str:
    """ "12 people", and "1 started, nothing scored" apart: they are not counted."""
    started = words.started(results)
    return f"{results.participants} people" + (f"; {started}" if started else "")
