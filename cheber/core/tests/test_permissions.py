"""The permission matrix, generated from the URL configuration: every named URL × every role
× an object of the user's own side and one of the other side (`permission_world`), checked
against `permission_matrix.MATRIX`. A URL without an entry fails. Out of scope is 404 and
shows nothing of the other side; a refused request changes nothing; no GET changes anything.
"""

import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from cheber.core.tests.permission_matrix import MATRIX, Rule
from cheber.core.tests.permission_world import NATIONAL, ROLES, World, build_world
from cheber.core.tests.permissions import ask_and_undo, leaked, login, url_names

pytestmark = pytest.mark.usefixtures("reference")
ROUTES = dict(url_names())


def _namespace(name: str) -> str:
    return name.partition(":")[0] if ":" in name else ""


NAMESPACES = sorted({_namespace(name) for name in MATRIX})


def test_every_url_pattern_has_an_entry_in_the_matrix():
    names = {name for name in ROUTES if not name.startswith("admin:")}

    assert sorted(names - MATRIX.keys()) == []
    assert sorted(MATRIX.keys() - names) == []


def _value(world: World, value: str, side: int) -> str:
    """`@name` is the pk of that object of the side, `@name.attribute` an attribute of it;
    anything else is itself."""
    if not value.startswith("@"):
        return value
    name, _, attribute = value[1:].partition(".")
    obj = world.objects[name][side]
    return str(getattr(obj, attribute) if attribute else obj.pk)


def path_of(world: World, name: str, rule: Rule, side: int) -> str:
    params = re.findall(r"<(?:\w+:)?(\w+)>", ROUTES[name])
    objects = rule.obj if isinstance(rule.obj, dict) else dict.fromkeys(params, rule.obj)
    path = reverse(name, kwargs={p: _value(world, "@" + objects[p], side) if objects[p] in
                                 world.objects else objects[p] for p in params})  # fmt: skip
    query = {k: _value(world, v, side) for k, v in rule.query.items()}
    return path + ("?" + urlencode(query) if query else "")


def expected_get(rule: Rule, role: str, side: int) -> set[str]:
    if rule.public:
        return {"not_allowed"} if rule.post_only else {"ok"}
    if rule.post_only:  # (POST-only views may answer 405 before asking to log in)
        return {"not_allowed", "login"} if role == "anonymous" else {"not_allowed"}
    if role == "anonymous":
        return {"login"}
    if role in rule.who:
        return {"ok"} if side == 0 or role in rule.anywhere else {"not_found"}
    return {"refused", "not_found"}


def expected_post(rule: Rule, role: str, side: int) -> set[str]:
    if role == "anonymous":
        return {"login"}
    if role in rule.posters:
        return {"ok", "bad_request"} if side == 0 or role in rule.anywhere else {"not_found"}
    return {"refused", "not_found"}


def check(client, world: World, name: str, rule: Rule, role: str, side: int) -> list[str]:
    failures, path = [], path_of(world, name, rule, side)
    where = f"{name} as {role} on side {'AB'[side]}"
    answer, events = ask_and_undo(client, "GET", path)
    if answer.outcome not in expected_get(rule, role, side):
        failures.append(f"{where}: GET {answer}, expected {sorted(expected_get(rule, role, side))}")
    if events:
        failures.append(f"{where}: GET wrote {events} audit events")
    answers = [answer]
    if (rule.post_only or rule.post) and not rule.public:
        data = {k: _value(world, v, side) for k, v in rule.post.items()}
        answer, events = ask_and_undo(client, rule.method, path, data)
        wanted = expected_post(rule, role, side)
        if answer.outcome not in wanted:
            failures.append(f"{where}: {rule.method} {answer}, expected {sorted(wanted)}")
        if events and wanted <= {"refused", "not_found", "login"}:
            failures.append(f"{where}: a refused POST wrote {events} audit events")
        answers.append(answer)
    if role not in NATIONAL:
        failures += [f"{where}: shows {s!r} of the other side" for a in answers for s in leaked(a)]
    return failures


@pytest.mark.parametrize("namespace", NAMESPACES)
def test_each_role_gets_what_the_matrix_says(client, settings, tmp_path, namespace):
    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    failures = []

    rules = {n: r for n, r in MATRIX.items() if _namespace(n) == namespace}
    for role in ROLES:
        for name, rule in rules.items():
            login(client, world, role)
            for side in (0, 1) if rule.obj else (0,):
                failures += check(client, world, name, rule, role, side)

    assert failures == []


def _admin_kwargs(route: str) -> dict[str, str]:
    values = {"app_label": "registry", "object_id": "1", "content_type_id": "1", "id": "1"}
    return {p: values.get(p, "1") for p in re.findall(r"<(?:\w+:)?(\w+)>", route)}


def test_the_admin_is_for_administrators_only(client, settings, tmp_path):
    """Every admin URL: anyone but a superuser is sent to log in and sees nothing; a
    superuser gets no server error."""
    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    admin_routes = {n: r for n, r in ROUTES.items() if n.startswith("admin:")}
    failures = []

    for role in ROLES:
        for name, route in admin_routes.items():
            path = reverse(name, kwargs=_admin_kwargs(route))
            login(client, world, role)
            answer, events = ask_and_undo(client, "GET", path)
            # (a superuser too is refused adding or deleting rows the admin only reads)
            allowed = (
                {"ok", "not_found", "not_allowed", "refused"} if role == "admin" else {"login"}
            )
            if name in ("admin:login", "admin:logout"):
                allowed = {"ok", "login", "not_allowed", "refused"}  # (logged-in non-staff: 403)
            if answer.outcome not in allowed or events:
                failures.append(f"{name} as {role}: GET {answer}, {events} events")
            if role != "admin" and leaked(answer):
                failures.append(f"{name} as {role}: shows the other side")

    assert len(admin_routes) > 100
    assert failures == []
