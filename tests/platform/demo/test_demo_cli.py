"""`renkei demo` for real: a subprocess building into its own SQLite file."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from renkei.accounts.models import User
from renkei.cli import main
from renkei.demo import DEMO_PASSWORD, build_demo_cluster
from renkei.orders.models import PurchaseOrder
from renkei.registry.models import Organization
from tests.platform.demo import TEST_TODAY
from tests.platform.demo.dump import sql_dump


def renkei(tmp_path: Path, *args: str, hash_seed: str = "0") -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("renkei")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "renkei.cli"]
    env = {
        **os.environ,
        "RENKEI_SQLITE_PATH": str(tmp_path / "demo.sqlite3"),
        "RENKEI_HOME": str(tmp_path),
        "RENKEI_ENV": "development",
        # A different string-hash seed in every process: the data must not depend on it.
        "PYTHONHASHSEED": hash_seed,
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [*command, *args], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="module")
def migrated_sqlite(tmp_path_factory, django_db_setup, django_db_blocker) -> Path | None:
    """A copy of the migrated, still empty SQLite test database (with its reference data).

    The subprocess starts from it and so skips the migrations, which cost several times more
    than the demo itself. Taken outside any test transaction (a backup waits for those). On
    PostgreSQL there is nothing to copy and the command migrates a new SQLite file itself.
    """
    if connection.vendor != "sqlite":
        return None
    path = tmp_path_factory.mktemp("template") / "migrated.sqlite3"
    with django_db_blocker.unblock():
        # Only ever the in-memory test database, never the developer's var/renkei.sqlite3.
        assert connection.is_in_memory_db(), "the test database is not set up"
        connection.ensure_connection()
        with sqlite3.connect(path) as target:
            connection.connection.backup(target)
    assert organisations_in(path) == []
    return path


def organisations_in(path: Path) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return db.execute(
            "SELECT corporate_number, name, name_kana, employees, capital_jpy, founded_year,"
            " listed_in_directory FROM registry_organization ORDER BY corporate_number"
        ).fetchall()


@pytest.mark.django_db
def test_renkei_demo_builds_and_prints_the_logins(tmp_path, settings, migrated_sqlite):
    if migrated_sqlite:
        shutil.copy(migrated_sqlite, tmp_path / "demo.sqlite3")
    today = TEST_TODAY.isoformat()
    done = renkei(
        tmp_path, "demo", "--seed", "3", "--firms", "20", "--today", today, hash_seed="1234"
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert DEMO_PASSWORD in out
    assert "パスワード" in out and "password" in out
    lines = {line.split()[0]: line for line in out.splitlines() if line.startswith("  ")}
    assert "coordinator" in lines and "東毛産業支援センター" in lines["coordinator"]
    for username in ["b01", "b02", "b03", "b04", "b05"]:
        assert username in lines
    assert [f"m{i:03d}" for i in range(1, 11)] == [u for u in lines if u.startswith("m")]
    assert "m001–m020" in out
    assert f"データは {today} まで / data up to {today}" in out
    assert "demo cluster" in done.stderr and "100%" in done.stderr  # the tqdm bar

    # The same seed and today in this process (another hash seed, another database) give the
    # same data.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    summary = build_demo_cluster(seed=3, firms=20, today=TEST_TODAY)
    for login in summary.logins[:16]:
        assert login.organization in lines[login.username]
        assert login.name in lines[login.username]
    # Everything, not only the names: the two databases hold the same bytes.
    with sqlite3.connect(tmp_path / "demo.sqlite3") as theirs, connection.cursor() as ours:
        assert sql_dump(theirs.cursor()) == sql_dump(ours)


@pytest.mark.django_db
def test_demo_command_refuses_a_filled_database_unless_reset(capsys, settings):
    # The command's own code path in this process (fast); the subprocess versions are below.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert main(["demo", "--seed", "3", "--firms", "5"]) == 0
    printed = capsys.readouterr()
    assert "m005" in printed.out and " order lines, " in printed.err
    before = list(Organization.objects.values_list("name", flat=True))

    assert main(["demo", "--seed", "4", "--firms", "5"]) == 1
    assert "--reset" in capsys.readouterr().err
    assert list(Organization.objects.values_list("name", flat=True)) == before

    assert main(["demo", "--seed", "4", "--firms", "6", "--reset"]) == 0
    assert "m006" in capsys.readouterr().out
    assert Organization.objects.filter(kind="member").count() == 6
    assert list(Organization.objects.values_list("name", flat=True)) != before
    assert User.objects.filter(username__startswith="m").count() == 6


@pytest.mark.django_db
def test_demo_command_checks_the_firm_count(capsys):
    assert main(["demo", "--firms", "0"]) == 2
    assert "--firms must be between 1 and 999. Got: 0" in capsys.readouterr().err
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_demo_command_pins_today(capsys, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert main(["demo", "--seed", "3", "--firms", "3", "--today", "2027-02-15"]) == 0
    assert "data up to 2027-02-15" in capsys.readouterr().out
    latest = PurchaseOrder.objects.latest("order_date").order_date
    assert dt.date(2027, 1, 15) <= latest <= dt.date(2027, 2, 15)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-13-01", "expected a date as YYYY-MM-DD. Got: 2026-13-01"),
        ("1.10.2026", "expected a date as YYYY-MM-DD. Got: 1.10.2026"),
    ],
)
def test_demo_command_checks_the_date(capsys, value, message):
    with pytest.raises(SystemExit) as exit_:
        main(["demo", "--today", value])
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_demo_command_refuses_a_today_before_the_earliest(capsys):
    assert main(["demo", "--today", "2024-06-30"]) == 2
    assert "--today must be 2025-01-01 or later. Got: 2024-06-30" in capsys.readouterr().err
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_setup_db_builds_the_demo_only_into_an_empty_database(capsys, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert main(["setup-db", "--seed", "2", "--firms", "4"]) == 0
    assert "coordinator" in capsys.readouterr().out
    assert main(["setup-db"]) == 0
    assert "coordinator" not in capsys.readouterr().out
    assert Organization.objects.filter(kind="member").count() == 4


@pytest.mark.slow
@pytest.mark.django_db  # sets up the test database that migrated_sqlite copies
def test_renkei_demo_refuses_a_filled_database_unless_reset(tmp_path, migrated_sqlite):
    if migrated_sqlite:
        shutil.copy(migrated_sqlite, tmp_path / "demo.sqlite3")
    assert renkei(tmp_path, "demo", "--seed", "3", "--firms", "5").returncode == 0
    before = organisations_in(tmp_path / "demo.sqlite3")

    refused = renkei(tmp_path, "demo", "--seed", "4", "--firms", "5")
    assert refused.returncode == 1
    assert "--reset" in refused.stderr
    assert organisations_in(tmp_path / "demo.sqlite3") == before

    replaced = renkei(tmp_path, "demo", "--seed", "4", "--firms", "5", "--reset")
    assert replaced.returncode == 0, replaced.stderr
    after = organisations_in(tmp_path / "demo.sqlite3")
    assert len(after) == len(before) and after != before
    with sqlite3.connect(tmp_path / "demo.sqlite3") as db:
        users = [u for (u,) in db.execute("SELECT username FROM accounts_user ORDER BY username")]
    assert users[:2] == ["b01", "b02"] and "coordinator" in users and users[-1] == "m005"


@pytest.mark.slow
def test_setup_db_loads_the_demo_once(tmp_path):
    first = renkei(tmp_path, "setup-db", "--seed", "2", "--firms", "4")
    assert first.returncode == 0, first.stderr
    assert "m001–m004" not in first.stdout and "m004" in first.stdout
    again = renkei(tmp_path, "setup-db")
    assert again.returncode == 0
    assert "coordinator" not in again.stdout
    assert len(organisations_in(tmp_path / "demo.sqlite3")) == 4 + 10
