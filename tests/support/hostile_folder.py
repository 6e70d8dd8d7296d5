"""A sessions folder whose text is hostile but valid: markup, escape sequences, bidi overrides
and 10,000-character strings in every field someone else writes (sessions and the partnership
file), beside the ten demo participants. Shared by the Pilot and the real-pty tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import tomli_w

from bb_tui.core.framework import Framework
from bb_tui.storage.textsafe import clean_text, one_line

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "sessions" / "demo"
FRAMEWORK_ID = "beyond-boundaries-london-2022"

ESC, BEL, CSI8, RLO, PDF = "\x1b", "\x07", "\x9b", "\u202e", "\u202c"
# Sequences a terminal would act on if they reached it; each is followed by a marker word.
OSC52 = f"{ESC}]52;c;SGVsbG8={BEL}"  # write to the clipboard
TITLE = f"{ESC}]0;pwned-title{BEL}"  # set the window title
QUERY = f"{ESC}[6n"  # ask the terminal to type its cursor position
CLEAR = f"{CSI8}2J"  # C1 CSI: clear the screen

NAMES = [
    f"[/b]Ann [TODO] {ESC}[31m[/ {RLO}evil{PDF} [@click=app.quit]x",
    "Zed " + "N" * 9996,  # a 10,000-character name
    f"{TITLE}Bo [bold]not bold[/bold] \\[ {CLEAR}",
]
ORGANISATION = f"{OSC52}Org [@click=app.quit]q [/] {RLO}gro"  # shared: a subgroup of three
ROLE = f"[i]Lead[/i] {QUERY}"
EVIDENCE = f"Evidence [/] [link=https://x]y[/link] {QUERY}{OSC52} \\ {RLO}txet " + "e" * 10_000
REFLECTION = f"[@click=app.quit]quit {CLEAR}{TITLE}" + "r" * 10_000

# partnership notes are limited to 4,000 characters
P_NAME = f"[b]Partners[/b] {TITLE}"
P_ROUND = f"[/]Round {RLO}9{PDF} {CLEAR}"
P_NOTE = f"Note [@click=app.quit]q {OSC52}[/b] " + "n" * 3_900
P_WHAT = f"[red]Act[/red] {QUERY}[@click=app.quit]x"
P_OWNER = f"[/]Owner {RLO}xx {TITLE}"


def shown_line(text: str) -> str:
    """What a single-line field should look like on screen."""
    return one_line(text)


def shown_text(text: str) -> str:
    return clean_text(text).strip()


def write_session(folder: Path, stem: str, name: str, framework: Framework) -> Path:
    path = folder / f"{stem}.toml"
    doc = {
        "format": "bb-session",
        "format_version": 1,
        "framework": FRAMEWORK_ID,
        "participant": {
            "name": name,
            "organisation": ORGANISATION,
            "role": ROLE,
            "level": "strategic",
        },
        "scores": {e.id: 1 + n % 5 for n, e in enumerate(framework.enablers) if e.id != "locality"},
        "evidence": {e.id: EVIDENCE for e in framework.enablers},
        "reflections": {t.id: REFLECTION for t in framework.themes},
    }
    path.write_text(tomli_w.dumps(doc), "utf-8")
    return path


def write_partnership(folder: Path, framework: Framework) -> Path:
    path = folder / "partnership.toml"
    doc = {
        "format": "bb-partnership",
        "format_version": 1,
        "framework": FRAMEWORK_ID,
        "name": P_NAME,
        "round": P_ROUND,
        "spectrum": {"model": framework.spectrum[0].id, "note": P_NOTE},
        "challenges": {
            c.id: {"in_play": True, "response": "change", "note": P_NOTE}
            for c in framework.challenges
        },
        "actions": [
            {"what": P_WHAT, "owner": P_OWNER, "enabler": e.id, "status": "in progress"}
            for e in framework.enablers
        ],
    }
    path.write_text(tomli_w.dumps(doc), "utf-8")
    return path


def make_folder(folder: Path, framework: Framework) -> list[Path]:
    """The demo sessions, three hostile sessions and a hostile partnership file in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in DEMO.glob("*.toml"):
        if path.name != "partnership.toml":
            shutil.copy2(path, folder / path.name)
    write_partnership(folder, framework)
    return [
        write_session(folder, f"hostile-{n}", name, framework)
        for n, name in enumerate(NAMES, start=1)
    ]
