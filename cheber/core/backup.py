"""Backing up the database and restoring it into an empty one.

PostgreSQL: `pg_dump --format=custom`, checked with `pg_restore --list`, restored with
`pg_restore --single-transaction`. SQLite: the online backup API (`sqlite3.Connection.backup`),
a consistent copy even while the server writes, which copying the file (with its WAL) is not.

The key that encrypts the certificate signing keys (CHEBER_KEY_ENCRYPTION_KEY, or
var/key_encryption_key) is not in the database, so never in a backup: keep it apart. Without
it a restored Cheber still verifies every certificate (public keys), but cannot sign new ones.
"""

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.db import connections
from django.utils import timezone

from cheber.core.actors import SYSTEM
from cheber.core.audit import record
from cheber.core.models import Backup


class BackupError(Exception):
    """Why a backup or a restore could not be made (said plainly to the operator)."""


@dataclass(frozen=True)
class Target:
    vendor: str
    settings: dict


def target(alias: str = "default") -> Target:
    connection = connections[alias]
    return Target(connection.vendor, connection.settings_dict)


def backup_path(out: Path, vendor: str) -> Path:
    """`out` itself, or when it is a directory a dated file in it."""
    if not out.is_dir():
        return out
    suffix = "dump" if vendor == "postgresql" else "sqlite3"
    return out / f"cheber-{timezone.localtime():%Y%m%d-%H%M%S}.{suffix}"


def back_up(out: Path, alias: str = "default") -> Backup:
    """Write the database to `out` (a file, or a directory for a dated file), complete or not
    at all (written beside it, then renamed), and record it."""
    db = target(alias)
    path = backup_path(out, db.vendor)
    partial = path.with_name(path.name + ".partial")
    try:
        _dump(db, alias, partial)
    except BaseException:
        partial.unlink(missing_ok=True)  # never a half file beside the good ones
        raise
    partial.replace(path)
    backup = Backup.objects.using(alias).create(
        finished_at=timezone.now(), path=str(path), engine=db.vendor, size=path.stat().st_size
    )
    record(actor=SYSTEM, verb="backup", obj=backup, path=str(path), size=backup.size)
    return backup


def last_backup() -> dt.datetime | None:
    """When the newest backup finished (None before the first)."""
    return Backup.objects.values_list("finished_at", flat=True).first()


def _dump(db: Target, alias: str, path: Path) -> None:
    if db.vendor == "postgresql":
        _pg_dump(db.settings, path)
    elif db.vendor == "sqlite":
        _sqlite_backup(alias, path)
    else:
        raise BackupError(f"Backups of {db.vendor} are not supported.")


def restore(source: Path, alias: str = "default") -> None:
    """Load the backup `source` into the database `alias`, which must be empty."""
    if not source.is_file():
        raise BackupError(f"No backup file at {source}.")
    db = target(alias)
    if tables(alias):
        raise BackupError(
            f"The database {db.settings['NAME']} is not empty: restore only into an empty "
            "database (create a new one, or drop this one's tables first)."
        )
    if db.vendor == "postgresql":
        _pg_restore(db.settings, source)
    elif db.vendor == "sqlite":
        connections[alias].close()
        _sqlite_restore(source, Path(db.settings["NAME"]))
    else:
        raise BackupError(f"Restoring {db.vendor} is not supported.")


def tables(alias: str = "default") -> list[str]:
    connection = connections[alias]
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)


def _sqlite_backup(alias: str, path: Path) -> None:
    connection = connections[alias]
    connection.ensure_connection()
    destination = sqlite3.connect(path)
    try:
        with destination:
            connection.connection.backup(destination)
    finally:
        destination.close()


def _sqlite_restore(source: Path, path: Path) -> None:
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as check:
        if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError(f"{source} is not a sound SQLite backup.")
    origin, destination = sqlite3.connect(source), sqlite3.connect(path)
    try:
        origin.backup(destination)
    finally:
        origin.close()
        destination.close()


def _pg_dump(settings: dict, path: Path) -> None:
    _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(path)], settings)
    # a dump that pg_restore cannot read is no backup
    _run(["pg_restore", "--list", str(path)], settings, database=False)


def _pg_restore(settings: dict, path: Path) -> None:
    _run(["pg_restore", "--no-owner", "--single-transaction", "--exit-on-error",
          "--dbname", settings["NAME"], str(path)], settings, database=False)  # fmt: skip


def _run(command: list[str], settings: dict, database: bool = True) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} is not installed: install PostgreSQL's client programs "
            "(apt-get install postgresql-client), of the server's major version or newer."
        )
    if database:
        command.append(settings["NAME"])
    result = subprocess.run(command, env=_pg_environment(settings), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


def _pg_environment(settings: dict) -> dict[str, str]:
    """The connection as libpq's variables (the password never on the command line)."""
    environment = dict(os.environ)
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"),
                          ("PGPASSWORD", "PASSWORD")):  # fmt: skip
        if settings.get(key):
            environment[variable] = str(settings[key])
    return environment
