"""The action plan: what, for which enabler, who, by when, how far; added and edited by keyboard."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from bb_tui.core.framework import Framework
from bb_tui.core.partnership import STATUSES, Action, next_status, parse_due
from bb_tui.storage.textsafe import one_line
from bb_tui.tui.screens.group.partnership_panel import PartnershipPanel
from bb_tui.tui.widgets.choices import ChoiceSet
from bb_tui.tui.widgets.inputs import line_input
from bb_tui.tui.widgets.keybar import KeyBar

WHOLE = "-"  # the Select value for "the partnership as a whole"
FIXED = {"Owner": 12, "Due": 10, "Status": 11}  # the enabler column fits the longest label


def enabler_label(framework: Framework, enabler_id: str) -> str:
    return framework.enabler(enabler_id).label if enabler_id else "Whole partnership"


class ActionForm(ModalScreen[Action | None]):
    """Add or edit one action. Enter in the last field or ctrl+s saves; escape cancels."""

    CSS_PATH = "partnership.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="action_form.save", tooltip="Save this action"),
        Binding(
            "escape",
            "cancel",
            "Cancel",
            id="action_form.cancel",
            tooltip="Close without changing anything",
        ),
    ]

    def __init__(self, framework: Framework, action: Action | None) -> None:
        super().__init__()
        self.framework = framework
        self.action_item = action

    def compose(self) -> ComposeResult:
        a = self.action_item
        blink = getattr(self.app, "cursor_blink", True)  # tests turn it off for stable snapshots
        with Vertical(id="action-form"):
            yield Static(Text("Edit action" if a else "New action", style="bold"))
            # one row per field, not a grid: a grid cell clips the enabler list to one option
            with Vertical(id="action-fields"):
                with Horizontal(classes="form-row"):
                    yield Label("What")
                    yield line_input(
                        value=a.what if a else "",
                        placeholder="What will be done",
                        blink=blink,
                        id="form-what",
                        max_length=400,
                        compact=True,
                    )
                with Horizontal(classes="form-row"):
                    yield Label("Enabler")
                    # a list, not a drop-down: several enablers show at once, at any size
                    yield OptionList(
                        Option(Text("Whole partnership"), id=WHOLE),
                        *(Option(Text(e.label), id=e.id) for e in self.framework.enablers),
                        id="form-enabler",
                    )
                with Horizontal(classes="form-row"):
                    yield Label("Owner")
                    yield line_input(
                        value=a.owner if a else "",
                        placeholder="Who leads it",
                        id="form-owner",
                        max_length=200,
                        compact=True,
                        blink=blink,
                    )
                with Horizontal(classes="form-row"):
                    yield Label("Due")
                    yield line_input(
                        value=a.due.isoformat() if a and a.due else "",
                        placeholder="YYYY-MM-DD",
                        id="form-due",
                        max_length=10,
                        compact=True,
                        blink=blink,
                    )
                with Horizontal(classes="form-row"):
                    yield Label("Status")
                    # choices in a row, not a drop-down (its list shows one line in a dialog)
                    yield ChoiceSet(
                        [(s, s) for s in STATUSES],
                        value=a.status if a else STATUSES[0],
                        id="form-status",
                        columns=3,
                    )
            yield Static(id="form-error", markup=False)
            yield Static(
                Text(
                    "tab: next field   up/down: enabler   ctrl+s or enter: save   esc: cancel",
                    style="dim",
                )
            )

    def on_mount(self) -> None:
        enablers = self.query_one("#form-enabler", OptionList)
        chosen = (self.action_item.enabler if self.action_item else "") or WHOLE
        enablers.highlighted = enablers.get_option_index(chosen)
        self.query_one("#form-what", Input).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_save()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def action_save(self) -> None:
        what = one_line(self.query_one("#form-what", Input).value)
        error = self.query_one("#form-error", Static)
        if not what:
            error.update(Text("Say what will be done.", style="bold reverse"))
            self.query_one("#form-what", Input).focus()
            return
        try:
            due = parse_due(self.query_one("#form-due", Input).value)
        except ValueError as exc:
            error.update(Text(str(exc), style="bold reverse"))
            self.query_one("#form-due", Input).focus()
            return
        enablers = self.query_one("#form-enabler", OptionList)
        index = enablers.highlighted
        enabler = enablers.get_option_at_index(index).id if index is not None else WHOLE
        old = self.action_item
        self.dismiss(
            Action(
                what=what,
                enabler="" if enabler == WHOLE or enabler is None else enabler,
                owner=one_line(self.query_one("#form-owner", Input).value),
                due=due,
                status=self.query_one("#form-status", ChoiceSet).value,
                extra=dict(old.extra) if old else {},
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDelete(ModalScreen[bool]):
    """y deletes, anything else keeps."""

    CSS_PATH = "partnership.tcss"
    BINDINGS = [
        Binding(
            "y", "answer(True)", "Delete", id="confirm_delete.yes", tooltip="Delete the action"
        ),
        Binding("n,escape", "answer(False)", "Keep", id="confirm_delete.no", tooltip="Keep it"),
    ]

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-delete"):
            yield Static(
                Text.assemble(
                    ("Delete this action?\n", "bold"),
                    self.what,
                    "\n\n",
                    ("y: delete   n or esc: keep", "dim"),
                ),
                markup=False,
            )

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class ActionsScreen(PartnershipPanel):
    """The action plan as a table; the highlighted action in full below it."""

    AUTO_FOCUS = "#actions-table"

    BINDINGS = [
        Binding("a", "add", "Add", id="actions.add", tooltip="Add an action"),
        Binding(
            "e",
            "edit",
            "Edit",
            id="actions.edit",
            tooltip="Edit the highlighted action (enter too)",
        ),
        Binding(
            "d", "delete", "Delete", id="actions.delete", tooltip="Delete the highlighted action"
        ),
        Binding(
            "s",
            "cycle_status",
            "Status",
            id="actions.status",
            tooltip="Move the highlighted action to its next status",
        ),
        Binding("K", "move(-1)", "Up", id="actions.up", show=False, tooltip="Move the action up"),
        Binding(
            "J", "move(1)", "Down", id="actions.down", show=False, tooltip="Move the action down"
        ),
    ]

    def compose(self) -> ComposeResult:
        yield Static(Text("Action plan", style="bold"), id="panel-title")
        yield DataTable(id="actions-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="action-detail", markup=False)
        yield self.status_bar()
        yield KeyBar()

    def on_mount(self) -> None:
        self._columns()
        self.refresh_panel()
        self.query_one(DataTable).focus()

    def on_resize(self) -> None:
        if self.is_mounted:  # before that, on_mount draws
            self._columns()
            self.refresh_panel()

    def _columns(self) -> None:
        table = self.query_one(DataTable)
        table.clear(columns=True)
        # the enablers' short labels (at most 20 characters) in full
        enabler = max(
            len(enabler_label(self.framework, e))
            for e in ("", *(e.id for e in self.framework.enablers))
        )
        what = max(16, self.size.width - enabler - sum(FIXED.values()) - 2 * (len(FIXED) + 2) - 1)
        table.add_column("Enabler", width=enabler, key="enabler")
        table.add_column("What", width=what, key="what")
        for name in ("Owner", "Due", "Status"):
            table.add_column(name, width=FIXED[name], key=name.lower())

    def refresh_panel(self) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        actions = self.partnership.actions if self.partnership else []
        for n, a in enumerate(actions):
            done = a.status in ("done", "dropped")
            table.add_row(
                Text(enabler_label(self.framework, a.enabler), no_wrap=True),
                Text(a.what, no_wrap=True, overflow="ellipsis"),
                Text(a.owner, no_wrap=True, overflow="ellipsis"),
                Text(a.due.isoformat() if a.due else ""),
                Text(a.status, style="dim" if done else "bold"),
                key=str(n),
            )
        if actions:
            table.move_cursor(row=min(max(row, 0), len(actions) - 1))
        self._show_detail()

    def _show_detail(self) -> None:
        detail = self.query_one("#action-detail", Static)
        action = self.current
        if action is None:
            detail.update(Text("No actions yet. Press a to add one.", style="italic"))
            return
        detail.update(
            Text.assemble(
                (f"{enabler_label(self.framework, action.enabler)}: ", "bold"),
                action.what,
                "\nOwner: ",
                action.owner or "-",
                "\nDue: ",
                action.due.isoformat() if action.due else "-",
                "   Status: ",
                (action.status, "bold"),
            )
        )

    @property
    def current(self) -> Action | None:
        p = self.partnership
        if p is None or not p.actions:
            return None
        row = self.query_one(DataTable).cursor_row
        return p.actions[row] if 0 <= row < len(p.actions) else None

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_edit()

    # ------------------------------------------------------------ editing

    def action_add(self) -> None:
        if self.can_edit():
            self.app.push_screen(ActionForm(self.framework, None), self._added)

    def _added(self, action: Action | None) -> None:
        if action is not None and self.editable:
            with self.deciding() as p:
                p.actions.append(action)
            self.refresh_panel()
            self.query_one(DataTable).move_cursor(row=len(self.open_partnership.actions) - 1)

    def action_edit(self) -> None:
        action = self.current
        if action is not None and self.can_edit():
            index = self.open_partnership.actions.index(action)
            self.app.push_screen(
                ActionForm(self.framework, action), lambda new: self._edited(index, new)
            )

    def _edited(self, index: int, action: Action | None) -> None:
        if action is not None and self.editable and index < len(self.open_partnership.actions):
            with self.deciding() as p:
                p.actions[index] = action
            self.refresh_panel()

    def action_delete(self) -> None:
        action = self.current
        if action is not None and self.can_edit():
            index = self.open_partnership.actions.index(action)
            self.app.push_screen(ConfirmDelete(action.what), lambda yes: self._deleted(index, yes))

    def _deleted(self, index: int, yes: bool) -> None:
        if yes and self.editable and index < len(self.open_partnership.actions):
            with self.deciding() as p:
                del p.actions[index]
            self.refresh_panel()

    def action_cycle_status(self) -> None:
        action = self.current
        if action is not None and self.can_edit():
            with self.deciding():
                next_status(action)
            self.refresh_panel()

    def action_move(self, step: int) -> None:
        action = self.current
        if action is None or not self.can_edit():
            return
        index = self.open_partnership.actions.index(action)
        target = index + step
        if 0 <= target < len(self.open_partnership.actions):
            with self.deciding() as p:
                p.actions[index], p.actions[target] = p.actions[target], p.actions[index]
            self.refresh_panel()
            self.query_one(DataTable).move_cursor(row=target)
