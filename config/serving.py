"""How many processes and threads serve Cheber: one place, read by the gunicorn configuration
(config/gunicorn.py) and by the settings (for `cheber stats`). Pure Python: no Django here, as
gunicorn's master reads it before any application code is loaded."""

import os

SERVER = "gunicorn"
MAX_WORKERS = 16  # past this, more processes only cost memory: add a machine instead
# Measured (bench/learning.py, 1,000 learners handing in a test in a minute, 2 cores): one
# thread per process, 8 processes: hand-in p95 357 ms; 3 processes × 4 threads: 1,506 ms.
# Cheber's requests are mostly Python (ORM, templates): threads of a process wait for its lock,
# while processes overlap one another's database waits.
WORKERS_PER_CPU = 4
THREADS = 1


def cpu_count() -> int:
    """The CPUs this process may run on (a container's or cgroup's share, not the host's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def workers() -> int:
    """WEB_CONCURRENCY, else four processes per CPU (at most MAX_WORKERS)."""
    if value := os.environ.get("WEB_CONCURRENCY", "").strip():
        return max(1, int(value))
    return min(WORKERS_PER_CPU * cpu_count(), MAX_WORKERS)


def threads() -> int:
    """Threads per process (GUNICORN_THREADS, default one: see THREADS)."""
    return max(1, int(os.environ.get("GUNICORN_THREADS", str(THREADS))))
