"""Bodies over a form's limit are refused with 413, in the user's language, before they are
read (by their declared length) or while they stream in (by the bytes received): the import
upload and the scan of a certificate earned elsewhere, each with its own limit."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from cheber.core.access import Role
from cheber.core.models import Job
from cheber.registry.tests.factories import KOCHKOR, unit, user_with_role

pytestmark = pytest.mark.usefixtures("reference")
KB = 1024


@pytest.fixture(autouse=True)
def _media_and_limits(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CHEBER_UPLOAD_LIMITS = settings.CHEBER_UPLOAD_LIMITS | {"registry_import": 100 * KB}
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * KB


@pytest.fixture
def methodist(client):
    user = user_with_role("methodist.kochkor", Role.DISTRICT_METHODIST, unit=unit(KOCHKOR))
    client.force_login(user)
    client.cookies["cheber_language"] = "en"
    return user


def post_file(client, size: int, **extra):
    upload = SimpleUploadedFile("staff.csv", b"x" * size, content_type="text/csv")
    return client.post(reverse("imports:upload"), {"file": upload}, **extra)


def unread(response) -> int:
    """How many bytes of the body the server never read."""
    return len(response.wsgi_request.environ["wsgi.input"])


def test_a_file_over_the_declared_limit_is_refused_before_any_of_it_is_read(client, methodist):
    response = post_file(client, 1000 * KB)

    assert response.status_code == 413
    assert unread(response) > 1000 * KB
    assert Job.objects.count() == 0


def test_a_file_over_the_limit_is_refused_while_it_streams_in(client, methodist):
    # declared length within the limit and the form's other fields: only the stream tells
    response = post_file(client, 140 * KB)

    assert response.status_code == 413
    assert 0 < unread(response) < 140 * KB
    assert Job.objects.count() == 0


def test_the_refusal_says_the_limit_in_the_users_language(client, methodist):
    english = post_file(client, 1000 * KB)
    client.cookies["cheber_language"] = "ru"
    with translation.override("ru"):
        russian = post_file(client, 1000 * KB)

    assert "at most 0.1 MB" in english.text
    assert "The file is too large" in english.text
    assert russian.headers["Content-Language"] == "ru"


def test_a_file_within_the_limit_goes_through(client, methodist):
    response = post_file(client, 90 * KB)

    assert response.status_code == 302
    assert Job.objects.get().kind == "registry_check"


def test_form_fields_over_their_limit_are_refused_too(client, methodist):
    response = client.post(reverse("imports:upload"), {"note": "x" * (60 * KB)})

    assert response.status_code == 413


def test_another_form_has_its_own_limit(client, settings, reference):
    from cheber.registry.tests.factories import EducatorFactory

    settings.CHEBER_UPLOAD_LIMITS = settings.CHEBER_UPLOAD_LIMITS | {"document": 20 * KB}
    educator = EducatorFactory()
    teacher = user_with_role("teacher", Role.TEACHER, educator=educator)
    client.force_login(teacher)
    scan = SimpleUploadedFile("scan.pdf", b"%PDF-" + b"x" * (30 * KB))

    response = client.post(
        reverse("certificates:record_external", args=[educator.pk]), {"document": scan}
    )

    assert response.status_code == 413
