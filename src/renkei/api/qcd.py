"""QCD sheets: a firm's figures in the common format, as far as the firm shares them.

Read-only, through the same gate as the sheet page
(:func:`renkei.qcd.permissions.qcd_sheet_for_user`): a sheet the caller may not open is 404
``not_found``, whether or not the firm exists. The body is the contract's JSON
(``QcdResult.to_json()``): figures only, never a price or a buyer.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from renkei.api.auth import READ_AUTH, READ_OPENAPI
from renkei.common.params import check_date_range
from renkei.qcd.permissions import qcd_sheet_for_user
from renkei.qcd.selectors import qcd_sheet

router = Router(tags=["qcd"])


class SheetQuery(Schema):
    as_of: dt.date = Field(
        None,
        description=(
            "The date A the figures are computed as of (YYYY-MM-DD, 1900-01-01 to 2999-12-31); "
            "today if absent."
        ),
        # The range the server takes (renkei.common.params), as far as a schema can say it.
        json_schema_extra={"pattern": r"^(19|2[0-9])[0-9]{2}-"},
    )


class QcdRowOut(Schema):
    supplier_id: str = Field(description="The organisation's id, as a string (the contract's).")
    month: str = Field(description='"YYYY-MM", or "all" over every month up to as_of.')
    lines_due: int
    qty_due: int | float = Field(description="An integer when whole, else a decimal.")
    otd_qty: float | None = Field(description="納期遵守率 (quantity), 0–1; null: no data.")
    otif_lines: float | None
    late_lines: int | None
    avg_days_late: float | None
    defect_ppm: float | None = Field(description="不良率 in ppm; null: nothing inspected.")
    lead_time_days_median: float | None


class QcdSheetOut(Schema):
    as_of: dt.date
    rows: list[QcdRowOut]


@router.get(
    "/qcd/sheets/{organization_id}",
    response=QcdSheetOut,
    auth=READ_AUTH,
    openapi_extra=READ_OPENAPI,
    summary="A firm's QCD sheet (common format), if the firm shares it with the caller",
)
def get_qcd_sheet(request: HttpRequest, organization_id: int, filters: Query[SheetQuery]) -> Any:
    supplier = qcd_sheet_for_user(request.auth, organization_id)
    as_of = check_date_range(filters.as_of or timezone.localdate(), "as_of")
    sheet = qcd_sheet(supplier, as_of=as_of)
    return sheet.result.to_json()
