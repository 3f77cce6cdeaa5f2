"""Benchmarks: ``python -m bench [names...]`` runs ``bench/<name>.py:run()`` and writes BENCHMARKS.md."""
