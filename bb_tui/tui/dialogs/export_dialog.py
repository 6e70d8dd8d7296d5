"""The Export dialog: the board report and spreadsheets for the sessions folder, written from the app."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Static

from bb_tui.storage.errors import BBError, shown_path
from bb_tui.tui.keymap import ScreenContext
from bb_tui.tui.widgets.marks import MarkedCheckbox


class ExportScreen(ModalScreen[None]):
    """Choose what to write (Markdown report, CSV, Excel) and where; ctrl+s writes it."""

    CSS_PATH = "dialogs.tcss"
    HELP_TITLE = "Export"
    HELP_TEXT = (
        "Writes the group results for the sessions folder: a Markdown report for a board "
        "paper, CSV files (one row per participant per item, and the group figures) and "
        "an Excel workbook with radar charts. They go to ~/bb-tui-exports, a folder "
        "only you can open, unless you name another. If earlier exports are there, the "
        "dialog names them and a second ctrl+s replaces them; a link or someone else's "
        "file is never replaced. Anonymous hides every participant's name."
    )
    BINDINGS = [
        Binding("ctrl+s", "export", "Export", id="export.write", tooltip="Write the files"),
        Binding("escape", "cancel", "Cancel", id="export.cancel", tooltip="Close without writing"),
    ]

    def __init__(self, context: ScreenContext) -> None:
        super().__init__()
        self.context = context
        # (folder, kinds) the user agreed to overwrite
        self._confirmed: tuple[Path, tuple[str, ...]] | None = None

    def compose(self) -> ComposeResult:
        from bb_tui.render.bundle import XLSX_HINT, default_folder, xlsx_available

        excel = xlsx_available()
        with Vertical(id="dialog"):
            yield Static(Text("Export the group results", style="bold"), classes="dialog-title")
            yield Static(
                Text(f"Sessions in {shown_path(self.context.sessions_dir)}"), classes="hint"
            )
            yield Static(Text("Write into (by default your own private folder):"), classes="hint")
            yield Input(
                str(default_folder()), id="export-folder", placeholder="folder to write into"
            )
            yield MarkedCheckbox("Markdown report (report.md)", True, id="export-markdown")
            yield MarkedCheckbox("CSV: scores.csv and scores-summary.csv", True, id="export-csv")
            yield MarkedCheckbox(
                "Excel workbook with radar charts (results.xlsx)",
                excel,
                id="export-xlsx",
                disabled=not excel,
            )
            if not excel:
                yield Static(
                    Text(f"Excel needs openpyxl; add it with: {XLSX_HINT}"),
                    id="export-xlsx-hint",
                    classes="hint",
                )
            yield MarkedCheckbox("Anonymous: hide every name", False, id="export-anonymous")
            yield Static("", id="export-status")
            with Horizontal(classes="buttons"):
                yield Button("Export (ctrl+s)", id="export", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export":
            self.action_export()
        else:
            self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_export()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._unconfirm()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self._unconfirm()

    def _unconfirm(self) -> None:
        """Another folder or choice: ask again before overwriting."""
        if self._confirmed is not None:
            self._confirmed = None
            self.query_one("#export", Button).label = "Export (ctrl+s)"
            self.query_one("#export-status", Static).update("")

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_export(self) -> None:
        folder = self.query_one("#export-folder", Input).value.strip()
        kinds = [
            kind
            for kind in ("markdown", "csv", "xlsx")
            if self.query_one(f"#export-{kind}", Checkbox).value
        ]
        anonymous = self.query_one("#export-anonymous", Checkbox).value
        status = self.query_one("#export-status", Static)
        if not folder:
            status.update(Text("Say which folder to write into.", style="bold"))
            return
        from bb_tui.render.bundle import existing

        out = Path(folder).expanduser()
        there = existing(out, kinds) if kinds else []
        if there and self._confirmed != (out, tuple(kinds)):
            self._confirmed = (out, tuple(kinds))
            self.query_one("#export", Button).label = "Overwrite (ctrl+s)"
            status.update(
                Text(
                    f"Already in {shown_path(out)}: {', '.join(there)}. "
                    "Press ctrl+s again to replace them.",
                    style="bold",
                )
            )
            return
        status.update(Text("Writing…"))
        self._write(self.app, out, kinds, anonymous, bool(there))

    @work(thread=True, exclusive=True, group="export")
    def _write(
        self, app: App[Any], folder: Path, kinds: list[str], anonymous: bool, overwrite: bool
    ) -> None:
        """In a thread; `app` handed in: once Escape has closed the dialog meanwhile (the
        writing goes on), the dialog no longer finds its app from this thread."""
        from bb_tui.render.bundle import export_folder

        shared = getattr(app, "partnerships", None)  # what was chosen about whose file
        answer = shared.answered(self.context.sessions_dir) if shared is not None else None
        notes: list[str] = []
        try:
            written = export_folder(
                self.context.sessions_dir,
                self.context.framework,
                folder,
                kinds,
                anonymous=anonymous,
                overwrite=overwrite,
                answer=answer,
                notes=notes,
            )
        except BBError as exc:
            app.call_from_thread(self._failed, exc.line())
        except OSError as exc:
            app.call_from_thread(self._failed, f"{shown_path(folder)}: {exc.strerror or exc}")
        else:
            for note in notes:  # whose partnership.toml was not used
                app.call_from_thread(app.notify, note, severity="warning", timeout=12, markup=False)
            app.call_from_thread(self._done, written)

    def _failed(self, line: str) -> None:
        if self.app.screen is not self:  # closed while writing: said where it shows
            self.app.notify(f"Not exported: {line}", title="Export", severity="error", markup=False)
            return
        self._unconfirm()
        self.query_one("#export-status", Static).update(Text(f"Not exported: {line}", style="bold"))

    def _done(self, written: list[Path]) -> None:
        names = ", ".join(shown_path(p.name) for p in written)
        self.app.notify(
            f"Wrote {names} in {shown_path(written[0].parent)}", title="Exported", markup=False
        )
        if self.app.screen is self:  # not closed meanwhile (closing it again would close another)
            self.dismiss(None)
