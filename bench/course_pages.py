"""Time two course pages against a seeded national demo: the session list (as teacher.osh,
with realistic filters) and the roster of OSH-IE's biggest sessions (as provider.osh).

    .venv/bin/python bench/course_pages.py [--db sqlite|postgres|both] [-n 20] [--seed]

SQLite: the database of CHEBER_VAR_DIR (default var/cheber.sqlite3). PostgreSQL: DATABASE_URL,
else postgres://postgres@127.0.0.1:5432/cheber_bench. With --seed, a fresh database is built
first (as `make run` does: migrate, load_reference, seed_demo --scale national,
seed_courses, seed_certificates, refresh_compliance, demo_users): in a
temporary var dir for SQLite, in a re-created `cheber_bench` for PostgreSQL.
Each database is measured in its own child process (settings are read once per process);
prints p50/p95/max in ms and the SQL queries per request. The target is p95 < 150 ms.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_DATABASE = "cheber_bench"
TARGET_MS = 150
SEED_STEPS = (
    ["migrate", "--noinput", "-v", "0"],
    ["load_reference"],
    ["seed_demo", "--scale", "national", "--seed", "1"],
    ["seed_courses", "--seed", "1"],
    ["seed_certificates"],
    ["refresh_compliance"],
    ["demo_users"],
)


def seed_var_dir(temporary: str, database: str, seeding: bool) -> str | None:
    """A fresh SQLite database lives in a temporary var dir; PostgreSQL's stays in the
    project's var/, whose key-encryption key then still opens the signing keys it made."""
    return f"{temporary}/{database}" if seeding and database == "sqlite" else None


def child_env(database: str, var_dir: str | None) -> dict[str, str]:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings")
    # The pages are timed, not their static files: `static/` as it is, no collectstatic first.
    env.setdefault("CHEBER_STATIC_MANIFEST", "off")
    if var_dir:
        env["CHEBER_VAR_DIR"] = var_dir
    if database == "sqlite":
        env.pop("DATABASE_URL", None)
    else:
        env.setdefault("DATABASE_URL", f"{PG_SERVER}/{PG_DATABASE}")
    return env


def recreate_postgres() -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=3) as db:
        db.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
        db.execute(f"CREATE DATABASE {PG_DATABASE}")


def seed(database: str, env: dict[str, str]) -> None:
    if database == "postgres":
        recreate_postgres()
    for args in SEED_STEPS:
        started = time.monotonic()
        subprocess.run([sys.executable, "-m", "cheber", *args], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        print(f"{database:<9} {args[0]:<15} {time.monotonic() - started:7.1f} s", flush=True)


# In the child: Django is set up against one database -------------------------------------


def filter_combinations() -> list[dict[str, str]]:
    """What a teacher in Osh would try: their subject, their oblast, a month, a form…"""
    from django.utils import timezone

    from cheber.registry.models import AdminUnit, Specialization

    spec = dict(Specialization.objects.values_list("code", "pk"))
    units = dict(AdminUnit.objects.values_list("soate", "pk"))
    today = timezone.localdate()
    month = f"{today.year + (today.month == 12)}-{today.month % 12 + 1:02d}"
    osh_city, osh = str(units["41721000000000"]), str(units["41706000000000"])
    return [
        {},
        {"specialization": str(spec["kyrgyz_language"])},
        {"oblast": osh_city},
        {"oblast": osh, "form": "mobile"},
        {"month": month},
        {"specialization": str(spec["mathematics"]), "oblast": osh_city, "month": month},
        {"form": "online"},
        {"language": "uz"},
        {"q": "PISA"},
        {"q": "STEAM", "free": "on"},
        {"specialization": str(spec["primary_teacher"]), "language": "ky", "free": "on"},
        {"page": "2"},
    ]


def measure(client, url: str, params: dict, runs: int) -> tuple[list[float], int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries, status = [], 0, 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, params)
            times.append((time.perf_counter() - started) * 1000)
        queries, status = len(captured), response.status_code
    return times, queries, status


def summary(label: str, times: list[float], queries: int, status: int) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    flag = "" if p95 < TARGET_MS else "  > target"
    return (f"  {label:<58} {status:>3} {statistics.median(ordered):7.1f} {p95:7.1f} "
            f"{ordered[-1]:7.1f} {queries:>4}{flag}")  # fmt: skip


def run_child(database: str, runs: int) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.db.models import Count, Q
    from django.test import Client
    from django.urls import reverse

    from cheber.accounts.models import User
    from cheber.schedule.models import Session

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # The pages are timed, not the log-in: the demo's national users have no second factor
    # enrolled, which would send every request of theirs to the enrolment page.
    settings.CHEBER_MFA_REQUIRED = False
    print(f"\n{database}: {Session.objects.count():,} sessions; "
          f"{runs} requests each; ms: p50 p95 max; queries")  # fmt: skip
    print(f"  {'page and filters':<58} {'st':>3} {'p50':>7} {'p95':>7} {'max':>7} {'SQL':>4}")
    teacher, provider = Client(), Client()
    teacher.force_login(User.objects.get(username="teacher.osh"))
    provider.force_login(User.objects.get(username="provider.osh"))
    url = reverse("schedule:session_list")
    everything = []
    for params in filter_combinations():
        times, queries, status = measure(teacher, url, params, runs)
        everything += times
        label = "session_list " + ("&".join(f"{k}={v}" for k, v in params.items()) or "(none)")
        print(summary(label, times, queries, status), flush=True)
    biggest = (
        Session.objects.filter(provider__code="OSH-IE")
        .annotate(n=Count("enrolments", filter=Q(enrolments__state__in=["enrolled", "completed"])))
        .order_by("-n", "pk")[:3]
    )
    for session in biggest:
        times, queries, status = measure(
            provider, reverse("delivery:roster", args=[session.pk]), {}, runs
        )
        everything += times
        print(summary(f"roster #{session.pk} ({session.n} participants)", times, queries,
                      status), flush=True)  # fmt: skip
    print(summary("all requests", everything, 0, 0))


def run_bench(description: str, script: str, run_child, default_runs: int = 20) -> None:
    """The command line every page bench shares: each database measured by `run_child` in a
    child process of `script` (settings are read once per process), seeded first if asked."""
    parser = argparse.ArgumentParser(description=description.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="sqlite")
    parser.add_argument("-n", "--runs", type=int, default=default_runs)
    parser.add_argument("--seed", action="store_true", help="build a fresh national database")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        run_child(options.child, options.runs)
        return
    databases = ("sqlite", "postgres") if options.db == "both" else (options.db,)
    with tempfile.TemporaryDirectory(prefix="cheber-bench-") as temporary:
        for database in databases:
            env = child_env(database, seed_var_dir(temporary, database, options.seed))
            if options.seed:
                seed(database, env)
            child = [sys.executable, script, "--child", database, "-n", str(options.runs)]
            subprocess.run(child, cwd=ROOT, env=env, check=False)


def main() -> None:
    run_bench(__doc__, __file__, run_child)


if __name__ == "__main__":
    main()
