"""The overview: three themes, four enablers each, with score, indicators and evidence."""

from __future__ import annotations

from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from bb_tui.render.shorten import shorten
from bb_tui.tui.glyphs import marks
from bb_tui.tui.scoring_app import ScoringApp
from bb_tui.tui.screens.participant import TALL_BREAKPOINTS
from bb_tui.tui.widgets.keybar import KeyBar
from bb_tui.tui.widgets.line import Line
from bb_tui.tui.widgets.lists import KeyList
from bb_tui.tui.widgets.score import cells, state_text
from bb_tui.tui.widgets.sessionbar import SessionBar

LEVEL_NAMES = {"strategic": "Strategic", "operational": "Operational"}


class OverviewScreen(Screen[None]):
    """Where a participant sees their progress and picks the next enabler."""

    VERTICAL_BREAKPOINTS = TALL_BREAKPOINTS  # its stylesheet shows more on a "-tall" screen

    app = getters.app(ScoringApp)  # self.app, typed (bb_tui/tui/scoring_app.py)

    DEFAULT_CSS = """
    OverviewScreen #profile { height: auto; max-height: 2; padding: 0 1; color: $text-muted; }
    """

    HELP_TITLE = "Overview"
    HELP_TEXT = (
        "Your scores so far, theme by theme. The cursor starts on the first enabler "
        "you have not scored. Press enter to score it, e to write evidence, r for your "
        "reflections, p to change your profile (name, organisation, sector, level). "
        "Every change is saved as you go."
    )
    BINDINGS = [
        Binding(
            "e",
            "evidence",
            "Evidence",
            id="overview.evidence",
            tooltip="Write evidence for the highlighted enabler",
        ),
        Binding(
            "r",
            "app.reflections",
            "Reflections",
            id="overview.reflections",
            tooltip="Where is progress needed? One note per theme",
        ),
        Binding(
            "p",
            "profile",
            "Profile",
            id="overview.profile",
            tooltip="Change your name, organisation, sector or level",
        ),
        Binding(
            "escape",
            "app.sessions",
            "Sessions",
            id="overview.sessions",
            tooltip="Close this session and go back to the list",
        ),
    ]

    LOOKS_IN_FOLDER = True  # the profile dialog may read the folder for the same person's files

    def __init__(self) -> None:
        super().__init__()
        self.opened = self.app.current_session  # this screen's session, even once the app lets go
        self._built_widths: tuple[int, ...] = ()  # the column widths the rows were laid out for

    def compose(self) -> ComposeResult:
        current = self.opened
        yield SessionBar(current, id="session-bar")
        yield Static(id="profile")
        yield Static(id="columns")
        yield KeyList(id="enablers")
        yield Line(id="detail")
        yield Static(id="summary")
        yield KeyBar()

    def on_screen_resume(self) -> None:
        """Fresh on every return: the cursor on the enabler last shown, else the first to do."""
        self.rebuild(self.app.last_enabler or self._first_unscored())

    def on_resize(self) -> None:
        if self._widths() != self._built_widths:  # Textual sends two on the first layout
            self.rebuild(self._highlighted_id())

    def taken_in(self) -> None:
        """Another window's save was read in (BBApp._take_in): show it."""
        self.rebuild(self._highlighted_id())

    def _first_unscored(self) -> str:
        session = self.opened.session
        for enabler in self.app.framework.enablers:
            if session.state(enabler.id) is None:
                return enabler.id
        return self.app.framework.enablers[0].id

    def _highlighted_id(self) -> str | None:
        option_list = self.query_one("#enablers", OptionList)
        if option_list.highlighted is None:
            return None
        return option_list.get_option_at_index(option_list.highlighted).id

    def _widths(self) -> tuple[int, int, int, int, int]:
        width = self.query_one("#enablers").scrollable_content_region.width - 2
        label, score, ind, evidence = 22, 12, 10, 10
        title = width - label - score - ind - evidence - 8
        return label, score, ind, evidence, title if title >= 16 else 0

    def rebuild(self, highlight: str | None) -> None:
        session = self.opened.session
        framework = self.app.framework
        self._built_widths = label_w, score_w, ind_w, ev_w, title_w = self._widths()
        heads = [
            ("Enabler", label_w),
            ("Your score", score_w),
            ("Indicators", ind_w),
            ("Evidence", ev_w),
        ] + ([("Full title", title_w)] if title_w else [])
        self.query_one("#columns", Static).update(cells(*heads))
        options: list[Option] = []
        for n, theme in enumerate(framework.themes, start=1):
            options.append(Option(Text(f"{n}. {theme.title}", style="bold"), disabled=True))
            for enabler in theme.enablers:
                done = sum(1 for i in enabler.indicators if session.state(i.id) is not None)
                row: list[tuple[Text | str, int]] = [
                    (enabler.label, label_w),
                    (state_text(session.state(enabler.id)), score_w),
                    (f"{done}/{len(enabler.indicators)}" if done else "–", ind_w),
                    (f"{marks().written} written" if enabler.id in session.evidence else "–", ev_w),
                ]
                if title_w:
                    row.append((Text(enabler.title, style="dim"), title_w))
                options.append(Option(cells(*row), id=enabler.id))
        option_list = self.query_one("#enablers", OptionList)
        option_list.clear_options()
        option_list.add_options(options)
        if highlight is not None:
            option_list.highlighted = option_list.get_option_index(highlight)
        enablers, indicators = session.progress(framework)
        reflections = sum(1 for t in framework.themes if t.id in session.reflections)
        self.query_one("#summary", Static).update(
            Text(
                f"Progress: {enablers}/{len(framework.enablers)} enablers · {indicators}/"
                f"{len(framework.indicators)} indicators · {reflections}/{len(framework.themes)} "
                f"reflections"
            )
        )
        self.query_one("#profile", Static).update(self._profile())
        bar = self.query_one(SessionBar)
        bar.sync()
        bar.refresh()  # the name may have changed

    def _profile(self) -> Text:
        """Organisation, sector and level (the name is on the bar above), said when not given."""
        p = self.opened.session.participant
        sector = self.app.framework.sector(p.sector)
        parts = [p.organisation or "Organisation not given"]
        if self.app.framework.sectors:
            parts.append(sector.label if sector else "Sector not given")
        parts.append(LEVEL_NAMES.get(p.level, "Level not given"))
        return Text(" · ".join(parts))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """On a tall terminal, the highlighted enabler's title, score and evidence in full."""
        if event.option.id is None:
            return
        session = self.opened.session
        enabler = self.app.framework.enabler(event.option.id)
        detail = Text(enabler.title, style="bold")
        state = session.state(enabler.id)
        detail.append("\nYour score: ").append_text(state_text(state))
        if isinstance(state, int):
            detail.append(f" – {self.app.framework.scale.descriptor(state)}")
        evidence = session.evidence.get(enabler.id)
        if evidence:  # its start only: a note may be 20,000 characters; this runs on each move
            shown, more = shorten(evidence, 3, 400, "e to read all")
            detail.append("\nEvidence: ", style="bold").append(shown)
            if more:
                detail.append("\n" + more, style="italic")
        self.query_one("#detail", Line).show(detail)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        assert event.option.id is not None  # every enabler's row is made with its id
        self.app.action_enabler(event.option.id)

    def action_profile(self) -> None:
        if self.opened.read_only:
            self.app.report_read_only()
            return
        from bb_tui.tui.dialogs.profile import ProfileScreen

        self.app.push_screen(
            ProfileScreen(look_in_folder=self.LOOKS_IN_FOLDER),
            lambda _: self.rebuild(self._highlighted_id()),
        )

    def action_evidence(self) -> None:
        enabler_id = self._highlighted_id()
        if enabler_id is not None:
            from bb_tui.tui.screens.participant.evidence import EvidenceScreen

            self.app.push_screen(EvidenceScreen(enabler_id))


class SeatOverviewScreen(OverviewScreen):
    """The top of a participant's seat: escape saves and ends it; nothing lies beneath."""

    HELP_TEXT = (
        "Your scores so far, theme by theme. The cursor starts on the first enabler "
        "you have not scored. Press enter to score it, e to write evidence, r for your "
        "reflections, p to change your profile (name, organisation, sector, level). "
        "Every change is saved as you go; escape ends the session."
    )
    # Replaces the overview's escape (Sessions): this seat has no list of sessions.
    BINDINGS = [
        Binding(
            "escape",
            "app.quit",
            "End session",
            id="overview.end",
            tooltip="Save and end this session (everything is saved)",
        ),
    ]
    LOOKS_IN_FOLDER = False  # only this session: other files are not read, even for a warning
