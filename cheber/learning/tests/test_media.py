"""Lesson materials: files served with range requests, images re-encoded, uploads checked."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from cheber.learning.actions import content as actions
from cheber.learning.models import Attachment

pytestmark = pytest.mark.usefixtures("reference")
VIDEO = bytes(range(256)) * 40  # 10,240 bytes


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def video(enrolment):
    lesson = enrolment.course_progress.version.lessons.first()
    attachment = Attachment(lesson=lesson, kind="video", title_ky="Видео",
                            content_type="video/mp4", size=len(VIDEO))  # fmt: skip
    attachment.file.save("lesson.mp4", ContentFile(VIDEO))
    return attachment


def get(client, attachment, **headers):
    response = client.get(reverse("learning:material_file", args=[attachment.pk]), headers=headers)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def test_a_range_request_gets_206_with_only_those_bytes(client, teacher, video):
    client.force_login(teacher[1])

    response, body = get(client, video, Range="bytes=100-199")

    assert response.status_code == 206
    assert response["Content-Range"] == "bytes 100-199/10240"
    assert response["Content-Length"] == "100"
    assert body == VIDEO[100:200]


def test_open_and_suffix_ranges_and_the_whole_file(client, teacher, video):
    client.force_login(teacher[1])

    tail, tail_body = get(client, video, Range="bytes=-40")
    rest, rest_body = get(client, video, Range="bytes=10000-")
    whole, whole_body = get(client, video)

    assert (tail["Content-Range"], tail_body) == ("bytes 10200-10239/10240", VIDEO[-40:])
    assert (rest["Content-Range"], rest_body) == ("bytes 10000-10239/10240", VIDEO[10000:])
    assert (whole.status_code, whole["Accept-Ranges"], whole_body) == (200, "bytes", VIDEO)


def test_a_range_beyond_the_end_is_416(client, teacher, video):
    client.force_login(teacher[1])

    response, _body = get(client, video, Range="bytes=20000-30000")

    assert response.status_code == 416
    assert response["Content-Range"] == "bytes */10240"


def test_a_stale_if_range_gets_the_whole_file(client, teacher, video):
    client.force_login(teacher[1])
    current, _ = get(client, video)

    fresh, _ = get(client, video, Range="bytes=0-9", If_Range=current["ETag"])
    stale, body = get(client, video, Range="bytes=0-9", If_Range='"old"')

    assert fresh.status_code == 206
    assert (stale.status_code, len(body)) == (200, 10240)


def test_a_material_of_a_course_not_ones_own_is_404(client, video, school):
    from cheber.learning.tests.factories import learner

    client.force_login(learner(school, "stranger")[1])

    response, _ = get(client, video, Range="bytes=0-9")

    assert response.status_code == 404


def _photo(width: int, height: int) -> SimpleUploadedFile:
    image = Image.new("RGB", (width, height), "teal")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make: the kind of data that must not survive
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return SimpleUploadedFile("photo.JPG", out.getvalue(), content_type="image/jpeg")


def test_an_uploaded_image_is_shrunk_and_loses_its_metadata(staff, programme, version):
    draft = actions.start_draft(actor=staff, programme=programme)
    lesson = draft.lessons.first()

    material = actions.add_attachment(actor=staff, lesson=lesson, kind="image",
                                      title_ky="Сүрөт", upload=_photo(3000, 2000))  # fmt: skip

    with Image.open(material.file) as stored:
        assert stored.size == (960, 640)
        assert not stored.getexif()
    assert (material.content_type, material.size) == ("image/jpeg", material.file.size)


def test_a_file_that_is_not_what_it_claims_is_refused(staff, programme, version):
    from django.core.exceptions import ValidationError

    draft = actions.start_draft(actor=staff, programme=programme)
    lesson = draft.lessons.first()
    fake_pdf = SimpleUploadedFile("notes.pdf", b"MZ\x90\x00 not a pdf")
    fake_image = SimpleUploadedFile("photo.png", b"<svg onload=alert(1)>")
    script = SimpleUploadedFile("run.exe", b"MZ")

    for kind, upload in (("file", fake_pdf), ("image", fake_image), ("file", script)):
        with pytest.raises(ValidationError):
            actions.add_attachment(actor=staff, lesson=lesson, kind=kind, title_ky="Ф",
                                   upload=upload)  # fmt: skip

    assert not Attachment.objects.filter(lesson=lesson).exists()


def test_an_oer_link_keeps_its_licence_and_shows_on_the_lesson(client, staff, programme):
    draft = actions.start_draft(actor=staff, programme=programme)
    lesson = actions.save_lesson(actor=staff, version=draft, module=programme.modules.first(),
                                 title_ky="OER")  # fmt: skip
    client.force_login(staff)

    client.post(reverse("learning:material_add", args=[lesson.pk]), {
        "kind": "oer", "title_ky": "Ачык китеп", "url": "https://oer.kg/book",
        "licence": "CC BY-SA 4.0",
    })  # fmt: skip
    page = client.get(reverse("learning:lesson_preview", args=[lesson.pk])).content.decode()

    assert "https://oer.kg/book" in page and "CC BY-SA 4.0" in page
