"""One registry of app-wide user actions: it feeds the key bindings, the help screen and ctrl+p.

To add a screen (results, challenges, a report...), append one `AppAction` to `APP_ACTIONS`
with `screen="module:Class"`: the app imports the module only when the action is used (start-up
stays fast) and pushes `Class(context)`, where `context` is a `ScreenContext`. Nothing else in
the app needs to change. Nothing here imports Textual.

Each app is built for a role: the facilitator's has every action; a participant's seat (`bb-tui
score --confined FILE`, the browser link) only those marked `participant=True`, and may show only
the screens in `PARTICIPANT_SCREENS` (bb_tui/tui/confined.py). A new action is the facilitator's
until it is marked.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bb_tui.core.framework import Framework


@dataclass(frozen=True)
class AppAction:
    id: str  # stable id; also the Binding id, so keys can be remapped
    keys: str  # Textual key list ("f1,question_mark"); "" for ctrl+p only
    description: str  # short: the Footer and the command palette
    help: str  # one sentence: the help screen, the palette and tooltips
    action: str = ""  # a Textual action run on the app, e.g. "help"
    screen: str = ""  # or "module:Class" of a screen to open with a ScreenContext
    show: bool = True  # shown in the Footer
    needs_session: bool = False  # only offered while a session is open
    key_display: str = ""  # how the Footer shows the key, when not the first key
    participant: bool = False  # also in a participant's seat (its own session only)

    @property
    def run(self) -> str:
        """The Textual action string that performs this action."""
        return self.action or f"open_screen({self.id!r})"


@dataclass(frozen=True)
class ScreenContext:
    """What a registered screen is given: the framework, where sessions live, what is open."""

    framework: Framework
    sessions_dir: Path
    session_path: Path | None  # the session open in the app, if any
    ascii: bool = False  # draw charts with plain ASCII (--ascii)


APP_ACTIONS: list[AppAction] = [
    AppAction(
        "help",
        "f1,question_mark",
        "Help",
        "Show the keys and a short guide for the current screen",
        action="help",
        key_display="?",
        participant=True,
    ),
    AppAction("quit", "ctrl+q", "Quit", "Save and quit bb-tui", action="quit", participant=True),
    AppAction(
        "overview",
        "",
        "Overview",
        "Go to the overview of your scores",
        action="overview",
        needs_session=True,
        participant=True,
    ),
    AppAction(
        "reflections",
        "",
        "Reflections",
        "Write your reflections: where is progress needed, per theme",
        action="reflections",
        needs_session=True,
        participant=True,
    ),
    AppAction(
        "sessions",
        "",
        "Sessions",
        "Close this session and go back to the list of sessions",
        action="sessions",
    ),
    # New screens register here. Group results is f4: f5 is Refresh on the sessions list.
    AppAction(
        "results",
        "f4",
        "Results",
        "Group results for the sessions folder: radar and spread charts, where to dig deeper",
        screen="bb_tui.tui.screens.group.results:ResultsScreen",
        show=False,
    ),
    # From scores to action: panels on the sessions folder's partnership file (partnership.toml)
    AppAction(
        "discussion",
        "f6",
        "Discussion",
        "Discussion pack: each low or polarised enabler's spread, evidence and links",
        screen="bb_tui.tui.screens.group.discussion:DiscussionScreen",
        show=False,
    ),
    AppAction(
        "agreed",
        "f7",
        "Agreed scores",
        "Record the scores the partnership agrees, beside the mean, and the spectrum",
        screen="bb_tui.tui.screens.group.agreed:AgreedScreen",
        show=False,
    ),
    AppAction(
        "challenges",
        "f8",
        "Challenges",
        "The six common challenges: in play here? change, influence or work around",
        screen="bb_tui.tui.screens.group.challenges:ChallengesScreen",
        show=False,
    ),
    AppAction(
        "case_studies",
        "f9",
        "Case studies",
        "Case studies A-L from London, suggested for low or polarised enablers",
        screen="bb_tui.tui.screens.group.case_studies:CaseStudiesScreen",
        show=False,
    ),
    AppAction(
        "action_plan",
        "f10",
        "Action plan",
        "The action plan: what, for which enabler, owner, due date, status",
        screen="bb_tui.tui.screens.group.action_plan:ActionsScreen",
        show=False,
    ),
    AppAction(
        "export",
        "",
        "Export report and spreadsheets",
        "Write the board report (Markdown), CSV files and an Excel workbook for this folder",
        screen="bb_tui.tui.dialogs.export_dialog:ExportScreen",
        show=False,
    ),
    AppAction(
        "progress",
        "",
        "Progress board",
        "Who has finished how much of the scoring, updated as people save",
        screen="bb_tui.tui.screens.group.progress:ProgressScreen",
        show=False,
    ),
    AppAction(
        "rounds",
        "",
        "Compare rounds",
        "Compare with an earlier round: change in mean and agreed score per enabler",
        screen="bb_tui.tui.screens.group.rounds:RoundsScreen",
        show=False,
    ),
]


FACILITATOR, PARTICIPANT = "facilitator", "participant"

# Every screen a participant's seat may show, as "module:Class" (the modules are not imported
# here): their own session's screens, the dialogs about it, and Textual's command palette
# (ctrl+p, and the theme picker it opens). Nothing that lists, merges or opens another file.
PARTICIPANT_SCREENS = frozenset(
    {
        "bb_tui.tui.confined:SeatFloor",
        "bb_tui.tui.screens.participant.overview:SeatOverviewScreen",
        "bb_tui.tui.screens.participant.enabler:EnablerScreen",
        "bb_tui.tui.screens.participant.dig_deeper:IndicatorScreen",
        "bb_tui.tui.screens.participant.evidence:EvidenceScreen",
        "bb_tui.tui.screens.participant.reflections:ReflectionsScreen",
        "bb_tui.tui.dialogs.help:HelpScreen",
        "bb_tui.tui.dialogs.profile:ProfileScreen",
        "bb_tui.tui.dialogs.in_use:InUseScreen",
        "bb_tui.tui.dialogs.unsaved:UnsavedScreen",
        "textual.command:CommandPalette",
    }
)


def actions_for(role: str) -> tuple[AppAction, ...]:
    """The app-wide actions an app built for `role` has: keys, help rows and ctrl+p commands."""
    if role == FACILITATOR:
        return tuple(APP_ACTIONS)
    if role == PARTICIPANT:
        return tuple(a for a in APP_ACTIONS if a.participant)
    raise ValueError(f"no such role: {role!r}")


def find_action(action_id: str, role: str = FACILITATOR) -> AppAction | None:
    """The action with this id that `role` has, or None."""
    return next((a for a in actions_for(role) if a.id == action_id), None)
