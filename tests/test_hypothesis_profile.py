"""Property tests are reproducible: the derandomised profile of tests/conftest.py governs them."""

from __future__ import annotations

import ast
from pathlib import Path

from hypothesis import settings

TESTS = Path(__file__).resolve().parent


def test_the_loaded_profile_is_derandomised_without_a_deadline():
    assert settings.default.derandomize is True
    assert settings.default.deadline is None
    assert settings.default.database is None


def _settings_overrides(path: Path) -> list[str]:
    """``derandomize=False`` or ``database=...`` passed to a hypothesis ``settings(...)`` call."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "settings"):
            continue
        for keyword in node.keywords:
            value = keyword.value
            if keyword.arg == "database" or (
                keyword.arg == "derandomize"
                and not (isinstance(value, ast.Constant) and value.value is True)
            ):
                found.append(f"{path.relative_to(TESTS)}:{node.lineno} {keyword.arg}")
    return found


def test_no_property_test_turns_the_randomness_back_on():
    overrides = [
        line
        for path in sorted(TESTS.rglob("*.py"))
        if "hypothesis" in path.read_text(encoding="utf-8")
        for line in _settings_overrides(path)
    ]
    assert overrides == []
