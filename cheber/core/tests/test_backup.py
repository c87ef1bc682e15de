"""A backup restores: the small demo, backed up with `cheber backup`, restored with `cheber
restore` into a fresh, empty database (another server's, without the key that encrypts the
signing keys), has every educator, every certificate (each still verifying) and every audit
event. SQLite's in the suite's run on SQLite; PostgreSQL's in its run on PostgreSQL (CI runs
both), on databases of their own at CHEBER_TEST_PG_URL.

Each side is a real `cheber` process on its own database, as an operator would run it."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

PG_URL = os.environ.get("CHEBER_TEST_PG_URL", "postgres://postgres@127.0.0.1:5432")
# What a Cheber finds in its database: the educators, each certificate's verdict on the public
# verification, and the audit events.
CENSUS = """
import hashlib, json
from cheber.certificates.models import Certificate
from cheber.certificates.verification import verify
from cheber.core.models import AuditEvent
from cheber.registry.models import Educator
events = list(AuditEvent.objects.order_by("pk").values_list("pk", "verb", "object_id"))
print(json.dumps({
    "educators": sorted(Educator.objects.values_list("pin", flat=True)),
    "certificates": {c.number: verify(c.number, c.token).status
                     for c in Certificate.objects.own().filter(revoked_at=None)},
    "audit_events": len(events),
    "audit_digest": hashlib.sha256(repr(events).encode()).hexdigest(),
}))
"""


class Cheber:
    """`cheber` run in a process of its own, on `database_url`, with its own var/ folder."""

    def __init__(self, database_url: str, var: Path):
        var.mkdir(parents=True, exist_ok=True)
        self.var = var
        self.env = {key: value for key, value in os.environ.items()
                    if not key.startswith(("CHEBER_", "DATABASE_URL"))}  # fmt: skip
        self.env |= {"DATABASE_URL": database_url, "CHEBER_VAR_DIR": str(var),
                     "PYTHONPATH": str(settings.BASE_DIR), "CHEBER_TASKS": "immediate"}  # fmt: skip

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "cheber", *args], env=self.env, cwd=settings.BASE_DIR,
            capture_output=True, text=True, check=check, timeout=600,
        )  # fmt: skip

    def census(self) -> dict:
        return json.loads(self.run("shell", "-c", CENSUS).stdout.strip().splitlines()[-1])


# The small demo, as `make run` seeds it, in one process (each start of one costs seconds).
SEED = """
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
call_command("load_reference", verbosity=0)
call_command("seed_demo", scale="small", seed=1)
call_command("seed_courses", seed=1)
call_command("seed_certificates")
"""


def seeded(cheber: Cheber) -> Cheber:
    cheber.run("shell", "-c", SEED)
    return cheber


def backs_up_and_restores(source: Cheber, restored: Cheber, backup: Path) -> None:
    before = source.census()

    output = source.run("backup", str(backup)).stdout
    restored.run("restore", str(backup))

    after = restored.census()
    assert f"backup: {backup}" in output
    assert after == before
    assert len(after["educators"]) > 500 and after["audit_events"] > 0
    assert len(after["certificates"]) > 100
    assert set(after["certificates"].values()) == {"valid"}
    # the schema is whole: nothing left to migrate
    assert restored.run("migrate", "--check", check=False).returncode == 0
    # the key that encrypts the signing keys is not in the backup, nor in the new var/
    key = (source.var / "key_encryption_key").read_bytes().strip()
    assert key and key not in backup.read_bytes()
    assert not (restored.var / "key_encryption_key").exists()


def refuses_a_database_that_is_not_empty(restored: Cheber, backup: Path) -> None:
    again = restored.run("restore", str(backup), check=False)

    assert again.returncode != 0
    assert "is not empty: restore only into an empty database" in again.stderr


# Each engine's backup in the suite's run on that engine (CI runs the suite on both).
ON_POSTGRESQL = "postgresql" in settings.DATABASES["default"]["ENGINE"]


@pytest.mark.skipif(ON_POSTGRESQL, reason="the SQLite backup is tested in the SQLite run")
def test_a_sqlite_backup_restores_into_a_fresh_database(tmp_path, migrated_sqlite):
    database = migrated_sqlite(tmp_path / "cheber.sqlite3")  # (migrating again changes nothing)
    source = seeded(Cheber(f"sqlite:///{database}", tmp_path / "var"))
    restored = Cheber(f"sqlite:///{tmp_path / 'restored.sqlite3'}", tmp_path / "var-restored")
    backup = tmp_path / "cheber.backup.sqlite3"

    backs_up_and_restores(source, restored, backup)
    refuses_a_database_that_is_not_empty(restored, backup)


@pytest.fixture
def pg_databases():
    psycopg = pytest.importorskip("psycopg")
    try:
        admin = psycopg.connect(f"{PG_URL}/postgres", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError:
        pytest.skip(f"PostgreSQL does not answer at {PG_URL}")
    names = [f"cheber_backup_test_{uuid.uuid4().hex[:8]}" for _ in range(2)]
    for name in names:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield [f"{PG_URL}/{name}" for name in names]
    for name in names:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


@pytest.mark.postgres
@pytest.mark.skipif(not ON_POSTGRESQL, reason="tested in the suite's run on PostgreSQL")
def test_a_postgresql_backup_restores_into_a_fresh_database(tmp_path, pg_databases):
    source_url, restored_url = pg_databases
    source = seeded(Cheber(source_url, tmp_path / "var"))
    restored = Cheber(restored_url, tmp_path / "var-restored")
    backup = tmp_path / "cheber.dump"

    backs_up_and_restores(source, restored, backup)
    refuses_a_database_that_is_not_empty(restored, backup)


def test_a_backup_into_a_directory_gets_a_dated_name_and_is_recorded(tmp_path, migrated_sqlite):
    cheber = Cheber(f"sqlite:///{migrated_sqlite(tmp_path / 'cheber.sqlite3')}", tmp_path / "var")
    (tmp_path / "backups").mkdir()

    cheber.run("backup", str(tmp_path / "backups"))

    names = [path.name for path in (tmp_path / "backups").iterdir()]
    recorded = cheber.run("shell", "-c", "from cheber.core.backup import last_backup; "
                          "from cheber.core.models import AuditEvent; "
                          "print(last_backup() is not None, "
                          "AuditEvent.objects.filter(verb='backup').count())").stdout  # fmt: skip
    assert len(names) == 1 and names[0].startswith("cheber-") and names[0].endswith(".sqlite3")
    assert recorded.strip().splitlines()[-1] == "True 1"


def test_pg_dump_missing_is_said_plainly(tmp_path):
    cheber = Cheber("postgres://postgres@127.0.0.1:1/none", tmp_path / "var")
    cheber.env["PATH"] = str(tmp_path)  # no pg_dump on it

    result = cheber.run("backup", str(tmp_path / "x.dump"), check=False)

    assert result.returncode != 0
    assert "pg_dump is not installed" in result.stderr
    assert not list(tmp_path.glob("x.dump*"))
