"""A QCD sheet as an Excel workbook and as a Japanese PDF.

Both are built from :func:`renkei.qcd.selectors.qcd_sheet` (after the gate allowed it) and
hold what the page shows: the firm, the date, the figures per month and over all periods, the
defect Pareto and the late deliveries by day. No price and no buyer. Headers and sheet names
follow the active language (Japanese by default, English when the UI is in English); a null
figure is "—", never 0.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from renkei.common.exporting import XLSX_TYPE as XLSX_TYPE
from renkei.common.exporting import append, new_workbook, workbook_bytes
from renkei.engines.qcd import ALL_MONTHS
from renkei.qcd import pdf
from renkei.qcd.selectors import QcdSheet
from renkei.qcd.sheets import FIGURES, NO_DATA, defect_label, headers, month_label, table_rows

NUMBER_FORMATS = {
    "count": "#,##0",
    "quantity": "#,##0.###",
    "rate": "0.0%",
    "ppm": "#,##0",
    "days": "0.0",
}
HEADER_FILL = PatternFill("solid", fgColor="E8EEF0")


def sheet_title(sheet: QcdSheet) -> str:
    return _("Common-format QCD sheet: %(firm)s") % {"firm": sheet.supplier.name}


def _header(ws: Any, names: list[str]) -> None:
    append(ws, names)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    ws.freeze_panes = "B2"
    for i, name in enumerate(names, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(12, min(28, len(name) * 2 + 2))


def _value(row: Any, key: str) -> Any:
    if row is None:
        return 0 if key in ("lines_due", "qty_due") else NO_DATA
    value = getattr(row, key)
    return NO_DATA if value is None else value


def sheet_workbook(sheet: QcdSheet) -> bytes:
    """The workbook: summary, monthly figures (oldest first, then 全期間), Pareto, late days."""
    wb = new_workbook(empty=False)
    summary = wb.active
    summary.title = _("Summary")
    for label, value in (
        (_("Firm"), sheet.supplier.name),
        (_("As of"), sheet.as_of),
        (_("Months"), f"{sheet.months[0][0]} – {sheet.months[-1][0]}"),
        (
            _("Note"),
            _(
                "Figures in the common format over all the firm's buyers. "
                "No price and no buyer name. — means no data."
            ),
        ),
    ):
        append(summary, [label, value])
        summary.cell(summary.max_row, 1).font = Font(bold=True)
    summary["B2"].number_format = "yyyy-mm-dd"
    summary.column_dimensions["A"].width = 14
    summary.column_dimensions["B"].width = 60

    monthly = wb.create_sheet(_("Monthly QCD"))
    _header(monthly, [_("Month"), *headers()])
    for month, row in [*sheet.months, (ALL_MONTHS, sheet.overall)]:
        append(monthly, [month_label(month), *[_value(row, key) for key, _l, _k in FIGURES]])
        for col, (_key, _label, kind) in enumerate(FIGURES, start=2):
            monthly.cell(monthly.max_row, col).number_format = NUMBER_FORMATS[kind]

    pareto = wb.create_sheet(_("Defect Pareto"))
    _header(
        pareto,
        [_("Defect class"), _("Rejected quantity"), _("Share"), _("Cumulative share")],
    )
    for code, qty, share, cumulative in sheet.pareto.rows():
        append(pareto, [defect_label(code), qty, share, cumulative])
        pareto.cell(pareto.max_row, 2).number_format = "#,##0.###"
        pareto.cell(pareto.max_row, 3).number_format = "0.0%"
        pareto.cell(pareto.max_row, 4).number_format = "0.0%"

    late = wb.create_sheet(_("Late deliveries"))
    _header(late, [_("Promised date"), _("Late lines"), _("Average days late")])
    for day, count, avg in sheet.calendar.rows():
        append(late, [day, count, avg])
        late.cell(late.max_row, 1).number_format = "yyyy-mm-dd"
        late.cell(late.max_row, 3).number_format = "0.0"

    return workbook_bytes(wb)


def sheet_pdf(sheet: QcdSheet) -> bytes:
    """The sheet as an A4 landscape PDF in the user's language (Japanese font built in)."""
    title = sheet_title(sheet)
    subtitle = _("As of %(date)s — over all the firm's buyers; no price and no buyer name.") % {
        "date": sheet.as_of.isoformat()
    }
    rows = table_rows(sheet)
    story: list[Any] = [
        *pdf.title_block(title, subtitle=subtitle),
        pdf.heading(_("Figures per month")),
        pdf.figure_table(
            [_("Month"), *headers()],
            [[row["month"], *row["cells"]] for row in rows],
            highlight_last=True,
        ),
        pdf.heading(_("Defects by class (Pareto)")),
    ]
    if len(sheet.pareto):
        story.append(
            pdf.figure_table(
                [_("Defect class"), _("Rejected quantity"), _("Share"), _("Cumulative share")],
                [
                    [defect_label(c), f"{q:,.0f}", f"{s * 100:.1f} %", f"{cum * 100:.1f} %"]
                    for c, q, s, cum in sheet.pareto.rows()
                ],
                first_column_mm=60,
            )
        )
    else:
        story.append(pdf.paragraph(_("No rejected parts.")))
    late_months = _late_by_month(sheet)
    story.append(pdf.heading(_("Late lines per month (by promised date)")))
    if late_months:
        story.append(
            pdf.figure_table(
                [_("Month"), _("Late lines")],
                [[m, str(n)] for m, n in late_months],
                first_column_mm=60,
            )
        )
    else:
        story.append(pdf.paragraph(_("No late delivery.")))
    return pdf.build_pdf(title, story)


def _late_by_month(sheet: QcdSheet) -> list[tuple[str, int]]:
    """Late lines of the sheet's months, from the monthly rows (the figure itself)."""
    return [
        (month, row.late_lines)
        for month, row in reversed(sheet.months)
        if row is not None and row.late_lines
    ]
