"""The four chart views (radar, themes, indicators, spread): which chart each shows, and drawing it.

They share one drawing surface (chart_panel.ResultsChart) and one numbers table, so a view here is
the state that is its own: which theme or enabler, stepped with [ and ]. `draw` runs in a worker
thread and touches no widget. `room` is the rows the whole chart may take (title, drawing, legend).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bb_tui.core.framework import Framework
    from bb_tui.core.stats import Results
    from bb_tui.render.charts import Chart

MAX_OVERLAY = 6  # subgroups drawn on a radar; all of them are in its table


class ChartChoice:
    """A chart view: `index` says which chart; the radar has only one."""

    def __init__(self, framework: Framework) -> None:
        self.framework = framework
        self.index = 0

    def step(self, delta: int) -> bool:
        """Move to the next (or previous) chart; False when there is nothing to step through."""
        return False

    def subject(self) -> str:
        """What the views bar shows beside the view names, e.g. "[ Leadership ]"."""
        return ""

    @staticmethod
    def draw(
        results: Results, index: int, *, width: int, room: int, ascii: bool, range_kind: str
    ) -> Chart:
        raise NotImplementedError


def _radar_options(
    results: Results, width: int, room: int, ascii: bool, range_kind: str
) -> dict[str, Any]:
    return {
        "width": width,
        "room": room,
        "ascii": ascii,
        "overlay": results.groups[:MAX_OVERLAY],
        "range_kind": range_kind,
    }


class RadarView(ChartChoice):
    """Every enabler on one radar."""

    @staticmethod
    def draw(
        results: Results, index: int, *, width: int, room: int, ascii: bool, range_kind: str
    ) -> Chart:
        from bb_tui.render import charts

        return charts.enabler_radar(
            results, **_radar_options(results, width, room, ascii, range_kind)
        )


class ThemesView(ChartChoice):
    """One theme's enablers on a radar."""

    def step(self, delta: int) -> bool:
        self.index = (self.index + delta) % len(self.framework.themes)
        return True

    def subject(self) -> str:
        return f"[ {self.index + 1}/{len(self.framework.themes)} ]"

    @staticmethod
    def draw(
        results: Results, index: int, *, width: int, room: int, ascii: bool, range_kind: str
    ) -> Chart:
        from bb_tui.render import charts

        return charts.theme_radar(
            results,
            results.framework.themes[index].id,
            **_radar_options(results, width, room, ascii, range_kind),
        )


class IndicatorsView(ChartChoice):
    """One enabler's indicators on a radar."""

    def step(self, delta: int) -> bool:
        self.index = (self.index + delta) % len(self.framework.enablers)
        return True

    def subject(self) -> str:
        return f"[ {self.framework.enablers[self.index].label} ]"

    @staticmethod
    def draw(
        results: Results, index: int, *, width: int, room: int, ascii: bool, range_kind: str
    ) -> Chart:
        from bb_tui.render import charts

        return charts.indicator_radar(
            results,
            results.framework.enablers[index].id,
            **_radar_options(results, width, room, ascii, range_kind),
        )


class SpreadView(ChartChoice):
    """How the scores spread: every enabler (index -1), then each enabler's indicators."""

    def __init__(self, framework: Framework) -> None:
        super().__init__(framework)
        self.index = -1

    def step(self, delta: int) -> bool:
        count = len(self.framework.enablers) + 1
        self.index = (self.index + 1 + delta) % count - 1
        return True

    def subject(self) -> str:
        return f"[ {self.framework.enablers[self.index].label} ]" if self.index >= 0 else ""

    @staticmethod
    def draw(
        results: Results, index: int, *, width: int, room: int, ascii: bool, range_kind: str
    ) -> Chart:
        from bb_tui.render import charts

        if index < 0:
            return charts.enabler_spread(results, width=width, ascii=ascii)
        return charts.indicator_spread(
            results, results.framework.enablers[index].id, width=width, ascii=ascii
        )
