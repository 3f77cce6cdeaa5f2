"""Migrate, then load the demo cluster (built up to today's date) when the database holds no
organisation yet."""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--firms", type=int, default=150)


def run(args: argparse.Namespace) -> int:
    from renkei.cli import setup_django

    setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from renkei.registry.models import Organization

    if Organization.objects.exists():
        print("データベースは作成済みです / database already set up", file=sys.stderr)
        return 0
    from renkei.commands.demo import build_and_print

    build_and_print(seed=args.seed, firms=args.firms)
    return 0
