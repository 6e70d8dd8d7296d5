"""Finding the TOML files named on a command line or in a folder."""

from __future__ import annotations

from pathlib import Path


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files as given, folders searched (not recursively) for *.toml; hidden files skipped."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir() and not path.name.endswith(".toml"):
            found.extend(sorted(p for p in path.glob("*.toml") if not p.name.startswith(".")))
        else:
            found.append(path)
    return found


def peek_format(data: dict[str, object]) -> str | None:
    value = data.get("format")
    return value if isinstance(value, str) else None
