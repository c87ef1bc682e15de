"""How many processes and threads serve Cheber: one place, read by the gunicorn configuration
(config/gunicorn.py) and by the settings (for `cheber stats`). Pure Python: no Django here, as
gunicorn's master reads it before any application code is loaded."""

import os

SERVER = "gunicorn"
MAX_WORKERS = 12  # past this, more processes only cost memory: add a machine instead


def cpu_count() -> int:
    """The CPUs this process may run on (a container's or cgroup's share, not the host's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def workers() -> int:
    """WEB_CONCURRENCY, else gunicorn's rule of thumb: two processes per CPU and one more."""
    if value := os.environ.get("WEB_CONCURRENCY", "").strip():
        return max(1, int(value))
    return min(2 * cpu_count() + 1, MAX_WORKERS)


def threads() -> int:
    """Threads per process (GUNICORN_THREADS): requests waiting on the database overlap."""
    return max(1, int(os.environ.get("GUNICORN_THREADS", "4")))
