"""Certificate figures for `cheber stats`: `issued` counts every certificate Cheber ever issued
(revoked ones included, since each took a number), `revoked` those revoked, `external` those
recorded from outside."""

from django.db.models import Count, Q

from cheber.certificates.models import Certificate


def collect() -> dict:
    figures = Certificate.objects.aggregate(
        issued=Count("pk", filter=Q(external=False)),
        revoked=Count("pk", filter=Q(external=False, revoked_at__isnull=False)),
        external=Count("pk", filter=Q(external=True)),
    )
    return {"certificates": figures}
