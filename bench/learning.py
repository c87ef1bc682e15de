"""Time 1,000 learners handing in a 20-question test within one minute, over real HTTP, and
check that no answer is lost.

    .venv/bin/python bench/learning.py [--db sqlite|postgres|both] [--learners 1000]
        [--seconds 60] [--offline 0.1] [--threads 32] [--seed]
        [--server gunicorn|runserver] [--workers 4×cores] [--server-threads 1]

The database is that of bench/course_pages.py (with --seed, a fresh national one is built
first); `cheber seed_learning` runs first when its online sessions have too few learners. Set
up, untimed: a 20-question module test in each online programme of the demo (once), an
account and a logged-in session for each learner (enrolled in an online session), an attempt
started for each, a server (gunicorn as in production, or `--server runserver`, Django's
development server, on a free port, the database's settings) and each learner's attempt page
fetched from it, as the browser has it open.

Then, over `--seconds`, each learner at a random moment posts the page (`finish`, the 20
answers, right with a likelihood of their own) and follows the redirect to their result, from
`--threads` client threads. A share of them (`--offline`) were offline for a while: their
outbox first sends three answers as the page's autosave does, each twice, and sends the
finished page a second time after the first (the same submission token).

Prints p50/p95/max in ms per kind of request (the target: a submission's p95 ≤ 200 ms) and the
checks: every answer sent is the one stored, every attempt graded, every outbox answer stored
once, the learners' assessment counting the test; and, before the minute, 20 submissions of an
extra learner one at a time in-process (time, CPU, SQL queries).
"""

import argparse
import http.client
import queue
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
# The code of this checkout, as the server started from it (`python -m cheber`) runs.
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

import course_pages  # noqa: E402  (the seeding helpers are shared)
import learning_pages  # noqa: E402

from config import serving  # noqa: E402  (the processes and threads make run serves with)

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 200
QUESTIONS = 20
BENCH_TEST = "Bench: 20 questions"
HOST = "127.0.0.1"
FORM = "application/x-www-form-urlencoded"


# The learner's browser: a page's form, a plan of what it sends -----------------------------


class FormFields(HTMLParser):
    """The fields of the attempt page's form: hidden values, radio and checkbox groups,
    selects with their options, text inputs."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden: dict[str, str] = {}
        self.choices: dict[str, list[str]] = {}  # radio and checkbox groups
        self.multiple: set[str] = set()
        self.selects: dict[str, list[str]] = {}
        self.texts: list[str] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name") or ""
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind == "hidden":
                self.hidden[name] = a.get("value") or ""
            elif kind in ("radio", "checkbox"):
                self.choices.setdefault(name, []).append(a.get("value") or "")
                if kind == "checkbox":
                    self.multiple.add(name)
            elif kind == "text":
                self.texts.append(name)
        elif tag == "select":
            self._select = name
            self.selects[name] = []
        elif tag == "option" and self._select:
            value = a.get("value")
            if value:
                self.selects[self._select].append(value)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def slot_fields(right: dict, slot: int) -> list[tuple[str, str]]:
    """A response as the page's fields carry it (the ranks of an ordering question)."""
    prefix = f"s{slot}-"
    if "choice" in right:
        return [(prefix + "choice", str(right["choice"]))]
    if "choices" in right:
        return [(prefix + "choices", str(v)) for v in right["choices"]]
    if "matches" in right:
        return [(f"{prefix}match-{i}", str(v)) for i, v in enumerate(right["matches"])]
    if "order" in right:
        return [(f"{prefix}rank-{item}", str(k)) for k, item in enumerate(right["order"], 1)]
    if "answer" in right:
        return [(prefix + "answer", str(right["answer"]))]
    return []


