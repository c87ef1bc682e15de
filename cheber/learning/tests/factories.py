"""Online programmes, their content and learners, in the states the tests need."""

import datetime as dt
import secrets

from django.utils import timezone

from cheber.catalog.models import Form, Module
from cheber.core.access import Role
from cheber.learning.markup import render_markdown
from cheber.learning.models import ContentVersion, Lesson
from cheber.registry.tests.factories import EducatorFactory, employ, user_with_role
from cheber.schedule.tests import factories


def online_programme(provider_org, *, modules: int = 2, **fields):
    programme = factories.programme(provider_org, form=fields.pop("form", Form.ONLINE), **fields)
    for n in range(1, modules + 1):
        Module.objects.create(
            programme=programme, order=n, title_ky=f"{n}-модуль", title_ru=f"Модуль {n}",
            hours=programme.hours // modules, is_online=True,
        )  # fmt: skip
    return programme


def content(programme, lessons: list[tuple[int, str, str]], *, status="approved", number=1):
    """A version of the programme's content: lessons as (module order, title, Markdown)."""
    version = ContentVersion.objects.create(
        programme=programme, number=number, status=status,
        approved_at=timezone.now() if status in ("approved", "superseded") else None,
    )  # fmt: skip
    modules = {m.order: m for m in programme.modules.all()}
    for order, (module, title, body) in enumerate(lessons, start=1):
        Lesson.objects.create(
            version=version, module=modules[module], order=order, key=secrets.token_hex(8),
            title_ky=title, title_ru=title + " (ru)", body_ky=body, html_ky=render_markdown(body),
        )  # fmt: skip
    return version


def online_session(programme, *, start: dt.date | None = None, days: int = 60, **fields):
    start = start or timezone.localdate()
    return factories.session(
        provider_org=programme.provider, programme=programme, start=start, days=days,
        unit_soate=fields.pop("unit_soate", None), form=fields.pop("form", Form.ONLINE), **fields,
    )  # fmt: skip


def learner(school, username: str = "learner"):
    educator = EducatorFactory()
    employ(educator, school)
    return educator, user_with_role(username, Role.TEACHER, educator=educator)
