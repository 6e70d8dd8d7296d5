"""Group results: the screen (keys, which view, the shared results) and one module per view.

`ResultsScreen` is importable from here, so "bb_tui.tui.screens.group.results:ResultsScreen" in
the keymap keeps naming it.
"""

from bb_tui.tui.screens.group.results.screen import ResultsScreen

__all__ = ["ResultsScreen"]
