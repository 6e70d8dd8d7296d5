"""Walk every key and every ctrl+p command of every screen an app reaches, checking after each
step what it built and showed, what it imported and what it wrote (issue 17: a participant's
seat has no route out of its one session).

The keys are each screen's active bindings and the commands are what its palette lists, both
read from the running app (again after every step, as focus moves), so a key or a command added
later is walked too. A step that leaves the screen is undone before the next: the screens it
pushed are popped, or the route is replayed, from a fresh app if need be. The app's own ctrl+p
commands, listed alike over every screen, are run from the start screen's walk only.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import os
import sys
from collections.abc import Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from textual.binding import Binding
from textual.command import Command, CommandList, CommandPalette
from textual.keys import key_to_character
from textual.screen import Screen

from bb_tui.core.session import SessionFile, session_to_dict
from tests.support.piloting import post_key, run_test, wait_until, workers_done

# Everything a participant's seat may show, as the issue lists it (not read from the code):
# overview, enabler, dig deeper, evidence, reflections, profile, help; the dialogs about this
# session (open elsewhere, not saved); the seat's floor; ctrl+p.
SEAT_SCREENS = frozenset(
    {
        "bb_tui.tui.confined:SeatFloor",
        "bb_tui.tui.screens.participant.overview:SeatOverviewScreen",
        "bb_tui.tui.screens.participant.enabler:EnablerScreen",
        "bb_tui.tui.screens.participant.dig_deeper:IndicatorScreen",
        "bb_tui.tui.screens.participant.evidence:EvidenceScreen",
        "bb_tui.tui.screens.participant.reflections:ReflectionsScreen",
        "bb_tui.tui.dialogs.profile:ProfileScreen",
        "bb_tui.tui.dialogs.help:HelpScreen",
        "bb_tui.tui.dialogs.in_use:InUseScreen",
        "bb_tui.tui.dialogs.unsaved:UnsavedScreen",
        "textual.command:CommandPalette",
    }
)
# What a seat must never import: the group screens and panels, the sessions list, and the
# dialogs that open, create or export another file.
FORBIDDEN_MODULES = (
    "bb_tui.tui.screens.group",
    "bb_tui.tui.screens.participant.start",
    "bb_tui.tui.dialogs.colleague",
    "bb_tui.tui.dialogs.new_session",
    "bb_tui.tui.dialogs.export_dialog",
    "bb_tui.tui.dialogs.create_partnership",
    "bb_tui.tui.dialogs.read_all",
)
PALETTE = "textual.command:CommandPalette"
PALETTE_KEY = "ctrl+p"

Step = tuple[str, str]  # ("key", "f4"), ("command", "Results") or ("resize", "70x20")


def screen_name(screen: object) -> str:
    kind = type(screen)
    return f"{kind.__module__}:{kind.__qualname__}"


def forbidden(module: str) -> bool:
    return any(module == f or module.startswith(f + ".") for f in FORBIDDEN_MODULES)


def seat_commands(framework) -> frozenset[str]:
    """The ctrl+p commands a seat may offer: its own screens, help, quit, the theme."""
    enablers = {f"Enabler: {e.label}" for e in framework.enablers}
    return frozenset({"Help", "Quit", "Overview", "Reflections", "Theme"} | enablers)


def call_of(command: Callable[[], object], app: object) -> tuple | None:
    """(method, arguments) for a command that calls a method of `app` (as a partial or not),
    comparable between apps of one class; None for any other callable (a screen's, a closure)."""
    args: tuple = ()
    keywords: dict = {}
    while isinstance(command, partial):
        args, keywords = (*command.args, *args), {**command.keywords, **keywords}
        command = command.func
    if getattr(command, "__self__", None) is not app:
        return None
    return (getattr(command, "__func__", command), args, tuple(sorted(keywords.items())))


def named(command: Callable[[], object]) -> str:
    """What a command calls, in words: its function and arguments."""
    args: tuple = ()
    while isinstance(command, partial):
        args, command = (*command.args, *args), command.func
    name = getattr(command, "__qualname__", type(command).__qualname__)
    return f"{name}{args!r}" if args else name


class _Recorder(importlib.abc.MetaPathFinder):
    """Notes every import of a forbidden module, then lets the import go on as usual."""

    def __init__(self, seen: list[str]) -> None:
        self.seen = seen

    def find_spec(self, name, path=None, target=None):
        if forbidden(name):
            self.seen.append(name)
        return None


def snapshot(folders: list[Path]) -> dict[str, tuple]:
    """Every file and folder under `folders`: mode and owner; for a file, size, time and hash."""
    state: dict[str, tuple] = {}
    for folder in folders:
        for root, dirs, files in os.walk(folder):
            for name in dirs + files:
                path = os.path.join(root, name)
                try:  # a save's temp file may be renamed away while we look: it is not left
                    st = os.lstat(path)
                    if name in dirs:  # a folder's times change with its own files' saves
                        state[path] = (st.st_mode, st.st_uid)
                        continue
                    digest = ""
                    if os.path.isfile(path) and not os.path.islink(path):
                        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
                except FileNotFoundError:
                    continue
                state[path] = (st.st_mode, st.st_uid, st.st_size, st.st_mtime_ns, digest)
    return state


class Watch:
    """From its making to the test's end: the screens built, the forbidden modules imported
    (those already imported are forgotten for the test, so a new import is seen) and the
    files under `folders` (the sessions folder, the cwd, $HOME)."""

    def __init__(self, monkeypatch, folders: list[Path]) -> None:
        self.folders = folders
        self.built: list[str] = []
        self.imported: list[str] = []
        for name in sorted(sys.modules, reverse=True):
            if forbidden(name):
                monkeypatch.delitem(sys.modules, name)
                parent, _, child = name.rpartition(".")
                if not forbidden(parent) and hasattr(sys.modules.get(parent), child):
                    monkeypatch.delattr(sys.modules[parent], child)
        monkeypatch.setattr(sys, "meta_path", [_Recorder(self.imported), *sys.meta_path])
        real_init = Screen.__init__

        def init(screen, *args, **kwargs):
            self.built.append(screen_name(screen))
            real_init(screen, *args, **kwargs)

        monkeypatch.setattr(Screen, "__init__", init)


def own_file(path: str, own: Path) -> bool:
    """The seat's session file, or one of its own lock and temp files beside it."""
    p = Path(path)
    return p == own or (p.parent == own.parent and p.name.startswith(f".{own.name}."))


@dataclass
class Walk:
    """Walk the screen a route leads to, in an app built by `build` whose session file is
    `own`. Findings keep the first step to each problem, by (kind, what): "shown" (on top) or
    "built" (a screen not `allowed`), "import" (a forbidden module), "file" (changed, not the session's),
    "command" (listed by ctrl+p, not in `commands`), "unsaved" (the app ended, edits unsaved)."""

    build: Callable[[], object]
    own: Path
    watch: Watch
    allowed: frozenset[str] = SEAT_SCREENS
    commands: frozenset[str] = frozenset()
    size: tuple[int, int] = (80, 24)
    must_save: bool = True  # an app that ends must have saved its session
    run_commands: bool = True  # run each command ctrl+p lists (else only check the list)
    findings: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    walked: str = ""  # the screen walked
    reached: dict[str, tuple[str, ...]] = field(default_factory=dict)  # screens steps showed
    steps: int = 0  # keys and commands tried
    endings: int = 0  # steps that ended the app (each checked saved)
    app: object = None
    pilot: object = None
    route: tuple[Step, ...] = ()  # to the screen walked
    listed: list[str] = field(default_factory=list)  # the commands ctrl+p lists here
    listed_calls: dict[str, tuple | None] = field(default_factory=dict)  # and their calls
    run_here: list[str] = field(default_factory=list)  # and those run here
    left_to_start: list[str] = field(default_factory=list)  # and those the start screen's walk runs
    start_calls: set[tuple] | None = None  # the app's own commands at the start, as calls
    _stack: AsyncExitStack | None = None
    _stacks: list[list[str]] = field(default_factory=list)
    _commands: dict[str, Callable[[], object]] = field(default_factory=dict)
    _commands_of: object = None  # the app the commands were read from
    _enders: set[Step] = field(default_factory=set)  # steps that ended the app

    # ------------------------------------------------------------ the walk

    async def run(self, route: tuple[Step, ...] = ()) -> dict[tuple[str, str], tuple[str, ...]]:
        """Every key and command of the screen `route` leads to, each from that screen.

        A command that calls one of the app's own commands at the start screen (the same method
        of the app with the same arguments, from `get_system_commands`) does there what it does
        here: it is left to the walk of the start screen (route ()), which runs every command its
        palette lists (and its test checks they are the app's own). Any other command is run
        here. ctrl+p is tried first (its palette lists the commands), the app's own keys last and
        steps that ended the app after all others, so the app restarts only when a second step
        ends it."""
        self.route = route
        try:
            await self._restart(route)
            home = self._names()
            self.walked = home[-1]
            done: set[Step] = set()
            while True:
                await self._restore(route, home)
                todo = [step for step in self._todo() if step not in done]
                if not todo:
                    break
                step = min(todo, key=lambda step: step in self._enders)  # enders last
                done.add(step)
                await self._checked(route, step)
                self.steps += 1
                if not self._running():
                    self._enders.add(step)
                    if all(later in done for later in todo):
                        break  # that was the last: no restart to walk nothing
                    continue
                self.reached.setdefault(self._names()[-1], (*route, step))
                if step == ("key", PALETTE_KEY) and self.walked != PALETTE:
                    await self._read_commands((*route, step))
        finally:
            await self._stop()
        return self.findings

    def _todo(self) -> list[Step]:
        """ctrl+p, the screen's keys, the commands to run here, then the app's own keys."""
        app_keys = [b.key for b in Binding.make_bindings(type(self.app).BINDINGS)]
        keys = self._keys()
        ordered = [PALETTE_KEY, *(k for k in keys if k not in app_keys)]
        steps = [("key", k) for k in dict.fromkeys(ordered)]
        steps += [("command", title) for title in self.run_here]
        steps += [("key", k) for k in keys if k in app_keys and k != PALETTE_KEY]
        return steps

    async def _read_commands(self, route: tuple[Step, ...]) -> None:
        """The commands the palette just opened lists: any the seat should not have is a
        finding; those not the start screen's own are to be run here."""
        if not isinstance(self.app.screen, CommandPalette):
            return  # ctrl+p opens no palette here (over a dialog)
        listed = self._listed(await self._command_list())
        where = tuple(f"{k} {v}" for k, v in route)
        for label in listed:
            if self.commands and label.split(" (")[0] not in self.commands:
                self._found(where, "command", label)
        self._commands = {title: option.hit.command for title, option in listed.items()}
        self._commands_of = self.app
        self.listed = list(listed)
        if not self.run_commands:
            return
        self.listed_calls = {t: call_of(command, self.app) for t, command in self._commands.items()}
        at_start = self.start_calls if self.route else set()
        self.left_to_start = [t for t, call in self.listed_calls.items() if call in at_start]
        self.run_here = [title for title in listed if title not in self.left_to_start]

    async def try_route(self, route: tuple[Step, ...]) -> dict[tuple[str, str], tuple[str, ...]]:
        """Take one route from a fresh app, checking every step."""
        try:
            await self._restart(())
            for n, step in enumerate(route):
                await self._checked(route[:n], step)
        finally:
            await self._stop()
        return self.findings

    async def _checked(self, route, step: Step) -> None:
        where = (*(f"{k} {v}" for k, v in route), f"{step[0]} {step[1]}")
        before = snapshot(self.watch.folders)
        built, imported = len(self.watch.built), len(self.watch.imported)
        opened = self.app.current
        await self._do(step)
        self._check(where, before, built, imported)
        if not self._running():
            self.endings += 1
            if self.must_save and opened is not None and not opened.read_only:
                on_disk = SessionFile.open(self.own, self.app.framework).session
                framework = self.app.framework
                if session_to_dict(on_disk, framework) != session_to_dict(
                    opened.session, framework
                ):
                    self._found(where, "unsaved", str(self.own))

    # ------------------------------------------------------------ checks

    def _found(self, where: tuple[str, ...], kind: str, what: str) -> None:
        self.findings.setdefault((kind, what), where)

    def _check(self, where, before, built: int, imported: int) -> None:
        for name in self.watch.built[built:]:
            if name not in self.allowed:
                self._found(where, "built", name)
        if self._running() and self._names()[-1] not in self.allowed:
            self._found(where, "shown", self._names()[-1])
        for name in self.watch.imported[imported:]:
            self._found(where, "import", name)
        after = snapshot(self.watch.folders)
        for path in sorted(set(before) | set(after)):
            if before.get(path) != after.get(path) and not own_file(path, self.own):
                self._found(where, "file", path)

    # ------------------------------------------------------------ driving the app

    def _running(self) -> bool:
        return self.app is not None and self.app.is_running and self.app.return_code is None

    def _names(self) -> list[str]:
        return [screen_name(s) for s in self.app.screen_stack]

    def _keys(self) -> list[str]:
        """The screen's active keys, and the app's own (some work over a dialog, unlisted)."""
        app_keys = [b.key for b in Binding.make_bindings(type(self.app).BINDINGS)]
        return list(dict.fromkeys([*self.app.screen.active_bindings, *app_keys, PALETTE_KEY]))

    async def _settle(self, pause: bool = True) -> None:
        """The step's work done: its workers (files read, saves before leaving) and their screens."""
        if pause and self._running():
            await self.pilot.pause()
        while self._running() and any(w.is_running for w in self.app.workers):
            await workers_done(self.app)
            await self.pilot.pause()

    async def _do(self, step: Step) -> None:
        """Press the key; run the command as the palette does (its own callable, once the
        palette has closed, read from the palette over this screen once per app); or resize
        the terminal to "WxH"."""
        kind, value = step
        if kind == "key":
            await self._press(value)
            return
        if kind == "resize":
            width, _, height = value.partition("x")
            await self.pilot.resize_terminal(int(width), int(height))
        elif kind == "command":
            if self._commands_of is not self.app or value not in self._commands:
                command_list = await self._open_palette()
                assert command_list is not None, f"no ctrl+p over {self._names()}"
                listed = self._listed(command_list)
                self._commands = {title: option.hit.command for title, option in listed.items()}
                self._commands_of = self.app
                await self.pilot.press("escape")
                await self._settle()
            self.app.call_later(self._commands[value])
        else:
            raise ValueError(f"no such step: {step}")
        await self._settle()

    async def _press(self, key: str) -> None:
        """The key as `pilot.press` sends it, then the app's work on it done: its messages, then
        idle (`pilot.pause`), then its workers (pilot.press waits for idle twice)."""
        post_key(self.app, key, key_to_character(key))
        await self._settle()

    async def _open_palette(self) -> CommandList | None:
        """ctrl+p's list of commands, or None where ctrl+p opens no palette (over a dialog)."""
        await self._press(PALETTE_KEY)
        if not isinstance(self.app.screen, CommandPalette):
            return None
        return await self._command_list()

    async def _command_list(self) -> CommandList:
        """The list of the palette shown, once every provider has given its commands: the
        palette marks itself "-ready" then (its list fills in batches meanwhile, so a count
        alone can miss a slower provider's commands, such as a screen's own)."""
        palette = self.app.screen
        command_list = palette.query_one(CommandList)
        if not await wait_until(
            self.pilot, lambda: palette.has_class("-ready") and command_list.option_count
        ):
            raise AssertionError(f"ctrl+p listed no command over {self._names()}")
        return command_list

    @staticmethod
    def _listed(command_list: CommandList) -> dict[str, Command]:
        """The palette's commands by title; two of one title each by title and what it calls
        (else one would hide the other)."""
        options = [command_list.get_option_at_index(i) for i in range(command_list.option_count)]
        titles = [str(option.prompt).split("\n")[0] for option in options]
        listed: dict[str, Command] = {}
        for title, option in zip(titles, options, strict=True):
            label = title if titles.count(title) == 1 else f"{title} ({named(option.hit.command)})"
            while label in listed:
                label += "'"
            listed[label] = option
        return listed

    async def _restore(self, route, home: list[str]) -> None:
        """Back to the screen being walked: pop what the step pushed, or replay the route."""
        for _ in range(8):
            if not self._running():
                break
            names = self._names()
            if names == home:
                return
            # The deepest point of the route still under the screens shown: pop down to it,
            # then take the rest of the route again.
            at = max(
                (k for k, stack in enumerate(self._stacks) if names[: len(stack)] == stack),
                default=None,
            )
            if at is None:
                break
            while self._running() and len(self._names()) > len(self._stacks[at]):
                await self.app.pop_screen()
            for step in route[at:]:
                await self._do(step)
        await self._restart(route)

    async def _restart(self, route) -> None:
        await self._stop()
        before = snapshot(self.watch.folders)
        built, imported = len(self.watch.built), len(self.watch.imported)
        self.app = self.build()
        self._stack = AsyncExitStack()
        self.pilot = await self._stack.enter_async_context(run_test(self.app, size=self.size))
        await self._settle()
        self._check(("start",), before, built, imported)
        if self.start_calls is None:
            self._read_start_calls()
        self._stacks = [self._names()]
        for step in route:
            await self._do(step)
            self._stacks.append(self._names() if self._running() else [])

    def _read_start_calls(self) -> None:
        """The app's own commands at the start screen, as calls (see `run`)."""
        self.start_calls = {
            call
            for command in self.app.get_system_commands(self.app.screen)
            if (call := call_of(command.callback, self.app)) is not None
        }

    async def _stop(self) -> None:
        """End the app as `run_app` does: its session saved and closed."""
        if self._stack is not None:
            await self._stack.aclose()
            self._stack = None
        if self.app is not None and self.app.current is not None:
            self.app.current.flush()
            self.app.current.close()
