"""``renkei qcd``: the QCD figures of two CSV files of the common format.

::

    renkei qcd --lines order_lines.csv --receipts receipts.csv --as-of 2026-09-30 [--json] [--lang ja|en]

``--json`` prints the documented JSON (``{"as_of": ..., "rows": [...]}``, one row per line) on
stdout; otherwise a table with Japanese headers (English with ``--lang en``).

Exit codes: 0 when the figures were printed; 2 when the input was refused — a file is
missing, unreadable or breaks a rule of the common format, or ``--as-of`` is not a date (also
argparse's own usage errors). Every problem goes to stderr as ``file:row:column: message``, in
Japanese (English with ``--lang en``), never as a traceback. Runs without Django.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from .model import Params
from .problems import Lang, Problem, QcdInputError
from .reader import parse_date, read_csv
from .result import ALL_MONTHS, QcdResult, QcdRow
from .solve import solve

EXIT_OK = 0
EXIT_INPUT_REFUSED = 2

_EPILOG = """\
exit codes:
  0  the figures were printed
  2  the input was refused: a missing or unreadable file, a row that breaks the common
     format (every problem is listed on stderr as file:row:column: message), or a bad --as-of
"""

# (JSON key, Japanese header, English header)
_HEADERS: tuple[tuple[str, str, str], ...] = (
    ("supplier_id", "サプライヤー", "supplier"),
    ("month", "月", "month"),
    ("lines_due", "納期到来明細数", "lines due"),
    ("qty_due", "納期到来数量", "qty due"),
    ("otd_qty", "納期遵守率", "on-time (qty)"),
    ("otif_lines", "完納遵守率", "OTIF (lines)"),
    ("late_lines", "遅延明細数", "late lines"),
    ("avg_days_late", "平均遅延日数", "avg days late"),
    ("defect_ppm", "不良率(ppm)", "defects (ppm)"),
    ("lead_time_days_median", "リードタイム中央値(日)", "median lead time (days)"),
)

_TEXTS: dict[str, tuple[str, str]] = {
    "title": ("QCD 指標 (基準日 {as_of})", "QCD figures as of {as_of}"),
    "all": ("全期間", "all"),
    "no_rows": ("該当するデータがありません。", "No data."),
    "no_data": ("- = データなし", "- = no data"),
    "refused": (
        "{count} 件の問題があるため、入力全体を受け付けませんでした。",
        "The input was refused: {count} problem(s).",
    ),
}


def _text(key: str, lang: Lang, **params: object) -> str:
    ja, en = _TEXTS[key]
    return (en if lang == "en" else ja).format(**params)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = _EPILOG
    parser.add_argument(
        "--lines", required=True, metavar="order_lines.csv", help="order lines (注文明細)"
    )
    parser.add_argument(
        "--receipts", required=True, metavar="receipts.csv", help="receipts (受入・検査)"
    )
    parser.add_argument(
        "--as-of", required=True, dest="as_of", metavar="YYYY-MM-DD", help="the date A (基準日)"
    )
    parser.add_argument("--json", action="store_true", help="print the documented JSON")
    parser.add_argument(
        "--lang", choices=("ja", "en"), default="ja", help="language of messages and headers"
    )


def run(
    args: argparse.Namespace, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    out = sys.stdout if stdout is None else stdout
    err = sys.stderr if stderr is None else stderr
    lang: Lang = "en" if args.lang == "en" else "ja"
    problems: list[Problem] = []
    as_of = parse_date(args.as_of)
    if as_of is None:
        problems.append(Problem("--as-of", None, None, "bad_as_of", {"value": args.as_of}))
    try:
        data = read_csv(args.lines, args.receipts)
    except QcdInputError as exc:
        problems += exc.problems
    if problems or as_of is None:
        for problem in problems:
            line = problem.message(lang) if problem.code == "bad_as_of" else problem.format(lang)
            print(line, file=err)
        print(_text("refused", lang, count=len(problems)), file=err)
        return EXIT_INPUT_REFUSED
    result = solve(data, params=Params(as_of=as_of))
    try:
        out.write(format_json(result.to_json()) if args.json else format_table(result, lang))
        out.flush()
    except BrokenPipeError:  # `renkei qcd ... | head`: the reader left, nothing is wrong
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return EXIT_OK


def format_json(payload: dict[str, Any]) -> str:
    """The contract's JSON with one row per line (any JSON reader reads it the same)."""

    def dumps(value: object) -> str:
        return json.dumps(value, ensure_ascii=False, allow_nan=False)

    rows = ",\n          ".join(dumps(row) for row in payload["rows"])
    return f'{{"as_of": {dumps(payload["as_of"])},\n "rows": [{rows}]}}\n'


def format_table(result: QcdResult, lang: Lang = "ja") -> str:
    """A plain-text table for people; rates as percentages (the JSON has full precision)."""
    title = _text("title", lang, as_of=result.as_of.isoformat())
    if not result.rows:
        return f"{title}\n{_text('no_rows', lang)}\n"
    headers = [en if lang == "en" else ja for _, ja, en in _HEADERS]
    body = [_cells(row, lang) for row in result.rows]
    widths = [max(_width(cell) for cell in column) for column in zip(headers, *body, strict=True)]
    lines = [title, ""]
    for i, cells in enumerate([headers, *body]):
        padded = [
            _pad(cell, width, left=(k < 2 or i == 0))
            for k, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ]
        lines.append("  ".join(padded).rstrip())
        if i == 0:
            lines.append("  ".join("-" * width for width in widths))
    lines += ["", _text("no_data", lang)]
    return "\n".join(lines) + "\n"


def _cells(row: QcdRow, lang: Lang) -> list[str]:
    def fmt(value: float | int | None, render: Callable[[float], str]) -> str:
        return "-" if value is None else render(float(value))

    return [
        row.supplier_id,
        _text("all", lang) if row.month == ALL_MONTHS else row.month,
        f"{row.lines_due:,}",
        fmt(row.qty_due, lambda v: f"{v:,.0f}" if v.is_integer() else f"{v:,.2f}"),
        fmt(row.otd_qty, lambda v: f"{v:.1%}"),
        fmt(row.otif_lines, lambda v: f"{v:.1%}"),
        fmt(row.late_lines, lambda v: f"{v:,.0f}"),
        fmt(row.avg_days_late, lambda v: f"{v:.1f}"),
        fmt(row.defect_ppm, lambda v: f"{v:,.0f}"),
        fmt(row.lead_time_days_median, lambda v: f"{v:.1f}"),
    ]


def _width(text: str) -> int:
    """Display width: full-width (Japanese) characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, *, left: bool) -> str:
    space = " " * (width - _width(text))
    return text + space if left else space + text


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m renkei.engines.qcd.cli`` (the same as ``renkei qcd``)."""
    parser = argparse.ArgumentParser(prog="renkei qcd", description=(__doc__ or "").splitlines()[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
