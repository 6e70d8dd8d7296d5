"""How a score, a skip or "not scored" looks: always readable without colour."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding, BindingType

from bb_tui.core.session import SKIPPED
from bb_tui.tui.glyphs import marks


def score_bar(score: int, top: int = 5) -> str:
    """`4` -> "■■■■□": the value as a shape, not a colour."""
    shown = marks()
    return shown.full * score + shown.empty * max(top - score, 0)


def state_text(state: int | str | None, top: int = 5, bar: bool = True) -> Text:
    """A score as "4 ■■■■□", a skip as "skipped", nothing as "– not scored"."""
    if state == SKIPPED:
        return Text("skipped", style="italic")
    if state is None:
        return Text(f"{marks().dash} not scored", style="dim")
    text = Text(str(state), style="bold")
    if bar:
        text.append(" " + score_bar(int(state), top))
    return text


def short_state(state: int | str | None) -> Text:
    """A three-character state for narrow columns: " 4 ", "skp", " – "."""
    if state == SKIPPED:
        return Text("skp", style="italic")
    if state is None:
        return Text(f" {marks().dash} ", style="dim")
    return Text(f" {state} ", style="bold")


def cells(*columns: tuple[Text | str, int], gap: int = 2) -> Text:
    """Literal text cells laid out in fixed widths (too long: cut with an ellipsis)."""
    line = Text(no_wrap=True, overflow="ellipsis")
    for n, (value, width) in enumerate(columns):
        cell = value.copy() if isinstance(value, Text) else Text(value)
        cell.truncate(width, overflow="ellipsis", pad=n < len(columns) - 1)
        line.append_text(cell)
        if n < len(columns) - 1:
            line.append(" " * gap)
    return line


def score_bindings(prefix: str) -> list[BindingType]:
    """Digits score, 0 or s skips, backspace clears: the same on every scoring screen."""
    bindings: list[BindingType] = [
        Binding(
            str(n),
            f"score({n})",
            "Score",
            id=f"{prefix}.score{n}",
            tooltip=f"Score {n}",
            show=n == 1,
            key_display="1-5",
        )
        for n in range(1, 10)
    ]
    return bindings + [
        Binding(
            "0,s",
            "skip",
            "Skip",
            id=f"{prefix}.skip",
            tooltip="Skip: no knowledge or experience of this area",
        ),
        Binding(
            "backspace,delete",
            "clear",
            "Clear",
            id=f"{prefix}.clear",
            tooltip="Remove the score or skip",
            show=False,
        ),
    ]