def guessed_fields(form: FormFields, slot: int, rng: random.Random) -> list[tuple[str, str]]:
    """A learner's guess from what the page offers."""
    prefix = f"s{slot}-"
    fields = []
    for name, values in form.choices.items():
        if name.startswith(prefix):
            picked = rng.sample(values, rng.randint(1, len(values))) if name in form.multiple \
                else [rng.choice(values)]  # fmt: skip
            fields += [(name, v) for v in picked]
    ranks = [n for n in form.selects if n.startswith(prefix + "rank-")]
    order = list(range(1, len(ranks) + 1))
    rng.shuffle(order)
    fields += [(name, str(rank)) for name, rank in zip(ranks, order, strict=True)]
    fields += [(n, rng.choice(v)) for n, v in form.selects.items()
               if n.startswith(prefix + "match-") and v]  # fmt: skip
    fields += [(n, str(rng.randint(0, 12))) for n in form.texts if n.startswith(prefix)]
    return fields


@dataclass
class Learner:
    enrolment_id: int
    attempt_id: int
    session_cookie: str
    rights: dict[int, dict]  # slot: the right response, read from the database
    offline: bool
    skill: float
    cookies: dict[str, str] = field(default_factory=dict)
    connection: http.client.HTTPConnection | None = None  # the browser keeps it open
    body: list[tuple[str, str]] = field(default_factory=list)  # the finished page
    outbox: list[list[tuple[str, str]]] = field(default_factory=list)  # autosaves


def plan(learner: Learner, page: str, rng: random.Random) -> None:
    """What the learner's browser sends: the page with their answers, and (offline) three
    answers from the outbox, each with its client id."""
    form = FormFields()
    form.feed(page)
    body = list(form.hidden.items()) + [("action", "finish")]
    answers: dict[int, list[tuple[str, str]]] = {}
    for slot, right in sorted(learner.rights.items()):
        if rng.random() < learner.skill:
            answers[slot] = slot_fields(right, slot)
        else:
            answers[slot] = guessed_fields(form, slot, rng)
        body += answers[slot]
    learner.body = body
    if learner.offline:
        for slot in rng.sample(sorted(answers), 3):
            learner.outbox.append(
                [("csrfmiddlewaretoken", form.hidden["csrfmiddlewaretoken"]),
                 ("slot", str(slot)), (f"s{slot}-seq", form.hidden[f"s{slot}-seq"]),
                 *answers[slot], ("client_id", str(uuid.uuid4()))]
            )  # fmt: skip


# HTTP ---------------------------------------------------------------------------------------


class Browser:
    """Requests to the server as one learner's browser sends them: their cookies, one
    connection kept open (HTTP/1.1) from one request to the next."""

    def __init__(self, port: int):
        self.port = port

    def close(self, learner: Learner) -> None:
        if learner.connection is not None:
            learner.connection.close()
            learner.connection = None

    def request(self, learner: Learner, method: str, path: str,
                body: list | None = None) -> tuple[int, str, str, float]:  # fmt: skip
        if learner.connection is None:
            learner.connection = http.client.HTTPConnection(HOST, self.port, timeout=120)
        connection = learner.connection
        headers = {"Accept-Language": "ky", "Cookie": "; ".join(
            f"{k}={v}" for k, v in learner.cookies.items())}  # fmt: skip
        data = None
        if body is not None:
            data = urlencode(body).encode()
            headers["Content-Type"] = FORM
        started = time.perf_counter()
        connection.request(method, path, data, headers)
        response = connection.getresponse()
        text = response.read().decode()
        elapsed = (time.perf_counter() - started) * 1000
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _sep, rest = cookie.partition("=")
            learner.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.headers.get("Location", ""), text, elapsed


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


SERVERS = {
    "runserver": "cheber runserver (a thread per connection, a database connection per request)",
    "gunicorn": "gunicorn, {workers} worker processes × {threads} threads (gthread)",
}


