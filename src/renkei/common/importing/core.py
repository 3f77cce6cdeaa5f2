"""The all-or-nothing tabular import, independent of what is imported.

An import reads a file into tables (:mod:`.readers`), gives each table a :class:`SheetSpec`
(by sheet name, by the kind the user chose, or by its headers), parses every cell with its
:class:`Column`'s parser and hands the rows to a :class:`Handler`, which

1. ``check``s them against the database (references, duplicates, permissions) without writing,
2. ``prepare``s their writes, only when no problem at all was found: every record built and
   validated (``full_clean``), still reading only, into a :class:`~renkei.common.writes.
   WritePlan`;
3. saves the plan in one short ``transaction.atomic`` (not at all for a "check only" run).

Nothing before the last step takes the database's write lock, so that an import of 20,000 rows
keeps other users' writes waiting for the seconds of its save at most, not for the minutes of
its validation.

Every problem is an :class:`ImportProblem` with the sheet (or file) name, the row number the user
sees in Excel, the column header and the message in the user's language. A ``ValidationError``
raised while validating a write becomes such a problem too, and one bad row imports nothing.

Nothing here knows about the registry or supply; each app brings its own
sheets and handler.
"""

from __future__ import annotations

import functools
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from renkei.common.busy import is_database_busy
from renkei.common.importing import cells
from renkei.common.importing.readers import FileProblem, Table, is_blank, read_tables
from renkei.common.writes import WritePlan

# Sheets of our own templates that hold no data.
HELPER_SHEETS = {"記入例", "入力方法", "説明", "example", "examples", "instructions", "readme"}


def is_english() -> bool:
    return (get_language() or "ja").startswith("en")


@functools.lru_cache(maxsize=4096)
def header_key(value: Any) -> str:
    """Compare headers loosely: 「公差(±mm)」, "公差（±mm）" and "公差 ±mm" are the same header."""
    folded = unicodedata.normalize("NFKC", cells.cell_text(value)).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its headers in both languages and how to read its cells."""

    key: str
    header_ja: str
    header_en: str
    parse: cells.Parser = field(default_factory=cells.text)
    required: bool = False
    help: Any = ""  # explanation for the template, translatable
    example: Any = ""  # a value for the 記入例 sheet
    fields: tuple[str, ...] = ()  # model fields whose errors belong here (default: the key)
    as_text: bool = False  # codes with leading zeros: format the template column as text
    options: Callable[[], list[str]] | None = None  # a drop-down list in the template

    @property
    def header(self) -> str:
        return self.header_en if is_english() else self.header_ja

    def accepts(self, key: str) -> bool:
        return key in {header_key(self.header_ja), header_key(self.header_en), header_key(self.key)}

    def owns_field(self, name: str) -> bool:
        return name in (self.fields or (self.key,))


@dataclass(frozen=True)
class SheetSpec:
    """One kind of table: a sheet of the workbook, or one CSV file."""

    key: str
    name_ja: str
    name_en: str
    columns: tuple[Column, ...]
    aliases: tuple[str, ...] = ()
    one_of: tuple[tuple[str, ...], ...] = ()  # at least one of these columns must be filled
    help: Any = ""

    @property
    def name(self) -> str:
        return self.name_en if is_english() else self.name_ja

    def column(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)

    def accepts_name(self, name: str) -> bool:
        names = (self.name_ja, self.name_en, self.key, *self.aliases)
        return header_key(name) in {header_key(n) for n in names}

    def match_header(self, value: Any) -> Column | None:
        key = header_key(value)
        return next((c for c in self.columns if c.accepts(key)), None)


@dataclass(frozen=True)
class ImportProblem:
    sheet: str  # sheet name, or the file name of a CSV
    row: int | None  # as the user sees it in Excel; None for a problem with the whole file
    column: str  # header in the user's language ("" when the problem is not in one column)
    message: str
    code: str


@dataclass(eq=False)
class Row:
    """One data row: parsed values of its non-blank cells, and room for the handler's notes."""

    spec: SheetSpec
    table: str
    number: int
    values: dict[str, Any] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)  # the cells as typed, for messages
    failed: set[str] = field(default_factory=set)  # columns whose cell could not be read
    context: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def ok(self, *keys: str) -> bool:
        """True when none of ``keys`` had a problem (a blank cell is fine)."""
        return not self.failed.intersection(keys)


