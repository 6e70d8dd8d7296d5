"""Reusable widgets of the scoring app."""