def server_command(server: str, port: int, workers: int, threads: int) -> list[str]:
    """Django's development server, or gunicorn as a production server runs it."""
    if server == "runserver":
        return [sys.executable, "-m", "cheber", "runserver", "--noreload", f"{HOST}:{port}"]
    return [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"{HOST}:{port}",
            "--worker-class", "gthread", "--workers", str(workers), "--threads", str(threads),
            "--timeout", "60", "--log-level", "warning"]  # fmt: skip


def start_server(command: list[str], port: int, log) -> subprocess.Popen:
    server = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    for _ in range(600):
        try:
            socket.create_connection((HOST, port), timeout=1).close()
            return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit("the server did not start: see its log") from None
            time.sleep(0.1)
    raise SystemExit("the server did not answer within a minute")


# In the child: Django is set up against one database -------------------------------------


def bench_test(programme):
    """The programme's 20-question module test, drawn across its bank's categories (made
    once, as the provider would, through the action)."""
    from collections import Counter

    from cheber.core.actors import SYSTEM
    from cheber.learning.actions import assessment
    from cheber.learning.models import Question, Test

    test = Test.objects.filter(programme=programme, title=BENCH_TEST).first()
    if test:
        return test
    ready = Counter(
        Question.objects.ready().filter(programme=programme)
        .exclude(kind=Question.Kind.DESCRIPTION).values_list("category", flat=True)
    )  # fmt: skip
    counts, left = dict.fromkeys(sorted(ready), 0), QUESTIONS
    while left:
        for category in counts:
            if left and counts[category] < ready[category]:
                counts[category] += 1
                left -= 1
    values = {"purpose": "module", "module": programme.modules.order_by("order").first(),
              "title": BENCH_TEST, "attempts_allowed": 0, "time_limit": 30,
              "passing_percent": 60, "shuffle": True, "is_open": True}  # fmt: skip
    return assessment.save_test(actor=SYSTEM, programme=programme, values=values,
                                draws=[(c, n) for c, n in counts.items() if n])  # fmt: skip


def learners_of(count: int):
    """Enrolments of learners studying in the demo's online sessions, the biggest first."""
    from django.db.models import Count, Q
    from django.utils import timezone

    from cheber.delivery.models import Enrolment
    from cheber.schedule.models import Session

    taking = Q(enrolments__state=Enrolment.State.ENROLLED)
    sessions = list(
        Session.objects.filter(form="online", programme__code__startswith="LRN-",
                               end_date__gte=timezone.localdate())
        .annotate(n=Count("enrolments", filter=taking)).order_by("-n", "pk")
        .values_list("pk", flat=True)
    )  # fmt: skip
    enrolments = []
    for session in sessions:
        enrolments += list(
            Enrolment.objects.filter(session_id=session, state=Enrolment.State.ENROLLED)
            .select_related("session__programme").order_by("pk")[: count - len(enrolments)]
        )  # fmt: skip
        if len(enrolments) >= count:
            break
    return enrolments


def accounts(enrolments) -> dict[int, object]:
    """{enrolment id: the learner's user}, made once (a teacher's role over their educator)."""
    from django.contrib.auth.hashers import make_password

    from cheber.accounts.models import Role, RoleAssignment, User

    names = {e.pk: f"bench.tester.{e.pk}" for e in enrolments}
    have = set(User.objects.filter(username__in=names.values()).values_list("username", flat=True))
    User.objects.bulk_create(User(username=n, password=make_password(None))
                             for n in names.values() if n not in have)  # fmt: skip
    users = {u.username: u for u in User.objects.filter(username__in=names.values())}
    roles = set(RoleAssignment.objects.filter(user__in=users.values(), role=Role.TEACHER)
                .values_list("user_id", flat=True))  # fmt: skip
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=users[names[e.pk]], role=Role.TEACHER, educator_id=e.educator_id)
        for e in enrolments if users[names[e.pk]].pk not in roles
    )  # fmt: skip
    return {e.pk: users[names[e.pk]] for e in enrolments}


