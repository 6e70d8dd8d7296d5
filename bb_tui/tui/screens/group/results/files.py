"""Files (6): the paths merged, who was counted, and every file rejected, counted once or ignored;
where the folder holds several accounts' files, the account behind each (docs/merging.md).

A file in the sessions folder is named without the folder (given once, at the top), so its
reason fits beside it at 80 columns; every line wraps at the edge rather than being cut.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from bb_tui.core.collection import IGNORED
from bb_tui.render import words
from bb_tui.storage.errors import shown_path
from bb_tui.tui.screens.group.results.empty import nothing_merged

if TYPE_CHECKING:
    from bb_tui.core.collection import Collection
    from bb_tui.core.stats import Results


def short_name(file: str, folder: Path) -> str:
    """`file` without the `folder` it lies in (both as shown), else unchanged."""
    prefix = shown_path(folder).rstrip(os.sep) + os.sep
    rest = file[len(prefix) :] if file.startswith(prefix) else ""
    return rest if rest and os.sep not in rest else file


class FilesView(VerticalScroll):
    """Renders from the paths, results and collection it is given; names stay plain text."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = Static(id="results-files-text", markup=False)

    def compose(self) -> ComposeResult:
        yield self._text

    def show(
        self,
        paths: list[Path],
        results: Results | None,
        collection: Collection | None,
        error: str,
    ) -> None:
        text = Text()
        text.append(f"Merged from: {', '.join(shown_path(p) for p in paths)}\n", style="bold")
        if error:
            text.append(f"{error}\n")
        why = nothing_merged(paths, collection, results)
        if why and results is not None and not results.participants:
            text.append(f"\n{why}\n", style="bold")
        if results is not None:
            for line in words.account_lines(results):
                text.append(f"{line}.\n", style="bold")
            self._add_results(text, results, paths[0])
            notes = collection.warnings() if collection and not results.anonymous else []
            if notes:  # unknown keys kept, `updated` stamps from the future
                text.append(f"\nNotes ({len(notes)})\n", style="bold")
                for note in notes:
                    text.append(f"  {note}\n", style="dim")
        self._text.update(text)

    @staticmethod
    def _add_results(text: Text, results: Results, folder: Path) -> None:
        def name(file: str, account: str = "") -> str:
            return words.with_account(
                file if results.anonymous else short_name(file, folder), account
            )

        text.append(f"\nParticipants ({results.participants})\n", style="bold")
        if results.anonymous:
            text.append("  Names are hidden.\n")
        else:
            for p in results.people:
                about = words.about(p)
                text.append(f"  {p.label}", style="bold")
                text.append(f"{', ' + about if about else ''}\n")
                text.append(f"    {name(p.file, p.account)}\n", style="dim")
        if results.claims:
            count = sum(len(c.files) for c in results.claims)
            text.append(f"\n{words.claim_heading(count)}\n", style="bold")
            text.append(f"  {words.CLAIM_KEY}\n", style="dim")
            for claim in results.claims:
                text.append(f"  {words.claim_line(claim)}\n", style="bold")
                for file, account in claim.files:
                    text.append(f"    {name(file, account)}\n", style="dim")
        for kind, notes in words.file_notes(results):
            if kind == IGNORED:  # headed as on this screen since it was written (snapshots)
                text.append(f"\nNot session files, ignored ({len(notes)})\n", style="bold")
                for note in notes:
                    text.append(f"  {name(note.file, note.account)}: {note.reason}\n", style="dim")
                continue
            text.append(f"\n{words.note_heading(kind, len(notes))}\n", style="bold")
            for note in notes:
                why = note.reason
                if note.kept and not results.anonymous:  # the file kept, named short too
                    why = why.replace(note.kept, name(note.kept))
                text.append(f"  {name(note.file, note.account)}: ")
                text.append(f"{why}\n", style="dim")
