"""Time the registry's name search (`/registry/educators/?q=…`) before and after its index:
the rule alone (LIKE over every row; on SQLite through a Python function) against the index
narrowing first (FTS5 on SQLite, trigram GIN indexes on PostgreSQL), as the ministry (the whole
country) and the Kochkor district methodist, and check that both find the same people.

    .venv/bin/python bench/registry_search.py [--db sqlite|postgres] [--scale national|small]
        [-n 20] [--seed]

The database: var/cheber.sqlite3, or DATABASE_URL, else `cheber_bench_search` on the local
PostgreSQL (as bench/course_pages.py does); with --seed a fresh one is built first at --scale
(migrate, load_reference, seed_demo, demo_users). "Before" is the same page with the index
switched off in the process. Prints p50/p95 in ms per query and over all queries.
"""

import argparse
import contextlib
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import course_pages  # noqa: E402  (the seeding and database helpers are shared)

ROOT = Path(__file__).resolve().parent.parent
QUERIES = (
    "Асанов", "ас", "ТОКТОГУЛ", "өмүр", "Үсөн", "жээнбек гүл", "сыдыкова айг", "иванова",
    "ким", "касым кызы", "а", "Түгөлбаева Нургүл", "дүйшөн",
)  # fmt: skip
VIEWERS = ("ministry", "methodist.kochkor")


def seed_steps(scale: str) -> tuple[list[str], ...]:
    return (
        ["migrate", "--noinput", "-v", "0"],
        ["load_reference"],
        ["seed_demo", "--scale", scale, "--seed", "1"],
        ["demo_users"],
    )


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def timed(client, url: str, text: str, runs: int) -> list[float]:
    client.get(url, {"q": text})  # once untimed: templates and translations loaded
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url, {"q": text})
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return times


def found(user, text: str) -> set[int]:
    from cheber.registry.models import Educator

    return set(
        Educator.objects.visible_to(user).search(text, viewer=user).values_list("pk", flat=True)
    )


@contextlib.contextmanager
def without_index():
    """The search as it was: on SQLite the index is not asked; on PostgreSQL its indexes are
    dropped inside a transaction rolled back at the end."""
    from django.db import connection, transaction

    from cheber.registry import names

    indexed = names.candidates
    names.candidates = lambda *args, **kwargs: None
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                for column in names.COLUMNS:
                    connection.cursor().execute(f"DROP INDEX registry_educator_{column}_trgm")
            yield
            transaction.set_rollback(True)
    finally:
        names.candidates = indexed


def run_child(database: str, runs: int) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from cheber.accounts.models import User
    from cheber.registry.models import Educator

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.CHEBER_MFA_REQUIRED = False  # the demo's national users have no second factor
    if connection.vendor == "postgresql":
        connection.cursor().execute("ANALYZE")  # as autovacuum has done on a running server
    print(f"\n{database}: {Educator.objects.count():,} educators; {runs} requests each; "
          "ms p50/p95 before (rule alone) → after (index first); found")  # fmt: skip
    url = reverse("registry:educator_list")
    totals: dict[str, list[float]] = {"before": [], "after": []}
    for username in VIEWERS:
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        for text in QUERIES:
            with without_index():
                before, people = timed(client, url, text, runs), found(user, text)
            after, same = timed(client, url, text, runs), found(user, text) == people
            totals["before"] += before
            totals["after"] += after
            print(f"  {username:<18} {text!r:<22} {statistics.median(before):7.1f} "
                  f"{p95(before):7.1f} → {statistics.median(after):6.1f} {p95(after):6.1f}  "
                  f"{len(people):>6} {'same' if same else 'DIFFERENT'}", flush=True)  # fmt: skip
    b, a = totals["before"], totals["after"]
    print(f"  {'all requests':<41} {statistics.median(b):7.1f} {p95(b):7.1f} → "
          f"{statistics.median(a):6.1f} {p95(a):6.1f}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--scale", choices=("national", "small"), default="national")
    parser.add_argument("-n", "--runs", type=int, default=20)
    parser.add_argument("--seed", action="store_true", help="build a fresh database at --scale")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        run_child(options.child, options.runs)
        return
    # A database of its own on PostgreSQL: --seed drops and re-creates it.
    course_pages.PG_DATABASE = "cheber_bench_search"
    with tempfile.TemporaryDirectory(prefix="cheber-bench-") as temporary:
        var_dir = course_pages.seed_var_dir(temporary, options.db, options.seed)
        env = course_pages.child_env(options.db, var_dir)
        if options.seed:
            course_pages.SEED_STEPS = seed_steps(options.scale)
            course_pages.seed(options.db, env)
        child = [sys.executable, __file__, "--child", options.db, "-n", str(options.runs)]
        subprocess.run(child, cwd=ROOT, env=env, check=False)


if __name__ == "__main__":
    main()
