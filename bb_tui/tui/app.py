"""The bb-tui scoring app: screens, app-wide keys, autosave reports, and leaving safely.

App-wide actions (keys, help, ctrl+p) come from one registry: a new screen registers its entry
in `APP_ACTIONS` in bb_tui/tui/keymap.py (see the comment there) and needs no change here.
This is the whole app (the sessions list, the group screens: the facilitator's role); a
participant's seat is `ConfinedApp` (bb_tui/tui/confined.py), built from the same registry for
the participant's role.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.app import SystemCommand
from textual.binding import Binding, BindingType

from bb_tui.storage.errors import BBError, shown_path
from bb_tui.storage.safesave import owner_if_other, remove_stale_temps, resolve_target
from bb_tui.storage.textsafe import clean_text, one_line
from bb_tui.tui import glyphs
from bb_tui.tui.keymap import FACILITATOR, AppAction, ScreenContext, actions_for, find_action
from bb_tui.tui.messages import InputEnded, SaveReported
from bb_tui.tui.runtime.keyhold import KeyHold
from bb_tui.tui.runtime.signals import HANGUP_EXIT, ExitGuard
from bb_tui.tui.scoring_app import ScoringApp

if TYPE_CHECKING:
    import argparse

    from textual.driver import Driver
    from textual.notifications import SeverityLevel
    from textual.screen import Screen
    from textual.timer import Timer

    from bb_tui.core.autosave import SaveReport
    from bb_tui.core.editing import Opening, OpenPartnerships, OpenSession
    from bb_tui.core.framework import Framework
    from bb_tui.core.session import SessionFile
    from bb_tui.tui.runtime.session_watch import SessionChanged
    from bb_tui.tui.runtime.watch import FolderWatcher


def app_bindings(actions: Iterable[AppAction]) -> list[BindingType]:
    """Key bindings of these app-wide actions (an app's role's, from the registry)."""
    return [
        Binding(
            a.keys,
            a.run,
            a.description,
            id=a.id,
            tooltip=a.help,
            show=a.show,
            key_display=a.key_display or None,
        )
        for a in actions
        if a.keys
    ]


class BBApp(ScoringApp):
    """Score one participant's session, screen by screen, with every change autosaved."""

    CSS_PATH = "app.tcss"
    TITLE = "bb-tui"
    # App-wide keys. A new screen registers its entry in APP_ACTIONS (bb_tui/tui/keymap.py):
    # that one line gives it a key here, a row in the help screen and a ctrl+p command.
    ROLE = FACILITATOR
    ACTIONS = actions_for(ROLE)
    BINDINGS = app_bindings(ACTIONS)
    SYSTEM_COMMANDS: ClassVar[tuple[str, ...]] = ("Theme", "Screenshot")  # Textual's own, of ctrl+p
    OWN_FILE_CHECK = 2.0  # seconds between looks at whether the open session's file was replaced
    TYPING_WAIT = 0.2  # seconds before taking in another window's save again, while typing here
    CHARTS_AFTER: float | None = 2.0  # seconds after start-up on the sessions list: plotext loaded
    # No size classes on screens by default: a screen that gains one when first sized restyles
    # every widget it holds (a third of a dialog's styling). The screens that use "-tall" ask.
    HORIZONTAL_BREAKPOINTS: list[tuple[int, str]] | None = []
    VERTICAL_BREAKPOINTS: list[tuple[int, str]] | None = []

    def __init__(
        self,
        framework: Framework,
        sessions_dir: Path,
        open_path: Path | None = None,
        ascii: bool = False,
        guard: ExitGuard | None = None,
        cursor_blink: bool = True,
        theme: str | None = None,
    ) -> None:
        # forced, or the terminal/locale cannot show more; decided first: the driver class follows
        self.ascii = glyphs.choose(ascii)
        super().__init__()
        self.framework = framework
        self.sessions_dir = Path(sessions_dir)
        self.open_path = open_path
        self.guard = guard or ExitGuard()
        self.guard.hand_over = self.hand_over_typing
        self.cursor_blink = cursor_blink  # tests turn it off for stable snapshots
        self._theme_choice = theme
        self.current: OpenSession | None = None
        self._partnerships: OpenPartnerships | None = None
        self.last_enabler: str | None = None  # the enabler last shown, for the overview cursor
        self.exit_message = ""
        self._nudged = False
        self._save_failing = False
        self._after_close: Callable[[], None] | None = None  # what to do once the session is shut
        self.saving_to_leave = False  # the save before leaving runs in a thread (the bar says so)
        self._reading = False  # a session chosen in the list is being read in a thread
        self._own_file_check: Timer | None = None  # while a session is open for editing
        # another window on the open session (runtime/session_watch.py): the bar's second line
        self.window_note: Callable[[int], str] | None = None
        self._session_watch: FolderWatcher | None = None
        self._visitors: list[str] = []
        self._copies: set[str] = set()
        self._copy_noted = False  # a conflict copy is told of: it stays the second line
        self.key_hold = KeyHold(self, super().on_event)  # keys wait for a screen still opening

    # ------------------------------------------------------------ start-up

    def on_mount(self) -> None:
        if self._theme_choice:
            self.theme = self._theme_choice
        elif "TEXTUAL_THEME" not in os.environ and self.console.color_system == "standard":
            self.theme = "ansi-dark"  # 16 colours: use the terminal's own palette
        if self.open_path is not None:
            self.open_session(self.open_path)
        elif self.CHARTS_AFTER is not None:  # the facilitator's start: group screens to come
            self.set_timer(self.CHARTS_AFTER, self.load_charts)
        self.call_after_refresh(self.check_size)
        self.screen_change_signal.subscribe(
            self, lambda _: self.call_after_refresh(self.check_size)
        )

    def load_charts(self) -> None:
        """Import plotext, which every group chart is drawn with, in a thread while nobody waits:
        its import alone takes 0.2-0.5 s of CPU (it builds its documentation), so Group results
        and the discussion pack could otherwise not show their charts within 150 ms of the key."""
        self.run_worker(_load_charts, thread=True, name="load charts", exit_on_error=False)

    def on_resize(self) -> None:
        self.call_after_refresh(self.check_size)

    async def on_event(self, event: events.Event) -> None:
        """Keys typed while the screen in front is still opening wait for it (runtime/keyhold)."""
        if isinstance(event, events.Key) and await self.key_hold.take(event):
            return
        await super().on_event(event)

    def check_size(self) -> None:
        """Below 80x24 one line on top of the screen in front says the size needed, until it is
        larger; the screen goes on working beneath it (dialogs/too_small.py)."""
        from bb_tui.tui.dialogs.too_small import show_size_notice

        show_size_notice(self)

    def get_key_display(self, binding: Binding) -> str:
        """Textual's key names, in words where the terminal cannot show its symbols."""
        display = super().get_key_display(binding)
        return glyphs.key_words(display) if self.ascii else display

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        self.add_screen_css(screen)
        return super().push_screen(screen, *args, **kwargs)

    def switch_screen(self, screen: Any) -> Any:
        self.add_screen_css(screen)
        return super().switch_screen(screen)

    def add_screen_css(self, screen: object) -> None:
        """Add a screen's stylesheets (CSS_PATH) to the app's before it is shown, as Textual would,
        but parsing only the new file: Textual re-parses every rule of every stylesheet and
        widget (about 15-50 ms) each time a screen brings a file not yet read."""
        paths = getattr(screen, "css_path", ())  # a screen's name: Textual adds it
        new = [str(p) for p in paths if not self.stylesheet.has_source(str(p), "")]
        for path in new:
            css = Path(path).read_text(encoding="utf-8")
            self.stylesheet.add_source(css, read_from=(path, ""), is_default_css=False)
        if new:
            self.stylesheet.update(self)  # as Textual does: rules may match what is shown already

    def get_default_screen(self) -> Screen[Any]:
        """The sessions list is the bottom of the screen stack."""
        from bb_tui.tui.screens.participant.start import StartScreen

        return StartScreen()

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver, except that on Linux/macOS ours ends cleanly at end of input;
        on a terminal that shows only ASCII, one that folds all it writes (Textual's icons too)."""
        from textual.drivers.linux_driver import LinuxDriver

        from bb_tui.tui.runtime.driver import ascii_output, linux_driver

        driver_class = super().get_driver_class()
        if driver_class is LinuxDriver:
            driver_class = linux_driver()  # Textual's own, with a warning, if ours cannot run
        return ascii_output(driver_class) if self.ascii else driver_class

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Textual's notify, plain text unless asked (names, paths), control characters stripped."""
        super().notify(
            clean_text(str(message)),
            title=clean_text(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    def action_help_quit(self) -> None:
        """ctrl+c does not quit: say which key does, in plain words (Textual's own note is markup,
        which this app's plain-text notify would show raw)."""
        for key, active in self.active_bindings.items():
            if active.binding.action in ("quit", "app.quit"):
                self.notify(f"Press {key} to quit the app", title="Do you want to quit?")
                return

    # ------------------------------------------------------------ opening and closing

    def open_session(
        self, path: Path, background: bool = False, done: Callable[[], None] | None = None
    ) -> None:
        """Open a session file for scoring; ask first if it is a colleague's or another copy
        of the app has it. `background`: read it in a thread (a file near the size limit is slow to parse),
        then call `done`, then go on unless the screen has changed meanwhile."""
        if not background:
            self._go_on_opening(path, self._read_for_editing(path))
            return
        if self._reading:
            return  # one at a time: a second enter meanwhile opens nothing more
        self._reading = True
        self.run_worker(self._open_in_background(path, self.screen, done), name="open session")

    def _read_for_editing(self, path: Path) -> Opening | BBError:
        from bb_tui.core.editing import load_for_editing

        try:
            return load_for_editing(path, self.framework)
        except BBError as exc:
            return exc

    async def _open_in_background(
        self, path: Path, screen: Screen[Any], done: Callable[[], None] | None
    ) -> None:
        import asyncio

        try:
            outcome = await asyncio.to_thread(self._read_for_editing, path)
        finally:
            self._reading = False
            if done is not None:
                done()
        if self.screen is not screen or self.current is not None:  # moved on meanwhile
            if not isinstance(outcome, BBError):
                outcome.file.lock.release()
            return
        self._go_on_opening(path, outcome)

    def _go_on_opening(self, path: Path, outcome: Opening | BBError) -> None:
        if isinstance(outcome, BBError):
            self.notify(outcome.line(), title="Cannot open", severity="error", markup=False)
            return
        opening = outcome
        file, holder = opening.file, opening.holder
        self.warn_opened(opening.notices)
        owner = None if opening.read_only else owner_if_other(file.path)
        if owner is None:
            self._open_read(opening)
            return

        def asked(choice: str | None) -> None:
            if choice == "anyway":
                self._open_read(opening)
                return
            file.lock.release()  # only looking (or not at all): the owner is not told it is open
            if choice == "read-only":
                self._start_editing(file, read_only=True, shared_with=holder)

        from bb_tui.tui.dialogs.colleague import ColleagueScreen

        self.push_screen(ColleagueScreen(file.session.participant.name, owner), asked)

    def _open_read(self, opening: Opening) -> None:
        """Go on opening a session just read: ask if another copy of the app has it."""
        file, holder = opening.file, opening.holder
        # A kill mid-save leaves its temp beside the real file, which a symlink may put elsewhere.
        if not opening.read_only:
            remove_stale_temps(resolve_target(file.path).parent)
        if holder is None:
            self._start_editing(file, read_only=opening.read_only)
            return
        from bb_tui.tui.dialogs.in_use import InUseScreen

        def chosen(choice: str | None) -> None:
            if choice == "read-only":
                self._start_editing(file, read_only=True, shared_with=holder)
            elif choice == "anyway":
                self._start_editing(file, shared_with=holder)

        self.push_screen(InUseScreen(file.path, one_line(holder)), chosen)

    def open_created(self, file: SessionFile) -> None:
        """Open a session file that was just created."""
        holder = file.lock.acquire()
        self.warn_opened(file.lock.notices)
        self._start_editing(file, shared_with=holder)

    def warn_opened(self, lines: Iterable[str]) -> None:
        """Planted lock files, a full disk...: one warning each, on opening a session."""
        for line in lines:
            self.notify(
                clean_text(line),
                title="Opened with a warning",
                severity="warning",
                timeout=12,
                markup=False,
            )

    def _start_editing(
        self, file: SessionFile, read_only: bool = False, shared_with: str | None = None
    ) -> None:
        from bb_tui.core.editing import OpenSession, needs_nudge

        self.current = OpenSession(
            file,
            read_only,
            shared_with,
            on_report=lambda report: self.post_message(SaveReported(report)),
        )
        self.guard.watch(self.current)
        if not read_only:  # another account's file renamed over it: say so, keep ours aside
            self._own_file_check = self.set_interval(
                self.OWN_FILE_CHECK, self.current.keep_if_replaced
            )
        self.last_enabler = None
        self._nudged = needs_nudge(file.session, self.framework)
        self._save_failing = False
        for warning in file.session.warnings:
            self.notify(warning, severity="warning", markup=False)
        self._watch_session(shared_with)
        self.push_screen(self.overview_screen())

    # ------------------------------------------------------------ another window, one session

    def _watch_session(self, shared_with: str | None) -> None:
        """Watch the open session's files; tell the window holding it that this one opened it
        too, and say so here (the session bar's second line, never a notification box)."""
        from bb_tui.render.notices import here_too_line
        from bb_tui.tui.runtime.session_watch import SessionChanged, conflict_copies, watch_session

        current = self.current
        if current is None:
            return
        self.window_note, self._copy_noted = None, False
        if shared_with:
            current.tell_holder()
            self.window_note = partial(here_too_line, one_line(shared_with), current.read_only)
        self._visitors = []
        self._copies = conflict_copies(current.path)
        self._session_watch = watch_session(
            current.path, lambda: self.post_message(SessionChanged())
        )

    def on_session_changed(self, _message: SessionChanged) -> None:
        """Another window opened or closed the session, saved it, or kept a conflict copy."""
        from bb_tui.render.notices import copy_line, others_line
        from bb_tui.tui.runtime.session_watch import conflict_copies

        current = self.current
        if current is None:
            return
        visitors = current.file.lock.visitors()
        if visitors != self._visitors and not self._copy_noted:
            self._visitors = visitors
            self.window_note = partial(others_line, visitors) if visitors else None
        copies = conflict_copies(current.path)
        ours = {current.saver.target.name} if current.saver is not None else set()
        new = sorted(copies - self._copies - ours)
        self._copies |= copies
        if new:
            self.window_note = partial(copy_line, shown_path(new[-1]), False)
            self._copy_noted = True
        self._sync_session_bars()
        self._try_take_in(current)

    def _try_take_in(self, current: OpenSession) -> None:
        self.run_worker(self._take_in(current), name="take in", group="take in", exclusive=True)

    async def _take_in(self, current: OpenSession) -> None:
        """Read the file again if another window saved it; show it if nothing here is unsaved.
        A screen's typing not yet handed to the session (its `typing()`) is unsaved too: its
        save follows at once, so this is tried again shortly (never over the typing)."""
        import asyncio

        fresh = await asyncio.to_thread(current.read_if_saved_elsewhere)
        if fresh is None or self.current is not current:
            return
        for screen in self.screen_stack:
            typing = getattr(screen, "typing", None)
            if callable(typing) and typing():
                self.set_timer(self.TYPING_WAIT, partial(self._try_take_in, current))
                return
        if not current.take_in(fresh):
            return
        for screen in self.screen_stack:
            taken_in = getattr(screen, "taken_in", None)
            if callable(taken_in):
                taken_in()
        self._sync_session_bars()

    def overview_screen(self) -> Screen[Any]:
        """The first screen of an open session (a participant's seat has its own)."""
        from bb_tui.tui.screens.participant.overview import OverviewScreen

        return OverviewScreen()

    def close_session(self, then: Callable[[], None]) -> None:
        """Save, release the session and carry on with `then`; ask first if saving fails.

        The save runs in a thread (a file near the size limit is slow to write), the bar saying so
        meanwhile; a second request while it runs only replaces `then` (a quit wins)."""
        current = self.current
        if current is None:
            then()
            return
        self._after_close = then
        if self.saving_to_leave:
            return
        if not current.unsaved:
            self._closed_after_save(current, None)
            return
        self.saving_to_leave = True
        self._sync_session_bars()
        self.run_worker(self._save_then_close(current), name="save before leaving")

    async def _save_then_close(self, current: OpenSession) -> None:
        import asyncio

        try:
            report = await asyncio.to_thread(current.flush_off_ui)
        finally:
            self.saving_to_leave = False
            self._sync_session_bars()
        self._closed_after_save(current, report)

    def _sync_session_bars(self) -> None:
        from bb_tui.tui.widgets.sessionbar import SessionBar

        for screen in self.screen_stack:
            for bar in screen.query(SessionBar):
                bar.sync()

    def _closed_after_save(self, current: OpenSession, report: SaveReport | None) -> None:
        then, self._after_close = self._after_close, None
        if then is None or self.current is not current:
            return
        if report is not None and not report.ok and not report.conflict:
            from bb_tui.tui.dialogs.unsaved import UnsavedScreen

            def chosen(choice: str | None) -> None:
                if choice == "retry":
                    self.close_session(then)
                elif choice == "discard":
                    self._forget_session()
                    then()

            self.push_screen(UnsavedScreen(report.message), chosen)
            return
        self._forget_session()
        then()

    def _forget_session(self) -> None:
        if self._own_file_check is not None:
            self._own_file_check.stop()
            self._own_file_check = None
        if self._session_watch is not None:
            self._session_watch.stop()
            self._session_watch = None
        self.window_note, self._copy_noted = None, False
        if self.current is not None:
            self.current.close()
        self.guard.forget(self.current)
        self.current = None

    @property
    def partnerships(self) -> OpenPartnerships:
        """The partnership documents the panels share: one per sessions folder, guarded on exit."""
        if self._partnerships is None:
            from bb_tui.core.editing import OpenPartnerships

            self._partnerships = OpenPartnerships(
                self.framework, self.guard.watch, self.guard.forget
            )
        return self._partnerships

    def close_partnerships(self, then: Callable[[], None]) -> None:
        """Save and close the open partnership files, then `then`; ask first if saving fails."""
        documents = self._partnerships.documents() if self._partnerships is not None else []
        for document in documents:
            report = document.flush()
            if report is not None and not report.ok and not report.conflict:
                from bb_tui.tui.dialogs.unsaved import UnsavedScreen

                def chosen(choice: str | None) -> None:
                    if choice == "retry":
                        self.close_partnerships(then)
                    elif choice == "discard":
                        self.partnerships.close_all()
                        then()

                self.push_screen(UnsavedScreen(report.message), chosen)
                return
        if self._partnerships is not None:
            self._partnerships.close_all()
        then()

    # ------------------------------------------------------------ after each edit

    def edited(self) -> None:
        """Called by screens after a change: the seed's nudge, shown once per pattern."""
        from bb_tui.core.editing import needs_nudge

        current = self.current
        if current is None:
            return
        nudge = needs_nudge(current.session, self.framework)
        if nudge and not self._nudged:
            remind = getattr(self.screen, "remind", None)  # a line of its own: covers nothing
            if callable(remind):
                from rich.text import Text

                remind(
                    Text(
                        f"! {self.framework.scale.advice} Use the whole scale.",
                        style="bold",
                        no_wrap=True,
                        overflow="ellipsis",
                    )
                )
            else:
                self.notify(
                    self.framework.scale.advice + " Use the whole scale where it fits: "
                    "low and high scores show where to act.",
                    title="A gentle reminder",
                    timeout=10,
                    markup=False,
                )
        self._nudged = nudge

    def on_save_reported(self, message: SaveReported) -> None:
        from bb_tui.tui.widgets.sessionbar import SessionBar

        report = message.report
        if report.conflict:  # the bar's second line says so (and the other window's too)
            from bb_tui.render.notices import copy_line

            self._copies.add(report.path.name)
            window = not report.replaced_by  # else another account's file: not a window
            self.window_note = partial(copy_line, shown_path(report.path.name), True, window)
            self._copy_noted = True
            if not window:  # said once, in full: who put a file in its place
                self.notify(
                    report.message,
                    title="Replaced by someone else",
                    severity="warning",
                    timeout=30,
                    markup=False,
                )
        elif not report.ok:
            if not self._save_failing:
                self.notify(
                    report.message, title="Not saved", severity="error", timeout=30, markup=False
                )
            self._save_failing = True
        elif self._save_failing:
            self._save_failing = False
            self.notify(
                f"Saved {report.path.name} again; nothing was lost.", title="Saved", markup=False
            )
        for bar in self.screen.query(SessionBar):  # others catch up when shown again
            bar.sync()

    def report_read_only(self) -> None:
        current = self.current
        who = f" (open elsewhere: {current.shared_with})" if current and current.shared_with else ""
        self.notify(
            f"This session is open read-only{who}; nothing can be changed here.",
            severity="warning",
            markup=False,
        )

    # ------------------------------------------------------------ end of input, signals

    def hand_over_typing(self) -> None:
        """Hand the focused editor's text that its screen has not yet been told of (its Changed
        still queued) on to be saved, as that Changed would: the guard calls this before saving."""
        if "bb_tui.tui.widgets.editors" not in sys.modules:
            return  # no editor was ever opened: nothing to hand on, and nothing to import
        from textual.widgets import TextArea

        from bb_tui.tui.widgets.editors import CappedTextArea

        area = self.focused
        changed = getattr(self.screen, "on_text_area_changed", None)
        if isinstance(area, CappedTextArea) and area.typing and callable(changed):
            changed(TextArea.Changed(area))

    def input_ended(self, tty: bool) -> None:
        """Called from the input thread when stdin ends (see bb_tui/tui/runtime/driver.py)."""
        if tty:  # the terminal hung up: save and leave without touching it
            self.guard.save_and_exit(HANGUP_EXIT, terminal_alive=False, why="terminal closed")
        else:
            self.post_message(InputEnded())

    def on_input_ended(self, _message: InputEnded) -> None:
        current = self.current
        report = current.flush() if current is not None else None
        if report is not None and not report.ok:
            self.exit_message = f"bb-tui: end of input; {clean_text(report.message)}"
        else:
            self.exit_message = "bb-tui: end of input; exiting" + (
                f" (saved {shown_path(current.path)})" if current is not None else ""
            )
        if current is not None:
            self._forget_session()
        if self._partnerships is not None:
            for failed in self._partnerships.close_all():
                self.exit_message += f"\nbb-tui: {clean_text(failed.message)}"
        self.exit(0)

    # ------------------------------------------------------------ actions

    def action_help(self) -> None:
        from bb_tui.tui.dialogs.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    async def action_quit(self) -> None:
        self.close_session(lambda: self.close_partnerships(lambda: self.exit(0)))

    def action_overview(self) -> None:
        from bb_tui.tui.screens.participant.overview import OverviewScreen

        self._pop_to(OverviewScreen)

    def action_sessions(self) -> None:
        from bb_tui.tui.screens.participant.start import StartScreen

        if self.current is None:
            self._pop_to(StartScreen)
        else:
            self.close_session(lambda: self._pop_to(StartScreen))

    def action_reflections(self, theme_id: str = "") -> None:
        if self.current is None:
            return
        from bb_tui.tui.screens.participant.reflections import ReflectionsScreen

        self.push_screen(ReflectionsScreen(theme_id or None))

    def action_enabler(self, enabler_id: str) -> None:
        """Show one enabler's screen over the overview."""
        if self.current is None:
            return
        from bb_tui.tui.screens.participant.enabler import EnablerScreen
        from bb_tui.tui.screens.participant.overview import OverviewScreen

        self._pop_to(OverviewScreen)
        self.push_screen(EnablerScreen(enabler_id))

    def action_open_screen(self, action_id: str) -> None:
        """Open a registered screen this app's role has, importing its module only now."""
        import importlib

        action = find_action(action_id, self.ROLE)
        if action is None or not action.screen:
            self.notify("Not available here.", severity="warning", markup=False)
            return
        module_name, _, class_name = action.screen.partition(":")
        screen_class = getattr(importlib.import_module(module_name), class_name)
        self.push_screen(screen_class(self.screen_context()))

    def screen_context(self) -> ScreenContext:
        return ScreenContext(
            self.framework,
            self.sessions_dir,
            self.current.path if self.current else None,
            self.ascii,
        )

    def _pop_to(self, screen_type: type) -> None:
        while len(self.screen_stack) > 1 and not isinstance(self.screen, screen_type):
            self.pop_screen()

    # ------------------------------------------------------------ ctrl+p

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        from textual.markup import escape  # framework texts are data, not markup

        for action in self.ACTIONS:
            if action.needs_session and self.current is None:
                continue
            yield SystemCommand(
                escape(action.description),
                escape(action.help),
                partial(self.run_action, action.run),
            )
        if self.current is not None:
            for enabler in self.framework.enablers:
                yield SystemCommand(
                    escape(f"Enabler: {enabler.label}"),
                    escape(enabler.title),
                    partial(self.action_enabler, enabler.id),
                )
        for command in super().get_system_commands(screen):
            if command.title in self.SYSTEM_COMMANDS:
                yield command


def _load_charts() -> None:
    from bb_tui.render.charts import load_plotext  # with the figures it draws: in the thread too

    load_plotext()


def run_app(framework: Framework, args: argparse.Namespace, app_class: type[BBApp] = BBApp) -> int:
    """Run the app for `bb-tui [--sessions DIR]` or `bb-tui score FILE` (`app_class`: a
    participant's seat for `score --confined FILE`); returns the exit code."""
    sessions_dir = Path(args.sessions)
    open_path = getattr(args, "file", None)
    if open_path is not None:
        from bb_tui.core.session import SessionFile

        try:  # a broken file is reported before the screen is taken over
            SessionFile.open(open_path, framework)
        except BBError as exc:
            print(f"bb-tui: {exc.line()}", file=sys.stderr)
            return 1
    remove_stale_temps(sessions_dir)  # a named file's folder is cleaned when it opens
    from bb_tui.tui.runtime.driver import terminal_restorer

    guard = ExitGuard()
    guard.restore_terminal = terminal_restorer()  # on SIGTERM, without Textual's writer thread
    guard.install()
    app = app_class(
        framework, sessions_dir, open_path, ascii=getattr(args, "ascii", False), guard=guard
    )
    try:
        app.run()
    finally:
        if app.current is not None:  # e.g. the app crashed: still save what we can
            report = app.current.flush()
            if report is not None and not report.ok:
                print(f"bb-tui: {clean_text(report.message)}", file=sys.stderr)
            app.current.close()
        if app._partnerships is not None:
            for failed in app._partnerships.close_all():
                print(f"bb-tui: {clean_text(failed.message)}", file=sys.stderr)
        guard.uninstall()
    if app.exit_message:
        print(app.exit_message, file=sys.stderr)
    return app.return_code or 0
