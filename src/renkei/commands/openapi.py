"""``renkei openapi``: print (or write, or check) the API's OpenAPI schema."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

REGENERATE = "renkei openapi -o src/renkei/api/openapi.json"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")
    parser.add_argument(
        "--check",
        action="store_true",
        help="compare with the committed schema and fail when they differ",
    )


def live_schema() -> dict[str, Any]:
    """The schema the running code serves at /api/v1/openapi.json, as plain JSON data."""
    from renkei.api.api import api

    return json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/")))


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def run(args: argparse.Namespace) -> int:
    from renkei.cli import setup_django

    setup_django()
    from renkei.api.api import OPENAPI_PATH

    text = render(live_schema())
    if args.check:
        if Path(OPENAPI_PATH).read_text(encoding="utf-8") != text:
            print(
                f"The committed OpenAPI schema is out of date. Run: {REGENERATE}", file=sys.stderr
            )
            return 1
        return 0
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0
