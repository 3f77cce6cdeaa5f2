"""``renkei stress NETWORK.json [--json]``: the all-node stress test of a network file.

Bad input (unreadable file, invalid JSON, an invalid network) exits with code 2 and one line on
stderr that names the offending node or edge; never a traceback.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from renkei.engines.stress.contract import network_from_json
from renkei.engines.stress.errors import NetworkError, StressCode

if TYPE_CHECKING:
    from renkei.engines.stress.result import StressResult
    from renkei.engines.stress.solver import Progress

_COLUMNS = (
    # (Japanese, English, right-aligned)
    ("順位", "rank", True),
    ("ノード", "node", False),
    ("種別", "type", False),
    ("復旧時間(日)", "TTR d", True),
    ("存続時間(日)", "TTS d", True),
    ("逸失数量", "lost units", True),
    ("逸失利益", "lost profit", True),
    ("REI", "REI", True),
    ("要対策", "exposed", False),
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("network", metavar="NETWORK.json", help="network in the STRESS.md format")
    parser.add_argument("--json", action="store_true", help="print the contract output JSON")
    parser.add_argument(
        "--progress", action="store_true", help="progress bar on stderr even when not a TTY"
    )
    parser.add_argument("--workers", type=int, default=1, help="local processes (default 1)")


def write_stdout(text: str) -> None:
    """Write to stdout; a reader that went away (``| head``) is not an error."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # Python would complain again when flushing at exit: point stdout at devnull first.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _fail(message: str) -> int:
    # One line, whatever the message holds.
    print(f"renkei stress: {' '.join(message.split())}", file=sys.stderr)
    return 2


def load_network_file(path: str) -> Any:
    """The decoded JSON of ``path``; raises ``NetworkError`` with a one-line reason."""
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except OSError as exc:
        message = f"cannot read {path}: {exc.strerror or exc}"
    except UnicodeDecodeError as exc:
        message = f"{path} is not UTF-8 text: {exc.reason}"
    except json.JSONDecodeError as exc:
        message = f"{path} is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
    raise NetworkError(message, code=StressCode.UNREADABLE_FILE, record="network", value=path)


def run(args: argparse.Namespace) -> int:
    try:
        data = load_network_file(args.network)
    except NetworkError as exc:
        return _fail(str(exc))
    return run_on(data, args)


def run_on(data: Any, args: argparse.Namespace) -> int:
    """Stress-test ``data`` and print as ``args`` asks.

    ``data`` is the decoded contract JSON, or the network model itself (a ``SupplyData``, as
    the platform's adapter builds it).
    """
    # NumPy, SciPy and HiGHS load here, not when `renkei` lists its commands.
    from renkei.engines.network.model import SupplyData
    from renkei.engines.stress.solver import Params, solve

    try:
        network = data if isinstance(data, SupplyData) else network_from_json(data)
        params = Params(workers=args.workers)
    except (NetworkError, ValueError) as exc:
        return _fail(str(exc))
    show = args.progress or sys.stderr.isatty()
    with _progress_bar(show) as progress:
        result = solve(network, params=params, progress=progress)
    text = (
        json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n"
        if args.json
        else format_table(result)
    )
    write_stdout(text)
    if not result.is_feasible():
        print(f"renkei stress: LP failed for {', '.join(result.failed)}", file=sys.stderr)
        return 1
    return 0


@contextmanager
def _progress_bar(show: bool) -> Iterator[Progress | None]:
    if not show:
        yield None
        return
    from tqdm import tqdm

    bar = tqdm(total=1000, desc="stress", file=sys.stderr, unit="‰", leave=True)

    def update(fraction: float, message: str = "") -> None:
        target = round(min(1.0, max(0.0, fraction)) * 1000)
        if message:
            bar.set_postfix_str(message, refresh=False)
        if target > bar.n:
            bar.update(target - bar.n)  # update() throttles redraws; refresh() would not

    try:
        yield update
    finally:
        bar.close()


def _width(text: str) -> int:
    """Display width: East Asian wide and full-width characters take two cells."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * max(0, width - _width(text))
    return gap + text if right else text + gap


def _number(value: float) -> str:
    if math.isinf(value):
        return "inf"
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}"


def format_table(result: StressResult) -> str:
    """The result as an aligned text table with a Japanese and an English header line."""
    rows: list[Sequence[str]] = [
        (
            str(r.rank),
            r.node,
            r.type,
            _number(r.ttr_days),
            _number(r.tts_days),
            _number(r.lost_units),
            _number(r.lost_profit),
            f"{r.rei_profit:.3f}",
            "はい yes" if r.exposed else "-",
        )
        for r in result.rows
    ]
    headers = [[c[0] for c in _COLUMNS], [c[1] for c in _COLUMNS]]
    widths = [max(_width(line[i]) for line in [*headers, *rows]) for i in range(len(_COLUMNS))]
    lines = []
    for line in [*headers, *rows]:
        cells = [_pad(cell, widths[i], _COLUMNS[i][2]) for i, cell in enumerate(line)]
        lines.append("  ".join(cells).rstrip())
    lines.insert(2, "  ".join("-" * w for w in widths))
    exposed = sum(r.exposed for r in result.rows)
    base = "inf" if math.isinf(result.baseline_tts_days) else _number(result.baseline_tts_days)
    lines.append("")
    lines.append(
        f"{result.network}: 対象 {len(result.rows)} ノード, 要対策 (TTS < TTR) {exposed}, "
        f"平常時の存続時間 {base} 日"
    )
    lines.append(
        f"{result.network}: {len(result.rows)} nodes stress-tested, {exposed} exposed "
        f"(TTS < TTR), baseline TTS {base} d"
    )
    return "\n".join(lines) + "\n"
