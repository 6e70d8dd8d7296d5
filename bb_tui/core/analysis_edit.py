"""The folder's thresholds saved into partnership.toml in place: only [analysis] values change.

The facilitator may write the file by hand: a save from Group results keeps every comment, key
order and layout, and changes only the [analysis] values that differ (tomlkit reads and writes
TOML round-trip). Files the app writes whole are still written by tomli-w.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from bb_tui.core.partnership import ANALYSIS_KEYS, PartnershipError


def with_analysis(path: Path, data: bytes, values: Mapping[str, float | int]) -> bytes:
    """`data` (a partnership file already checked) with [analysis] holding `values`.

    Returns `data` itself when every value is already there, so nothing need be written.
    """
    import tomlkit  # only here: opening a partnership file for editing need not load it
    from tomlkit.exceptions import TOMLKitError

    try:
        doc = tomlkit.parse(data.decode("utf-8"))
    except (UnicodeDecodeError, TOMLKitError) as exc:  # checked when read; kept as one line
        raise PartnershipError(path, f"cannot be edited in place ({exc})") from None
    wanted = {k: values[k] for k in ANALYSIS_KEYS if k in values}
    table = doc.get("analysis")
    if table is None:
        if not wanted:
            return data
        table = tomlkit.table()
        doc.add("analysis", table)  # a new table at the end: the rest is untouched
    elif not isinstance(table, dict):
        raise PartnershipError(path, "analysis: must be a table")
    changed = False
    for key, value in wanted.items():
        old = table.get(key)
        if old is None or old != value or isinstance(old, float) != isinstance(value, float):
            table[key] = value
            changed = True
    return tomlkit.dumps(doc).encode("utf-8") if changed else data
