"""The shared-server tests: real users made per test when root, skipped with the reason when not."""

from tests.security.accounts import team  # noqa: F401  (fixture)
