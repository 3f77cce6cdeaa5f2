"""``python -m bench [names...]``: import each ``bench/<name>.py``, call ``run() -> str``, print
the report and write them all to BENCHMARKS.md at the repository root (all benchmarks when no
name is given)."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUTPUT = HERE.parent / "BENCHMARKS.md"


def main(argv: list[str] | None = None) -> int:
    names = list(sys.argv[1:] if argv is None else argv) or sorted(
        info.name for info in pkgutil.iter_modules([str(HERE)]) if not info.name.startswith("_")
    )
    sections = []
    for name in names:
        report = importlib.import_module(f"bench.{name}").run()
        print(f"## {name}\n\n{report}\n", flush=True)
        sections.append(f"## {name}\n\n{report.rstrip()}\n")
    OUTPUT.write_text("# Benchmarks\n\n" + "\n".join(sections), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
