"""The one-line bar at the top of the session screens: who, progress, and whether it is saved."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from bb_tui.editing import OpenSession


class SessionBar(Widget):
    """Participant and progress on the left, save state on the right."""

    def __init__(self, open_session: OpenSession, **kwargs) -> None:
        super().__init__(**kwargs)
        self.open_session = open_session
        self.save_state = Text("")
        self._shown: tuple | None = None

    def on_mount(self) -> None:
        self.update_save_state()

    def update_save_state(self) -> None:
        """Show a problem when there is one; otherwise a quiet constant "autosave"."""
        current = self.open_session
        report = current.saver.last_report if current.saver is not None else None
        self.remove_class("-problem")
        if current.read_only:
            state = Text("read-only")
            self.add_class("-problem")
        elif report is not None and report.conflict:
            state = Text(f"! saving to {report.path.name}")
            self.add_class("-problem")
        elif report is not None and not report.ok:
            state = Text("! NOT SAVED – retrying")
            self.add_class("-problem")
        else:
            state = Text("✓ autosave")
        self.save_state = state
        self.refresh_if_changed()

    def refresh_if_changed(self) -> None:
        """Repaint only when progress or save state changed (bytes matter over SSH)."""
        session = self.open_session.session
        key = (session.progress(self.open_session.framework), self.save_state.plain)
        if key != self._shown:
            self._shown = key
            self.refresh()

    def render(self) -> Text:
        session = self.open_session.session
        framework = self.open_session.framework
        enablers, indicators = session.progress(framework)
        left = Text(session.participant.name, style="bold")
        left.append(f"  {enablers}/{len(framework.enablers)} enablers"
                    f" · {indicators}/{len(framework.indicators)} indicators")
        width = self.size.width
        room = width - self.save_state.cell_len - 1
        if left.cell_len > room:
            left.truncate(max(room, 0), overflow="ellipsis")
        left.append(" " * max(width - left.cell_len - self.save_state.cell_len, 1))
        left.append_text(self.save_state)
        return left
