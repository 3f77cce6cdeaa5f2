"""Job handlers of the platform itself. Domain apps add theirs in their own modules."""

from __future__ import annotations

import time
from typing import Any

from renkei.jobs.registry import Progress, job_handler


@job_handler("demo.count")
def count(params: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """A job that counts to ``n``: shows the progress machinery end to end."""
    n = int(params.get("n", 10))
    delay = float(params.get("delay", 0.0))
    total = 0
    for i in range(n):
        total += i
        if delay:
            time.sleep(delay)
        progress((i + 1) / n, f"{i + 1}/{n}")
    return {"n": n, "sum": total}
