"""What the `import-registry` and `import-supply` commands share: read the file, resolve the
``--as`` user, run the import and print its problems or summary.

Imported only after Django is set up (inside a command's ``run``): it touches the user model.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext as _

from renkei.common.importing.core import ImportResult

#: Runs the import: ``(data, filename, actor)`` -> result; actor is None without ``--as``.
ImportFunction = Callable[[bytes, str, Any], ImportResult]


def run_import_command(args: argparse.Namespace, import_file: ImportFunction) -> int:
    """Run ``import_file`` on ``args.file`` as ``args.username``; print what happened.

    Exit status: 0 when imported (or checked with ``--dry-run``), 1 when the file has
    problems, 2 when the file cannot be read or the user does not exist.
    """
    with translation.override(args.lang):
        try:
            data = args.file.read_bytes()
        except OSError as exc:
            print(
                _("Cannot read %(file)s: %(error)s") % {"file": args.file, "error": exc.strerror},
                file=sys.stderr,
            )
            return 2
        actor = None
        if args.username:
            user_model = get_user_model()
            try:
                actor = user_model.objects.get(username=args.username)
            except user_model.DoesNotExist:
                print(_("No user %(name)s.") % {"name": args.username}, file=sys.stderr)
                return 2
        result = import_file(data, args.file.name, actor)
        return print_result(result, dry_run=args.dry_run)


def print_result(result: ImportResult, *, dry_run: bool) -> int:
    """Print each problem with its sheet, row and column, or the summary; the exit status."""
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
        print(_("%(sheet)s: %(created)s new, %(updated)s updated, %(unchanged)s unchanged") % line)
    if dry_run:
        print(_("Check only: nothing was imported."))
    return 0
