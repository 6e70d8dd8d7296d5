"""Text editors for evidence, reflections and the new-session form, built one way.

A note longer than the editor takes (TEXT_CAP) opens in a reader instead, a page at a time:
wrapping 2 MB in a TextArea takes seconds, and the text must never be cut on save.
"""

from __future__ import annotations

import time

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea
from textual.widgets.text_area import Document

from bb_tui.core.session import TEXT_CAP
from bb_tui.render.plain import note_cap

__all__ = ["TEXT_CAP", "CappedTextArea"]

PAGE = 10_000  # characters the reader shows at once


class CappedTextArea(TextArea):
    """A TextArea that stops adding typed or pasted text at `cap` characters, with a message.

    Text already longer (written elsewhere, up to the file size limit) loads and is kept whole:
    it can be read, moved through and shortened, never cut.
    """

    def __init__(self, text: str = "", *, cap: int = TEXT_CAP, **kwargs) -> None:
        super().__init__(text, **kwargs)
        self.cap = cap
        self._warned = 0.0

    def _replace_via_keyboard(self, insert, start, end):
        if self.read_only or not insert:
            return super()._replace_via_keyboard(insert, start, end)
        length = len(self.text) - len(self.get_text_range(start, end))
        room = self.cap - length
        if len(insert) > room:
            self._warn(length)
            if room <= 0:
                return None
            insert = insert[:room]
        return super()._replace_via_keyboard(insert, start, end)

    def _warn(self, length: int) -> None:
        now = time.monotonic()
        if now - self._warned < 3:  # once for a burst of keys, not once per key
            return
        self._warned = now
        if length > self.cap:
            message = (
                f"This note is {length:,} characters, longer than the {self.cap:,} that "
                "can be typed: nothing more is added; what is there is kept whole."
            )
        else:
            message = note_cap(self.cap)
        self.notify(message, severity="warning", timeout=5, markup=False)


def page_starts(text: str, size: int = PAGE) -> list[int]:
    """Where each page of `text` starts: pages of at most `size` characters, ending after a line
    break (else a space) in their last quarter when there is one."""
    starts = [0]
    while len(text) - starts[-1] > size:
        start = starts[-1]
        end = start + size
        floor = end - size // 4
        cut = text.rfind("\n", floor, end)
        if cut < 0:
            cut = text.rfind(" ", floor, end)
        starts.append(end if cut < 0 else cut + 1)
    return starts


class PageArea(TextArea):
    """One page of a long text, read-only; typing says why, once for a burst of keys."""

    _warned = 0.0

    def _rewrap_and_refresh_virtual_size(self) -> None:
        """Wrap only when the page or the width changed: a page is never edited, and Textual
        asks again at the same width (resize, scrollbar) for ~3 ms a time on a 10,000-character
        page. Overrides TextArea's private method (Textual pinned at 8.2.8)."""
        wrapped = self.wrapped_document
        if wrapped._width == self.wrap_width and wrapped._tab_width == self.indent_width:
            self._line_cache.clear()
            self._refresh_size()
            return
        super()._rewrap_and_refresh_virtual_size()

    def _watch_language(self, language: str | None) -> None:
        """A page is plain text: TextArea.__init__ has built its document, which this watcher
        (run once from __init__) would build and wrap again."""
        if language is None and type(self.document) is Document:
            return
        super()._watch_language(language)

    async def _on_key(self, event: events.Key) -> None:
        typed = event.is_printable or event.key in ("enter", "backspace", "delete")
        if typed and event.character not in ("[", "]"):  # [ and ] turn the page
            now = time.monotonic()
            if now - self._warned > 3:
                self._warned = now
                length = len(self.parent.full_text)
                self.notify(
                    f"This text is {length:,} characters, longer than the {TEXT_CAP:,} "
                    "the editor takes: it can be read here, not typed into; it is kept "
                    "whole in your file.",
                    severity="warning",
                    timeout=5,
                    markup=False,
                )
        await super()._on_key(event)


class LongTextReader(Vertical):
    """A text longer than the editor takes, read a page at a time and never changed."""

    DEFAULT_CSS = """
    LongTextReader { height: 1fr; }
    LongTextReader.reflection { height: auto; }
    LongTextReader > .long-text-note { padding: 0 1; color: $warning; }
    """
    BINDINGS = [
        Binding(
            "right_square_bracket",
            "page(1)",
            "Next page",
            key_display="]",
            id="long_text.next",
            tooltip="The next page of this long text",
        ),
        Binding(
            "left_square_bracket",
            "page(-1)",
            "Previous page",
            key_display="[",
            id="long_text.previous",
            tooltip="The previous page of this long text",
        ),
    ]

    def __init__(
        self, text: str, *, blink: bool, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(classes=classes)
        self.full_text = text
        self.starts = page_starts(text)
        self.page = 0
        self._area_id, self._area_classes, self._blink = id, classes, blink

    def compose(self) -> ComposeResult:
        yield Static(self._note(), classes="long-text-note")
        area = PageArea(
            self._page_text(),
            soft_wrap=True,
            read_only=True,
            show_cursor=True,
            highlight_cursor_line=False,
            id=self._area_id,
            classes=self._area_classes,
        )
        area.cursor_blink = self._blink
        yield area

    def _page_text(self) -> str:
        ends = self.starts[1:] + [len(self.full_text)]
        return self.full_text[self.starts[self.page] : ends[self.page]]

    def _note(self) -> Text:
        return Text(
            f"This text is {len(self.full_text):,} characters, longer than the editor "
            f"takes ({TEXT_CAP:,}). It is kept whole in your file. Page "
            f"{self.page + 1:,} of {len(self.starts):,}: ] next page, [ previous page."
        )

    def action_page(self, step: int) -> None:
        page = min(max(self.page + step, 0), len(self.starts) - 1)
        if page == self.page:
            return
        self.page = page
        self.query_one(".long-text-note", Static).update(self._note())
        area = self.query_one(PageArea)
        area.load_text(self._page_text())
        area.move_cursor((0, 0))
        area.scroll_home(animate=False)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()  # a page shown is not an edit: the note itself is never replaced


def text_area(text: str, *, blink: bool, read_only: bool = False, **kwargs) -> Widget:
    """A plain-text, soft-wrapping editor: whatever is typed is kept literally, up to TEXT_CAP.

    A longer text (from a file) gets a LongTextReader: the TextArea inside has the `id`.
    """
    if len(text) > TEXT_CAP:
        return LongTextReader(text, blink=blink, **kwargs)
    area = CappedTextArea(
        text, soft_wrap=True, read_only=read_only, highlight_cursor_line=False, **kwargs
    )
    area.cursor_blink = blink
    return area


def line_input(*, blink: bool, **kwargs) -> Input:
    field = Input(**kwargs)
    field.cursor_blink = blink
    return field
