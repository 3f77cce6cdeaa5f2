"""The orders domain app (see DESIGN.md)."""
