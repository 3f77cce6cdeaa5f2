"""`renkei import-supply FILE --as USERNAME`: import items, BOMs and sourcing all-or-nothing.

The import runs as the named user: the audit log's actor, and the same permission gate as the
page (a buyer imports its own organisation's items; a coordinator names the owner with
``--owner``, by corporate number or name, or in the 所有者 column). Problems are printed in
Japanese (``--lang en`` for English), one per line with sheet, row and column, and the exit
status is 1 when there is any. ``--dry-run`` checks everything, saves nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

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
    from django.contrib.auth import get_user_model
    from django.utils import translation
    from django.utils.translation import gettext as _

    from renkei.supply.importing import import_supply

    with translation.override(args.lang):
        try:
            data = args.file.read_bytes()
        except OSError as exc:
            print(
                _("Cannot read %(file)s: %(error)s") % {"file": args.file, "error": exc.strerror},
                file=sys.stderr,
            )
            return 2
        user_model = get_user_model()
        try:
            actor = user_model.objects.get(username=args.username)
        except user_model.DoesNotExist:
            print(_("No user %(name)s.") % {"name": args.username}, file=sys.stderr)
            return 2
        result = import_supply(
            data=data,
            filename=args.file.name,
            actor=actor,
            owner=args.owner,
            kind=args.kind,
            dry_run=args.dry_run,
        )
        for problem in result.problems:
            location = problem.sheet
            if problem.row is not None:
                location = _("%(sheet)s row %(row)s") % {"sheet": problem.sheet, "row": problem.row}
            if problem.column:
                location = f"{location} [{problem.column}]"
            print(f"{location}: {problem.message}")
        if not result.ok:
            print(_("%(count)s problems: nothing was imported.") % {"count": len(result.problems)})
            return 1
        for line in result.summary():
            print(
                _("%(sheet)s: %(created)s new, %(updated)s updated, %(unchanged)s unchanged") % line
            )
        if args.dry_run:
            print(_("Check only: nothing was imported."))
    return 0
