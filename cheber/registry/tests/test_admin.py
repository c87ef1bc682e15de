"""The admin reads the registry's people and jobs; their changes go through the registry's
actions, which check who acts and leave an audit event (see also test_correct_training)."""

import pytest
from django.urls import reverse

from cheber.accounts.models import User
from cheber.registry.models import Educator, Employment
from cheber.registry.tests.factories import EducatorFactory, OrganizationFactory, employ

pytestmark = pytest.mark.usefixtures("reference")


def test_the_admin_only_reads_educators_and_their_jobs(client):
    educator = EducatorFactory(surname="Асанова")
    job = employ(educator, OrganizationFactory())
    client.force_login(User.objects.create_superuser("root", password="pw-root"))
    educator_url = reverse("admin:registry_educator_change", args=[educator.pk])
    job_url = reverse("admin:registry_employment_change", args=[job.pk])

    page = client.get(educator_url)
    answers = [
        client.post(educator_url, {"surname": "Өзгөртүлгөн"}).status_code,
        client.get(reverse("admin:registry_educator_add")).status_code,
        client.post(job_url, {"end_date": "2026-01-01"}).status_code,
        client.get(reverse("admin:registry_employment_add")).status_code,
        client.post(reverse("admin:registry_educator_delete", args=[educator.pk]),
                    {"post": "yes"}).status_code,
    ]  # fmt: skip

    assert page.status_code == 200 and page.context["has_change_permission"] is False
    assert "Асанова" in page.content.decode()
    assert answers == [403] * 5
    assert Educator.objects.get(pk=educator.pk).surname == "Асанова"
    assert Employment.objects.get(pk=job.pk).end_date is None
