"""``python -m bench [names...]``: import each ``bench/<name>.py``, call ``run() -> str``, print
the report and write it into BENCHMARKS.md at the repository root (all benchmarks when no name is
given). Sections are marked ``<!-- bench:NAME -->``; those not re-run this time are kept."""

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
MARKER = re.compile(r"^<!-- bench:(\S+) -->\n", re.M)
PREAMBLE = (
    "# Benchmarks\n\nWritten by `make bench` (`python -m bench [names...]`); each section says "
    "when and where it ran. The machines are noisy: read the medians and the ratios, not single "
    "times.\n\n"
)


def existing_sections(text: str) -> dict[str, str]:
    heads = list(MARKER.finditer(text))
    return {
        m.group(1): text[m.start() : heads[i + 1].start() if i + 1 < len(heads) else len(text)]
        for i, m in enumerate(heads)
    }


def section(name: str, report: str) -> str:
    report = report.strip()
    if not report.startswith("## "):
        report = f"## {name}\n\n{report}"
    if "_Ran " not in report:
        machine = (
            f"{os.cpu_count()} cores, Python {platform.python_version()}, "
            f"{platform.system()} {platform.machine()}"
        )
        report += f"\n\n_Ran {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {machine}._"
    return f"<!-- bench:{name} -->\n{report}\n\n"


def main(argv: list[str] | None = None) -> int:
    names = list(sys.argv[1:] if argv is None else argv) or sorted(
        info.name for info in pkgutil.iter_modules([str(HERE)]) if not info.name.startswith("_")
    )
    sections = existing_sections(OUTPUT.read_text(encoding="utf-8")) if OUTPUT.exists() else {}
    for name in names:
        report = importlib.import_module(f"bench.{name}").run()
        print(report, flush=True)
        sections[name] = section(name, report)
        # Written after every benchmark, so a long run that is stopped keeps what it measured.
        OUTPUT.write_text(PREAMBLE + "".join(sections[n] for n in sorted(sections)), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
