"""The supply domain app (see DESIGN.md)."""
