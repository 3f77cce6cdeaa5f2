"""The logistics domain app (see DESIGN.md)."""
