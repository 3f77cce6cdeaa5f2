"""Import and export of tabular data, all-or-nothing.

- :mod:`renkei.common.importing`: the generic machinery (files, cell parsers, problems, the
  transaction, templates), shared with the supply import. It knows nothing of the registry.
- :mod:`.registry_sheets`, :mod:`.registry_import`: the registry's sheets and its handler.

Entry points for the faces (pages, command line): :func:`import_registry`,
:func:`registry_template_xlsx`, :func:`registry_template_csv`.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from renkei.common.importing.core import ImportProblem, ImportResult, Progress, run_import
from renkei.common.importing.workbook import template_csv, template_workbook
from renkei.registry.importing.registry_import import RegistryImport
from renkei.registry.importing.registry_sheets import SHEETS, SHEETS_BY_KEY

__all__ = [
    "SHEETS",
    "SHEETS_BY_KEY",
    "ImportProblem",
    "ImportResult",
    "import_registry",
    "registry_template_csv",
    "registry_template_xlsx",
]


def import_registry(
    *,
    data: bytes,
    filename: str,
    actor: Any,
    kind: str | None = None,
    dry_run: bool = False,
    system: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Import a registry workbook or CSV file all-or-nothing, as ``actor``.

    ``kind`` ("firms", "sites", "capabilities", "equipment", "contacts") says what a CSV file or
    an unnamed sheet holds; None tells it from sheet names and headers. ``dry_run`` checks and
    saves everything, then rolls back. ``system`` skips the permission gate (command line).
    Messages and headers are in the active language.
    """
    return run_import(
        data=data,
        filename=filename,
        handler=RegistryImport(actor=actor, system=system),
        kind=kind,
        dry_run=dry_run,
        progress=progress,
    )


def instructions() -> list[str]:
    return [
        _("How to fill in this workbook"),
        _(
            "Fill in the sheets 企業, 拠点, 加工能力, 設備 and 連絡先; leave the sheets you do not "
            "need empty. Do not change the headers in the first row."
        ),
        _(
            "Coloured headers are required. Point at a header to read what the column means; "
            "the 記入例 sheet shows an example row of every sheet."
        ),
        _(
            "Firms are identified by corporate number (without one, by name and head-office "
            "address), sites by firm and site name. Importing the same file again updates the "
            "entries instead of adding them twice."
        ),
        _("A blank cell leaves the registered value unchanged."),
        _(
            "If any row has a problem, nothing is imported: the import page lists every problem "
            "with its row and column."
        ),
        _("Several materials or hazard zones go into one cell, separated by 、 or ;."),
    ]


def registry_template_xlsx() -> bytes:
    return template_workbook(SHEETS, instructions=instructions())


def registry_template_csv(kind: str) -> bytes:
    return template_csv(SHEETS_BY_KEY[kind])