def _messages(error: ValidationError | str, code: str) -> list[tuple[str, str]]:
    if not isinstance(error, ValidationError):
        return [(str(error), code)]
    result = []
    for item in error.error_list:
        message = item.message
        if item.params:
            message = message % item.params
        result.append((str(message), item.code or code))
    return result


class Problems:
    """Collects problems in the order the user will read them: sheet, row, column."""

    def __init__(self) -> None:
        self._items: list[tuple[tuple[int, int, int, int], ImportProblem]] = []
        self._table_order: dict[str, int] = {}

    def __bool__(self) -> bool:
        return bool(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def order_tables(self, names: list[str]) -> None:
        """List problems in the order of the workbook's sheets, whichever phase found them."""
        for name in names:
            self._table_order.setdefault(name, len(self._table_order))

    def sorted(self) -> list[ImportProblem]:
        return [problem for _key, problem in sorted(self._items, key=lambda item: item[0])]

    def add(
        self,
        *,
        table: str,
        row: int | None,
        column: str,
        error: ValidationError | str,
        code: str = "invalid",
        position: int = -1,
    ) -> None:
        order = self._table_order.setdefault(table, len(self._table_order))
        for message, message_code in _messages(error, code):
            key = (order, row or 0, position, len(self._items))
            self._items.append((key, ImportProblem(table, row, column, message, message_code)))

    def at(
        self, row: Row, column: str | None, error: ValidationError | str, code: str = "invalid"
    ) -> None:
        """A problem in one cell of ``row`` (``column`` is a column key, or None for the row)."""
        header, position = "", -1
        if column is not None:
            header = row.spec.column(column).header
            position = [c.key for c in row.spec.columns].index(column)
            row.failed.add(column)
        self.add(
            table=row.table,
            row=row.number,
            column=header,
            error=error,
            code=code,
            position=position,
        )

    def from_validation_error(
        self, row: Row, exc: ValidationError, *, field_map: dict[str, str] | None = None
    ) -> None:
        """Turn a model's ``full_clean`` error into problems on the columns that hold the fields."""
        if not hasattr(exc, "error_dict"):
            self.at(row, None, exc)
            return
        for name, errors in exc.error_dict.items():
            column = None if name == NON_FIELD_ERRORS else _column_for(row.spec, name, field_map)
            for error in errors:
                if column is None and name != NON_FIELD_ERRORS:
                    # A field with no column of its own: say which field, so the user can act.
                    self.at(row, None, ValidationError(f"{name}: {_messages(error, '')[0][0]}"))
                else:
                    self.at(row, column, error)

    @contextmanager
    def capture(self, row: Row, *, field_map: dict[str, str] | None = None) -> Iterator[None]:
        """Record a save's validation or database error as problems of ``row``."""
        try:
            yield
        except ValidationError as exc:
            self.from_validation_error(row, exc, field_map=field_map)
        except DatabaseError as exc:
            self.at(
                row, None, _("This row could not be saved: %(error)s") % {"error": exc}, "database"
            )


def _column_for(spec: SheetSpec, name: str, field_map: dict[str, str] | None) -> str | None:
    if field_map and name in field_map:
        return field_map[name]
    return next((c.key for c in spec.columns if c.owns_field(name)), None)


#: Identity of a row already checked -> its row number (see unique_row).
Seen = dict[tuple[Any, ...], int]


def unique_row(row: Row, key: tuple[Any, ...], column: str, problems: Problems, seen: Seen) -> bool:
    """False (and a problem) when an earlier row of the same sheet has the same identity."""
    key = (row.spec.key, row.table, *key)
    if key in seen:
        problems.at(
            row,
            column,
            _("This row repeats row %(row)s.") % {"row": seen[key]},
            "duplicate_row",
        )
        return False
    seen[key] = row.number
    return True


@dataclass
class ImportResult:
    sheets: tuple[SheetSpec, ...]
    dry_run: bool = False
    problems: list[ImportProblem] = field(default_factory=list)
    counts: dict[str, Counter[str]] = field(default_factory=dict)
    applied: bool = False
    # How long each phase took (read, check, prepare, write), in seconds: "write" is the time
    # the database's write lock was held.
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def problem_count(self) -> int:
        return len(self.problems)

    def count(self, sheet: str, outcome: str) -> None:
        """``outcome`` is "created", "updated" or "unchanged"."""
        self.counts.setdefault(sheet, Counter())[outcome] += 1

    def summary(self) -> list[dict[str, Any]]:
        return [
            {
                "sheet": spec.name,
                "key": spec.key,
                "created": self.counts.get(spec.key, Counter())["created"],
                "updated": self.counts.get(spec.key, Counter())["updated"],
                "unchanged": self.counts.get(spec.key, Counter())["unchanged"],
            }
            for spec in self.sheets
            if spec.key in self.counts
        ]


class Handler(Protocol):
    """What an importer provides: its sheets (in the order they are written), ``check`` and
    ``prepare``; ``actor`` is the audit log's actor of the writes."""

    sheets: tuple[SheetSpec, ...]
    actor: Any

    def check(self, rows: dict[str, list[Row]], problems: Problems) -> None:
        """Resolve references and find conflicts, reading only. Rows may have failed cells."""

    def prepare(
        self, rows: dict[str, list[Row]], problems: Problems, result: ImportResult
    ) -> WritePlan:
        """Build and validate the writes, reading only (only when ``check`` found nothing);
        problems go to ``problems``, outcomes to ``result.count``."""
        ...


#: Told how far an import got: ``progress(fraction, message)`` (a job's progress bar).
Progress = Callable[[float, str], None]


def _no_progress(fraction: float, message: str = "") -> None:
    pass


def run_import(
    *,
    data: bytes,
    filename: str,
    handler: Handler,
    kind: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Import ``data`` all-or-nothing. ``kind`` names the sheet spec of tables whose kind the
    sheet name does not tell (CSV files, a workbook's "Sheet1"); None detects it from headers.

    A busy database (the write lock not got in time) is raised, as anywhere else: the caller
    answers "busy, try again"; nothing was written."""
    result = ImportResult(sheets=handler.sheets, dry_run=dry_run)
    problems = Problems()
    clock = _Clock(result)
    report = progress or _no_progress
    report(0.0, _("Reading the file"))
    try:
        with clock("read"):
            tables = read_tables(data, filename)
    except FileProblem as exc:
        problems.add(table=filename, row=None, column="", error=str(exc), code=exc.code)
        result.problems = problems.sorted()
        return result
    with clock("read"):
        rows = parse_tables(tables, handler.sheets, kind=kind, problems=problems)
    if not problems and not any(rows.values()):
        problems.add(
            table=filename,
            row=None,
            column="",
            error=_("There is no data to import."),
            code="no_data",
        )
    if any(rows.values()):
        report(0.1, _("Checking the references"))
        with clock("check"):
            handler.check(rows, problems)
    if not problems:
        report(0.2, _("Checking every row"))
        _prepare_and_write(handler, rows, problems, result, clock, filename, dry_run, report)
    result.problems = problems.sorted()
    result.applied = result.ok and not dry_run
    if not result.ok:
        result.counts = {}
    return result


class _Clock:
    def __init__(self, result: ImportResult) -> None:
        self.result = result

    @contextmanager
    def __call__(self, phase: str) -> Iterator[None]:
        started = time.monotonic()
        try:
            yield
        finally:
            spent = time.monotonic() - started
            self.result.seconds[phase] = self.result.seconds.get(phase, 0.0) + spent


def _prepare_and_write(
    handler: Handler,
    rows: dict[str, list[Row]],
    problems: Problems,
    result: ImportResult,
    clock: _Clock,
    filename: str,
    dry_run: bool,
    report: Progress,
) -> None:
    with clock("prepare"):
        plan: WritePlan = handler.prepare(rows, problems, result)
    if problems or dry_run:
        return
    report(0.9, _("Saving"))
    try:
        with clock("write"), transaction.atomic():
            plan.save(actor=handler.actor)
    except DatabaseError as exc:
        if is_database_busy(exc):
            raise
        # Another user wrote one of these records since the check (a unique key taken).
        problems.add(
            table=filename,
            row=None,
            column="",
            error=_(
                "The data changed while the file was being imported, so nothing was imported. "
                "Import the file again. (%(error)s)"
            )
            % {"error": exc},
            code="changed_meanwhile",
        )


def parse_tables(
    tables: list[Table],
    specs: tuple[SheetSpec, ...],
    *,
    kind: str | None,
    problems: Problems,
) -> dict[str, list[Row]]:
    """Give every table its spec and parse its rows; tables of our own helper sheets are skipped."""
    rows: dict[str, list[Row]] = {spec.key: [] for spec in specs}
    problems.order_tables([t.name for t in tables])
    forced = next((s for s in specs if s.key == kind), None)
    data_tables = [t for t in tables if t.rows and header_key(t.name) not in HELPER_SHEETS]
    for table in data_tables:
        spec = (
            None if table.is_csv else next((s for s in specs if s.accepts_name(table.name)), None)
        )
        if spec is None and forced is not None and (table.is_csv or len(data_tables) == 1):
            spec = forced
        if spec is None:
            spec = detect_spec(table, specs)
        if spec is None:
            known = "、".join(s.name for s in specs)
            problems.add(
                table=table.name,
                row=None,
                column="",
                error=_(
                    "Which data “%(sheet)s” holds cannot be told from its name or its headers. "
                    "Name the sheet one of: %(known)s, or choose the kind."
                )
                % {"sheet": table.name, "known": known},
                code="unknown_sheet",
            )
            continue
        rows[spec.key].extend(parse_table(table, spec, problems))
    return rows


def detect_spec(table: Table, specs: tuple[SheetSpec, ...]) -> SheetSpec | None:
    """The one spec whose columns explain every header and whose required columns are there."""
    headers = [h for h in table.rows[0][1] if not is_blank(h)]
    fitting = []
    for spec in specs:
        matched = {c.key for h in headers if (c := spec.match_header(h)) is not None}
        complete = all(c.key in matched for c in spec.columns if c.required) and all(
            matched.intersection(group) for group in spec.one_of
        )
        if complete and len(matched) == len(headers):
            fitting.append(spec)
    return fitting[0] if len(fitting) == 1 else None


def parse_table(table: Table, spec: SheetSpec, problems: Problems) -> list[Row]:
    header_number, header_cells = table.rows[0]
    columns: list[Column | None] = []
    seen: set[str] = set()
    for value in header_cells:
        column = None if is_blank(value) else spec.match_header(value)
        if not is_blank(value) and column is None:
            problems.add(
                table=table.name,
                row=header_number,
                column=cells.cell_text(value),
                error=_("Unknown column “%(column)s”. Use the headers of the template.")
                % {"column": cells.cell_text(value)},
                code="unknown_column",
            )
        elif column is not None and column.key in seen:
            problems.add(
                table=table.name,
                row=header_number,
                column=column.header,
                error=_("The column “%(column)s” appears twice.") % {"column": column.header},
                code="duplicate_column",
            )
            column = None
        elif column is not None:
            seen.add(column.key)
        columns.append(column)
    for column in spec.columns:
        if column.required and column.key not in seen:
            problems.add(
                table=table.name,
                row=header_number,
                column=column.header,
                error=_("The required column “%(column)s” is missing.") % {"column": column.header},
                code="missing_column",
            )
    for group in spec.one_of:
        if not seen.intersection(group):
            names = "、".join(spec.column(k).header for k in group)
            problems.add(
                table=table.name,
                row=header_number,
                column=spec.column(group[0]).header,
                error=_("One of these columns is needed: %(columns)s") % {"columns": names},
                code="missing_column",
            )

    rows = []
    for number, values in table.rows[1:]:
        row = Row(spec=spec, table=table.name, number=number)
        for index, value in enumerate(values):
            if is_blank(value):
                continue
            column = columns[index] if index < len(columns) else None
            if column is None:
                if index >= len(header_cells) or is_blank(header_cells[index]):
                    problems.add(
                        table=table.name,
                        row=number,
                        column=get_column_letter(index + 1),
                        error=_("This cell has a value but its column has no header."),
                        code="no_header",
                    )
                continue
            row.raw[column.key] = cells.cell_text(value)
            try:
                row.values[column.key] = column.parse(value)
            except ValidationError as exc:
                problems.at(row, column.key, exc)
        for column in spec.columns:
            if column.required and column.key in seen and column.key not in row.raw:
                problems.at(row, column.key, _("This cell is required."), "required")
        for group in spec.one_of:
            if seen.intersection(group) and not any(k in row.raw for k in group):
                names = "、".join(spec.column(k).header for k in group)
                problems.at(
                    row, group[0], _("Fill in one of: %(columns)s") % {"columns": names}, "required"
                )
        rows.append(row)
    return rows
