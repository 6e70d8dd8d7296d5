"""Writing the board report and the spreadsheets for a sessions folder in one go (no Textual).

The app's Export dialog calls this; the `report` and `export` commands write the same files.
Exports go by default to ~/bb-tui-exports, a folder only the user controls (made 0700): never
beside the sessions, where every participant can plant a link at an export's name.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from bb_tui.core.framework import Framework
from bb_tui.storage.errors import BBError

KINDS = ("markdown", "csv", "xlsx")
FILE_NAMES = {"markdown": "report.md", "csv": "scores.csv", "xlsx": "results.xlsx"}
DEFAULT_FOLDER_NAME = "bb-tui-exports"
XLSX_HINT = "pip install 'bb-tui[xlsx]'"


def default_folder() -> Path:
    """~/bb-tui-exports: private to the user, so no colleague can redirect what is written."""
    return Path.home() / DEFAULT_FOLDER_NAME


def xlsx_available() -> bool:
    """Whether the Excel library (the `xlsx` extra) can be imported."""
    from importlib.util import find_spec

    try:
        return find_spec("openpyxl") is not None
    except (ImportError, ValueError):
        return False


def file_names(kinds: Iterable[str]) -> list[str]:
    """The names written for the chosen kinds, in order."""
    from bb_tui.render.spreadsheet import summary_path

    names = []
    for kind in (k for k in KINDS if k in set(kinds)):
        names.append(FILE_NAMES[kind])
        if kind == "csv":
            names.append(summary_path(FILE_NAMES["csv"]).name)
    return names


def existing(out_dir: Path, kinds: Iterable[str]) -> list[str]:
    """The export names already present in `out_dir` (anything at the name, even a link)."""
    import os

    return [name for name in file_names(kinds) if os.path.lexists(out_dir / name)]


def prepare_folder(out_dir: Path) -> Path:
    """Check (and make) the folder: the default one must be private, any other not a planted link."""
    from bb_tui.storage.safesave import own_folder

    private = Path(out_dir).expanduser().absolute() == default_folder().absolute()
    return own_folder(out_dir, private=private)


def export_folder(
    sessions_dir: Path,
    framework: Framework,
    out_dir: Path,
    kinds: Iterable[str] = KINDS,
    anonymous: bool = False,
    overwrite: bool = False,
    answer: str | None = None,
    notes: list[str] | None = None,
) -> list[Path]:
    """Write the chosen kinds for the sessions in `sessions_dir` into `out_dir`; returns the files.

    The partnership file is the one the folder uses for this account (core.partnership_in, with
    the app's `answer` when partnership.toml is someone else's); what to tell about it (whose
    file was not used) is added to `notes`.

    Raises BBError (one line) when nothing can be reported, the folder is not fit, or a file is
    there that must not be replaced (earlier exports only with `overwrite`); every file is built
    and every name checked before the first is written, so a refusal leaves no half-set behind.
    """
    from bb_tui.core.rounds import load_round
    from bb_tui.render import spreadsheet as export
    from bb_tui.render.markdown import render_markdown
    from bb_tui.storage.safesave import check_own_file, write_own_file

    kinds = [k for k in KINDS if k in set(kinds)]
    if not kinds:
        raise BBError(None, "choose at least one kind of file to export")
    now = load_round([sessions_dir], framework, anonymous=anonymous, answer=answer)
    if notes is not None:
        notes.extend(now.notes)
    files: dict[Path, bytes] = {}
    if "markdown" in kinds:
        files[out_dir / FILE_NAMES["markdown"]] = render_markdown(now).encode("utf-8")
    if "csv" in kinds:
        files.update(export.csv_files(now, out_dir / FILE_NAMES["csv"]))
    if "xlsx" in kinds:
        files[out_dir / FILE_NAMES["xlsx"]] = export.workbook_bytes(now)
    prepare_folder(out_dir)
    for path in files:
        check_own_file(path, overwrite)
    for path, data in files.items():
        write_own_file(path, data, overwrite)
    return list(files)
