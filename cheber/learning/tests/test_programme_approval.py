"""The national institute approves a programme's content with the programme: one button on the
content's review page approves both, or neither; the catalogue's programme page links to the
content and warns when an online programme has none to approve."""

import pytest
from django.urls import reverse

from cheber.catalog.models import Form, Programme
from cheber.core.models import AuditEvent
from cheber.learning.models import ContentVersion
from cheber.learning.tests import factories as lf
from cheber.learning.tests.conftest import LESSONS
from cheber.schedule.tests import factories

pytestmark = pytest.mark.usefixtures("reference")
BUTTON = "Approve the programme and its content"
WARNING = "it has no content approved or submitted for approval"


@pytest.fixture
def draft_programme(provider):
    return lf.online_programme(provider, status=Programme.Status.DRAFT)


def statuses(programme, version) -> tuple[str, str]:
    programme.refresh_from_db()
    version.refresh_from_db()
    return programme.status, version.status


def test_the_institute_approves_a_draft_programme_and_its_content_with_one_button(
    client, institute, draft_programme
):
    version = lf.content(draft_programme, LESSONS, status=ContentVersion.Status.SUBMITTED)
    client.force_login(institute)
    client.cookies["cheber_language"] = "en"
    url = reverse("learning:version_detail", args=[version.pk])

    page = client.get(url).content.decode()
    response = client.post(reverse("learning:approve_with_programme", args=[version.pk]))

    assert BUTTON in page
    assert reverse("learning:approve_with_programme", args=[version.pk]) in page
    assert response.url == url
    assert statuses(draft_programme, version) == ("approved", "approved")
    assert (draft_programme.approved_by, version.approved_by) == (institute, institute)
    verbs = AuditEvent.objects.filter(actor=institute).values_list("verb", flat=True)
    assert sorted(verbs) == ["approve_content", "approve_programme"]


def test_a_provider_sees_no_such_button_and_is_refused(client, staff, draft_programme):
    version = lf.content(draft_programme, LESSONS, status=ContentVersion.Status.SUBMITTED)
    client.force_login(staff)
    client.cookies["cheber_language"] = "en"

    page = client.get(reverse("learning:version_detail", args=[version.pk])).content.decode()
    response = client.post(reverse("learning:approve_with_programme", args=[version.pk]))

    assert BUTTON not in page
    assert response.status_code == 403
    assert statuses(draft_programme, version) == ("draft", "submitted")
    assert not AuditEvent.objects.filter(verb__startswith="approve_").exists()


def test_content_not_submitted_leaves_the_programme_unapproved_too(
    client, institute, draft_programme
):
    version = lf.content(draft_programme, LESSONS, status=ContentVersion.Status.DRAFT)
    client.force_login(institute)
    client.cookies["cheber_language"] = "en"

    response = client.post(
        reverse("learning:approve_with_programme", args=[version.pk]), follow=True
    )

    assert "Only content submitted for approval can be approved." in response.content.decode()
    assert statuses(draft_programme, version) == ("draft", "draft")
    assert not AuditEvent.objects.filter(verb__startswith="approve_").exists()


def test_an_approved_programme_gets_only_the_content_approval(client, institute, programme):
    version = lf.content(programme, LESSONS, status=ContentVersion.Status.SUBMITTED)
    client.force_login(institute)
    client.cookies["cheber_language"] = "en"

    page = client.get(reverse("learning:version_detail", args=[version.pk])).content.decode()
    refused = client.post(
        reverse("learning:approve_with_programme", args=[version.pk]), follow=True
    )

    assert BUTTON not in page
    assert reverse("learning:approve_version", args=[version.pk]) in page
    assert "Only a draft programme can be approved." in refused.content.decode()
    assert statuses(programme, version) == ("approved", "submitted")


def test_the_programme_page_links_to_the_content_and_warns_while_none_awaits_approval(
    client, institute, provider, draft_programme
):
    client.force_login(institute)
    client.cookies["cheber_language"] = "en"
    url = reverse("catalog:programme_detail", args=[draft_programme.pk])
    stationary = factories.programme(provider, status="draft", form=Form.STATIONARY)

    empty = client.get(url).content.decode()
    version = lf.content(draft_programme, LESSONS, status=ContentVersion.Status.DRAFT)
    drafted = client.get(url).content.decode()
    ContentVersion.objects.filter(pk=version.pk).update(status=ContentVersion.Status.SUBMITTED)
    submitted = client.get(url).content.decode()
    classroom = client.get(reverse("catalog:programme_detail", args=[stationary.pk]))

    content_url = reverse("learning:content", args=[draft_programme.pk])
    version_url = reverse("learning:version_detail", args=[version.pk])
    assert WARNING in empty and content_url in empty
    assert WARNING in drafted and version_url not in drafted
    assert WARNING not in submitted
    assert version_url in submitted and "Version 1: submitted for approval" in submitted
    assert WARNING not in classroom.content.decode()
    assert reverse("learning:content", args=[stationary.pk]) not in classroom.content.decode()
