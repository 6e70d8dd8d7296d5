"""Error types of the domain core: every one prints as a single line naming the file."""

from __future__ import annotations

from pathlib import Path

from bb_tui.storage.textsafe import clean_text


class BBError(Exception):
    """A problem with a file or an action, worded for the person at the keyboard."""

    def __init__(self, path: str | Path | None, problem: str) -> None:
        self.path = str(path) if path is not None else None
        self.problem = " ".join(clean_text(str(problem)).split())  # one line, no control chars
        super().__init__(self.line())

    def line(self) -> str:
        return f"{shown_path(self.path)}: {self.problem}" if self.path else self.problem


def shown_path(path: str | Path) -> str:
    """A file name fit for a terminal: control characters stripped, on one line."""
    return clean_text(str(path)).replace("\n", " ").replace("\t", " ")


class FileFormatError(BBError):
    """A file that cannot be read as what it claims to be (TOML, framework, session...)."""


class FrameworkError(FileFormatError):
    """A framework file that does not have the expected shape."""


class SessionError(FileFormatError):
    """A session file that is not a valid bb-session."""


class SaveError(BBError):
    """A save that did not happen; the file on disk is unchanged."""


class ConflictError(SaveError):
    """The file changed on disk since it was loaded; our version went to a conflict copy."""

    def __init__(self, path: str | Path, copy_path: str | Path) -> None:
        self.copy_path = str(copy_path)
        super().__init__(
            path,
            f"changed on disk by someone else since it was opened; not overwritten. "
            f"Your version is saved as {copy_path}",
        )


class ReplacedError(ConflictError):
    """Another account's file took the file's place since it was opened (renamed over it in a
    folder without the sticky bit); ours went to a conflict copy."""

    def __init__(self, path: str | Path, copy_path: str | Path, account: str) -> None:
        self.copy_path = str(copy_path)
        self.account = account
        SaveError.__init__(
            self,
            path,
            f"replaced by a file from {account}'s account since it was opened; not overwritten. "
            f"Your version is saved as {copy_path}",
        )
