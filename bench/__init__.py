"""Benchmarks: ``python -m bench [names...]`` runs ``bench/<name>.py:run()`` and writes BENCHMARKS.md."""

from __future__ import annotations

import os
import platform
import time


def machine() -> str:
    """One line about where the numbers were measured (they mean little without it)."""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{platform.node() or 'host'}: {os.cpu_count()} CPUs, load {load:.1f} at start, "
        f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d %H:%M')}"
    )


def record(name: str, markdown: str) -> int:
    """Print a benchmark's section and store it in BENCHMARKS.md (for a module's own
    ``main()``; ``python -m bench`` does the same with ``run()``)."""
    from bench.__main__ import OUTPUT, PREAMBLE, existing_sections, section

    print(markdown, flush=True)
    sections = existing_sections(OUTPUT.read_text(encoding="utf-8")) if OUTPUT.exists() else {}
    sections[name] = section(name, markdown)
    OUTPUT.write_text(PREAMBLE + "".join(sections[n] for n in sorted(sections)), "utf-8")
    return 0
