"""The low-score threshold and polarised gap the figures use, nudged from the framework's by keys."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bb_tui.render import words

if TYPE_CHECKING:
    from bb_tui.core.framework import Framework

LOW_STEP = 0.25


@dataclass
class Thresholds:
    """None stands for the framework's own value; nudges stay inside the framework's scale."""

    framework: Framework
    low: float | None = None
    gap: int | None = None

    @property
    def shown_low(self) -> float:
        return self.low if self.low is not None else self.framework.analysis.low_threshold

    @property
    def shown_gap(self) -> int:
        return self.gap if self.gap is not None else self.framework.analysis.polarised_gap

    def nudge_low(self, direction: int) -> None:
        scale = self.framework.scale
        self.low = min(scale.max, max(scale.min, self.shown_low + direction * LOW_STEP))

    def nudge_gap(self, direction: int) -> None:
        scale = self.framework.scale
        self.gap = min(scale.max - scale.min, max(1, self.shown_gap + direction))

    def describe(self) -> list[str]:
        """For the status line: "low <2.5", "polarised 3+"."""
        return [f"low <{words.threshold(self.shown_low)}", f"polarised {self.shown_gap}+"]
