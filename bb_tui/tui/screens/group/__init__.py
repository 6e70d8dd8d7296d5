"""Screens the facilitator shows the group: results and partnership panels."""
