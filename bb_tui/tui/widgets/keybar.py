"""The key bar at the bottom of every screen: a one-line Footer that paints in one go.

Textual's Footer builds one widget per key and only after the first frame (it waits for the
screen's bindings, then recomposes), so the keys arrive a frame or two after the screen; this
bar renders the same active bindings as one line of text in the first frame, repaints that one
line when the bindings change, and still works with the mouse. When the keys do not fit, it drops
the least important ones whole (never cuts one in half), keeps the way back (escape) and keeps
"? Help" last and visible.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.dom import DOMNode
from textual.widget import Widget


def _is_help(binding: Binding) -> bool:
    return binding.id == "help" or binding.action == "help"


def _kept(binding: Binding) -> bool:
    """Never dropped for room: help, and escape (back, cancel: the way out of every screen)."""
    return _is_help(binding) or binding.key == "escape"


class KeyBar(Widget):
    """Keys that matter on this screen ("1-5 Score  0 Skip ..."), and ^p on the right."""

    COMPONENT_CLASSES = {"keybar--key", "keybar--description"}

    def __init__(self, show_command_palette: bool = True, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.show_command_palette = show_command_palette
        self._spans: list[tuple[int, int, str, DOMNode]] = []  # (start, end, action, namespace)

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, lambda _screen: self.refresh())

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def render(self) -> Text:
        key_style = self.get_component_rich_style("keybar--key")
        text_style = self.get_component_rich_style("keybar--description")
        app = self.app
        keys, palette = self._keys()
        # When the keys do not fit, the least important go first: the palette, then the app's
        # own keys (quit), then the screen's from the last; escape and "? Help" (last) are kept.
        width = self.size.width or 80

        def fits(shown: list[tuple[DOMNode, Binding, str]]) -> bool:
            return (
                sum(len(app.get_key_display(b)) + len(b.description) + 2 for _, b, _ in shown)
                <= width
            )

        drop = [k for k in reversed(keys) if k[2] == "app" and not _kept(k[1])]
        drop += [k for k in reversed(keys) if k[2] != "app" and not _kept(k[1])]
        shown = list(keys)
        while not fits(shown) and drop:
            shown.remove(drop.pop(0))
        shown.sort(key=lambda k: _is_help(k[1]))  # help last
        line = Text(no_wrap=True, overflow="crop")
        spans = []
        for namespace, binding, _origin in shown:
            line.append(" ", text_style)
            start = line.cell_len
            line.append(app.get_key_display(binding), key_style)
            line.append(f" {binding.description}", text_style)
            spans.append((start, line.cell_len, binding.action, namespace))
        if self.show_command_palette and palette is not None:
            namespace, binding = palette
            right = Text.assemble(
                (app.get_key_display(binding), key_style), (" palette ", text_style)
            )
            gap = self.size.width - line.cell_len - right.cell_len
            if gap > 0:
                line.append(" " * gap, text_style)
                spans.append(
                    (line.cell_len, line.cell_len + right.cell_len, binding.action, namespace)
                )
                line.append_text(right)
        self._spans = spans
        return line

    def _keys(self) -> tuple[list[tuple[DOMNode, Binding, str]], tuple[DOMNode, Binding] | None]:
        """The shown, enabled keys once each as (namespace, binding, "app" or "screen"),
        and the palette's (namespace, binding)."""
        app = self.app
        keys, seen, palette = [], set(), None
        for key, (namespace, binding, enabled, _tooltip) in self.screen.active_bindings.items():
            if key == app.COMMAND_PALETTE_BINDING:
                palette = (namespace, binding)
            if not binding.show or binding.action in seen or not enabled:
                continue
            seen.add(binding.action)
            keys.append((namespace, binding, "app" if namespace is app else "screen"))
        return keys, palette

    async def on_click(self, event: events.Click) -> None:
        for start, end, action, namespace in self._spans:
            if start <= event.x < end:
                await self.app.run_action(action, namespace)
                return
