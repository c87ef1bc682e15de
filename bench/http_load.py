"""Load on the served application: gunicorn as `make run` starts it (config/gunicorn.py), on
PostgreSQL, driven over HTTP from this machine (127.0.0.1 only), bounded in time and clients.

    .venv/bin/python bench/http_load.py [--scale small|national] [--duration 10]
                                        [--clients 20] [--teachers 100] [--only NAME …]

Prints requests/s, p50, p95, p99 and errors for:
- teacher: the teacher's home and "my status", logged-in teachers, against gunicorn and,
  in the same run, Django's development server (`runserver`, threaded, as `make serve`);
- public: the catalogue (programmes and sessions; it asks to log in, so as teachers) and the
  public certificate verification page (anonymous visitors);
- opening: an enrolment opening — 200 different teachers apply to one session of 30 places at
  once: exactly 30 enrolled, 170 waitlisted, 0 errors (and its p95, goal ≤ 1 s);
- staff: a district methodist's overdue list and the national dashboard, 20 staff at once.

Databases (PostgreSQL at 127.0.0.1:5432; `--db postgres` is the only choice and the default):
`--scale small` (default) uses `cheber_http_bench`, seeded with the small demo when empty;
`--scale national` uses `cheber_bench`, the national demo that bench/course_pages.py seeds
(seeded with its helpers if the database is missing; never dropped). The bench adds its own
users (`bench.http.*`) and one session, and removes them at the end.

Each simulated client has its own address (X-Forwarded-For, with CHEBER_BEHIND_PROXY=on as
behind nginx): per-address limits apply as to real clients. The cache is Redis when reachable
(REDIS_URL, else 127.0.0.1:6379), else the shared directory `make run` uses. The load
generator is threads with keep-alive connections (http.client): it shares the two cores with
the server, so the figures are what this machine serves, not what a separate load machine would
measure.
"""

import argparse
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import course_pages  # noqa: E402  (the national seeding is shared)

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
DATABASES = {"small": "cheber_http_bench", "national": course_pages.PG_DATABASE}
SMALL_SEED = (
    ["migrate", "--noinput", "-v", "0"],
    ["load_reference"],
    ["seed_demo", "--scale", "small", "--seed", "1"],
    ["seed_courses", "--seed", "1"],
    ["seed_certificates"],
    ["refresh_compliance"],
    ["demo_users"],
)
PREFIX = "bench.http."
OPENING_TEACHERS, OPENING_PLACES = 200, 30


# The parent: databases, servers, load ----------------------------------------------------


def database_exists(name: str) -> bool:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=3) as db:
        return bool(db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone())


def ensure_database(scale: str, env: dict) -> None:
    """The scale's database, seeded once (a second run starts at once)."""
    import psycopg

    name = DATABASES[scale]
    if scale == "national":
        if not database_exists(name):
            course_pages.seed("postgres", env)
        return
    if not database_exists(name):
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as db:
            db.execute(f"CREATE DATABASE {name}")
    with psycopg.connect(f"{PG_SERVER}/{name}") as db:
        seeded = (
            db.execute(
                "SELECT 1 FROM information_schema.tables WHERE table_name = 'registry_educator'"
            ).fetchone()
            and db.execute("SELECT 1 FROM registry_educator LIMIT 1").fetchone()
        )
    if not seeded:
        for args in SMALL_SEED:
            subprocess.run([sys.executable, "-m", "cheber", *args], cwd=ROOT, env=env,
                           check=True, stdout=subprocess.DEVNULL)  # fmt: skip


def redis_url() -> str | None:
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        socket.create_connection(("127.0.0.1", 6379), 2).close()
    except OSError:
        return None
    return url


