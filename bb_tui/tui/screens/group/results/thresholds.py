"""The folder's thresholds as the results screen nudges them: kept in its partnership file's [analysis]."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bb_tui.core.stats import thresholds_for
from bb_tui.render import words

if TYPE_CHECKING:
    from bb_tui.core import stats
    from bb_tui.core.framework import Framework

LOW_STEP = 0.25


@dataclass
class Thresholds:
    """The folder's saved [analysis] (framework values where it has none); nudges stay in range."""

    framework: Framework
    saved: dict[str, Any] = field(default_factory=dict)  # what the partnership file holds

    def resolved(self) -> stats.Thresholds:
        """The thresholds the figures use: stats.thresholds_for, the one rule for a folder."""
        return thresholds_for(self.framework, self)

    @property
    def analysis(self) -> dict[str, Any]:  # read by thresholds_for, as a partnership's
        return self.saved

    @property
    def low(self) -> float:
        return self.resolved().low

    @property
    def gap(self) -> int:
        return self.resolved().gap

    def nudge_low(self, direction: int) -> None:
        scale = self.framework.scale
        self.saved["low_threshold"] = min(
            scale.max, max(scale.min, self.low + direction * LOW_STEP)
        )

    def nudge_gap(self, direction: int) -> None:
        scale = self.framework.scale
        self.saved["polarised_gap"] = min(scale.max - scale.min, max(1, self.gap + direction))

    def describe(self) -> list[str]:
        """For the status line: "low <2.5 · polarised 3+ · n 3+", "(this folder's)" when saved."""
        text = words.thresholds_short(self.resolved())
        return [text + (" (this folder's)" if self.saved else "")]
