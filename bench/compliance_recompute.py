"""Time a full national recompute of the compliance statuses, the trend, and the incremental
refresh after one training is recorded, with the peak memory of the process.

    .venv/bin/python bench/compliance_recompute.py [--db sqlite|postgres|both] [-n 3]

SQLite: the database of CHEBER_VAR_DIR (default var/, as `make run` leaves it). PostgreSQL:
DATABASE_URL, else postgres://postgres@127.0.0.1:5432/cheber_bench (as `bench/course_pages.py
--db postgres --seed` leaves it). Both must hold the national demo.

Each database is measured in its own process (so the peak resident memory is that of one
run; PostgreSQL's own memory is the server's, not counted). The incremental step records a
training and rolls it back. Target: the statuses in under 10 s.
"""

import argparse
import datetime as dt
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_URL = "postgres://postgres@127.0.0.1:5432/cheber_bench"


class Rollback(Exception):
    pass


def timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def incremental_seconds() -> float:
    """Record one training, then `ensure_fresh` (which refreshes only that educator)."""
    from django.db import transaction

    from cheber.compliance.engine import ensure_fresh
    from cheber.compliance.models import EducatorStatus
    from cheber.registry.models import TrainingRecord

    row = EducatorStatus.objects.filter(status="overdue").first()
    seconds = 0.0
    try:
        with transaction.atomic():
            today = dt.date.today()
            TrainingRecord.objects.create(
                educator_id=row.educator_id, title="bench", hours=72, start_date=today,
                end_date=today, form="stationary", provider_name="bench",
            )  # fmt: skip
            seconds = timed(ensure_fresh)
            assert EducatorStatus.objects.get(educator_id=row.educator_id).status != "overdue"
            raise Rollback
    except Rollback:
        pass
    return seconds


def measure(repeat: int) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection

    from cheber.compliance.engine import ensure_fresh, refresh_statuses, refresh_trend
    from cheber.compliance.models import EducatorStatus
    from cheber.registry.models import Leave, TrainingRecord

    statuses = [timed(lambda: refresh_statuses(trend=False)) for _ in range(repeat)]
    trend = timed(refresh_trend)
    ensure_fresh()
    cheap = statistics.median(timed(ensure_fresh) for _ in range(20))
    incremental = incremental_seconds()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    records, leaves = TrainingRecord.objects.count(), Leave.objects.count()
    print(f"{connection.vendor}: {EducatorStatus.objects.count():,} educators, "
          f"{records:,} training records, {leaves:,} leaves")  # fmt: skip
    print(f"  statuses   best {min(statuses):6.2f} s  median {statistics.median(statuses):6.2f} s")
    print(f"  trend      {trend:6.2f} s (10 years, each judged on 31 December)")
    print(f"  ensure_fresh, nothing new {cheap * 1000:6.1f} ms; after one training "
          f"{incremental * 1000:6.1f} ms")  # fmt: skip
    print(f"  peak resident memory of the process {peak:,.0f} MB")
    print(f"  counts {EducatorStatus.objects.counts()}; "
          f"share {EducatorStatus.objects.share_compliant()}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("-n", type=int, default=3, help="full recomputes to time")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.n)
        return
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        env = dict(os.environ)
        if db == "sqlite":
            env.pop("DATABASE_URL", None)
        else:
            env.setdefault("DATABASE_URL", PG_URL)
        command = [sys.executable, __file__, "--measure", "-n", str(args.n)]
        subprocess.run(command, env=env, check=True)


if __name__ == "__main__":
    main()
