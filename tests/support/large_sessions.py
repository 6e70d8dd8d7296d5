"""Session files as large as the loader accepts, for the large-file tests and benchmark.

Each case copies a demo session and fills its notes to just under the text limit
(tomlio.MAX_TEXT_CHARS); "cjk" fills every note, the role and the organisation in 3- and 4-byte
characters, until the file is just under tomlio.MAX_FILE_BYTES. `over_limit` makes files refused.
"""

from __future__ import annotations

from pathlib import Path

from bb_tui.core.framework import Framework
from bb_tui.core.session import Session, dump_session, load_session
from bb_tui.storage.tomlio import MAX_FILE_BYTES, MAX_TEXT_CHARS

WHO = "joanne-hallett.toml"  # the demo participant made large
LONG_ENABLER = "leadership"  # the first enabler: the overview's cursor passes it
NOTE = MAX_TEXT_CHARS - 10  # characters in each filled note: just under the limit
CJK = "早期教育の統合は家族を支える。我们一起努力。🙂👶🏽🏫📚 "
CASES = ("evidence-one", "evidence-all", "reflections", "cjk", "long-line")


def lines_text(size: int, tag: str = "evidence") -> str:
    """Numbered lines of plain ASCII, `size` characters or just under."""
    out, total, n = [], 0, 0
    while True:
        n += 1
        line = f"{tag} line {n:05d}: the team met and agreed next steps"
        if total + len(line) + 1 > size:
            return "\n".join(out)
        out.append(line)
        total += len(line) + 1


def cjk_text(size: int, lines: bool = True) -> str:
    """CJK and emoji (3 and 4 bytes each), in lines of about 56 characters unless not `lines`;
    `size` characters or just under."""
    unit = CJK * 2 + ("\n" if lines else " ")
    return (unit * (size // len(unit))).strip()


def one_line_text(size: int) -> str:
    return ("one long line without a break " * (size // 30 + 1))[:size].strip()


def _fill(session: Session, framework: Framework, case: str) -> None:
    evidence, reflections = session.evidence, session.reflections
    if case == "evidence-one":
        evidence[LONG_ENABLER] = lines_text(NOTE)
    elif case == "evidence-all":
        for enabler in framework.enablers:
            evidence[enabler.id] = lines_text(NOTE, enabler.id)
    elif case == "reflections":
        for theme in framework.themes:
            reflections[theme.id] = lines_text(NOTE, theme.id)
    elif case == "cjk":
        for enabler in framework.enablers:
            evidence[enabler.id] = cjk_text(NOTE)
        for theme in framework.themes:
            reflections[theme.id] = cjk_text(NOTE)
        session.participant.role = cjk_text(NOTE, lines=False)
        room = MAX_FILE_BYTES - 1024 - len(dump_session(session, framework))  # in bytes
        session.participant.organisation = cjk_text(min(NOTE, int(room / 3.1)), lines=False)
    elif case == "long-line":
        for enabler in framework.enablers:
            evidence[enabler.id] = one_line_text(NOTE)
    else:
        raise ValueError(case)


def make_large(folder: Path, framework: Framework, case: str) -> Path:
    """Rewrite folder/WHO as the named large case; returns its path."""
    path = folder / WHO
    session = load_session(path, framework)
    _fill(session, framework, case)
    data = dump_session(session, framework)
    assert len(data) <= MAX_FILE_BYTES, (case, len(data))
    path.write_bytes(data)
    load_session(path, framework)  # the loader accepts it
    return path


def over_limit(folder: Path, framework: Framework, what: str) -> Path:
    """Rewrite folder/WHO just past a limit: "text" (leadership's evidence one character over
    MAX_TEXT_CHARS) or "size" (every field within the limit, and an unknown key taking the file
    over MAX_FILE_BYTES)."""
    path = folder / WHO
    session = load_session(path, framework)
    if what == "text":
        session.evidence[LONG_ENABLER] = "x" * (MAX_TEXT_CHARS + 1)
    elif what == "size":
        _fill(session, framework, "cjk")
        session.extra["attachment"] = "x" * (MAX_FILE_BYTES - len(dump_session(session)))
    else:
        raise ValueError(what)
    data = dump_session(session, framework)
    assert (len(data) > MAX_FILE_BYTES) == (what == "size"), (what, len(data))
    path.write_bytes(data)
    return path
