"""``python -m bench [names...]``: run benchmark modules and write BENCHMARKS.md."""

from __future__ import annotations

import datetime as dt
import importlib
import os
import platform
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUTPUT = HERE.parent / "BENCHMARKS.md"
MARKER = re.compile(r"^<!-- bench:(\w+) -->$", re.MULTILINE)
HEADER = (
    "# Benchmarks\n\n"
    "Written by `python -m bench` (`make bench`); each section says when and where it ran.\n"
)


def discover() -> list[str]:
    return sorted(p.stem for p in HERE.glob("*.py") if not p.stem.startswith("_"))


def machine() -> str:
    return (
        f"{dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}, {os.cpu_count()} cores (nproc), "
        f"Python {platform.python_version()}, {platform.system()} {platform.machine()}"
    )


def read_sections(path: Path) -> dict[str, str]:
    """Sections of an existing BENCHMARKS.md, by module name."""
    if not path.exists():
        return {}
    text = path.read_text(encoding="utf-8")
    marks = list(MARKER.finditer(text))
    return {
        m.group(1): text[
            m.end() : marks[k + 1].start() if k + 1 < len(marks) else len(text)
        ].strip()
        for k, m in enumerate(marks)
    }


def main(argv: list[str] | None = None) -> int:
    names = list(sys.argv[1:] if argv is None else argv) or discover()
    unknown = sorted(set(names) - set(discover()))
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(discover())}")
        return 2
    sections = read_sections(OUTPUT)
    for name in sorted(names):
        module = importlib.import_module(f"bench.{name}")
        body = module.run().strip()
        section = f"{body}\n\n_Ran {machine()}._"
        print(section + "\n", flush=True)
        sections[name] = section
    text = HEADER + "".join(
        f"\n<!-- bench:{name} -->\n{sections[name]}\n" for name in sorted(sections)
    )
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
