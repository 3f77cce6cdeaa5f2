"""`renkei demo`: build the deterministic demo cluster (see renkei.registry.demo)."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--firms", type=int, default=150)


def build_and_print(*, seed: int, firms: int) -> None:
    raise NotImplementedError("the demo cluster generator is being written")


def run(args: argparse.Namespace) -> int:
    from renkei.cli import setup_django

    setup_django()
    build_and_print(seed=args.seed, firms=args.firms)
    return 0
