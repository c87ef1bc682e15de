"""Script in names and titles is shown as text on every page: the permission matrix's world
with hostile names, every page of the matrix opened by each role that may open it."""

import pytest
from django.db.models import Value
from django.db.models.functions import Concat

from cheber.catalog.models import Programme
from cheber.core.tests.permission_matrix import MATRIX
from cheber.core.tests.permission_world import ROLES, build_world
from cheber.core.tests.permissions import login
from cheber.core.tests.test_permissions import path_of
from cheber.registry.models import Educator, Organization

pytestmark = pytest.mark.usefixtures("reference")
SCRIPT = "<script>alert(1)</script>"
IMAGE = '"><img src=x onerror=alert(2)>'
ESCAPED = ("&lt;script&gt;alert(1)&lt;/script&gt;", "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;")


def poison(world) -> None:
    educator, school = world.objects["educator"][0], world.objects["school"][0]
    Educator.objects.filter(pk=educator.pk).update(
        surname=Concat("surname", Value(SCRIPT)), first_name=Concat("first_name", Value(IMAGE))
    )
    Organization.objects.filter(pk=school.pk).update(name_ky=Concat("name_ky", Value(IMAGE)))
    programmes = [world.objects["programme"][0].pk,
                  world.objects["session"][0].programme_id,
                  world.objects["finished_session"][0].programme_id]  # fmt: skip
    Programme.objects.filter(pk__in=programmes).update(
        title_ky=Concat("title_ky", Value(SCRIPT)), title_ru=Concat("title_ru", Value(IMAGE))
    )


def test_hostile_names_and_titles_are_escaped_on_every_page(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    poison(world)
    unescaped, shown, downloads = [], set(), set()

    pages = {n: r for n, r in MATRIX.items() if not (r.post_only or r.public and not r.who)}
    for role in ROLES:
        for name, rule in pages.items():
            if role not in rule.who or name in downloads:
                continue
            login(client, world, role)
            response = client.get(path_of(world, name, rule, 0))
            if "text/html" not in response.headers.get("Content-Type", ""):
                downloads.add(name)  # a file (PDF, xlsx, JSON) for every role: once is enough
                continue
            html = response.content.decode()
            if SCRIPT in html or IMAGE in html:
                unescaped.append(f"{name} as {role}")
            if any(escaped in html for escaped in ESCAPED):
                shown.add(name)

    assert unescaped == []
    assert {
        "registry:educator_detail",
        "registry:educator_list",
        "delivery:roster",
        "delivery:session_detail",
        "catalog:programme_detail",
        "delivery:enrolment_detail",
        "registry:organization_detail",
        "compliance:educator_list",
    } <= shown
