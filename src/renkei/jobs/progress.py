"""Progress reporting for the command line: a tqdm bar on stderr."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from tqdm import tqdm

from renkei.jobs.registry import Progress


@contextmanager
def cli_progress(title: str) -> Iterator[Progress]:
    bar = tqdm(total=1000, desc=title, file=sys.stderr, unit="‰", leave=True)

    def update(fraction: float, message: str = "") -> None:
        bar.n = round(min(1.0, max(0.0, fraction)) * 1000)
        if message:
            bar.set_postfix_str(message, refresh=False)
        bar.refresh()

    try:
        yield update
    finally:
        bar.close()
