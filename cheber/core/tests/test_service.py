"""The service's own doors: liveness, readiness and metrics for load balancers and monitoring,
the request log, and the `service` object of `cheber stats --json`."""

import http.client
import json
import logging
import os
import re
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from cheber.accounts.models import User
from cheber.core.audit import record
from cheber.core.observability import JsonFormatter

pytestmark = pytest.mark.django_db

UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


def test_liveness_answers_without_asking_anything(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("core:healthz"))

    assert response.status_code == 200
    assert response.json() == {"status": "alive"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_readiness_reports_the_database_migrations_cache_and_the_job_queue(client):
    response = client.get(reverse("core:readyz"))

    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "checks": {"database": "ok", "migrations": "ok", "cache": "ok"},
        "jobs": {"waiting": 0, "oldest_waiting_seconds": None},
    }


def test_readiness_gives_the_age_of_the_oldest_waiting_job(client, settings, time_machine):
    from cheber.certificates.jobs import build_session_zip

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    time_machine.move_to("2026-12-07 09:00:00+06:00", tick=False)
    build_session_zip.enqueue(job_id=1)
    time_machine.shift(90)
    build_session_zip.enqueue(job_id=2)
    time_machine.shift(30)

    jobs = client.get(reverse("core:readyz")).json()["jobs"]

    assert jobs == {"waiting": 2, "oldest_waiting_seconds": 120}


def test_an_unreachable_cache_makes_the_server_not_ready_and_says_nothing_more(
    client, settings, caplog
):
    settings.CACHES = UNREACHABLE_REDIS

    response = client.get(reverse("core:readyz"))

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "not ready"
    assert body["checks"] == {"database": "ok", "migrations": "ok", "cache": "failed"}
    assert "127.0.0.1:1" not in response.content.decode() and "Error" not in str(body)
    assert any("readiness check cache failed" in r.getMessage() for r in caplog.records)


def test_metrics_are_given_to_an_allowed_address_only(client, settings):
    client.get(reverse("core:healthz"))
    client.get("/no-such-page/")

    allowed = client.get(reverse("core:metrics"))
    other = client.get(reverse("core:metrics"), REMOTE_ADDR="203.0.113.9")

    assert allowed.status_code == 200
    text = allowed.content.decode()
    assert 'cheber_request_duration_seconds_count{method="GET",route="core:healthz"}' in text
    assert 'cheber_responses_total{route="-",status="4xx"}' in text
    assert "cheber_jobs_waiting 0.0" in text
    assert other.status_code == 404
    settings.CHEBER_METRICS_ALLOWED = ["10.0.0.0/8"]
    assert client.get(reverse("core:metrics"), REMOTE_ADDR="10.20.30.40").status_code == 200
    assert client.get(reverse("core:metrics")).status_code == 404


def test_behind_the_proxy_metrics_asked_from_outside_are_refused(client, settings):
    """nginx connects from 127.0.0.1 and appends the client to X-Forwarded-For: the client is
    asking, not the proxy."""
    settings.CHEBER_TRUSTED_PROXY_COUNT = 1

    outside = client.get(reverse("core:metrics"), HTTP_X_FORWARDED_FOR="203.0.113.9")
    forged = client.get(
        reverse("core:metrics"), HTTP_X_FORWARDED_FOR="127.0.0.1, 203.0.113.9"
    )  # a client's own "127.0.0.1" is left of what the proxy appended
    local = client.get(reverse("core:metrics"))  # a scraper on the machine, not via the proxy

    assert (outside.status_code, forged.status_code, local.status_code) == (404, 404, 200)


def test_server_errors_are_counted(client, settings):
    from cheber.core.observability import ERRORS

    before = ERRORS.labels("core:readyz")._value.get()
    settings.CACHES = UNREACHABLE_REDIS  # 503 is not an error of the server's code…
    client.get(reverse("core:readyz"))
    assert ERRORS.labels("core:readyz")._value.get() == before + 1  # …but a 5xx all the same


def test_each_request_is_one_json_line_without_the_password_or_pin(client, caplog):
    user = User.objects.create_user("teacher.one", password="a long pass phrase")
    caplog.set_level(logging.INFO, logger="cheber.request")

    client.post(
        reverse("accounts:login"), {"login": "teacher.one", "password": "a long pass phrase"}
    )
    client.get(reverse("registry:educator_list") + "?q=21503198512345")

    lines = [JsonFormatter().format(r) for r in caplog.records if r.name == "cheber.request"]
    logged = [json.loads(line) for line in lines]
    assert [(e["method"], e["route"], e["status"]) for e in logged] == [
        ("POST", "accounts:login", 302),
        ("GET", "registry:educator_list", 200),
    ]
    assert logged[0]["user_id"] == user.pk  # logged in by the request itself
    assert logged[1]["user_id"] == user.pk
    assert all(isinstance(e["duration_ms"], float) for e in logged)
    joined = "\n".join(lines)
    assert "pass phrase" not in joined and "21503198512345" not in joined
    assert "teacher.one" not in joined


def test_log_format_json_makes_every_log_line_one_json_object(tmp_path):
    """The settings as a deployment reads them: a request line and an error, each one JSON
    object on its own line."""
    program = (
        "import django, logging; django.setup();"
        "logging.getLogger('cheber.request').info('GET x 200', extra={'route': 'x', "
        "'status': 200, 'method': 'GET', 'duration_ms': 1.5, 'user_id': 7});"
        "logging.getLogger('cheber.other').error('it broke')"
    )
    env = {**os.environ, "LOG_FORMAT": "json", "CHEBER_VAR_DIR": str(tmp_path)}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    done = subprocess.run(
        [sys.executable, "-c", program], env=env, capture_output=True, text=True, timeout=60
    )

    lines = [json.loads(line) for line in done.stderr.splitlines()]
    assert [(x["logger"], x["level"], x["message"]) for x in lines] == [
        ("cheber.request", "INFO", "GET x 200"),
        ("cheber.other", "ERROR", "it broke"),
    ]
    assert lines[0]["route"] == "x" and lines[0]["user_id"] == 7