def start_attempts(enrolments, users, tests) -> dict[int, int]:
    """{enrolment id: attempt id}: each learner's attempt, started (or continued) as the
    test's page does."""
    from django.db import connection

    from cheber.core.actors import SYSTEM
    from cheber.learning.actions.assessment import close_overdue_attempts, start_attempt

    close_overdue_attempts(actor=SYSTEM)  # a run stopped half-way left some open
    started: dict[int, int] = {}

    def start(share) -> None:  # in a thread of its own, with its own database connection
        try:
            for e in share:
                test = tests[e.session.programme_id]
                started[e.pk] = start_attempt(actor=users[e.pk], enrolment=e, test=test).pk
        finally:
            connection.close()

    threads = [threading.Thread(target=start, args=(enrolments[i::4],)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return started


def right_answers(attempt_ids) -> dict[int, dict[int, dict]]:
    from cheber.learning.demo import right_response
    from cheber.learning.models import QuestionAttempt

    rights: dict[int, dict[int, dict]] = {}
    for qa in QuestionAttempt.objects.filter(attempt_id__in=attempt_ids).select_related("version"):
        rights.setdefault(qa.attempt_id, {})[qa.slot] = right_response(qa)
    return rights


def session_cookie(user) -> str:
    """A logged-in session of the user, as the log-in page would make it."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def in_process(enrolment, user, test, runs: int = 20) -> list[str]:
    """Submissions one at a time through Django's test client (no HTTP, nothing beside them):
    the time and CPU of the server's own work, and its SQL queries (an extra learner)."""
    from django.test import Client
    from django.urls import reverse

    from cheber.learning.actions.assessment import start_attempt

    client = Client()
    client.force_login(user)
    rows: dict[str, list[tuple[float, float, int]]] = {"submission": [], "result page": []}
    for n in range(runs + 1):
        attempt = start_attempt(actor=user, enrolment=enrolment, test=test)
        page = client.get(reverse("learning:attempt", args=[attempt.pk])).content.decode()
        learner = Learner(enrolment.pk, attempt.pk, "", right_answers([attempt.pk])[attempt.pk],
                          False, 0.8)  # fmt: skip
        plan(learner, page, random.Random(n))
        url = reverse("learning:attempt_submit", args=[attempt.pk])
        body = urlencode(learner.body)  # as the browser sends the form
        submitted, submission = _timed(client.post, url, body, FORM)
        _shown, result = _timed(client.get, submitted.headers["Location"])
        if n:  # the first one warms up
            rows["submission"].append(submission)
            rows["result page"].append(result)
    lines = []
    for label, values in rows.items():
        walls = sorted(v[0] for v in values)
        cpu = statistics.mean(v[1] for v in values)
        lines.append(f"in-process {label}: p50 {statistics.median(walls):.1f} ms, p95 "
                     f"{walls[round(0.95 * (len(walls) - 1))]:.1f} ms, CPU {cpu:.1f} ms, "
                     f"{values[-1][2]} SQL queries")  # fmt: skip
    return lines


def _timed(send, *args) -> tuple:
    """The response, and (ms, CPU ms, SQL queries) of sending it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        wall, cpu = time.perf_counter(), time.process_time()
        response = send(*args)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return response, (wall * 1000, cpu * 1000, len(queries))


@dataclass
class Timings:
    rows: dict[str, list[float]] = field(default_factory=dict)
    statuses: dict[str, dict[int, int]] = field(default_factory=dict)
    late_starts: int = 0
    elapsed: float = 0.0
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, label: str, status: int, ms: float) -> None:
        with self.lock:
            self.rows.setdefault(label, []).append(ms)
            counts = self.statuses.setdefault(label, {})
            counts[status] = counts.get(status, 0) + 1


def hand_in(browser: Browser, learner: Learner, timings: Timings) -> None:
    """What the learner's browser sends in the minute (on a new connection: the page was
    opened long before)."""
    try:
        send(browser, learner, timings)
    finally:
        browser.close(learner)


def send(browser: Browser, learner: Learner, timings: Timings) -> None:
    save = f"/learning/attempts/{learner.attempt_id}/save/"
    submit = f"/learning/attempts/{learner.attempt_id}/submit/"
    for entry in learner.outbox:
        for _ in range(2):  # the outbox sends it again: its first answer got lost on the way
            status, _where, _text, ms = browser.request(learner, "POST", save, entry)
            timings.add("outbox answer (JSON)", status, ms)
    status, where, _text, ms = browser.request(learner, "POST", submit, learner.body)
    timings.add("submission (20 answers)", status, ms)
    if status != 302 or not where.endswith("/result/"):
        timings.errors.append(f"attempt {learner.attempt_id}: {status} {where}")
        return
    status, _where, _text, ms = browser.request(learner, "GET", where)
    timings.add("result page", status, ms)
    if learner.offline:  # the finished page, kept in the outbox, sent once more
        status, where, _text, ms = browser.request(learner, "POST", submit, learner.body)
        timings.add("the same submission again", status, ms)
        if status != 302 or not where.endswith("/result/"):
            timings.errors.append(f"replay of attempt {learner.attempt_id}: {status} {where}")


def the_minute(browser: Browser, learners: list[Learner], seconds: float, threads: int,
               rng: random.Random) -> Timings:  # fmt: skip
    """Each learner hands in at a random moment of the minute (an open schedule: a slow
    answer does not delay the next learner, as long as a client thread is free)."""
    timings, work = Timings(), queue.Queue()
    moments = sorted(rng.uniform(0, seconds) for _ in learners)
    for moment, learner in zip(moments, learners, strict=True):
        work.put((moment, learner))
    began = time.perf_counter() + 0.5

    def client() -> None:
        while True:
            try:
                moment, learner = work.get_nowait()
            except queue.Empty:
                return
            wait = began + moment - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            elif wait < -0.05:
                with timings.lock:
                    timings.late_starts += 1
            try:
                hand_in(browser, learner, timings)
            except (OSError, http.client.HTTPException) as error:
                timings.errors.append(f"attempt {learner.attempt_id}: {error!r}")

    pool = [threading.Thread(target=client) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    timings.elapsed = time.perf_counter() - began
    return timings


def fetch_pages(browser: Browser, learners: list[Learner], rng: random.Random) -> Timings:
    """Each learner's attempt page, as their browser has it open (four at a time)."""
    timings, work = Timings(), queue.Queue()
    for learner in learners:
        work.put(learner)

    def client() -> None:
        while True:
            try:
                learner = work.get_nowait()
            except queue.Empty:
                return
            status, _where, page, ms = browser.request(
                learner, "GET", f"/learning/attempts/{learner.attempt_id}/"
            )
            browser.close(learner)
            timings.add("attempt page", status, ms)
            if status != 200:
                timings.errors.append(f"attempt page {learner.attempt_id}: {status}")
                continue
            plan(learner, page, random.Random(rng.random() + learner.attempt_id))

    pool = [threading.Thread(target=client) for _ in range(4)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return timings


def summary(label: str, times: list[float], statuses: dict[int, int], target: int | None) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    flag = "  > target" if target and p95 > target else ""
    shown = ",".join(f"{s}×{n}" for s, n in sorted(statuses.items()))
    return (f"  {label:<28} {len(ordered):>6,} {statistics.median(ordered):7.1f} {p95:7.1f} "
            f"{ordered[-1]:7.1f}  {shown}{flag}")  # fmt: skip


def assessment_of(learners: list[Learner]) -> dict[int, tuple[int, bool, str]]:
    """{enrolment id: (the tests passed in the learner's assessment, whether they passed the
    bench test already, the enrolment's state)}."""
    from cheber.delivery.models import Enrolment
    from cheber.learning import rules
    from cheber.learning.models import Attempt

    test_of = dict(Attempt.objects.filter(pk__in=[x.attempt_id for x in learners])
                   .values_list("enrolment_id", "test_id"))  # fmt: skip
    passed = set(Attempt.objects.filter(enrolment_id__in=test_of, passed=True)
                 .values_list("enrolment_id", "test_id"))  # fmt: skip
    return {
        e.pk: (rules.assessment_summary(e).tests_passed, (e.pk, test_of[e.pk]) in passed, e.state)
        for e in Enrolment.objects.filter(pk__in=test_of).select_related("session")
    }


def check(learners: list[Learner], before: dict) -> list[str]:
    """Every answer sent stored as sent, every attempt graded, every outbox answer stored
    once, the learners' assessment counting the test (`before`: `assessment_of` them before
    the minute)."""
    from django.http import QueryDict

    from cheber.learning import grading
    from cheber.learning import questions as q
    from cheber.learning.forms import response_from_post
    from cheber.learning.models import Attempt, QuestionAttempt, Step

    ids = [learner.attempt_id for learner in learners]
    attempts = Attempt.objects.in_bulk(ids)
    slots: dict[int, list] = {}
    for qa in QuestionAttempt.objects.filter(attempt_id__in=ids).select_related("version"):
        slots.setdefault(qa.attempt_id, []).append(qa)
    sent = stored = graded_slots = finished = passed = 0
    lost = []
    for learner in learners:
        data = QueryDict(urlencode(learner.body))
        for qa in slots[learner.attempt_id]:
            view = grading.public_view(q.Question.from_json(qa.version.body), qa.state)
            expected = response_from_post(view, data, f"s{qa.slot}-")
            if expected is not None:
                sent += 1
                if qa.response == expected:
                    stored += 1
                else:
                    lost.append(f"attempt {qa.attempt_id} slot {qa.slot}")
            graded_slots += qa.fraction is not None
        attempt = attempts[learner.attempt_id]
        finished += attempt.state == Attempt.State.FINISHED and attempt.score is not None
        passed += bool(attempt.passed)
    outbox = [dict(entry)["client_id"] for learner in learners for entry in learner.outbox]
    steps = Step.objects.filter(client_id__in=outbox).values_list("client_id", flat=True)
    once = sum(1 for n in _counted(steps).values() if n == 1)
    after = assessment_of(learners)
    moved = sum(
        1 for learner in learners
        if after[learner.enrolment_id][0] == before[learner.enrolment_id][0]
        + (bool(attempts[learner.attempt_id].passed) and not before[learner.enrolment_id][1])
    )  # fmt: skip
    completed = sum(1 for e in before if after[e][2] == "completed" != before[e][2])
    total = len(learners)
    return [
        f"answers stored as sent: {stored:,} of {sent:,}" + (f" LOST: {lost[:5]}" if lost else ""),
        f"attempts finished and scored: {finished:,} of {total:,}; slots graded: "
        f"{graded_slots:,} of {sum(len(s) for s in slots.values()):,}",
        f"outbox answers stored once: {once:,} of {len(outbox):,} (each sent twice)",
        f"progress: {passed:,} passed; the tests passed in the learner's assessment as "
        f"expected for {moved:,} of {total:,}; {completed:,} completed their course by it",
    ]


def _counted(values) -> dict:
    counts: dict = {}
    for value in values:
        counts[str(value)] = counts.get(str(value), 0) + 1
    return counts


def run_child(database: str, options: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.conf import settings

    learning_pages.ensure_learners(2000)
    rng = random.Random(7)
    started = time.monotonic()
    enrolments = learners_of(options.learners + 1)
    if len(enrolments) <= options.learners:
        raise SystemExit(f"only {len(enrolments)} learners study online: seed more")
    probe, enrolments = enrolments[-1], enrolments[:-1]
    tests = {e.session.programme_id: bench_test(e.session.programme) for e in [*enrolments, probe]}
    users = accounts([*enrolments, probe])
    attempt_ids = start_attempts(enrolments, users, tests)
    rights = right_answers(attempt_ids.values())
    learners = [
        Learner(e.pk, attempt_ids[e.pk], session_cookie(users[e.pk]), rights[attempt_ids[e.pk]],
                rng.random() < options.offline, rng.uniform(0.4, 0.95))
        for e in enrolments
    ]  # fmt: skip
    for learner in learners:
        learner.cookies[settings.SESSION_COOKIE_NAME] = learner.session_cookie
    alone = in_process(probe, users[probe.pk], tests[probe.session.programme_id])
    print(f"\n{database}: {len(learners):,} learners, {QUESTIONS} questions each, set up in "
          f"{time.monotonic() - started:.0f} s", flush=True)  # fmt: skip
    before = assessment_of(learners)
    port = free_port()
    with tempfile.NamedTemporaryFile("w", prefix="cheber-bench-server-", suffix=".log",
                                     delete=False) as log:  # fmt: skip
        command = server_command(options.server, port, options.workers, options.server_threads)
        server = start_server(command, port, log)
        try:
            browser = Browser(port)
            pages = fetch_pages(browser, learners, rng)
            timings = the_minute(browser, learners, options.seconds, options.threads, rng)
        finally:
            server.terminate()
            server.wait(timeout=30)
    rate = len(learners) / options.seconds
    print(f"  the minute: {len(learners):,} submissions over {options.seconds:.0f} s "
          f"({rate:.1f}/s) took {timings.elapsed:.1f} s, {options.threads} client threads, "
          f"{timings.late_starts} started late")  # fmt: skip
    described = SERVERS[options.server].format(workers=options.workers,
                                                threads=options.server_threads)  # fmt: skip
    print(f"  server: {described}; its log {log.name}")
    print(f"  {'request':<28} {'n':>6} {'p50':>7} {'p95':>7} {'max':>7}  status×n (ms)")
    print(summary("attempt page (before)", pages.rows.get("attempt page", [0]),
                  pages.statuses.get("attempt page", {}), None))  # fmt: skip
    for label, times in timings.rows.items():
        target = TARGET_MS if label.startswith("submission") else None
        print(summary(label, times, timings.statuses[label], target))
    for line in alone:
        print(f"  {line}")
    for line in check(learners, before):
        print(f"  {line}")
    errors = pages.errors + timings.errors
    print(f"  errors: {len(errors)}" + (f": {errors[:5]}" if errors else ""), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="sqlite")
    parser.add_argument("--learners", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument(
        "--offline",
        type=float,
        default=0.1,
        help="the share of learners whose outbox sends answers twice",
    )
    parser.add_argument("--threads", type=int, default=32, help="client threads")
    parser.add_argument("--server", choices=tuple(SERVERS), default="gunicorn")
    parser.add_argument("--workers", type=int, default=serving.workers(),
                        help="gunicorn's worker processes (default: as make run)")  # fmt: skip
    parser.add_argument("--server-threads", type=int, default=serving.threads(),
                        help="threads of each gunicorn worker (default: as make run)")  # fmt: skip
    parser.add_argument("--seed", action="store_true", help="build a fresh national database")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        run_child(options.child, options)
        return
    databases = ("sqlite", "postgres") if options.db == "both" else (options.db,)
    with tempfile.TemporaryDirectory(prefix="cheber-bench-") as temporary:
        for database in databases:
            env = course_pages.child_env(
                database, course_pages.seed_var_dir(temporary, database, options.seed)
            )
            if options.seed:
                course_pages.seed(database, env)
            child = [sys.executable, __file__, "--child", database, *sys.argv[1:]]
            subprocess.run(child, cwd=ROOT, env=env, check=False)


if __name__ == "__main__":
    main()
