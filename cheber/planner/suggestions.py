"""Sessions to open, for a stored plan: its people left without a seat, the providers with
what they teach, the average price of a place; the pure `optimizer.suggest` does the rest."""

from django.db.models import Avg, Count
from django.utils import timezone

from cheber.catalog.models import Programme
from cheber.compliance.models import Policy
from cheber.planner.instance import QUALIFICATION, RETRAINING, Units, need_met
from cheber.planner.models import Reason
from cheber.planner.optimizer.suggest import Provider, Suggestion, suggest
from cheber.registry.models import Organization

LEFT_FOR_WANT_OF_A_SESSION = (Reason.NO_SEAT, Reason.NO_LANGUAGE, Reason.NO_SPECIALIZATION)


def providers() -> list[Provider]:
    units = Units()
    policy = Policy.objects.in_force(timezone.localdate())
    teaches: dict[int, set] = {}
    programmes = Programme.objects.filter(status="approved").prefetch_related("specializations")
    for programme in programmes:
        kind = need_met(policy, programme, programme.form)
        if kind is None:
            continue
        specs = [s.pk for s in programme.specializations.all()] or [None]
        found = teaches.setdefault(programme.provider_id, set())
        found.update((spec, lang, kind) for spec in specs for lang in programme.languages)
    found = []
    rows = Organization.objects.filter(pk__in=teaches).values_list("pk", "unit_id")
    for pk, unit in rows.order_by("pk"):
        if point := units.point(unit):
            found.append(Provider(pk, point[0], point[1], frozenset(teaches[pk])))
    return found


def suggestions_for(placements) -> list[Suggestion]:
    """Placements (a run's, in the user's scope) → the sessions to open for those left."""
    rows = (
        placements.unplaced()
        .filter(reason__in=LEFT_FOR_WANT_OF_A_SESSION)
        .values_list("unit_id", "specialization_id", "language", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    left: dict[tuple, int] = {}
    for unit, spec, language, status, n in rows:
        kind = RETRAINING if status == "needs_retraining" else QUALIFICATION
        key = (unit, spec, language, kind)
        left[key] = left.get(key, 0) + n
    units = Units()
    coordinates = {unit: p for unit in {k[0] for k in left} if (p := units.point(unit))}
    price = Programme.objects.filter(status="approved", contract_price__gt=0).aggregate(
        p=Avg("contract_price")
    )["p"]
    return suggest(left, coordinates, providers(), int(price or 0))
