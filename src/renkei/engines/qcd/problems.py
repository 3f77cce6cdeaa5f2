"""Input problems as data: file, row, column, code and a message in Japanese or English.

The engine has no Django, so it cannot use gettext; the messages live in one small table keyed
by the problem code, Japanese first. Callers on the platform may translate the code themselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

Lang = Literal["ja", "en"]

# code -> (Japanese, English); placeholders are filled from Problem.params.
MESSAGES: dict[str, tuple[str, str]] = {
    "file_not_found": ("ファイルが見つかりません", "File not found"),
    "unreadable_file": ("ファイルを読み込めません: {reason}", "Cannot read the file: {reason}"),
    "encoding": (
        "文字コードを判別できません (UTF-8 でも CP932 (Shift_JIS) でもありません)",
        "Unknown text encoding (neither UTF-8 nor CP932/Shift_JIS)",
    ),
    "empty_file": ("ファイルが空です (見出し行がありません)", "The file is empty (no header row)"),
    "missing_column": ("列「{column}」がありません", 'Column "{column}" is missing'),
    "missing_value": ("値が入っていません", "The value is empty"),
    "bad_date": (
        "日付として読めません: 「{value}」 (YYYY-MM-DD または YYYY/MM/DD)",
        'Not a date: "{value}" (use YYYY-MM-DD or YYYY/MM/DD)',
    ),
    "bad_number": ("数値として読めません: 「{value}」", 'Not a number: "{value}"'),
    "bad_integer": ("整数として読めません: 「{value}」", 'Not a whole number: "{value}"'),
    "negative_quantity": ("数量が負の値です: {value}", "Quantity is negative: {value}"),
    "negative_price": ("単価が負の値です: {value}", "Unit price is negative: {value}"),
    "rejected_exceeds_inspected": (
        "不合格数 {rejected} が検査数 {inspected} を超えています",
        "Rejected quantity {rejected} exceeds inspected quantity {inspected}",
    ),
    "inspected_exceeds_received": (
        "検査数 {inspected} が受入数 {received} を超えています",
        "Inspected quantity {inspected} exceeds received quantity {received}",
    ),
    "unknown_line": (
        "注文明細にない明細への受入です: 注文番号 {order_id} 明細番号 {line_no}",
        "Receipt for an order line that does not exist: order {order_id} line {line_no}",
    ),
    "duplicate_line": (
        "注文番号 {order_id} 明細番号 {line_no} が重複しています ({first_row} 行目と同じ)",
        "Order {order_id} line {line_no} appears twice (first on row {first_row})",
    ),
    "bad_as_of": (
        "基準日 (--as-of) を日付として読めません: 「{value}」 (YYYY-MM-DD または YYYY/MM/DD)",
        'The as-of date (--as-of) is not a date: "{value}" (use YYYY-MM-DD or YYYY/MM/DD)',
    ),
    "index_out_of_range": (
        "受入の明細番号 (位置) {value} が範囲外です (明細は {n_lines} 件)",
        "Receipt line index {value} is out of range ({n_lines} order lines)",
    ),
}


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in the input.

    Attributes
    ----------
    file : str
        The file (or record list) the problem is in, as the caller named it.
    row : int or None
        Row as a spreadsheet user counts it: the header is row 1, the first data row is row 2.
        None for a problem with the whole file (not found, unreadable).
    column : str or None
        The column name, or None for a problem with the whole file or row.
    code : str
        A stable key of :data:`MESSAGES`.
    params : Mapping[str, str]
        The values the message names.
    """

    file: str
    row: int | None
    column: str | None
    code: str
    params: Mapping[str, str] = field(default_factory=dict)

    def message(self, lang: Lang = "ja") -> str:
        """The message in Japanese (default) or English."""
        ja, en = MESSAGES[self.code]
        return (en if lang == "en" else ja).format(**self.params)

    def location(self) -> str:
        """``file:row:column`` (the parts that are known)."""
        parts = [self.file]
        if self.row is not None:
            parts.append(str(self.row))
            if self.column is not None:
                parts.append(self.column)
        return ":".join(parts)

    def format(self, lang: Lang = "ja") -> str:
        """``file:row:column: message``, the line the CLI prints."""
        return f"{self.location()}: {self.message(lang)}"

    def as_dict(self, lang: Lang = "ja") -> dict[str, str | int | None]:
        """A JSON-ready dict: file, row, column, code, message."""
        return {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "code": self.code,
            "message": self.message(lang),
        }

    def sort_key(self) -> tuple[int, str]:
        """Order within one file: file-wide problems first, then by row."""
        return (-1 if self.row is None else self.row, self.column or "")


class QcdInputError(ValueError):
    """The input was refused as a whole; :attr:`problems` lists every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        # Kept in the order given: the reader lists the order lines file first, each by row.
        self.problems: list[Problem] = list(problems)
        shown = "; ".join(p.format("en") for p in self.problems[:5])
        more = len(self.problems) - 5
        suffix = f"; and {more} more" if more > 0 else ""
        super().__init__(f"{len(self.problems)} problem(s) in the QCD input: {shown}{suffix}")


def format_number(value: float) -> str:
    """A quantity as a user typed it: ``5`` rather than ``5.0``."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))
