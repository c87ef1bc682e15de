"""Time the learning pages against a seeded demo: a lesson page and a course page (as a learner
of the biggest online session), and the provider's progress roster of the online sessions with
the most learners, whole and "stuck" only.

    .venv/bin/python bench/learning_pages.py [--db sqlite|postgres|both] [-n 20] [--seed]
        [--learners N]

It runs `cheber seed_learning --learners N` (default 2,000) first when the database has fewer
learners in its biggest online session; the database is that of bench/course_pages.py (with
--seed, a fresh national one is built first). Prints p50/p95/max in ms and SQL queries per
request (each page once untimed first, as a running server has its templates and
translations loaded); the targets are a lesson page p95 ≤ 50 ms and the roster p95 ≤ 300 ms.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import course_pages  # noqa: E402  (the seeding and timing helpers are shared)

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"lesson": 50, "course": 50, "roster": 300}


def ensure_learners(wanted: int) -> None:
    from django.db.models import Count, Q

    from cheber.schedule.models import Session

    biggest = (
        Session.objects.filter(form="online", programme__code__startswith="LRN-")
        .annotate(n=Count("enrolments", filter=Q(enrolments__state__in=["enrolled", "completed"])))
        .order_by("-n")
        .first()
    )
    if biggest is None or biggest.n < wanted:
        args = ["seed_learning", "--learners", str(wanted)]
        subprocess.run([sys.executable, "-m", "cheber", *args], cwd=ROOT, check=True)


def run_child(database: str, runs: int) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.db.models import Count, Q
    from django.test import Client
    from django.urls import reverse

    from cheber.accounts.models import Role, RoleAssignment, User
    from cheber.learning.models import CourseProgress
    from cheber.schedule.models import Session

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.CHEBER_MFA_REQUIRED = False
    ensure_learners(int(os.environ.get("LEARNERS", "2000")))
    sessions = (
        Session.objects.filter(form="online", programme__code__startswith="LRN-")
        .annotate(n=Count("enrolments", filter=Q(enrolments__state__in=["enrolled", "completed"])))
        .order_by("-n", "pk")[:2]
    )
    print(f"\n{database}: {runs} requests each; ms: p50 p95 max; queries; the CPU time of "
          f"this process per request (ms), which the machine's load changes less")  # fmt: skip
    print(f"  {'page':<58} {'st':>3} {'p50':>7} {'p95':>7} {'max':>7} {'SQL':>4} {'cpu':>6}")
    session = sessions[0]
    course = (
        CourseProgress.objects.filter(enrolment__session=session)
        .select_related("enrolment__educator")
        .first()
    )
    learner = Client()
    user, _new = User.objects.get_or_create(username=f"bench.learner.{course.enrolment_id}")
    RoleAssignment.objects.get_or_create(user=user, role=Role.TEACHER,
                                         educator=course.enrolment.educator)  # fmt: skip
    learner.force_login(user)
    lesson = course.version.lessons.in_order().last()
    pages = [
        ("lesson", learner, reverse("learning:lesson", args=[course.enrolment_id, lesson.pk]), {}),
        ("course", learner, reverse("learning:course", args=[course.enrolment_id]), {}),
    ]
    staff = Client()
    staff.force_login(User.objects.get(username="provider.osh"))
    for each in sessions:
        url = reverse("learning:session_progress", args=[each.pk])
        if each.provider.code != "OSH-IE":
            staff_of = RoleAssignment.objects.filter(
                role=Role.PROVIDER_STAFF, organization=each.provider
            ).first()
            if staff_of is None:
                continue
            staff = Client()
            staff.force_login(staff_of.user)
        pages.append((f"roster #{each.pk} ({each.n} learners)", staff, url, {}))
        pages.append((f"roster #{each.pk}, stuck only", staff, url, {"stuck": "1"}))
    for label, client, url, params in pages:
        course_pages.TARGET_MS = TARGETS["roster" if label.startswith("roster") else "lesson"]
        client.get(url, params)  # untimed: a server's first request loads its templates
        cpu = time.process_time()
        times, queries, status = course_pages.measure(client, url, params, runs)
        cpu = (time.process_time() - cpu) * 1000 / runs
        line = course_pages.summary(label, times, queries, status)
        flag = "  > target" if line.endswith("> target") else ""
        print(f"{line.removesuffix(flag)} {cpu:6.1f}{flag}", flush=True)
    user.delete()


def main() -> None:
    if "--learners" in sys.argv:
        at = sys.argv.index("--learners")
        os.environ["LEARNERS"] = sys.argv[at + 1]
        del sys.argv[at : at + 2]
    course_pages.run_bench(__doc__, __file__, run_child, default_runs=20)


if __name__ == "__main__":
    main()
