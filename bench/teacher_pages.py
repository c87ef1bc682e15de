"""Time a teacher's own pages against a seeded national demo: home, my status (the few courses
that fit best, and all of them), my courses, my certificates, the online courses, the
notifications and the profile, as teacher.osh and as the teacher with the longest history
(most enrolments and certificates).

    .venv/bin/python bench/teacher_pages.py [--db sqlite|postgres|both] [-n 30] [--seed]

The database is that of bench/course_pages.py (with --seed, a fresh national one is built
first). Each page is asked once untimed first (a running server has its templates and
translations loaded). Prints p50/p95/max in ms, the SQL queries per request and the CPU time
of this process per request; the target is p95 ≤ 15 ms in the process.
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import course_pages  # noqa: E402  (the seeding and timing helpers are shared)

TARGET_MS = 15


def busiest_teacher():
    """The account of the educator with the most enrolments: their own when they have one,
    else a bench account (removed at the end); and whether it was made here."""
    from django.db.models import Count

    from cheber.accounts.models import Role, RoleAssignment, User
    from cheber.registry.models import Educator

    educator = (
        Educator.objects.annotate(n=Count("enrolments", distinct=True)).order_by("-n", "pk").first()
    )
    own = RoleAssignment.objects.filter(role=Role.TEACHER, educator=educator).first()
    if own is not None:
        return own.user, educator.n, False
    user, _new = User.objects.get_or_create(username="bench.teacher")
    RoleAssignment.objects.get_or_create(user=user, role=Role.TEACHER, educator=educator)
    return user, educator.n, True


def pages(user) -> list[tuple[str, str, dict]]:
    from django.urls import reverse

    from cheber.core.access import access_for

    educator_id = access_for(user).educator_id
    return [
        ("home", reverse("core:home"), {}),
        ("my status", reverse("compliance:my_status"), {}),
        ("my status, all courses", reverse("compliance:my_status"), {"courses": "all"}),
        ("my courses", reverse("delivery:my_courses"), {}),
        ("my certificates", reverse("certificates:my_certificates"), {}),
        ("online courses", reverse("learning:online_courses"), {}),
        ("notifications", reverse("delivery:notifications"), {}),
        ("profile", reverse("registry:educator_detail", args=[educator_id]), {}),
    ]


def run_child(database: str, runs: int) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from cheber.accounts.models import User

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.CHEBER_MFA_REQUIRED = False
    course_pages.TARGET_MS = TARGET_MS
    busiest, enrolments, made = busiest_teacher()
    print(f"\n{database}: {runs} requests each; ms: p50 p95 max; queries; the CPU time of "
          f"this process per request (ms)")  # fmt: skip
    print(f"  {'teacher and page':<58} {'st':>3} {'p50':>7} {'p95':>7} {'max':>7} {'SQL':>4} "
          f"{'cpu':>6}")  # fmt: skip
    teachers = [("teacher.osh", User.objects.get(username="teacher.osh")),
                (f"busiest ({enrolments} enrolments)", busiest)]  # fmt: skip
    for name, user in teachers:
        client = Client()
        client.force_login(user)
        for label, url, params in pages(user):
            client.get(url, params)  # untimed: a server's first request loads its templates
            cpu = time.process_time()
            times, queries, status = course_pages.measure(client, url, params, runs)
            cpu = (time.process_time() - cpu) * 1000 / runs
            line = course_pages.summary(f"{name}: {label}", times, queries, status)
            flag = "  > target" if line.endswith("> target") else ""
            print(f"{line.removesuffix(flag)} {cpu:6.1f}{flag}", flush=True)
    if made:
        busiest.delete()


def main() -> None:
    course_pages.run_bench(__doc__, __file__, run_child, default_runs=30)


if __name__ == "__main__":
    main()
