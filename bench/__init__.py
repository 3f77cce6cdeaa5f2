"""Benchmarks: `python -m bench` runs them and writes BENCHMARKS.md."""
