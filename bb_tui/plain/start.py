"""Start a session in plain mode: choose yours, or a new one (name, organisation, level,
sector); a returning person is found and offered their own file, as the app does."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bb_tui.core.editing import OpenSession, load_for_editing
from bb_tui.core.framework import Framework
from bb_tui.core.listing import Entry, find_person, list_sessions, same_person
from bb_tui.core.session import NAME_MAX, ORGANISATION_MAX, SessionFile, new_session
from bb_tui.plain.lines import Back, Lines
from bb_tui.render import plain as words
from bb_tui.render.plain_group import FACILITATOR_ENTRY
from bb_tui.storage.errors import BBError, shown_path
from bb_tui.storage.safesave import owner_if_other, remove_stale_temps, resolve_target


def choose_session(
    lines: Lines,
    folder: Path,
    framework: Framework,
    facilitate: Callable[[], None] | None = None,
) -> OpenSession | None:
    """Ask until a session is open; None when the person leaves without one. With `facilitate`,
    the list's last choice is the facilitator's menu for the folder (back returns here)."""
    while True:
        lines.say(words.LONG_WORK_STARTS)
        entries, broken = _listing(folder, framework)
        lines.say(words.LONG_WORK_ENDS, words.folder_line(str(folder), len(entries), broken))
        labels = [
            words.session_label(e.session, framework, shown_path(e.path.name)) for e in entries
        ]
        choices = words.start_choices(labels)
        if facilitate is not None:
            choices.append(FACILITATOR_ENTRY)
        try:
            index = lines.choose("Sessions", choices, back=False)
        except Back:  # pragma: no cover - back is not offered here
            continue
        if facilitate is not None and index == len(choices) - 1:
            facilitate()
            continue
        if index == 0:
            opened = _new(lines, folder, framework, entries)
        else:
            opened = open_path(lines, entries[index - 1].path, framework)
        if opened is not None:
            return opened


def _listing(folder: Path, framework: Framework) -> tuple[list[Entry], int]:
    if not folder.is_dir():
        return [], 0
    listing = list_sessions(folder, framework)
    return list(listing.sessions), len(listing.broken)


def _new(
    lines: Lines, folder: Path, framework: Framework, entries: list[Entry]
) -> OpenSession | None:
    name = ""
    while not name:
        name = lines.ask_short(words.NAME_PROMPT, "A name", NAME_MAX)
        if not name:
            lines.say(words.NAME_REQUIRED)
    organisation = lines.ask_short(words.ORGANISATION_PROMPT, "An organisation", ORGANISATION_MAX)
    try:
        level = words.LEVEL_CHOICES[
            lines.choose(words.LEVEL_QUESTION, [label for _, label in words.LEVEL_CHOICES])
        ][0]
        sectors = words.sector_choices(framework)
        sector = sectors[lines.choose(words.SECTOR_QUESTION, [label for _, label in sectors])][0]
        existing = find_person(entries, name, organisation)
        second = False
        if existing:
            same = same_person(existing)
            counted = same[existing[0].path].counted if same else existing[0].path
            done = next(e for e in existing if e.path == counted).session.progress(framework)[0]
            theirs = f"{shown_path(counted.name)} ({done}/{len(framework.enablers)} enablers)"
            lines.say(words.clash_line(name, organisation, len(existing), theirs))
            lines.say(f"Open it, or create a second file: {words.TWO_FILES}")
            choice = lines.choose("What now", words.RETURNING_CHOICES)
            if choice == 0:
                return open_path(lines, counted, framework)
            if choice == 2:
                return None
            second = True
    except Back:
        return None
    try:
        file = SessionFile.create(
            folder, new_session(framework, name, organisation, level, sector=sector), framework
        )
    except (BBError, OSError) as exc:
        lines.say(exc.line() if isinstance(exc, BBError) else f"cannot create: {exc}")
        return None
    if second:
        lines.say(f"A second file for {name}: {file.path.name}. {words.TWO_FILES.capitalize()}")
    holder = file.lock.acquire()
    lines.say(*file.lock.notices)
    return OpenSession(file, shared_with=holder)


def open_path(lines: Lines, path: Path, framework: Framework) -> OpenSession | None:
    """Open a session as the app does: its lock, a colleague's file and a planted link asked about."""
    try:
        opening = load_for_editing(path, framework)
    except BBError as exc:
        lines.say(exc.line())
        return None
    file = opening.file
    lines.say(*opening.notices)
    owner = None if opening.read_only else owner_if_other(path)
    try:
        if owner is not None:
            lines.say(words.colleague_line(file.session.participant.name, owner))
            choice = lines.choose("What now", words.COLLEAGUE_CHOICES)
            if choice != 1:
                file.lock.release()
                return None if choice == 2 else _read_only(lines, file, opening.holder)
        if opening.holder is not None:
            lines.say(words.in_use_line(shown_path(path.name), opening.holder))
            choice = lines.choose("What now", words.IN_USE_CHOICES)
            if choice != 1:
                file.lock.release()
                return None if choice == 2 else _read_only(lines, file, opening.holder)
    except Back:
        file.lock.release()
        return None
    if opening.read_only:
        return _read_only(lines, file, None)
    remove_stale_temps(resolve_target(file.path).parent)
    lines.say(*file.session.warnings)
    return OpenSession(file, shared_with=opening.holder)


def _read_only(lines: Lines, file: SessionFile, holder: str | None) -> OpenSession:
    lines.say(words.READ_ONLY)
    return OpenSession(file, read_only=True, shared_with=holder)
