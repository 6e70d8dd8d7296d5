"""Session files as large as the loader accepts, for the large-file tests and benchmark.

Each case copies a demo session and fills its texts until the file is just under
tomlio.MAX_FILE_BYTES; the result loads like any other session.
"""

from __future__ import annotations

from pathlib import Path

from bb_tui.core.framework import Framework
from bb_tui.core.session import dump_session, load_session
from bb_tui.storage.tomlio import MAX_FILE_BYTES

WHO = "joanne-hallett.toml"  # the demo participant made large
LONG_ENABLER = "leadership"  # the first enabler: the overview's cursor passes it
BUDGET = MAX_FILE_BYTES - 24 * 1024  # room for the rest of the session
CJK = "早期教育の統合は家族を支える。我们一起努力。🙂👶🏽🏫📚 "
CASES = ("evidence-one", "evidence-all", "reflections", "cjk", "long-line")


def lines_text(size: int, tag: str = "evidence") -> str:
    """Numbered lines of plain ASCII, `size` bytes or just under."""
    out, total, n = [], 0, 0
    while True:
        n += 1
        line = f"{tag} line {n:06d}: the team met and agreed next steps"
        if total + len(line) + 1 > size:
            return "\n".join(out)
        out.append(line)
        total += len(line) + 1


def cjk_text(size: int) -> str:
    """CJK and emoji (3 and 4 bytes each) in lines of about 40 characters, `size` bytes or under."""
    unit = CJK * 2 + "\n"
    count = size // len(unit.encode())
    return (unit * count).rstrip("\n")


def one_line_text(size: int) -> str:
    return ("one long line without a break " * (size // 30 + 1))[:size].strip()


def make_large(folder: Path, framework: Framework, case: str) -> Path:
    """Rewrite folder/WHO as the named large case; returns its path."""
    path = folder / WHO
    session = load_session(path, framework)
    if case == "evidence-one":
        session.evidence[LONG_ENABLER] = lines_text(BUDGET)
    elif case == "evidence-all":
        share = BUDGET // len(framework.enablers)
        for enabler in framework.enablers:
            session.evidence[enabler.id] = lines_text(share, enabler.id)
    elif case == "reflections":
        share = BUDGET // len(framework.themes)
        for theme in framework.themes:
            session.reflections[theme.id] = lines_text(share, theme.id)
    elif case == "cjk":
        # TOML escapes nothing here, but the budget leaves room for what it quotes
        session.evidence[LONG_ENABLER] = cjk_text(BUDGET)
    elif case == "long-line":
        session.evidence[LONG_ENABLER] = one_line_text(BUDGET)
    else:
        raise ValueError(case)
    data = dump_session(session, framework)
    assert len(data) <= MAX_FILE_BYTES, (case, len(data))
    path.write_bytes(data)
    load_session(path, framework)  # the loader accepts it
    return path
