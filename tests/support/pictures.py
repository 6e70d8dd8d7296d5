"""Several snapshots from one running app: each picture taken as `snap_compare` takes it and
compared with its own stored SVG, so a test walks many screens for one app start-up.

`snap_compare` starts an app for every picture; a picture's file here is named after the test
and the case (`test_x[case].svg`), and a mismatch goes into pytest-textual-snapshot's HTML report
under that name, as `snap_compare`'s do.
"""

from __future__ import annotations

import inspect
import pickle

from pytest_textual_snapshot import (
    PseudoApp,
    PseudoConsole,
    SVGImageExtension,
    node_to_report_path,
)
from rich.console import Console


class Pictures:
    """Compares the app's screen with the stored snapshot of each named case."""

    def __init__(self, snapshot, request) -> None:
        self.snapshot = snapshot.use_extension(SVGImageExtension)
        self.node = request.node
        self.failed: list[str] = []

    async def check(self, pilot, case: str) -> None:
        """Take the picture as take_svg_screenshot does (after the same waits, titled with the
        app's title) and compare it with the snapshot `case`."""
        app = pilot.app
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        svg = app.export_screenshot(title=app.title, simplify=True)
        matched = self.snapshot(name=case) == svg
        if not matched:
            self.failed.append(case)
        result = self.snapshot.executions.get(self.snapshot.num_executions - 1)
        exists = result is not None and result.final_data is not None
        self._report(case, matched, str(self.snapshot), svg, exists)

    def _report(self, case: str, matched: bool, expected: str, svg: str, exists: bool) -> None:
        """The record snap_compare leaves for the plugin's report, one per case."""
        console = Console(legacy_windows=False, force_terminal=True)
        full_path, line_number, name = self.node.reportinfo()
        data = (
            matched,
            expected,
            svg,
            PseudoApp(PseudoConsole(console.legacy_windows, console.size)),
            full_path,
            line_number,
            f"{name}[{case}]",
            inspect.getdoc(self.node.function) or "",
            "",
            exists,
        )
        path = node_to_report_path(self.node)
        path.with_name(f"{path.name}_{case}").write_bytes(pickle.dumps(data))

    def assert_all_matched(self) -> None:
        assert not self.failed, f"pictures that differ from their snapshots: {self.failed}"
