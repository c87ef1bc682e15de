"""Compliance figures for `cheber stats`: status → count under the policy in force today."""

from cheber.compliance.freshness import fresh
from cheber.compliance.models import EducatorStatus


@fresh
def collect() -> dict:
    return {"compliance": EducatorStatus.objects.counts()}
