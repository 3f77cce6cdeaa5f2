"""Benchmarks: ``python -m bench [names...]``.

Each ``bench/<name>.py`` exposes ``run() -> str`` (a Markdown section that starts with a
``## `` heading) and ``main()``. The harness runs the named modules (all of them when none
is named), prints their sections and writes them into BENCHMARKS.md at the repository
root, sections ordered by name; sections of modules not run this time are kept as they were.
"""
