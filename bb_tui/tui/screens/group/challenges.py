"""The six common challenges: which are in play here, and whether to change, influence or work around."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import OptionList, Static, TextArea
from textual.widgets.option_list import Option

from bb_tui.core.partnership import RESPONSES
from bb_tui.render import words
from bb_tui.tui.screens.group.partnership_panel import PartnershipPanel
from bb_tui.tui.widgets.editors import CappedTextArea
from bb_tui.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from bb_tui.core.framework import Challenge
    from bb_tui.core.partnership import ChallengeView

RESPONSE_LABELS = words.RESPONSES


def challenge_row(title: str, in_play: bool, response: str, width: int = 30) -> Text:
    """One line of the list: a tick when in play, the title, the response."""
    mark = "[x]" if in_play else "[ ]"
    title = title if len(title) <= width else title[: width - 1] + "…"
    return Text.assemble(
        f"{mark} ",
        (title.ljust(width), "bold" if in_play else ""),
        f" {RESPONSE_LABELS.get(response, '')}",
    )


class ChallengesScreen(PartnershipPanel):
    """Six challenges: text and examples, in play or not, the response, and a note."""

    AUTO_FOCUS = "#challenge-list"

    BINDINGS = [
        Binding(
            "space,p",
            "toggle_in_play",
            "In play",
            id="challenges.in_play",
            tooltip="Mark the highlighted challenge as in play here, or not",
        ),
        Binding(
            "c",
            "respond('change')",
            "Change",
            id="challenges.change",
            tooltip="Within our gift to change",
        ),
        Binding(
            "i",
            "respond('influence')",
            "Influence",
            id="challenges.influence",
            tooltip="We can influence it",
        ),
        Binding(
            "w",
            "respond('work-around')",
            "Work around",
            id="challenges.work_around",
            tooltip="We will work around it",
        ),
        Binding(
            "n",
            "edit_note",
            "Note",
            id="challenges.note",
            tooltip="Write what the partnership will do about it (enter works too)",
        ),
    ]

    def compose(self) -> ComposeResult:
        yield Static(
            Text(
                "Common challenges: which are in play here, and what is within our gift?",
                style="bold",
            ),
            id="panel-title",
        )
        yield OptionList(*self._options(), id="challenge-list")
        with VerticalScroll(id="challenge-detail"):
            yield Static(id="challenge-text", markup=False)
        yield Static(id="challenge-choice", markup=False)
        yield CappedTextArea(id="challenge-note", soft_wrap=True, show_line_numbers=False)
        yield self.status_bar()
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#challenge-note", TextArea).border_title = "Note (n to edit, esc to leave)"
        self.query_one(OptionList).focus()
        self.refresh_panel()

    # ------------------------------------------------------------ drawing

    def _options(self) -> list[Option]:
        p = self.partnership
        options = []
        for challenge in self.framework.challenges:
            view = p.challenges.get(challenge.id) if p else None
            options.append(
                Option(
                    challenge_row(
                        challenge.title, bool(view and view.in_play), view.response if view else ""
                    ),
                    id=challenge.id,
                )
            )
        return options

    @property
    def current(self) -> Challenge | None:
        index = self.query_one(OptionList).highlighted
        challenges = self.framework.challenges
        return challenges[index] if index is not None and index < len(challenges) else None

    def refresh_panel(self) -> None:
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options(self._options())
        if self.framework.challenges:
            options.highlighted = highlighted if highlighted is not None else 0
        self._show_current()

    def _show_current(self) -> None:
        challenge = self.current
        text = self.query_one("#challenge-text", Static)
        choice = self.query_one("#challenge-choice", Static)
        note = self.query_one("#challenge-note", TextArea)
        if challenge is None:
            text.update(Text("This framework lists no common challenges."))
            choice.update("")
            return
        body = Text()
        body.append(challenge.title + "\n", style="bold")
        if challenge.heading:
            body.append(challenge.heading + "\n", style="italic")
        body.append(challenge.text + "\n")
        if challenge.examples:
            body.append("\nFor example:\n", style="bold")
            for example in challenge.examples:
                body.append(f"  - {example}\n")
        text.update(body)
        self.query_one("#challenge-detail").scroll_home(animate=False)
        view = self.partnership.challenges.get(challenge.id) if self.partnership else None
        choice.update(self._choice_line(view))
        with note.prevent(TextArea.Changed):
            note.load_text(view.note if view else "")
        note.read_only = not self.editable

    @staticmethod
    def _choice_line(view: ChallengeView | None) -> Text:
        in_play = bool(view and view.in_play)
        line = Text.assemble(
            ("[x] in play" if in_play else "[ ] not in play", "bold"), "   We can: "
        )
        for response in RESPONSES:
            chosen = bool(view and view.response == response)
            line.append(
                f"({'•' if chosen else ' '}) {RESPONSE_LABELS[response]}",
                style="bold reverse" if chosen else "",
            )
            line.append("  ")
        return line

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.flush()
        self._show_current()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_edit_note()

    # ------------------------------------------------------------ editing

    def _editing(self, quiet: bool = False) -> str | None:
        """The id of the challenge to change, or None (told why unless `quiet`)."""
        challenge = self.current
        if challenge is None or not (self.editable if quiet else self.can_edit()):
            return None
        return challenge.id

    def action_toggle_in_play(self) -> None:
        challenge_id = self._editing()
        if challenge_id is not None:
            with self.deciding() as p:
                p.toggle_in_play(challenge_id)
            self.refresh_panel()

    def action_respond(self, response: str) -> None:
        challenge_id = self._editing()
        if challenge_id is not None:
            with self.deciding() as p:
                p.respond(challenge_id, response)
            self.refresh_panel()

    def action_edit_note(self) -> None:
        if self.current is not None and self.can_edit():
            note = self.query_one("#challenge-note", TextArea)
            note.focus()
            note.move_cursor(note.document.end)  # carry on writing where the note ends

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if not event.text_area.has_focus:  # filled in by the panel, not typed
            return
        challenge_id = self._editing(quiet=True)
        if challenge_id is not None:
            with self.typing() as p:
                p.challenge(challenge_id).note = event.text_area.text.strip()

    def action_back(self) -> None:
        if self.query_one("#challenge-note", TextArea).has_focus:
            self.flush()
            self.query_one(OptionList).focus()
            return
        super().action_back()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # keys type into the note while it has focus; only escape leaves it
        if action in {"toggle_in_play", "respond", "edit_note"}:
            return not isinstance(self.focused, TextArea)
        return True
