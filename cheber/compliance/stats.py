"""Compliance figures for `cheber stats`: status → count under the policy in force today."""

from cheber.compliance.engine import ensure_fresh
from cheber.compliance.models import EducatorStatus


def collect() -> dict:
    ensure_fresh()
    return {"compliance": EducatorStatus.objects.counts()}
