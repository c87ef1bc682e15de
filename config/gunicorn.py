"""gunicorn's configuration for Cheber (`gunicorn -c config/gunicorn.py`; `make run` and
deploy/cheber-web.service use it). Every value can be set from the environment:

- WEB_CONCURRENCY: worker processes (default 4 × CPUs, at most 16: config/serving.py);
- GUNICORN_THREADS: threads per process (default 1), worker class `gthread`;
- GUNICORN_TIMEOUT: seconds a request may take before its worker is restarted (default 30);
- GUNICORN_BIND (or HOST): the address (default 127.0.0.1:8000);
- GUNICORN_MAX_REQUESTS: requests after which a worker is replaced (default 2000, with jitter),
  so that slow growth of memory never accumulates;
- FORWARDED_ALLOW_IPS: the proxy trusted for X-Forwarded-* (default 127.0.0.1).
"""

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from config import serving  # noqa: E402

wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND") or os.environ.get("HOST", "127.0.0.1:8000")
worker_class = "gthread"
workers = serving.workers()
threads = serving.threads()
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Cheber logs each request itself (LOG_FORMAT=json: one JSON line); gunicorn's access log
# would repeat it. GUNICORN_ACCESS_LOG=- turns it on.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The heartbeat files on memory, not on a disk that may stall (Docker's /tmp is overlay).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# No control socket in the home directory: systemd and signals manage the processes.
control_socket_disable = True
proc_name = "cheber"


def on_starting(server):
    """Every worker writes its metrics into one fresh directory, which `/metrics` adds up
    (prometheus_client's multiprocess mode). Set before any worker imports prometheus_client;
    PROMETHEUS_MULTIPROC_DIR from the environment (systemd's RuntimeDirectory) wins."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR") or tempfile.mkdtemp(
        prefix="cheber-metrics-"
    )
    os.makedirs(folder, exist_ok=True)
    for name in os.listdir(folder):  # figures of an earlier run are not this run's
        if name.endswith(".db"):
            os.remove(os.path.join(folder, name))
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = folder


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def post_worker_init(worker):
    """Import every view (the URL configuration) before the worker takes its first request:
    done lazily, the first request of each worker would wait about 3 s for it (PDF, Excel and
    the plan optimizer's libraries). Not `preload_app`, so that `systemctl reload` (HUP) still
    loads a new release's code."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018
