"""Benchmark harness: ``python -m bench [NAME ...]`` runs ``bench/<NAME>.py`` and records it.

Each benchmark module exposes ``run() -> str`` (its Markdown section, numbers measured now) and
``main() -> int`` (usually ``return record("<name>", run())``). The harness calls every module's
``main()``; :func:`record` prints the section and replaces that module's section of
``BENCHMARKS.md`` (between ``<!-- bench:NAME -->`` markers), leaving the other sections alone,
so benchmarks can be run and re-run one at a time.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import platform
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "BENCHMARKS.md"
_HEADER = (
    "# Benchmarks\n\n"
    "Written by `python -m bench` (`make bench`); each section by its module in `bench/`.\n"
)


def available() -> list[str]:
    """Benchmark module names: every ``bench/*.py`` not starting with an underscore."""
    return sorted(
        m.name
        for m in pkgutil.iter_modules([str(Path(__file__).parent)])
        if not m.name.startswith("_")
    )


def machine() -> str:
    """One line about where the numbers were measured (they mean little without it)."""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{platform.node() or 'host'}: {os.cpu_count()} CPUs, load {load:.1f} at start, "
        f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d %H:%M')}"
    )


def write_section(name: str, markdown: str, path: Path = BENCHMARKS) -> None:
    """Replace (or append) the section of benchmark ``name`` in ``path``."""
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    block = f"{start}\n{markdown.strip()}\n{end}\n"
    text = path.read_text("utf-8") if path.exists() else _HEADER
    if start in text and end in text:
        before, rest = text.split(start, 1)
        after = rest.split(end, 1)[1].lstrip("\n")
        text = before + block + ("\n" + after if after else "")
    else:
        text = text.rstrip("\n") + "\n\n" + block
    path.write_text(text, "utf-8")


def record(name: str, markdown: str, path: Path = BENCHMARKS) -> int:
    """Print a section and store it in ``BENCHMARKS.md``; the return value is an exit code."""
    print(markdown, flush=True)
    write_section(name, markdown, path)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    names = list(sys.argv[1:] if argv is None else argv) or available()
    unknown = sorted(set(names) - set(available()))
    if unknown:
        print(
            f"unknown benchmark {unknown[0]!r}; available: {', '.join(available())}",
            file=sys.stderr,
        )
        return 2
    status = 0
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        status = max(status, int(module.main() or 0))
    return status
