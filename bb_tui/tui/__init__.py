"""The Textual app: screens, dialogs, widgets and the terminal runtime."""
