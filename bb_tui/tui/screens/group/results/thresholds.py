"""The folder's thresholds as the results screen nudges them: kept in its partnership file's [analysis].

Nudges change what is shown only; `to_save()` is what one key saves as the partnership's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from bb_tui.core.stats import thresholds_for
from bb_tui.render import words

if TYPE_CHECKING:
    from bb_tui.core import stats
    from bb_tui.core.framework import Framework

LOW_STEP = 0.25


@dataclass
class FolderThresholds:
    """The folder's saved [analysis] (framework values where it has none), and nudges on top."""

    framework: Framework
    saved: dict[str, Any] = field(default_factory=dict)  # what the partnership file holds
    shown: dict[str, Any] = field(default_factory=dict)  # nudged here, not saved yet

    def resolved(self) -> stats.Thresholds:
        """The thresholds the figures use: stats.thresholds_for, the one rule for a folder."""
        return thresholds_for(self.framework, self)

    @property
    def analysis(self) -> dict[str, Any]:  # read by thresholds_for, as a partnership's
        return {**self.saved, **self.shown}

    @property
    def low(self) -> float:
        return self.resolved().low

    @property
    def gap(self) -> int:
        return self.resolved().gap

    def nudge_low(self, direction: int) -> None:
        scale = self.framework.scale
        self.shown["low_threshold"] = min(
            scale.max, max(scale.min, self.low + direction * LOW_STEP)
        )

    def nudge_gap(self, direction: int) -> None:
        scale = self.framework.scale
        self.shown["polarised_gap"] = min(scale.max - scale.min, max(1, self.gap + direction))

    def to_save(self) -> dict[str, Any]:
        """The nudged values that differ from the folder's saved ones ({} when none do)."""
        before = thresholds_for(self.framework, SimpleNamespace(analysis=self.saved))
        now = self.resolved()
        return {
            key: value
            for key, value, old in (
                ("low_threshold", now.low, before.low),
                ("polarised_gap", now.gap, before.gap),
            )
            if key in self.shown and value != old
        }

    def describe(self) -> list[str]:
        """For the status line: "low <2.5 · polarised 3+ · n 3+", then whose they are."""
        text = words.thresholds_short(self.resolved())
        if self.to_save():
            return [text + " (not saved: s saves)"]
        return [text + (" (this folder's)" if self.saved else "")]
