"""Compliance's access helpers: the policies are read by the national roles only."""

import pytest
from django.http import Http404

from cheber.compliance.access import get_policy_for_user
from cheber.compliance.models import Policy
from cheber.core.access import Role
from cheber.registry.tests.factories import KOCHKOR, unit, user_with_role


def test_a_national_role_fetches_a_policy(db):
    policy = Policy.objects.order_by("effective_from").first()
    ministry = user_with_role("ministry", Role.MINISTRY)

    assert get_policy_for_user(ministry, policy.pk) == policy
    assert Policy.objects.visible_to(ministry).count() == Policy.objects.count()


def test_a_methodist_gets_404_for_a_policy(reference):
    policy = Policy.objects.order_by("effective_from").first()
    methodist = user_with_role("methodist", Role.DISTRICT_METHODIST, unit=unit(KOCHKOR))

    with pytest.raises(Http404):
        get_policy_for_user(methodist, policy.pk)
    assert not Policy.objects.visible_to(methodist).exists()
