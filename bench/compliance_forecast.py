"""Time the forward-looking compliance pages against a seeded national demo: the national
forecast (its computation alone, then the page as ministry, oblast.naryn and
methodist.kochkor, and its Excel export), the PDF report of Kochkor (Kyrgyz) and of Naryn
oblast (Russian), and a teacher's own status page (teacher.osh).

    .venv/bin/python bench/compliance_forecast.py [--db sqlite|postgres|both] [-n 10] [--seed]

SQLite: the database of CHEBER_VAR_DIR (default var/cheber.sqlite3). PostgreSQL: DATABASE_URL,
else postgres://postgres@127.0.0.1:5432/cheber_bench. With --seed, a fresh database is
built first (as bench/course_pages.py does). The statuses are made fresh once before timing.
Prints p50/p95/max in ms and SQL queries per request (pages: target p95 < 150 ms; the PDF
report is printed once in a while and has no such target).
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import course_pages  # noqa: E402  (the seeding and timing helpers are shared)


def pages() -> list[tuple[str, str, str, dict]]:
    from django.urls import reverse

    from cheber.registry.models import AdminUnit

    units = dict(AdminUnit.objects.values_list("soate", "pk"))
    naryn, kochkor = units["41704000000000"], units["41704235000000"]
    forecast, report = reverse("compliance:forecast"), reverse("compliance:report_pdf")
    return [
        ("forecast: national", "ministry", forecast, {}),
        ("forecast: national, page 10", "ministry", forecast, {"page": "10"}),
        ("forecast: Naryn oblast", "oblast.naryn", forecast, {}),
        ("forecast: Kochkor district", "methodist.kochkor", forecast, {}),
        ("forecast xlsx: national", "ministry", reverse("compliance:forecast_xlsx"), {}),
        ("report PDF: Kochkor, ky", "methodist.kochkor", report,
         {"unit": str(kochkor), "language": "ky"}),
        ("report PDF: Naryn oblast, ru", "oblast.naryn", report,
         {"unit": str(naryn), "language": "ru"}),
        ("my status: teacher.osh", "teacher.osh", reverse("compliance:my_status"), {}),
    ]  # fmt: skip


def time_build(runs: int) -> None:
    from django.utils import timezone

    from cheber.compliance import forecast

    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = forecast.build(timezone.localdate())
        times.append((time.perf_counter() - started) * 1000)
    print(course_pages.summary(f"forecast.build ({len(result.rows):,} rows)", times, 0, 0))


def run_child(database: str, runs: int) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from cheber.accounts.models import User
    from cheber.compliance.engine import ensure_fresh
    from cheber.compliance.models import EducatorStatus

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # The pages are timed, not the log-in: the demo's national users have no second factor
    # enrolled, which would send every request of theirs to the enrolment page.
    settings.CHEBER_MFA_REQUIRED = False
    started = time.monotonic()
    ensure_fresh()
    print(f"\n{database}: statuses made fresh in {time.monotonic() - started:.1f} s; "
          f"{EducatorStatus.objects.count():,} educators; {runs} runs each; "
          "ms: p50 p95 max; queries")  # fmt: skip
    print(f"  {'what':<58} {'st':>3} {'p50':>7} {'p95':>7} {'max':>7} {'SQL':>4}")
    time_build(runs)
    clients = {}
    for label, username, url, params in pages():
        if username not in clients:
            clients[username] = Client()
            clients[username].force_login(User.objects.get(username=username))
        times, queries, status = course_pages.measure(clients[username], url, params, runs)
        print(course_pages.summary(label, times, queries, status), flush=True)


def main() -> None:
    course_pages.run_bench(__doc__, __file__, run_child, default_runs=10)


if __name__ == "__main__":
    main()
