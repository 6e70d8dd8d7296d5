"""bb-tui: the Beyond Boundaries early-years integration self-evaluation tool."""

__version__ = "0.1.0"
