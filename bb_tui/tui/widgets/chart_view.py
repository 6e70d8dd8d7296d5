"""A chart from bb_tui.render.charts shown as text, its marks coloured by series from the stylesheet.

Series are told apart by their markers and the legend; colour only adds to them, so the chart
reads the same in 16 colours or with NO_COLOR.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from bb_tui.render.charts import Chart

ROLES = (
    "series-0",
    "series-1",
    "series-2",
    "series-3",
    "series-4",
    "series-5",
    "series-6",
    "series-7",
    "range",
    "grid",
    "text",
)


class ChartView(Static):
    """Shows one Chart: title, drawing and legend; or a one-line message while there is none."""

    COMPONENT_CLASSES = {"chart--title", "chart--message", *(f"chart--{role}" for role in ROLES)}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.chart: Chart | None = None

    def show_chart(self, chart: Chart) -> None:
        self.chart = chart
        self.update(self.render_chart(chart))

    def show_message(self, message: str) -> None:
        self.chart = None
        self.update(Text(message, style=self.get_component_rich_style("chart--message")))

    def _style(self, role: str) -> Style | str:
        return self.get_component_rich_style(f"chart--{role}") if role else ""

    def render_chart(self, chart: Chart) -> Text:
        """The chart as rich Text; words from files stay plain text, never markup."""
        text = Text(no_wrap=True, overflow="crop", end="")
        text.append(chart.title_line(), self._style("title"))
        for runs in chart.runs():
            text.append("\n")
            for part, role in runs:
                text.append(part, self._style(role))
        for row in chart.legend_rows():
            text.append("\n")
            for n, (marker, label) in enumerate(row):
                if n:
                    text.append("   ")
                text.append(marker, self._style(chart.legend_role(marker)))
                text.append(f" {label}")
        return text
