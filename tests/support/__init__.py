"""Helpers shared by the tests, imported one way: `from tests.support import piloting`.

Fixtures live in conftest.py files; these modules hold plain functions, classes and data.
"""
