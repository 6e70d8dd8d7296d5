"""The views bar above the results (1-6, the one shown, its subject) and the status line below."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

from bb_tui.render import words
from bb_tui.tui.widgets.line import PartsLine

if TYPE_CHECKING:
    from bb_tui.core.stats import Results

VIEWS = ("radar", "themes", "indicators", "spread", "dig", "files")
VIEW_NAMES = {
    "radar": "Radar",
    "themes": "Themes",
    "indicators": "Indicators",
    "spread": "Spread",
    "dig": "Dig deeper",
    "files": "Files",
}


class ViewsBar(Static):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)

    def show(self, current: str, subject: str) -> None:
        text = Text("Results ", style="bold")
        for n, view in enumerate(VIEWS, start=1):
            text.append(
                f" {n} {VIEW_NAMES[view]} ", style="reverse bold" if view == current else ""
            )
        if subject:
            text.append(f"  {subject}", style="dim")
        self.update(text)


class StatusLine(PartsLine):
    """Below the results; on two lines (between parts) when 80 columns are not enough."""

    def show(
        self,
        results: Results | None,
        thresholds: list[str],
        overlay: str | None,
        anonymous: bool,
        live: str = "",
    ) -> None:
        """How many files merged and left out, the thresholds, the groups, whether names show."""
        parts = []
        if results is None:
            parts.append("reading...")
        else:
            parts.append(
                ", ".join(
                    [f"{results.participants} merged"]
                    + [
                        f"{len(rows)} {what}"
                        for rows, what in (
                            (results.rejected, "rejected"),
                            (results.duplicates, "duplicate"),
                            (results.ignored, "ignored"),
                            (results.started, "not started"),
                        )
                        if rows
                    ]
                )
            )
            parts.extend(words.account_status(results))  # see Files (6)
        parts.extend(thresholds)
        if overlay:
            shown = len(results.groups) if results is not None else 0
            parts.append(f"{shown} {overlay} group{'s' if shown != 1 else ''}")
        parts.append("names hidden" if anonymous else "names shown")
        if live:
            parts.append(live)  # live: inotify / live: polling every 1 s
        self.show_parts(list(parts))
