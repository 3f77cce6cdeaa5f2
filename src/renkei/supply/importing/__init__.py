"""Import of items, BOMs, routings, sourcing, inventory and times to recover, all-or-nothing.

The machinery (files, cells, problems, the transaction, templates) is
:mod:`renkei.common.importing`; here are the supply sheets (:mod:`.sheets`), the handler that
checks them (:mod:`.handler`, :mod:`.cycles`) and writes them (:mod:`.apply`).

Entry points for the faces (pages, command line): :func:`import_supply`,
:func:`supply_template_xlsx`, :func:`supply_template_csv`.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from renkei.common.importing.core import ImportProblem, ImportResult, Progress, run_import
from renkei.common.importing.workbook import template_csv, template_workbook
from renkei.supply.importing.handler import SupplyImport
from renkei.supply.importing.sheets import SHEETS, SHEETS_BY_KEY

__all__ = [
    "SHEETS",
    "SHEETS_BY_KEY",
    "ImportProblem",
    "ImportResult",
    "import_supply",
    "supply_template_csv",
    "supply_template_xlsx",
]


def import_supply(
    *,
    data: bytes,
    filename: str,
    actor: Any,
    owner: str | None = None,
    kind: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Import a supply workbook or CSV file all-or-nothing, as ``actor``.

    ``owner`` names the organisation whose items these are (corporate number or name); a buyer
    may leave it out (its own organisation), a coordinator names it here or in the 所有者
    column. ``kind`` ("items", "bom", "routing", "sourcing", "inventory", "recovery") says what
    a CSV file holds; None tells it from sheet names and headers. ``dry_run`` checks and saves
    everything, then rolls back. Messages and headers are in the active language.
    """
    handler = SupplyImport(actor=actor, owner=owner or None, filename=filename)
    return run_import(
        data=data,
        filename=filename,
        handler=handler,
        kind=kind,
        dry_run=dry_run,
        progress=progress,
    )


def instructions() -> list[str]:
    return [
        _("How to fill in this workbook"),
        _(
            "Fill in the sheets 品目, 部品表, 工程, 調達先, 在庫 and 復旧時間; leave the sheets "
            "you do not need empty. Do not change the headers in the first row."
        ),
        _(
            "Coloured headers are required. Point at a header to read what the column means; "
            "the 記入例 sheet shows an example row of every sheet."
        ),
        _(
            "All items of one file belong to one owner: a buyer's own organisation, or the "
            "owner a coordinator names. Items are identified by their code, BOM lines by "
            "parent and component, routing steps by item and step number, sourcing by item, "
            "step and supplier site. Importing the same file again updates the entries "
            "instead of adding them twice."
        ),
        _(
            "Suppliers are named by corporate number or firm name as registered, and their "
            "site by name (blank: the head office)."
        ),
        _("A blank cell leaves the registered value unchanged."),
        _(
            "If any row has a problem, nothing is imported: the import page lists every problem "
            "with its row and column."
        ),
    ]


def supply_template_xlsx() -> bytes:
    return template_workbook(SHEETS, instructions=instructions())


def supply_template_csv(kind: str) -> bytes:
    return template_csv(SHEETS_BY_KEY[kind])
