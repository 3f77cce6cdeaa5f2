"""`renkei stress`: the engine's file CLI, plus ``--from-db`` to run on the platform's network.

``renkei stress NETWORK.json [--json]`` reads the STRESS.md contract file (no Django involved);
``renkei stress --from-db --buyer ID [--json]`` builds the network model from the database
with the one adapter (one buyer's products, or every product with ``--all``) and runs the same
code. A stored network the engines refuse is bad input like a bad file (STRESS.md): exit 2 and
one line on stderr, here the platform's message in its language, naming the record by its label.
"""

from __future__ import annotations

import argparse
import sys

from renkei.engines.stress import cli as engine_cli


def add_arguments(parser: argparse.ArgumentParser) -> None:
    engine_cli.add_arguments(parser)
    # The file becomes optional: --from-db replaces it.
    for action in parser._actions:
        if action.dest == "network":
            action.nargs = "?"
    parser.add_argument("--from-db", action="store_true", help="use the database's network")
    parser.add_argument("--buyer", type=int, help="with --from-db: the owner organisation id")
    parser.add_argument("--all", action="store_true", help="with --from-db: every product")


def _fail(message: str) -> int:
    print(f"renkei stress: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    if not args.from_db:
        if not args.network:
            return _fail("name a NETWORK.json file, or use --from-db --buyer ID")
        return engine_cli.run(args)
    if args.network:
        return _fail("--from-db takes no NETWORK.json file")
    if (args.buyer is None) == (not args.all):
        return _fail("with --from-db give exactly one of --buyer ID or --all")
    from renkei.cli import setup_django

    setup_django()
    from django.conf import settings
    from django.utils import translation

    from renkei.registry.models import Organization
    from renkei.supply.analysis import Scope, network_scope, scope_products
    from renkei.supply.engine_errors import StoredNetworkRefused

    if args.buyer is not None and not Organization.objects.filter(pk=args.buyer).exists():
        return _fail(f"no organisation with id {args.buyer}")
    scope = Scope(owner_id=args.buyer)
    products = scope_products(scope)
    if not products.exists():
        return _fail(f"organisation {args.buyer} has no product with demand")
    try:
        data = network_scope(scope).data
    except StoredNetworkRefused as refusal:
        with translation.override(settings.LANGUAGE_CODE):
            return _fail(" ".join(refusal.message.split()))  # one line, whatever the labels hold
    return engine_cli.run_on(data, args)