def _connections_kept(tmp_path, *environments: dict) -> list[int]:
    """CONN_MAX_AGE as a server process started with each environment reads its settings
    (one process: the settings module read again for each)."""
    program = (
        "import importlib, json, os, sys; import config.settings as s; out = []\n"
        "for env in json.loads(sys.argv[1]):\n"
        "    os.environ.pop('CONN_MAX_AGE', None); os.environ.update(env)\n"
        "    out.append(importlib.reload(s).DATABASES['default']['CONN_MAX_AGE'])\n"
        "print(json.dumps(out))"
    )
    env = {k: v for k, v in os.environ.items() if k != "CONN_MAX_AGE"}
    env |= {"CHEBER_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "config.settings"}
    done = subprocess.run(
        [sys.executable, "-c", program, json.dumps(environments)], env=env, capture_output=True,
        text=True, timeout=60, cwd=settings.BASE_DIR,
    )  # fmt: skip
    return json.loads(done.stdout)


def test_a_server_process_keeps_its_postgresql_connection_unless_told_otherwise(tmp_path):
    """A connection per request costs PostgreSQL a new process each time (bench/learning.py);
    SQLite's connections are per request whatever is set."""
    postgres = "postgres://cheber@db.invalid:5432/cheber"
    sqlite = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    environments = [{"DATABASE_URL": postgres}, {"DATABASE_URL": postgres, "CONN_MAX_AGE": "0"},
                    {"DATABASE_URL": sqlite, "CONN_MAX_AGE": "60"}]  # fmt: skip

    assert _connections_kept(tmp_path, *environments) == [60, 0, 0]


def stats() -> dict:
    out = StringIO()
    call_command("stats", "--json", stdout=out)
    return json.loads(out.getvalue())["service"]


def test_stats_name_the_server_its_workers_the_cache_and_the_scheduled_jobs(settings):
    settings.CHEBER_SERVER = {"name": "gunicorn", "workers": 5, "threads": 4}
    settings.CHEBER_SCHEDULED_JOBS = [
        {"name": "refresh_compliance", "at": "00:20"},
        {"name": "send_reminders", "at": "09:00"},
    ]

    figures = stats()

    assert figures["server"] == "gunicorn"
    assert figures["workers"] == 5
    assert figures["cache"] == "locmem"
    assert figures["scheduled"] == ["refresh_compliance", "send_reminders"]
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
        }
    }
    assert stats()["cache"] == "redis"


def test_stats_give_the_last_backup_from_its_file_or_the_audit_trail_or_null(settings, tmp_path):
    settings.CHEBER_BACKUP_DIR = None  # no folder set: the audit trail alone
    assert stats()["last_backup"] is None
    settings.CHEBER_BACKUP_DIR = str(tmp_path)
    assert stats()["last_backup"] is None

    (tmp_path / "last").write_text("not a date\n")
    assert stats()["last_backup"] is None
    someone = User.objects.create_user("operator")
    record(actor=someone, verb="backup", obj=someone)
    assert stats()["last_backup"] is not None  # from the audit trail

    (tmp_path / "last").write_text("2026-12-07T02:30:00+06:00\n")
    assert stats()["last_backup"] == "2026-12-07T02:30:00+06:00"


def test_metrics_add_up_the_figures_of_every_gunicorn_worker(tmp_path):
    """Under gunicorn each worker counts its own requests (in PROMETHEUS_MULTIPROC_DIR);
    /metrics reports the sum of all of them, whichever worker answers."""
    figures = tmp_path / "metrics"
    env = {**os.environ, "CHEBER_VAR_DIR": str(tmp_path), "WEB_CONCURRENCY": "2",
           "GUNICORN_THREADS": "1", "LOG_REQUESTS": "off", "CHEBER_STATIC_MANIFEST": "off",
           "PROMETHEUS_MULTIPROC_DIR": str(figures)}  # fmt: skip
    port = _free_port()
    command = [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py",
               "--bind", f"127.0.0.1:{port}"]  # fmt: skip
    server = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        sent, deadline = 0, time.monotonic() + 60
        while time.monotonic() < deadline and len(_counting_workers(figures)) < 2:
            with ThreadPoolExecutor(8) as pool:  # eight at once: both workers take some
                sent += sum(pool.map(lambda _: _asked(port, "/healthz"), range(8)))
            time.sleep(0.1)
        text = _ask(port, "/metrics")
    finally:
        server.terminate()
        server.wait(20)

    assert len(_counting_workers(figures)) == 2
    count = re.search(
        r'cheber_request_duration_seconds_count\{method="GET",route="core:healthz"\} ([\d.]+)',
        text,
    )
    assert count and float(count.group(1)) == sent


def _counting_workers(folder) -> set[str]:
    return {path.stem.rpartition("_")[2] for path in folder.glob("histogram_*.db")}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _asked(port: int, path: str) -> int:
    """1 if the server answered (0 while it is starting)."""
    try:
        _ask(port, path)
    except OSError:
        return 0
    return 1


def _ask(port: int, path: str) -> str:
    """A new connection each time, so that either worker may take it."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        return connection.getresponse().read().decode()
    finally:
        connection.close()
