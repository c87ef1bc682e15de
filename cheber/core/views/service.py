"""For load balancers and monitoring: liveness, readiness and Prometheus figures. No log-in,
and nothing in the answers beyond `ok`/`failed` and counts."""

from django.http import Http404, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from cheber.core.observability import metrics_allowed, metrics_text
from cheber.core.ratelimit import client_address
from cheber.core.service import readiness


@never_cache
@require_safe
def healthz(request):
    """The process answers: no database, no cache (a load balancer restarts on failure)."""
    return JsonResponse({"status": "alive"})


@never_cache
@require_safe
def readyz(request):
    """200 when this process can serve (database, migrations, cache), else 503: a load
    balancer sends no traffic here until it is."""
    ready, report = readiness()
    return JsonResponse(report, status=200 if ready else 503)


@never_cache
@require_safe
def metrics(request):
    """Prometheus' text format, only to CHEBER_METRICS_ALLOWED addresses; 404 to others."""
    if not metrics_allowed(client_address(request)):
        raise Http404
    body, content_type = metrics_text()
    return HttpResponse(body, content_type=content_type)
