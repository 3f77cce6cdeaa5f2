"""`renkei import-supply FILE --as USERNAME`: import items, BOMs and sourcing all-or-nothing.

The import runs as the named user: the audit log's actor, and the same permission gate as the
page (a buyer imports its own organisation's items; a coordinator names the owner with
``--owner``, by corporate number or name, or in the 所有者 column). Problems are printed in
Japanese (``--lang en`` for English), one per line with sheet, row and column, and the exit
status is 1 when there is any. ``--dry-run`` checks everything, saves nothing.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from renkei.common.importing.core import ImportResult

KINDS = ("items", "bom", "routing", "sourcing", "inventory", "recovery")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help=".xlsx or .csv (UTF-8, UTF-8 with BOM or CP932)")
    parser.add_argument("--as", dest="username", required=True, help="import as this user")
    parser.add_argument(
        "--owner", help="corporate number or name of the items' owner (coordinators)"
    )
    parser.add_argument(
        "--kind", choices=KINDS, help="what a CSV file holds (default: told from its headers)"
    )
    parser.add_argument("--dry-run", action="store_true", help="check only, import nothing")
    parser.add_argument("--lang", default="ja", choices=("ja", "en"), help="message language")


def run(args: argparse.Namespace) -> int:
    from renkei.cli import setup_django

    setup_django()
    from renkei.common.importing.command import run_import_command
    from renkei.supply.importing import import_supply

    def import_file(data: bytes, filename: str, actor: Any) -> ImportResult:
        return import_supply(
            data=data,
            filename=filename,
            actor=actor,
            owner=args.owner,
            kind=args.kind,
            dry_run=args.dry_run,
        )

    return run_import_command(args, import_file)
