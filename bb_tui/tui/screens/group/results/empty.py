"""Why a merge counted nobody, in words: no such folder, everyone claimed by two accounts, no
.toml files, only the partnership file, or every file rejected (with the reasons). Shown by Group
results' message and Files (6)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from bb_tui.storage.errors import shown_path
from bb_tui.storage.textsafe import one_line

if TYPE_CHECKING:
    from bb_tui.core.collection import Collection
    from bb_tui.core.stats import Results

NOTHING = "No session could be merged"
SHOWN_REASONS = 5  # the chart message lists this many rejected files; Files lists them all


def nothing_merged(
    paths: list[Path],
    collection: Collection | None,
    results: Results | None = None,
    limit: int | None = None,
) -> str:
    """Why `collection` (read from `paths`) counts no session; "" when it counts some.
    Rejected files are named as `results` name them (numbers when anonymous)."""
    if collection is None or collection.participants or collection.duplicates:
        return ""
    where = one_line(", ".join(shown_path(p) for p in paths)) or "no folder"
    missing = [p for p in paths if not p.exists()]
    if missing and len(missing) == len(paths):
        kind = "folder" if len(missing) == 1 else "folders"
        return f"{NOTHING}: no such {kind} {one_line(', '.join(shown_path(p) for p in missing))}."
    if collection.claims:
        return (
            f"{NOTHING}: every person in {where} is claimed by more than one account; "
            "see Files (6)."
        )
    if collection.started and not collection.rejected:
        return (
            f"{NOTHING}: every session was started with nothing scored "
            f"({len(collection.started)}), in {where}."
        )
    if not collection.rejected and not collection.ignored:
        return f"{NOTHING}: no .toml files in {where}."
    if not collection.rejected:
        formats = {i.format for i in collection.ignored}
        what = (
            "only the partnership file"
            if formats == {"bb-partnership"}
            else "only files of another format"
        )
        return f"{NOTHING}: {what}, no session files, in {where}."
    rejected = [(r.file, r.error) for r in collection.rejected]
    if results is not None:
        rejected = [(note.file, note.reason) for note in results.rejected]
    lines = [f"{NOTHING}: every file was rejected ({len(rejected)}):"]
    shown = rejected if limit is None else rejected[:limit]
    lines += [f"  {one_line(file)}: {one_line(why)}" for file, why in shown]
    if len(shown) < len(rejected):
        lines.append(f"  ... and {len(rejected) - len(shown)} more: see Files (6)")
    return "\n".join(lines)
