"""`renkei demo`: build the deterministic demo cluster (see :mod:`renkei.demo`) and print the
logins. ``renkei setup-db`` calls :func:`build_and_print` on an empty database."""

from __future__ import annotations

import argparse
import sys
import time


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seed", type=int, default=1, help="seed of the demo data (default 1)")
    parser.add_argument(
        "--firms", type=int, default=150, help="number of member firms, 1–999 (default 150)"
    )
    parser.add_argument(
        "--reset",
        action="store_true",
        help="delete every organisation and its users first (reference data and admins stay)",
    )


def build_and_print(*, seed: int, firms: int) -> None:
    """Build the demo cluster with a progress bar on stderr, then print the logins."""
    from renkei.demo import build_demo_cluster
    from renkei.demo.logins import format_counts, format_logins
    from renkei.jobs.progress import cli_progress

    started = time.perf_counter()
    with cli_progress("demo cluster") as progress:
        summary = build_demo_cluster(seed=seed, firms=firms, progress=progress)
    elapsed = time.perf_counter() - started
    print(format_logins(summary))
    print(format_counts(summary, elapsed), file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    from renkei.cli import setup_django

    setup_django()
    from django.core.management import call_command

    from renkei.demo import MAX_FIRMS, reset_demo_data
    from renkei.registry.models import Organization

    if not 1 <= args.firms <= MAX_FIRMS:
        print(f"--firms must be between 1 and {MAX_FIRMS}. Got: {args.firms}", file=sys.stderr)
        return 2
    call_command("migrate", interactive=False, verbosity=0)
    if Organization.objects.exists():
        if not args.reset:
            print(
                "組織データが既にあります。作り直すには --reset を付けてください。\n"
                "The database already holds organisations; add --reset to replace them.",
                file=sys.stderr,
            )
            return 1
        reset_demo_data()
    build_and_print(seed=args.seed, firms=args.firms)
    return 0
