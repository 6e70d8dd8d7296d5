"""The `bb-tui` command: one module per sub-command."""
