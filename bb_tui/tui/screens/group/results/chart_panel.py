"""The chart surface the chart views share: charts drawn off the UI thread, kept while the figures hold."""

from __future__ import annotations

from collections.abc import Callable

from textual import on, work
from textual.message import Message

from bb_tui.render.charts import Chart
from bb_tui.tui.widgets.chart_view import ChartView

ChartKey = tuple[object, ...]  # a chart is kept under: view, index, range, ASCII, size, figures


class ResultsChart(ChartView):
    """A ChartView that draws on request: `want` gives a chart drawn before, or starts drawing it."""

    class Drawn(Message):
        """The chart last wanted was drawn (others drawn meanwhile are only kept)."""

        def __init__(self, key: ChartKey, chart: Chart) -> None:
            super().__init__()
            self.key, self.chart = key, chart

    class Resized(Message):
        """The chart's room changed (the terminal, or a line above or below it grew)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._drawn: dict[ChartKey, Chart] = {}
        self._wanted: ChartKey | None = None

    def want(self, key: ChartKey, draw: Callable[[], Chart]) -> Chart | None:
        """The chart for `key` if drawn already; else None, and Drawn is posted once it is."""
        self._wanted = key
        if key in self._drawn:
            return self._drawn[key]
        if self.chart is None:
            self.show_message("Drawing the chart...")
        self._draw(key, draw)
        return None

    def on_resize(self) -> None:
        self.post_message(self.Resized())

    def want_nothing(self) -> None:
        """Another view is shown: a chart still being drawn is kept when done, not shown."""
        self._wanted = None

    def forget(self) -> None:
        """The figures changed: every chart drawn so far is out of date."""
        self._drawn.clear()

    @work(thread=True, exclusive=True, group="results-chart")
    def _draw(self, key: ChartKey, draw: Callable[[], Chart]) -> None:
        self.post_message(self.Drawn(key, draw()))

    @on(Drawn)
    def _keep(self, message: Drawn) -> None:
        self._drawn[message.key] = message.chart
        if message.key != self._wanted:
            message.stop()  # only the wanted chart goes on to the screen
