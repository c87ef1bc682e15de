"""Time the compliance dashboards against a seeded national demo: national (as ministry),
the largest oblast and Naryn oblast, Kochkor district (as methodist.kochkor), a school (as
principal.osh), and the lists of people behind the numbers (and one Excel export).

    .venv/bin/python bench/compliance_dashboards.py [--db sqlite|postgres|both] [-n 20] [--seed]

SQLite: the database of CHEBER_VAR_DIR (default var/cheber.sqlite3). PostgreSQL: DATABASE_URL,
else postgres://postgres@127.0.0.1:5432/cheber_bench. With --seed, a fresh database is
built first (as bench/course_pages.py does). The statuses are made fresh once before timing
(that time is printed too). Prints p50/p95/max in ms and SQL queries per request; the target
is p95 < 150 ms.
"""

import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import course_pages  # noqa: E402  (the seeding and timing helpers are shared)


def pages() -> list[tuple[str, str, str, dict]]:
    """(label, user, url, params) of what is timed."""
    from django.db.models import Count
    from django.urls import reverse

    from cheber.compliance.models import EducatorStatus
    from cheber.registry.models import AdminUnit

    units = dict(AdminUnit.objects.values_list("soate", "pk"))
    largest = (EducatorStatus.objects.values("region_id").annotate(n=Count("pk"))
               .order_by("-n").first()["region_id"])  # fmt: skip
    naryn, kochkor = units["41704000000000"], units["41704235000000"]
    school = EducatorStatus.objects.filter(unit_id=units["41721000000000"]).first()
    people = reverse("compliance:educator_list")
    return [
        ("national dashboard", "ministry", reverse("compliance:dashboard"), {}),
        ("largest oblast dashboard", "ministry",
         reverse("compliance:region_dashboard", args=[largest]), {}),
        ("Naryn oblast dashboard", "oblast.naryn",
         reverse("compliance:region_dashboard", args=[naryn]), {}),
        ("Kochkor district dashboard", "methodist.kochkor",
         reverse("compliance:district_dashboard", args=[kochkor]), {}),
        ("organization dashboard", "ministry",
         reverse("compliance:organization_dashboard", args=[school.organization_id]), {}),
        ("list: national, overdue", "ministry", people, {"status": "overdue"}),
        ("list: national, overdue ≥ 10 y, page 5", "ministry", people,
         {"overdue_years": "10", "page": "5"}),
        ("list: Kochkor, everyone", "methodist.kochkor", people, {"unit": str(kochkor)}),
        ("xlsx: Kochkor, everyone", "methodist.kochkor",
         reverse("compliance:educator_list_xlsx"), {"unit": str(kochkor)}),
    ]  # fmt: skip


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
          f"{EducatorStatus.objects.count():,} educators; {runs} requests each; "
          "ms: p50 p95 max; queries")  # fmt: skip
    print(f"  {'page':<58} {'st':>3} {'p50':>7} {'p95':>7} {'max':>7} {'SQL':>4}")
    clients, dashboards = {}, []
    for label, username, url, params in pages():
        if username not in clients:
            clients[username] = Client()
            clients[username].force_login(User.objects.get(username=username))
        times, queries, status = course_pages.measure(clients[username], url, params, runs)
        if "dashboard" in label:
            dashboards += times
        print(course_pages.summary(label, times, queries, status), flush=True)
    print(course_pages.summary("all dashboards", dashboards, 0, 0))
    print(same_as_stats(clients["ministry"]))


def same_as_stats(ministry) -> str:
    """The national dashboard's figures against `cheber stats --json` (a separate process)."""
    import json

    from django.test.utils import setup_test_environment
    from django.urls import reverse

    setup_test_environment()  # (after the timings) so that responses carry their context
    head = ministry.get(reverse("compliance:dashboard")).context["head"]
    shown = head.figures.counts
    printed = subprocess.run(
        [sys.executable, "-m", "cheber", "stats", "--json"], cwd=course_pages.ROOT,
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    stats = json.loads(printed.stdout)["compliance"]
    # meeting the rule: compliant, or due later this year
    share = (stats["compliant"] + stats["due"]) / sum(stats.values())
    verdict = "equal" if shown == stats and round(share, 4) == head.figures.share else "DIFFER"
    return (f"  national dashboard {shown}, share {head.figures.share}; cheber stats --json "
            f"{stats}, share {share:.4f}: {verdict}")  # fmt: skip


def main() -> None:
    course_pages.run_bench(__doc__, __file__, run_child, default_runs=20)


if __name__ == "__main__":
    main()
