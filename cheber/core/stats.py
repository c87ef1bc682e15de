"""core's part of `cheber stats --json`: the service (server, workers, cache, scheduled jobs,
last backup)."""

from cheber.core.service import service_stats


def collect() -> dict:
    return {"service": service_stats()}
