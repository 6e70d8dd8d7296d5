"""Full screens, grouped by who uses them."""
