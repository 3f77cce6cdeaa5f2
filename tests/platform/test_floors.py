"""The import-linter floors (pyproject.toml) hold on the real tree and bite on a bad one.

`make test` runs ``lint-imports`` on the package itself; these tests run it on a copy of the
package's Python files so that they can add the modules the contract is about: the optional
``renkei.qcd`` app (present or not, the contract holds), an upward import, a domain app that
imports a face, and a package no floor names.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

pytestmark = pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter not installed")


def _copy_package(tmp_path: Path) -> Path:
    """The package's .py files and the project's pyproject.toml, under ``tmp_path``."""
    shutil.copytree(
        ROOT / "src" / "renkei",
        tmp_path / "src" / "renkei",
        ignore=lambda folder, names: [
            n for n in names if not n.endswith(".py") and not (Path(folder) / n).is_dir()
        ],
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path / "src" / "renkei"


def _write(package: Path, relative: str, text: str) -> None:
    path = package / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    for parent in path.relative_to(package).parents:
        (package / parent / "__init__.py").touch()
    path.write_text(text, encoding="utf-8")


def _lint(tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "src")}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_floors_hold_with_a_qcd_app_above_orders(tmp_path):
    package = _copy_package(tmp_path)
    _write(package, "qcd/figures.py", "from renkei.orders import models\n")

    result = _lint(tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_floors_refuse_upward_imports_faces_in_domain_apps_and_unplaced_packages(tmp_path):
    package = _copy_package(tmp_path)
    _write(package, "qcd/figures.py", "from renkei.orders import models\n")
    _write(package, "orders/upward.py", "from renkei.qcd import figures\n")
    _write(package, "supply/face.py", "from renkei.api import errors\n")
    _write(package, "registry/fixtures.py", "import renkei.demo\n")
    _write(package, "qcd/leak.py", "from renkei.cli import setup_django\n")
    _write(package, "wherever/__init__.py", "")

    result = _lint(tmp_path)

    assert result.returncode != 0
    out = result.stdout
    assert "renkei.orders is not allowed to import renkei.qcd" in out
    assert "renkei.supply is not allowed to import renkei.api" in out
    assert "No domain app depends on a face or on the demo data BROKEN" in out
    assert "renkei.registry is not allowed to import renkei.demo" in out
    assert "renkei.qcd is not allowed to import renkei.cli" in out
    assert "- renkei.wherever" in out  # exhaustive: every package sits on a floor
