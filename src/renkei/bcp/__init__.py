"""The bcp domain app (see DESIGN.md)."""
