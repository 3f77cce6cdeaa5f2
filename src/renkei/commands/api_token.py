"""``renkei api-token USERNAME``: issue, list or revoke a user's API tokens."""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("username")
    parser.add_argument("--name", default="cli", help="what the token is for (default: cli)")
    parser.add_argument("--list", action="store_true", help="list the user's tokens")
    parser.add_argument("--revoke", metavar="PREFIX", help="revoke the token with this prefix")


def run(args: argparse.Namespace) -> int:
    from renkei.cli import setup_django

    setup_django()
    from renkei.accounts import services
    from renkei.accounts.models import User

    try:
        user = User.objects.get(username=args.username)
    except User.DoesNotExist:
        print(f"No user {args.username!r}.", file=sys.stderr)
        return 2
    if args.list:
        for token in user.api_tokens.all():
            state = f"revoked {token.revoked_at:%Y-%m-%d %H:%M}" if token.revoked_at else "active"
            used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never"
            print(f"{token.prefix}…  {token.name}  {state}  last used: {used}")
        return 0
    if args.revoke:
        tokens = list(user.api_tokens.filter(prefix=args.revoke, revoked_at__isnull=True))
        if len(tokens) != 1:
            print(f"No single active token with prefix {args.revoke!r}.", file=sys.stderr)
            return 2
        services.api_token_revoke(token=tokens[0])
        print(f"Revoked {tokens[0]}.")
        return 0
    _token, raw = services.api_token_create(user=user, name=args.name)
    # The plaintext goes alone to stdout (for scripts); the warning to stderr.
    print(
        "Keep this token now: it is stored only as a hash and cannot be shown again.",
        file=sys.stderr,
    )
    print(raw)
    return 0
