from __future__ import annotations

import argparse
import os


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("args", nargs=argparse.REMAINDER)


def run_manage(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renkei.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["renkei manage", *argv])
    return 0


def run(args: argparse.Namespace) -> int:
    return run_manage(args.args)
