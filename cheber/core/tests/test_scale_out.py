"""Scale out: two application servers (gunicorn, as `make run` starts it) and two background
workers on one PostgreSQL and one Redis. A rate limit and a log-in lock counted on one server
hold on the other, and each background job runs once, whichever worker takes it.

Needs PostgreSQL (the suite's PostgreSQL pass in .ci/run) and Redis at REDIS_URL or
127.0.0.1:6379; skipped without either."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from cheber.accounts.models import User
from cheber.certificates.jobs import build_session_zip
from cheber.core.models import Job

REDIS_URL = os.environ.get("CHEBER_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
ROOT = Path(settings.BASE_DIR)


def _reachable(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    try:
        socket.create_connection((parts.hostname, parts.port or 6379), 2).close()
    except OSError:
        return False
    return True


pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="several servers share one PostgreSQL",
    ),
    pytest.mark.skipif(not _reachable(REDIS_URL), reason=f"no Redis at {REDIS_URL}"),
    pytest.mark.django_db(transaction=True),
]
PASSWORD = "a long pass phrase"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    user = urllib.parse.quote(db["USER"] or "postgres")
    password = ":" + urllib.parse.quote(db["PASSWORD"]) if db["PASSWORD"] else ""
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{user}{password}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture(scope="module")
def service(django_db_setup, tmp_path_factory):
    """Two gunicorn servers and two db_workers, sharing the test database, one Redis (under a
    key prefix of this module's own) and one var folder (one secret key); stopped afterwards."""
    tmp_path = tmp_path_factory.mktemp("service")
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": _database_url(),
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": f"test-{uuid.uuid4().hex[:12]}",
        "CHEBER_VAR_DIR": str(tmp_path),
        "CHEBER_TASKS": "database",
        "CHEBER_STATIC_MANIFEST": "off",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "2",
        "LOG_REQUESTS": "off",
    }
    ports = [_free_port(), _free_port()]
    commands = [
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "--bind", f"127.0.0.1:{p}"]
        for p in ports
    ] + [
        [sys.executable, "-m", "cheber", "db_worker", "--no-startup-delay", "--no-reload",
         "--interval", "0.2", "--worker-id", f"worker-{n}"]
        for n in (1, 2)
    ]  # fmt: skip
    logs = [open(tmp_path / f"process-{n}.log", "w") for n in range(len(commands))]  # noqa: SIM115
    processes = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        for command, log in zip(commands, logs, strict=True)
    ]
    try:
        servers = [f"http://127.0.0.1:{port}" for port in ports]
        for server in servers:
            _wait_ready(server, processes, tmp_path)
        yield servers
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
        for log in logs:
            log.close()


def _wait_ready(server: str, processes, tmp_path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in processes):
            break
        try:
            with urllib.request.urlopen(f"{server}/readyz", timeout=5) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    output = "\n".join(p.read_text()[-2000:] for p in sorted(tmp_path.glob("process-*.log")))
    pytest.fail(f"{server} did not become ready:\n{output}")


class Browser:
    """One client (one address, 127.0.0.1) going from server to server with its cookies."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def get(self, url: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(url))

    def post(self, url: str, data: dict) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode()
        return self._open(urllib.request.Request(url, body, headers={"Referer": url}))

    def _open(self, request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=30) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def log_in(self, server: str, login: str, password: str) -> int:
        _status, page = self.get(f"{server}/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = {"login": login, "password": password, "csrfmiddlewaretoken": token}
        status, _page = self.post(f"{server}/accounts/login/", data)
        return status


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_a_rate_limit_counts_the_requests_of_both_servers(service):
    first, second = service
    browser = Browser()
    verify = "/certificates/verify/?n=KG-0000-0000&t=ABCDEFGH"

    statuses = [browser.get(service[n % 2] + verify)[0] for n in range(30)]  # 30 in 10 minutes

    assert statuses == [200] * 30
    assert browser.get(first + verify)[0] == 429
    assert browser.get(second + verify)[0] == 429


def test_a_log_in_lock_earned_on_one_server_holds_on_the_other(service, production_hashers):
    first, second = service
    User.objects.create_user("teacher.scale", password=PASSWORD)
    User.objects.create_user("teacher.other", password=PASSWORD)
    guesser = Browser()

    for n in range(5):  # five failures, spread over the two servers
        assert guesser.log_in(service[n % 2], "teacher.scale", f"guess {n}") == 200

    assert guesser.log_in(first, "teacher.scale", PASSWORD) == 200  # refused: still the form
    assert guesser.log_in(second, "teacher.scale", PASSWORD) == 200
    assert Browser().log_in(second, "teacher.scale", PASSWORD) == 200  # the same address
    assert Browser().log_in(second, "teacher.other", PASSWORD) == 302  # another account: in


def test_each_background_job_runs_once_whichever_worker_takes_it(service, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    owner = User.objects.create_user("provider.scale")
    jobs = [
        Job.objects.create(kind="certificates_zip", params={"session": 900_000 + n},
                           created_by=owner)
        for n in range(8)
    ]  # fmt: skip
    for job in jobs:
        build_session_zip.enqueue(job_id=job.pk)

    deadline = time.monotonic() + 60
    while DBTaskResult.objects.exclude(status="SUCCESSFUL").exists():
        assert time.monotonic() < deadline, list(DBTaskResult.objects.values("status"))
        time.sleep(0.3)

    results = list(DBTaskResult.objects.all())
    assert len(results) == 8
    assert all(len(result.worker_ids) == 1 for result in results)
    assert {result.worker_ids[0] for result in results} <= {"worker-1", "worker-2"}
    assert {job.status for job in Job.objects.all()} == {Job.Status.DONE}
