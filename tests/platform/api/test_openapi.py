"""The committed OpenAPI schema equals the live one; the docs work offline."""

from __future__ import annotations

import json
import re
from pathlib import Path

from django.contrib.staticfiles import finders

from renkei.api.api import OPENAPI_PATH
from renkei.commands.openapi import REGENERATE, live_schema, render


def _differences(committed: dict, live: dict) -> list[str]:
    lines = []
    for key in ("paths", "components"):
        old, new = committed.get(key, {}), live.get(key, {})
        sub_old = old.get("schemas", old) if key == "components" else old
        sub_new = new.get("schemas", new) if key == "components" else new
        lines += [f"  + {key}: {k}" for k in sorted(set(sub_new) - set(sub_old))]
        lines += [f"  - {key}: {k}" for k in sorted(set(sub_old) - set(sub_new))]
        lines += [
            f"  ~ {key}: {k}"
            for k in sorted(set(sub_old) & set(sub_new))
            if sub_old[k] != sub_new[k]
        ]
    return lines or ["  (info, servers or security differ)"]


def test_committed_schema_matches_the_live_one(client):
    live = client.get("/api/v1/openapi.json").json()
    committed = json.loads(Path(OPENAPI_PATH).read_text(encoding="utf-8"))
    if committed != live:
        raise AssertionError(
            "src/renkei/api/openapi.json is out of date with the API.\n"
            + "\n".join(_differences(committed, live))
            + f"\nIf the change is intended, regenerate it and commit it:\n    .venv/bin/{REGENERATE}"
        )


def test_the_cli_writes_exactly_the_committed_file():
    assert render(live_schema()) == Path(OPENAPI_PATH).read_text(encoding="utf-8"), (
        f"Regenerate with: .venv/bin/{REGENERATE}"
    )


def test_every_error_response_is_documented_as_problem_json(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            content = operation["responses"]["default"]["content"]
            assert "application/problem+json" in content, (method, path)
    problem = schema["components"]["schemas"]["Problem"]
    assert {"type", "title", "status", "detail", "instance", "code"} <= set(problem["required"])


def test_docs_load_nothing_from_the_internet(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert finders.find(asset.removeprefix("/static/")), asset
    settings = json.loads(re.search(r'id="swagger-settings">(.*?)</script>', html, re.S).group(1))
    assert settings["validatorUrl"] is None  # the badge would call validator.swagger.io
    assert settings["url"] == "/api/v1/openapi.json"
