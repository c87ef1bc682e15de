"""How a view fetches one of core's objects: a background job is its creator's alone, anyone
else gets 404."""

from django.shortcuts import get_object_or_404

from cheber.core.models import Job


def get_job_for_user(user, pk: int) -> Job:
    return get_object_or_404(Job.objects.filter(created_by=user), pk=pk)
