"""The widgets and the screen readying lean on a few private Textual methods: notice when they change.

`tui/widgets/editors.py` overrides TextArea's `_replace_via_keyboard` (the typing cap), `_on_key`
(the reader's page keys), `_rewrap_and_refresh_virtual_size` (wrap a page once per width, using
`_line_cache` and `_refresh_size`) and `_watch_language` (no second build of a plain page);
`tui/runtime/ready.py` computes a widget's default styles with `DOMNode._get_default_css`
and `_css_bases`, and relies on `App._load_screen_css` skipping a file the stylesheet has read.
Textual is pinned exactly (test_driver_upstream checks the pin); when it is raised these hashes
fail until someone re-reads each method against our code and records the new value.
"""

from __future__ import annotations

import hashlib
import inspect
import pkgutil
from importlib.metadata import version

import pytest

READ_IN = "8.2.8"

# sha256 of inspect.getsource(module:name) in Textual 8.2.8, and what of ours depends on it.
RELIED_ON = {
    "textual.widgets._text_area:TextArea._replace_via_keyboard": (
        "68ca5b810d1a9697589eb71ba579c896b8c66a7b89a3fb9177856a16cca9aa68",
        "editors.CappedTextArea: every typed insert passes here (the cap)",
    ),
    "textual.widgets._text_area:TextArea._on_key": (
        "7d96cf803349c17fe1b6245bfcecb33f218579967af72613ee6cf46fae387e06",
        "editors.PageArea: [ and ] turn the page, typing is refused",
    ),
    "textual.widgets._text_area:TextArea._rewrap_and_refresh_virtual_size": (
        "32725265da6edf4d0a51b30111180c195dd5e7c8543951e2b3aea4ab4f7a00f3",
        "editors.PageArea skips it when neither page nor width changed",
    ),
    "textual.widgets._text_area:TextArea._refresh_size": (
        "dddf5bc75815b9bdace633ceef3d6ec36bc6959a895ab9d7efbd245510d5987d",
        "editors.PageArea calls it (with _line_cache.clear()) instead of rewrapping",
    ),
    "textual.widgets._text_area:TextArea._watch_language": (
        "c51ec11cb8220c62bbc7a332b961658c262fd62aeaf4128b5bae9f5b1bab60bc",
        "editors.PageArea skips it for a plain page (__init__ has built the document)",
    ),
    "textual.widgets._text_area:TextArea.__init__": (
        "d73d584ef628d500e291d39c96ab4aca86c8936cb5936dc376d897b8fa3d4fb2",
        "PageArea._watch_language assumes __init__ builds the plain document",
    ),
    "textual.dom:DOMNode._get_default_css": (
        "1e45000be06d54c6ba1fba92cb4e0743592da9872687a22b159db81a2d51b638",
        "ready.default_css calls it with only _node_bases set",
    ),
    "textual.dom:DOMNode._css_bases": (
        "1d9de1338e2ba814a39aed902c73adf61ff983fe2e00d57dccabc87124cc67aa",
        "ready.default_css",
    ),
    "textual.app:App._load_screen_css": (
        "425ed568a77ad9ab8050f7eb5996c74c1e3f6cc6172ff1f7aab368566e689590",
        "ready.load_styles reads screens' CSS_PATH early; this must skip a file already read",
    ),
}


def test_the_internals_were_read_in_the_installed_version():
    assert version("textual") == READ_IN, (
        f"Textual {version('textual')} installed; the methods below were read in {READ_IN}"
    )


@pytest.mark.parametrize("dotted", list(RELIED_ON))
def test_each_private_method_relied_on_is_unchanged(dotted):
    expected, depends = RELIED_ON[dotted]
    source = inspect.getsource(pkgutil.resolve_name(dotted))
    got = hashlib.sha256(source.encode()).hexdigest()
    assert got == expected, (
        f"{dotted} in Textual {version('textual')} differs from {READ_IN}'s: re-check {depends}, "
        f"then record the new hash {got} here"
    )
