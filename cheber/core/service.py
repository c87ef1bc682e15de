"""The service as an operator sees it: which application server and cache run, which jobs
are scheduled, when the last backup was made (`cheber stats --json` → `service`), and whether
this process is ready for traffic (`/readyz`).

The scheduled jobs are those of `settings.CHEBER_SCHEDULED_JOBS` (a list of `{"name": …}`,
which `cheber scheduler` queues at their times); backups record themselves in the audit trail
(verb `backup`) or, made outside Cheber, by a file `<CHEBER_BACKUP_DIR>/last`.
"""

import logging
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils.crypto import get_random_string

from cheber.core.models import AuditEvent
from cheber.core.observability import waiting_jobs

logger = logging.getLogger(__name__)


def scheduled_jobs() -> list[str]:
    """The names of the scheduled jobs, in the settings' order."""
    return [job["name"] for job in getattr(settings, "CHEBER_SCHEDULED_JOBS", [])]


def cache_kind() -> str:
    """`redis`, `locmem` or `file`: where the cache (throttles, dashboard figures) lives."""
    backend = settings.CACHES["default"]["BACKEND"]
    return {"RedisCache": "redis", "LocMemCache": "locmem", "FileBasedCache": "file"}.get(
        backend.rsplit(".", 1)[-1], backend
    )


def last_backup() -> str | None:
    """When the last backup was made (ISO 8601): from `<CHEBER_BACKUP_DIR>/last` (one
    timestamp, written by a backup made outside Cheber), else from the audit trail (verb
    `backup`, which `cheber backup` records); None if neither says."""
    folder = getattr(settings, "CHEBER_BACKUP_DIR", None)
    try:
        return datetime.fromisoformat((Path(folder) / "last").read_text().strip()).isoformat()
    except (OSError, TypeError, ValueError):
        pass
    moment = AuditEvent.objects.filter(verb="backup").order_by("-at").values("at").first()
    return moment["at"].isoformat() if moment else None


def service_stats() -> dict:
    return {
        "server": settings.CHEBER_SERVER["name"],
        "workers": settings.CHEBER_SERVER["workers"],
        "threads": settings.CHEBER_SERVER["threads"],
        "cache": cache_kind(),
        "scheduled": scheduled_jobs(),
        "last_backup": last_backup(),
    }


def readiness() -> tuple[bool, dict]:
    """Whether this process may take traffic, and the checks behind the answer. Each check
    says only `ok` or `failed`: the reason goes to the log, never to the caller."""
    checks = {}
    for name, check in (("database", _database), ("migrations", _migrations), ("cache", _cache)):
        try:
            checks[name] = "ok" if check() else "failed"
        except Exception:
            logger.exception("readiness check %s failed", name)
            checks[name] = "failed"
    ready = all(value == "ok" for value in checks.values())
    report: dict = {"status": "ready" if ready else "not ready", "checks": checks}
    if checks["database"] == "ok":
        try:
            count, age = waiting_jobs()
            report["jobs"] = {"waiting": count, "oldest_waiting_seconds": _round(age)}
        except Exception:
            logger.exception("readiness: the job queue could not be read")
    return ready, report


def _round(seconds: float | None) -> int | None:
    return None if seconds is None else int(seconds)


def _database() -> bool:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _migrations() -> bool:
    """No migration left to apply (a new release's code must not serve an old schema)."""
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    return not executor.migration_plan(executor.loader.graph.leaf_nodes())


def _cache() -> bool:
    """A round trip with a random key: the cache answers and keeps what it is given."""
    key, value = "cheber:readyz:" + get_random_string(12), get_random_string(12)
    cache.set(key, value, 10)
    try:
        return cache.get(key) == value
    finally:
        cache.delete(key)
