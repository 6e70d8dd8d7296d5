"""Screens a participant scores on."""
