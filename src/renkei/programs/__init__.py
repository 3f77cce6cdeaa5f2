"""The programs domain app (see DESIGN.md)."""
