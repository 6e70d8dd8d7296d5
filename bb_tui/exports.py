"""Writing the board report and the spreadsheets for a sessions folder in one go (no Textual).

The app's Export dialog calls this; the `report` and `export` commands write the same files.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from bb_tui.errors import BBError
from bb_tui.framework import Framework

KINDS = ("markdown", "csv", "xlsx")
FILE_NAMES = {"markdown": "report.md", "csv": "scores.csv", "xlsx": "results.xlsx"}


def default_folder(sessions_dir: Path) -> Path:
    """Exports go beside the sessions, in a folder that merging never reads (it is not searched)."""
    return sessions_dir / "exports"


def export_folder(sessions_dir: Path, framework: Framework, out_dir: Path,
                  kinds: Iterable[str] = KINDS, anonymous: bool = False) -> list[Path]:
    """Write the chosen kinds for the sessions in `sessions_dir` into `out_dir`; returns the files.

    Raises BBError (one line) when nothing can be reported or a file cannot be written; every file
    is built before the first is written, so a failure leaves no half-set behind.
    """
    from bb_tui import export
    from bb_tui.report import render_markdown
    from bb_tui.rounds import load_round
    from bb_tui.safesave import atomic_write

    kinds = [k for k in KINDS if k in set(kinds)]
    if not kinds:
        raise BBError(None, "choose at least one kind of file to export")
    now = load_round([sessions_dir], framework, anonymous=anonymous)
    files: dict[Path, bytes] = {}
    if "markdown" in kinds:
        files[out_dir / FILE_NAMES["markdown"]] = render_markdown(now).encode("utf-8")
    if "csv" in kinds:
        files.update(export.csv_files(now, out_dir / FILE_NAMES["csv"]))
    if "xlsx" in kinds:
        files[out_dir / FILE_NAMES["xlsx"]] = export.workbook_bytes(now)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BBError(out_dir, f"cannot be made ({exc.strerror or exc})") from None
    for path, data in files.items():
        atomic_write(path, data)
    return list(files)
