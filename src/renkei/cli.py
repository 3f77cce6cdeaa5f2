"""The ``renkei`` console script.

Sub-commands live in their own modules (``renkei.commands.<name>`` or engine CLIs) and are listed
in :data:`COMMANDS`; each module provides ``add_arguments(parser)`` and ``run(args) -> int``.
Commands that touch the database call :func:`setup_django` first; engine commands on plain
files never load Django.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

# name -> (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "manage": (
        "renkei.commands.manage",
        "run a Django management command (migrate, createsuperuser, …)",
    ),
    "setup-db": (
        "renkei.commands.setup_db",
        "migrate and load the demo cluster if the database is empty",
    ),
    "serve": ("renkei.commands.serve", "start the web server and the job worker"),
    "demo": ("renkei.commands.demo", "build the deterministic demo cluster"),
    "compilemessages": (
        "renkei.commands.compilemessages",
        "compile the translations (no gettext needed)",
    ),
    "job-demo": ("renkei.commands.job_demo", "run a demo job with a progress bar"),
    "api-token": ("renkei.commands.api_token", "issue, list or revoke a user's API tokens"),
    "openapi": ("renkei.commands.openapi", "print the API's OpenAPI schema (or --check it)"),
    "import-registry": (
        "renkei.commands.import_registry",
        "import firms, sites, capabilities, equipment and contacts from .xlsx or CSV",
    ),
    "import-supply": (
        "renkei.commands.import_supply",
        "import items, BOMs, routings, sourcing, inventory and times to recover from .xlsx or CSV",
    ),
    "qcd": (
        "renkei.engines.qcd.cli",
        "QCD figures (on-time rate, defect ppm, lead time) of CSV files",
    ),
    "stress": (
        "renkei.commands.stress",
        "stress-test a supply network (a file, or --from-db): TTR / TTS / lost demand / REI",
    ),
    "gen-network": (
        "renkei.engines.stress.generate",
        "generate a deterministic synthetic supply network (stress-test input)",
    ),
}


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renkei.config.settings")
    import django

    django.setup()


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; only ``command``'s module is imported (to add its arguments).

    Listing the commands (``renkei --help``) imports none of them, so it stays instant even
    though some commands load NumPy, SciPy or HiGHS.
    """
    parser = argparse.ArgumentParser(prog="renkei", description="renkei (連携) — cluster platform")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (module_name, help_text) in COMMANDS.items():
        sub_parser = sub.add_parser(name, help=help_text, description=help_text)
        sub_parser.set_defaults(_module=module_name)
        if name == command:
            importlib.import_module(module_name).add_arguments(sub_parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "manage":
        # Pass everything through untouched so Django's own --help and options work.
        from renkei.commands.manage import run_manage

        return run_manage(argv[1:])
    parser = build_parser(next((a for a in argv if not a.startswith("-")), None))
    args = parser.parse_args(argv)
    module = importlib.import_module(args._module)
    return int(module.run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
