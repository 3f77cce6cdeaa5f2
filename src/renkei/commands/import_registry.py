"""`renkei import-registry FILE`: import a registry workbook or CSV file all-or-nothing.

Problems are printed in Japanese (``--lang en`` for English), one per line with sheet, row and
column, and the exit status is 1 when there is any. ``--dry-run`` checks everything, saves
nothing. ``--as USERNAME`` imports as that user (the audit log's actor, and the permission gate
applies); without it the import runs as the system.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from renkei.common.importing.core import ImportResult

KINDS = ("firms", "sites", "capabilities", "equipment", "contacts")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help=".xlsx or .csv (UTF-8, UTF-8 with BOM or CP932)")
    parser.add_argument(
        "--kind", choices=KINDS, help="what a CSV file holds (default: told from its headers)"
    )
    parser.add_argument("--dry-run", action="store_true", help="check only, import nothing")
    parser.add_argument("--as", dest="username", help="import as this user")
    parser.add_argument("--lang", default="ja", choices=("ja", "en"), help="message language")


def run(args: argparse.Namespace) -> int:
    from renkei.cli import setup_django

    setup_django()
    from renkei.common.importing.command import run_import_command
    from renkei.registry.importing import import_registry

    def import_file(data: bytes, filename: str, actor: Any) -> ImportResult:
        return import_registry(
            data=data,
            filename=filename,
            actor=actor,
            kind=args.kind,
            dry_run=args.dry_run,
            system=actor is None,
        )

    return run_import_command(args, import_file)
