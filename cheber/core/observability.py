"""What an operator sees of the running service: one log line per request (JSON when
LOG_FORMAT=json) and Prometheus figures (request durations, errors, the job queue).

Infrastructure only: nothing here knows a domain app. Metrics are prometheus_client's; under
gunicorn each worker writes its figures to PROMETHEUS_MULTIPROC_DIR (config/gunicorn.py makes
one) and `/metrics` adds them up, so the figures are the whole server's, not one worker's.
"""

import ipaddress
import json
import logging
import os
import time
from datetime import UTC, datetime

from django.conf import settings
from django.db.models import Case, F, When
from django.utils import timezone
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

logger = logging.getLogger("cheber.request")

REQUEST_SECONDS = Histogram(
    "cheber_request_duration_seconds",
    "Time to answer a request, by route name and method.",
    ["route", "method"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
RESPONSES = Counter(
    "cheber_responses_total", "Responses, by route name and status class.", ["route", "status"]
)
ERRORS = Counter(
    "cheber_errors_total", "Requests that ended in a server error (status 5xx), by route name.",
    ["route"],
)  # fmt: skip


def route_of(request) -> str:
    """The URL pattern's name (`namespace:name`), never the path: paths carry ids and would
    make a label per object. Unnamed or unmatched: `-`."""
    match = getattr(request, "resolver_match", None)
    return (match.view_name if match and match.url_name else "") or "-"


class RequestLogMiddleware:
    """Times every request; counts it for Prometheus and logs one line: method, route name,
    status, duration and the user's id. Never the path's query, a form or a header, so no
    PIN, password or code can reach the log. Placed after whitenoise: static files are
    neither timed nor logged."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        start = time.perf_counter()
        response = self.get_response(request)
        self.record(request, response.status_code, time.perf_counter() - start)
        return response

    @staticmethod
    def record(request, status: int, seconds: float) -> None:
        route = route_of(request)
        REQUEST_SECONDS.labels(route, request.method).observe(seconds)
        RESPONSES.labels(route, f"{status // 100}xx").inc()
        if status >= 500:
            ERRORS.labels(route).inc()
        user = getattr(request, "user", None)
        logger.info(
            "%s %s %s %.1fms",
            request.method,
            route,
            status,
            seconds * 1000,
            extra={
                "method": request.method,
                "route": route,
                "status": status,
                "duration_ms": round(seconds * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            },
        )


REQUEST_FIELDS = ("method", "route", "status", "duration_ms", "user_id")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, the request's fields when the
    record is a request's, and the traceback when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update({k: getattr(record, k) for k in REQUEST_FIELDS if hasattr(record, k)})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def waiting_jobs() -> tuple[int, float | None]:
    """How many background jobs are due and not started, and how long the oldest has waited
    (seconds; None when none waits)."""
    from django_tasks_db.models import DBTaskResult, get_date_max

    due = DBTaskResult.objects.ready().annotate(
        due=Case(When(run_after=get_date_max(), then=F("enqueued_at")), default=F("run_after"))
    )
    count = due.count()
    oldest = due.order_by("due").values_list("due", flat=True).first()
    return count, (timezone.now() - oldest).total_seconds() if oldest else None


class JobQueueCollector:
    """The job queue, read from the database when Prometheus asks."""

    def collect(self):
        try:
            count, age = waiting_jobs()
        except Exception:  # the request figures are still worth having without the database
            logging.getLogger(__name__).exception("the job queue could not be read")
            return
        yield GaugeMetricFamily("cheber_jobs_waiting", "Background jobs due, not started.", count)
        yield GaugeMetricFamily(
            "cheber_jobs_oldest_waiting_seconds", "Age of the oldest waiting job.", age or 0
        )


def metrics_text() -> tuple[bytes, str]:
    """The exposition of every figure: all gunicorn workers' when they share a directory,
    else this process's."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        for collector in (REQUEST_SECONDS, RESPONSES, ERRORS):
            registry.register(collector)
    registry.register(JobQueueCollector())
    return generate_latest(registry), CONTENT_TYPE_LATEST


def metrics_allowed(address: str) -> bool:
    """Whether `address` is in CHEBER_METRICS_ALLOWED (addresses or networks)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(
        ip in ipaddress.ip_network(net, strict=False) for net in settings.CHEBER_METRICS_ALLOWED
    )
