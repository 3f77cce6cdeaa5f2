"""Run a demo job in this process with a progress bar on stderr (shows the CLI progress path)."""

from __future__ import annotations

import argparse
import json


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-n", type=int, default=50)
    parser.add_argument("--delay", type=float, default=0.02)


def run(args: argparse.Namespace) -> int:
    from renkei.cli import setup_django

    setup_django()
    from renkei.jobs.progress import cli_progress
    from renkei.jobs.registry import handler_for

    with cli_progress("demo.count") as progress:
        result = handler_for("demo.count")({"n": args.n, "delay": args.delay}, progress)
    print(json.dumps(result))
    return 0
