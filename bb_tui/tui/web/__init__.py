"""The browser seat (`bb-tui serve`): the same app in a web browser through textual-serve."""
