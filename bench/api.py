"""The API's speed on the national demo: p50/p95 of the educators list (a page of 100) of a
district (the Kochkor methodist's token) and of the whole country (the ministry's), the first
page and the 100th by cursor (the district's last when it has fewer), and of an enrolment
write (a teacher's application for a published session, each rolled back).

    CHEBER_VAR_DIR=/tmp/api-bench .venv/bin/python bench/api.py [-n 30]

The database is the one the settings name (CHEBER_VAR_DIR's SQLite, or DATABASE_URL), seeded
with `seed_demo --scale national`, `seed_courses` and `demo_users` (`make run` does it); the
API's migration is applied first. Goal: p95 ≤ 50 ms for a page of 100, page 100 as fast as
page 1. Requests go through the whole stack (middleware, token, rate limit, access log)
in-process with Django's test client.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
LIST = "/api/v1/registry/educators"


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def timed(call, runs: int) -> list[float]:
    call()  # once untimed: code paths and caches warm
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def report(label: str, times: list[float]) -> None:
    print(f"{label:<44} p50 {statistics.median(times):7.1f} ms   p95 {p95(times):7.1f} ms")


def cursor_of_page(client, headers, number: int) -> tuple[str | None, int]:
    """The cursor that opens page `number` (or the last page), and that page's number."""
    cursor, page = None, 1
    while page < number:
        query = {"limit": 100} | ({"cursor": cursor} if cursor else {})
        following = client.get(LIST, query, **headers).json()["next_cursor"]
        if following is None:
            break
        cursor, page = following, page + 1
    return cursor, page


def bench_list(client, label: str, headers: dict, runs: int) -> None:
    def first():
        assert client.get(LIST, {"limit": 100}, **headers).status_code == 200

    report(f"{label}, page 1", timed(first, runs))
    cursor, number = cursor_of_page(client, headers, 100)

    def deep():
        answer = client.get(LIST, {"limit": 100, "cursor": cursor}, **headers)
        assert answer.status_code == 200 and answer.json()["items"]

    report(f"{label}, page {number}", timed(deep, runs))


def bench_write(client, user, runs: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from cheber.schedule.models import Session

    headers = headers_for(user)

    class Undo(Exception):
        pass

    def apply(session_pk: int) -> int:
        try:
            with transaction.atomic():
                answer = client.post(f"/api/v1/delivery/sessions/{session_pk}/applications",
                                     {"funding": "budget"}, content_type="application/json",
                                     **headers)  # fmt: skip
                raise Undo
        except Undo:
            return answer.status_code

    # the first published session the teacher may apply for (no clash with their courses)
    upcoming = Session.objects.published().filter(start_date__gt=timezone.localdate())
    candidates = upcoming.order_by("-start_date").values_list("pk", flat=True)[:50]
    chosen = next(pk for pk in candidates if apply(pk) == 201)
    report("enrolment write (apply, rolled back)", timed(lambda: apply(chosen), runs))


def headers_for(user) -> dict:
    from cheber.api.actions import create_token

    _token, plaintext = create_token(
        actor=user, name="bench", read_only=False, second_factor_passed=True
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=30, help="timed runs per figure")
    args = parser.parse_args()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from cheber.accounts.models import User
    from cheber.registry.models import Educator

    call_command("migrate", "api", verbosity=0)
    settings.CHEBER_API_RATE = (10**9, 60)
    client = Client()
    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, "
          f"educators: {Educator.objects.count()}")  # fmt: skip
    users = {u.username: u for u in User.objects.filter(
        username__in=["methodist.kochkor", "ministry", "teacher.osh"])}  # fmt: skip
    bench_list(client, "educators, district (methodist)", headers_for(users["methodist.kochkor"]),
               args.n)  # fmt: skip
    bench_list(client, "educators, country (ministry)", headers_for(users["ministry"]), args.n)
    bench_write(client, users["teacher.osh"], args.n)


if __name__ == "__main__":
    main()