def server_env(scale: str, var_dir: str) -> dict:
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="config.settings",
        PYTHONPATH=str(ROOT),
        DATABASE_URL=f"{PG_SERVER}/{DATABASES[scale]}",
        CONN_MAX_AGE="60",
        CHEBER_BEHIND_PROXY="on",
        LOG_REQUESTS="off",
        CHEBER_VAR_DIR=var_dir,
        CACHE_KEY_PREFIX=f"bench-{os.getpid()}",
    )
    if url := redis_url():
        env["REDIS_URL"] = url
    else:
        env.pop("REDIS_URL", None)
        env["CACHE_LOCATION"] = f"{var_dir}/cache"
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn (`make run`'s) or runserver (`make serve`'s), started and stopped here."""

    def __init__(self, kind: str, env: dict, log: Path):
        self.port = free_port()
        self.kind = kind
        if kind == "gunicorn":
            command = [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py",
                       "--bind", f"127.0.0.1:{self.port}"]  # fmt: skip
        else:
            command = [sys.executable, "-m", "cheber", "runserver", f"127.0.0.1:{self.port}",
                       "--noreload"]  # fmt: skip
        self.log = open(log, "w")  # noqa: SIM115
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self.log,
                                        stderr=subprocess.STDOUT)  # fmt: skip
        self._wait()

    def _wait(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                status, _body = request(self.port, "GET", "/readyz", {})
                if status == 200:
                    for _ in range(20):  # every worker loads the application once
                        request(self.port, "GET", "/healthz", {})
                    return
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        raise SystemExit(f"{self.kind} did not start; see {self.log.name}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def request(port: int, method: str, path: str, headers: dict, body: bytes | None = None,
            connection: http.client.HTTPConnection | None = None) -> tuple[int, bytes]:  # fmt: skip
    own = connection is None
    connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers)
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        if own:
            connection.close()


@dataclass
class Client:
    """One simulated person: their session cookie and address."""

    cookie: str
    address: str
    csrf: str = ""

    def headers(self) -> dict:
        cookies = f"sessionid={self.cookie}" + (f"; csrftoken={self.csrf}" if self.csrf else "")
        return {"Cookie": cookies, "X-Forwarded-For": self.address, "Accept-Language": "ky"}


@dataclass
class Figures:
    label: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0

    def row(self) -> str:
        done = sorted(self.latencies)
        if not done:
            return f"{self.label:<44} no request completed; errors {self.errors}"

        def pct(p: float) -> float:
            return done[min(len(done) - 1, int(p * len(done)))] * 1000

        rate = len(done) / self.seconds if self.seconds else 0
        return (f"{self.label:<44} {len(done):>6} {rate:>8.1f} {pct(0.50):>7.0f} "
                f"{pct(0.95):>7.0f} {pct(0.99):>7.0f} {self.errors:>6}")  # fmt: skip


HEADER = (f"{'':<44} {'reqs':>6} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
          f"{'errors':>6}")  # fmt: skip


def load(label: str, port: int, clients: list[Client], paths: list[str], concurrency: int,
         duration: float, ok=(200,)) -> Figures:  # fmt: skip
    """`concurrency` threads, each on one keep-alive connection (as a proxy keeps them),
    asking `paths` in turn for the `clients` in turn until `duration` seconds have passed."""
    for client in clients[:concurrency]:  # every worker's templates compiled, caches filled
        for path in paths:
            request(port, "GET", path, client.headers())
    figures, lock = Figures(label), threading.Lock()
    start, deadline = time.monotonic(), time.monotonic() + duration

    def run(n: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine, errors, i = [], 0, n
        while time.monotonic() < deadline:  # one person after another on this connection
            client = clients[(n + i * concurrency) % len(clients)]
            path = paths[i % len(paths)]
            i += 1
            began = time.perf_counter()
            try:
                status, _body = request(port, "GET", path, client.headers(), None, connection)
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                status = 0
            mine.append(time.perf_counter() - began)
            errors += status not in ok
        connection.close()
        with lock:
            figures.latencies += mine
            figures.errors += errors

    run_threads(run, [(n,) for n in range(concurrency)])
    figures.seconds = time.monotonic() - start
    return figures


def run_threads(target, arguments: list[tuple]) -> None:
    threads = [threading.Thread(target=target, args=args) for args in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
CSRF_COOKIE = re.compile(r"csrftoken=([^;]+)")


def opening(port: int, clients: list[Client], session_path: str, concurrency: int) -> Figures:
    """Each teacher has the session's page open (its form and CSRF token); at the opening,
    all of them press "apply" within a few seconds."""
    tokens = []
    for client in clients:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request("GET", session_path, headers=client.headers())
        answer = connection.getresponse()
        page = answer.read()
        client.csrf = CSRF_COOKIE.search(answer.getheader("Set-Cookie") or "").group(1)
        tokens.append(CSRF_FIELD.search(page).group(1).decode())
        connection.close()
    figures, lock = Figures("enrolment opening: apply (POST)"), threading.Lock()
    queue = list(zip(clients, tokens, strict=True))
    barrier = threading.Barrier(concurrency)

    def run() -> None:
        barrier.wait()
        while True:
            with lock:
                if not queue:
                    return
                client, token = queue.pop()
            body = f"funding=contract&csrfmiddlewaretoken={token}".encode()
            headers = client.headers() | {"Content-Type": "application/x-www-form-urlencoded"}
            began = time.perf_counter()
            try:
                status, _ = request(port, "POST", session_path + "apply/", headers, body)
            except (OSError, http.client.HTTPException):
                status = 0
            with lock:
                figures.latencies.append(time.perf_counter() - began)
                figures.errors += status != 302  # to "my courses", whatever the outcome

    start = time.monotonic()
    run_threads(run, [()] * concurrency)
    figures.seconds = time.monotonic() - start
    return figures


def enrolment_states(scale: str, session_id: int) -> dict[str, int]:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/{DATABASES[scale]}") as db:
        rows = db.execute(
            "SELECT state, count(*) FROM delivery_enrolment WHERE session_id = %s GROUP BY state",
            [session_id],
        ).fetchall()
    return dict(rows)


def child(env: dict, *args: str) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", *args], cwd=ROOT, env=env,
                          check=True, capture_output=True, text=True)  # fmt: skip
    return json.loads(done.stdout.splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["postgres"], default="postgres")
    parser.add_argument("--scale", choices=["small", "national"], default="small")
    parser.add_argument("--duration", type=float, default=10, help="seconds per measurement")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients")
    parser.add_argument("--teachers", type=int, default=100, help="logged-in teachers")
    parser.add_argument("--only", nargs="*", default=["teacher", "public", "opening", "staff"])
    parser.add_argument("--child", nargs="*", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child is not None:
        return run_child(options.child)

    var_dir = tempfile.mkdtemp(prefix="cheber-http-bench-")
    env = server_env(options.scale, var_dir)
    ensure_database(options.scale, env)
    subprocess.run([sys.executable, "-m", "cheber", "collectstatic", "--noinput", "-v", "0"],
                   cwd=ROOT, env=env, check=True)  # fmt: skip
    world = child(env, "prepare", str(max(options.teachers, OPENING_TEACHERS)))
    cache = "redis" if "REDIS_URL" in env else "file"
    print(f"PostgreSQL {DATABASES[options.scale]} ({world['educators']} educators), cache "
          f"{cache}, {os.cpu_count()} CPUs, {options.clients} clients, {options.duration:.0f} s "
          "each", flush=True)  # fmt: skip
    logs = Path(var_dir)
    gunicorn = Server("gunicorn", env, logs / "gunicorn.log")
    print(f"gunicorn: {world['server']['workers']} workers x {world['server']['threads']} "
          "threads (gthread)", flush=True)  # fmt: skip
    print(HEADER)
    teachers = [Client(c, a) for c, a in world["teachers"]]
    try:
        if "teacher" in options.only:
            paths = ["/home/", "/compliance/me/"]
            print(load("teacher home + my status: gunicorn", gunicorn.port,
                       teachers[: options.teachers], paths, options.clients,
                       options.duration).row(), flush=True)  # fmt: skip
            development = Server("runserver", env, logs / "runserver.log")
            try:
                print(load("teacher home + my status: runserver", development.port,
                           teachers[: options.teachers], paths, options.clients,
                           options.duration).row(), flush=True)  # fmt: skip
            finally:
                development.stop()
        if "public" in options.only:
            # (the catalogue asks to log in: there is no anonymous one; teachers browse it)
            print(load("catalogue (teachers)", gunicorn.port, teachers[: options.teachers],
                       ["/catalog/", "/schedule/"], options.clients, options.duration).row(),
                  flush=True)  # fmt: skip
            visitors = [Client("", f"10.9.{n // 250}.{n % 250 + 1}") for n in range(500)]
            print(load("certificate verification", gunicorn.port, visitors,
                       [world["verify"]], options.clients, options.duration).row(),
                  flush=True)  # fmt: skip
        if "opening" in options.only:
            figures = opening(gunicorn.port, teachers[:OPENING_TEACHERS], world["session"],
                              concurrency=50)  # fmt: skip
            print(figures.row(), flush=True)
            states = enrolment_states(options.scale, world["session_id"])
            print(f"  {OPENING_TEACHERS} applied to {OPENING_PLACES} places in "
                  f"{figures.seconds:.1f} s: {states}", flush=True)  # fmt: skip
        if "staff" in options.only:
            staff = [Client(c, a) for c, a in world["methodists"]]
            print(load("methodist: district overdue list", gunicorn.port, staff,
                       [world["overdue"]], options.clients, options.duration).row(),
                  flush=True)  # fmt: skip
            staff = [Client(c, a) for c, a in world["ministry"]]
            print(load("ministry: national dashboard", gunicorn.port, staff,
                       ["/compliance/"], options.clients, options.duration).row(),
                  flush=True)  # fmt: skip
    finally:
        gunicorn.stop()
        child(env, "cleanup")
        shutil.rmtree(var_dir, ignore_errors=True)


# The child: Django against the bench database --------------------------------------------


def run_child(args: list[str]) -> None:
    import django

    django.setup()
    if args[0] == "prepare":
        cleanup()
        print(json.dumps(prepare(int(args[1]))))
    else:
        cleanup()
        print(json.dumps({"cleaned": True}))


def _session_cookie(user) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def prepare(teachers: int) -> dict:
    """Teachers (each an educator of their own, free for the opening's dates), ten
    methodists of Kochkor, ten ministry staff (with an authenticator, as their role needs),
    one session of 30 contract places: every one logged in, by a session of its own."""
    import datetime as dt

    from allauth.mfa.models import Authenticator
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from cheber.accounts.models import RoleAssignment, User
    from cheber.certificates.models import Certificate
    from cheber.certificates.qr import verification_url
    from cheber.core.access import Role
    from cheber.delivery.models import Enrolment
    from cheber.registry.models import AdminUnit, Educator, Employment
    from cheber.schedule.models import Session

    today = timezone.localdate()
    template = next(
        s for s in Session.objects.filter(start_date__gt=today + dt.timedelta(days=30))
        .select_related("plan").order_by("start_date", "pk") if s.is_published
    )  # fmt: skip
    session = Session.objects.get(pk=template.pk)
    session.pk = None
    session.venue = "bench http_load"
    session.budget_places, session.contract_places = 0, OPENING_PLACES
    session.save()
    busy = Enrolment.objects.filter(state__in=Enrolment.ACTIVE_STATES).values("educator_id")
    working = Employment.objects.active().values("educator_id")
    educators = list(
        Educator.objects.filter(pk__in=working).exclude(pk__in=busy).order_by("pk")[:teachers]
    )
    password = make_password(None)
    kochkor = AdminUnit.objects.get(soate="41704235000000")

    def users(kind: str, count: int, role: str, scopes) -> list[User]:
        made = User.objects.bulk_create(
            [User(username=f"{PREFIX}{kind}.{n}", password=password) for n in range(count)]
        )
        RoleAssignment.objects.bulk_create(
            [RoleAssignment(user=u, role=role, **scope) for u, scope in zip(made, scopes,
                                                                             strict=True)]
        )  # fmt: skip
        return made

    teacher_users = users("teacher", len(educators), Role.TEACHER,
                          [{"educator": e} for e in educators])  # fmt: skip
    methodists = users("methodist", 10, Role.DISTRICT_METHODIST, [{"unit": kochkor}] * 10)
    ministry = users("ministry", 10, Role.MINISTRY, [{}] * 10)
    Authenticator.objects.bulk_create(
        [Authenticator(user=u, type=Authenticator.Type.TOTP, data={"secret": "bench"})
         for u in ministry]
    )  # fmt: skip
    certificate = Certificate.objects.filter(revoked_at=None, external=False).first()
    verify = verification_url(certificate).removeprefix(settings.PUBLIC_URL)

    def logged_in(people, net: int) -> list[tuple[str, str]]:
        return [(_session_cookie(u), f"10.{net}.{n // 250}.{n % 250 + 1}")
                for n, u in enumerate(people)]  # fmt: skip

    return {
        "educators": Educator.objects.count(),
        "server": settings.CHEBER_SERVER,
        "teachers": logged_in(teacher_users, 1),
        "methodists": logged_in(methodists, 2),
        "ministry": logged_in(ministry, 3),
        "session": f"/courses/sessions/{session.pk}/",
        "session_id": session.pk,
        "verify": verify,
        "overdue": f"/compliance/educators/?unit={kochkor.pk}&status=overdue",
    }


def cleanup() -> None:
    """What `prepare` made, and what the opening made of it."""
    from django.contrib.sessions.models import Session as LoginSession

    from cheber.accounts.models import User
    from cheber.delivery.models import Enrolment
    from cheber.schedule.models import Session

    sessions = Session.objects.filter(venue="bench http_load")
    Enrolment.objects.filter(session__in=sessions).delete()
    sessions.delete()
    users = User.objects.filter(username__startswith=PREFIX)
    keys = [str(pk) for pk in users.values_list("pk", flat=True)]
    if keys:
        for login in LoginSession.objects.iterator():
            if login.get_decoded().get("_auth_user_id") in keys:
                login.delete()
    users.delete()


if __name__ == "__main__":
    main()
