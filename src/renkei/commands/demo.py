"""`renkei demo`: build the deterministic demo cluster (see :mod:`renkei.demo`) and print the
logins. ``renkei setup-db`` calls :func:`build_and_print` on an empty database."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date


def iso_date(text: str) -> date:
    """An argparse type: a date written YYYY-MM-DD."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"日付は YYYY-MM-DD で指定してください / expected a date as YYYY-MM-DD. Got: {text}"
        ) from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seed", type=int, default=1, help="seed of the demo data (default 1)")
    parser.add_argument(
        "--firms", type=int, default=150, help="number of member firms, 1–999 (default 150)"
    )
    parser.add_argument(
        "--today",
        type=iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="デモの「今日」: 受注・納入・認証期限などをこの日までの2年分で作成(既定は実行日) / "
        "the day the demo is built up to: two years of orders, deliveries and certificates "
        "ending on it (default: the day it is built); with the same seed, the same data",
    )
    parser.add_argument(
        "--reset",
        action="store_true",
        help="delete every organisation and its users first (reference data and admins stay)",
    )


def build_and_print(*, seed: int, firms: int, today: date | None = None) -> None:
    """Build the demo cluster up to ``today`` (by default the local date) with a progress bar
    on stderr, then print the logins."""
    from renkei.demo import build_demo_cluster
    from renkei.demo.logins import format_counts, format_logins
    from renkei.jobs.progress import cli_progress

    started = time.perf_counter()
    with cli_progress("demo cluster") as progress:
        summary = build_demo_cluster(seed=seed, firms=firms, today=today, progress=progress)
    elapsed = time.perf_counter() - started
    print(format_logins(summary))
    print(format_counts(summary, elapsed), file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    from renkei.cli import setup_django

    setup_django()
    from django.core.management import call_command

    from renkei.demo import EARLIEST_TODAY, MAX_FIRMS, reset_demo_data
    from renkei.registry.models import Organization

    if not 1 <= args.firms <= MAX_FIRMS:
        print(f"--firms must be between 1 and {MAX_FIRMS}. Got: {args.firms}", file=sys.stderr)
        return 2
    if args.today is not None and args.today < EARLIEST_TODAY:
        print(
            f"--today は {EARLIEST_TODAY} 以降の日付にしてください / "
            f"--today must be {EARLIEST_TODAY} or later. Got: {args.today}",
            file=sys.stderr,
        )
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
    build_and_print(seed=args.seed, firms=args.firms, today=args.today)
    return 0
