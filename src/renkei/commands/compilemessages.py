"""Compile every ``.po`` under the package's locale folder into ``.mo`` with polib.

Django's own ``compilemessages`` needs GNU gettext's ``msgfmt``, which a fresh machine may lack.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--check", action="store_true", help="fail on untranslated or fuzzy entries"
    )


def compile_all(*, check: bool = False) -> list[str]:
    problems: list[str] = []
    for po_path in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po")):
        po = polib.pofile(str(po_path))
        if check:
            problems += [f"{po_path}: untranslated: {e.msgid!r}" for e in po.untranslated_entries()]
            problems += [f"{po_path}: fuzzy: {e.msgid!r}" for e in po.fuzzy_entries()]
        po.save_as_mofile(str(po_path.with_suffix(".mo")))
    return problems


def run(args: argparse.Namespace) -> int:
    problems = compile_all(check=args.check)
    for problem in problems:
        print(problem)
    return 1 if problems else 0
