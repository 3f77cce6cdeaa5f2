"""``python -m bench [names...]``: import each ``bench/<name>.py``, call ``run() -> str``, print
the report and write it into BENCHMARKS.md at the repository root (all benchmarks when no name is
given). Sections of benchmarks that were not run this time are kept as they were."""

from __future__ import annotations

import datetime as dt
import importlib
import os
import pkgutil
import platform
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUTPUT = HERE.parent / "BENCHMARKS.md"
SECTION = re.compile(r"^## (\S+)\n", re.M)


def existing_sections(text: str) -> dict[str, str]:
    heads = list(SECTION.finditer(text))
    return {
        m.group(1): text[m.start() : heads[i + 1].start() if i + 1 < len(heads) else len(text)]
        for i, m in enumerate(heads)
    }


def main(argv: list[str] | None = None) -> int:
    names = list(sys.argv[1:] if argv is None else argv) or sorted(
        info.name for info in pkgutil.iter_modules([str(HERE)]) if not info.name.startswith("_")
    )
    sections = existing_sections(OUTPUT.read_text(encoding="utf-8")) if OUTPUT.exists() else {}
    machine = (
        f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}, "
        f"run {dt.date.today().isoformat()}"
    )
    for name in names:
        report = importlib.import_module(f"bench.{name}").run()
        print(f"## {name}\n\n{report}\n", flush=True)
        sections[name] = f"## {name}\n\n_{machine}_\n\n{report.rstrip()}\n\n"
    body = "".join(sections[name] for name in sorted(sections))
    OUTPUT.write_text(
        "# Benchmarks\n\nWritten by `make bench` (`python -m bench [names...]`). The machines are "
        "noisy: read the medians and the ratios, not single times.\n\n" + body,
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
