"""Odd input never makes a server error: every page of the permission matrix, as each role
that may open it, with odd values (`fuzz.ODD`) in every parameter its forms and its view take,
by GET and by POST, and with a number past any database integer in place of each id of its
path. Run on SQLite and on PostgreSQL (DATABASE_URL). Every request is undone."""

import re

import pytest
from django.urls import resolve, reverse

from cheber.core.tests.fuzz import BIG_ID, Fuzzer, forms_of, request_keys, view_module
from cheber.core.tests.permission_matrix import MATRIX, Rule
from cheber.core.tests.permission_world import ROLES, World, build_world
from cheber.core.tests.permissions import login, url_names
from cheber.core.tests.test_permissions import path_of

pytestmark = pytest.mark.usefixtures("reference")
ROUTES = dict(url_names())
# Leaving the session is no input; a POST there would only log the fuzzing client out.
NO_POST = {"account_logout", "accounts:logout"}


def _roles(rule: Rule) -> list[str]:
    if rule.public:
        return ["anonymous"]
    return [role for role in ROLES if role in rule.who]


def _big_path(name: str, rule: Rule, world: World) -> str | None:
    """The page's path with a number past any database integer for its first id."""
    params = re.findall(r"<int:(\w+)>", ROUTES[name])
    if not params:
        return None
    # The path's other arguments as they are (an issuer's code is a string beside its number).
    kwargs = resolve(path_of(world, name, rule, 0).split("?")[0]).kwargs
    return reverse(name, kwargs=kwargs | {params[0]: BIG_ID})


def _fuzz_page(fuzz: Fuzzer, world: World, name: str, rule: Rule, role: str) -> list:
    """GET the page (its forms are returned), then odd values in its query and in the POST
    the matrix knows for it. A download (no HTML) is read as its first role only: it has no
    forms to find."""
    path = path_of(world, name, rule, 0)
    module = view_module(path)
    get_keys, post_keys = request_keys(module) if module else ((), ())
    found = []
    if not rule.post_only and fuzz.once("page", name, "download"):
        response = fuzz.send(role, "GET", path)
        if response is None or response.status_code != 200 or "html" in response["Content-Type"]:
            fuzz.tried.discard(("page", name, "download"))
        if response is not None and "html" in response.get("Content-Type", ""):
            found = forms_of(path.split("?")[0], response)
        fuzz.odd_requests(role, "GET", path.split("?")[0], {*get_keys, *rule.query, "page"})
    if (rule.post_only or rule.post) and name not in NO_POST:
        fuzz.odd_requests(role, "POST", path.split("?")[0], {*post_keys, *rule.post})
    if big := _big_path(name, rule, world):
        fuzz.send(role, "GET" if not rule.post_only else "POST", big)
    return found


def _fuzz_forms(fuzz: Fuzzer, role: str, forms) -> None:
    for form in forms:
        module = view_module(form.action)
        if module is None:
            continue
        get_keys, post_keys = request_keys(module)
        names = {*form.fields, *(post_keys if form.method == "POST" else get_keys)}
        keep = {name: form.fields[name] for name in form.hidden}
        fuzz.odd_requests(role, form.method, form.action, names, keep)


@pytest.mark.parametrize("half", [0, 1])
def test_odd_input_to_any_page_of_any_role_makes_no_server_error(client, settings, tmp_path, half):
    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    fuzz = Fuzzer(client)
    names = sorted(MATRIX)[half::2]

    for role in ROLES:
        login(client, world, role)
        for name in names:
            rule = MATRIX[name]
            if role in _roles(rule):
                _fuzz_forms(fuzz, role, _fuzz_page(fuzz, world, name, rule, role))

    assert fuzz.errors == []
