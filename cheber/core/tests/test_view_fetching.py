"""Views fetch domain objects only through the access helpers: `Model.objects.visible_to(user)`
(or another scope of the user: `managed_by`, `readable_by`, `for_user`, `providers_run_by`,
`of_districts_of`, `to_verify_by`), a public scope (`published`, `providers`: shown to
anyone) and the `get_x_for_user(user, pk)` functions of each app's `access.py`.

Read from the source of every view module (`views.py`, `*_views.py`, `views/` packages): a
`Model.objects` that does not start with a scope, or a `get_object_or_404` of a model class,
fails the test unless it is one of the kinds allowed below, or listed in `EXCEPTIONS` with its
reason. The list is exact: an entry no view needs any more fails too.

The rows of one object the view fetched through an access helper are read through it: a
related manager (`session.enrolments`, which this check never sees), or a scope taking the
object (`Attendance.objects.of_session(session)`), allowed only where the check can trace the
object back to a `get_x_for_user(…)` call: assigned from one in the same function, or passed
by every caller of a private function (`_grid(session)`) from such an assignment."""

import ast
import re
from pathlib import Path

import cheber

ROOT = Path(cheber.__file__).parent
# Scopes of the user: what the user may see of the model.
USER_SCOPES = {"visible_to", "managed_by", "readable_by", "for_user", "providers_run_by",
               "of_districts_of", "to_verify_by", "none"}  # fmt: skip
# Public scopes: rows shown to anyone, whatever their role (the published course catalogue and
# its calendar; the providers, which the course search offers everyone).
PUBLIC_SCOPES = {"published", "providers"}
SCOPES = USER_SCOPES | PUBLIC_SCOPES
# Scopes of one object: allowed only with an object fetched through an access helper (a
# session's attendance; a learner's course of an enrolment; a programme's question bank).
OBJECT_SCOPES = {"of_session", "of_enrolment", "of_programme"}
ACCESS_HELPER = re.compile(r"(^|\.)get_\w+_for_user$")
FETCHERS = {"get_object_or_404", "get_list_or_404"}
# Reference data: the same for every user (the country's units, the specializations and
# positions everyone chooses from), read in full by any page.
REFERENCE = {"AdminUnit", "Specialization", "Position"}
EXCEPTIONS: dict[tuple[str, str, str], str] = {}


def view_modules() -> list[Path]:
    modules = [
        p for p in ROOT.glob("*/*.py") if p.name == "views.py" or p.name.endswith("_views.py")
    ]
    return sorted(modules + list(ROOT.glob("*/views/*.py")))


def _parents(tree: ast.AST) -> dict:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _enclosing(node, parents):
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            return node
    return None


def _function(node, parents) -> str:
    function = _enclosing(node, parents)
    return function.name if function else "<module>"


def _allowed(node: ast.Attribute, parents) -> bool:
    """Scoped to the user, public, of an object fetched through an access helper, reference
    data, or a Prefetch: related rows of rows fetched through the access helpers."""
    parent = parents.get(node)
    if isinstance(parent, ast.Attribute) and parent.attr in SCOPES:
        return isinstance(parents.get(parent), ast.Call)
    if isinstance(parent, ast.Attribute) and parent.attr in OBJECT_SCOPES:
        call = parents.get(parent)
        return isinstance(call, ast.Call) and _of_fetched_object(call, parents)
    if ast.unparse(node.value) in REFERENCE:
        return True
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "Prefetch":
            return True
    return False


def _of_fetched_object(call: ast.Call, parents) -> bool:
    if len(call.args) != 1 or call.keywords or not isinstance(call.args[0], ast.Name):
        return False
    function = _enclosing(call, parents)
    return function is not None and _fetched(call.args[0].id, function, parents, frozenset())


def _fetched(name: str, function, parents, seen: frozenset) -> bool:
    """`name` in `function` holds an object fetched through an access helper: its only
    assignments there are `name = get_x_for_user(…)`; or it is a parameter of a private
    function (so every caller is in this module) that each caller passes such an object."""
    names = [n for n in ast.walk(function) if isinstance(n, ast.Name) and n.id == name]
    stores = [n for n in names if isinstance(n.ctx, ast.Store)]
    arguments = function.args.posonlyargs + function.args.args + function.args.kwonlyargs
    if name not in {a.arg for a in arguments}:
        return bool(stores) and all(_assigned_from_helper(n, parents) for n in stores)
    if stores or not function.name.startswith("_") or function in seen:
        return False
    module = function
    while module in parents:
        module = parents[module]
    uses = [n for n in ast.walk(module) if isinstance(n, ast.Name) and n.id == function.name]
    calls = [parents[n] for n in uses if isinstance(parents.get(n), ast.Call)
             and parents[n].func is n]  # fmt: skip
    if not calls or len(calls) != len(uses):  # never called, or passed around as a value
        return False
    return all(_passes_fetched(call, function, name, parents, seen | {function}) for call in calls)


def _assigned_from_helper(store: ast.Name, parents) -> bool:
    assign = parents.get(store)
    return (
        isinstance(assign, ast.Assign)
        and assign.targets == [store]
        and isinstance(assign.value, ast.Call)
        and bool(ACCESS_HELPER.search(ast.unparse(assign.value.func)))
    )


def _passes_fetched(call: ast.Call, function, name: str, parents, seen) -> bool:
    positional = [a.arg for a in function.args.posonlyargs + function.args.args]
    passed = {k.arg: k.value for k in call.keywords}
    passed |= {positional[i]: a for i, a in enumerate(call.args) if i < len(positional)}
    argument, caller = passed.get(name), _enclosing(call, parents)
    if not isinstance(argument, ast.Name) or caller is None:
        return False
    return _fetched(argument.id, caller, parents, seen)


def unscoped_fetches(path: Path, root: Path = ROOT) -> set[tuple[str, str, str]]:
    tree = ast.parse(path.read_text())
    parents, name, found = _parents(tree), str(path.relative_to(root)), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            if not _allowed(node, parents):
                found.add((name, _function(node, parents), ast.unparse(node.value)))
        elif isinstance(node, ast.Call) and ast.unparse(node.func) in FETCHERS and node.args:
            first = node.args[0]
            if (isinstance(first, ast.Name) and first.id[:1].isupper()
                    and first.id not in REFERENCE):  # fmt: skip
                found.add((name, _function(node, parents), first.id))
    return found


def test_views_fetch_domain_objects_only_through_the_access_helpers():
    found = set().union(*(unscoped_fetches(path) for path in view_modules()))

    assert sorted(found - EXCEPTIONS.keys()) == []
    assert sorted(EXCEPTIONS.keys() - found) == []  # an exception no view needs any more


def test_the_check_sees_every_kind_of_view_module():
    names = {str(path.relative_to(ROOT)) for path in view_modules()}

    assert {"catalog/views.py", "compliance/views/planning.py", "delivery/views/provider.py",
            "core/views/jobs.py", "users/views.py"} <= names  # fmt: skip


def test_the_check_catches_an_unscoped_fetch(tmp_path):
    module = tmp_path / "views.py"
    module.write_text(
        "def page(request, pk):\n"
        "    a = Educator.objects.filter(pk=pk)\n"
        "    b = get_object_or_404(Policy, pk=pk)\n"
        "    c = Educator.objects.visible_to(request.user).get(pk=pk)\n"
        "    d = AdminUnit.objects.in_bulk([pk])\n"
        "    return Prefetch('jobs', queryset=Employment.objects.active())\n"
    )

    found = unscoped_fetches(module, root=tmp_path)

    assert found == {("views.py", "page", "Educator"), ("views.py", "page", "Policy")}


def test_the_check_allows_public_scopes_and_fetching_reference_data(tmp_path):
    module = tmp_path / "views.py"
    module.write_text(
        "def feed(request, soate):\n"
        "    unit = get_object_or_404(AdminUnit, soate=soate)\n"
        "    providers = Organization.objects.providers()\n"
        "    return Session.objects.published().filter(unit=unit, provider__in=providers)\n"
    )

    assert unscoped_fetches(module, root=tmp_path) == set()


def test_the_check_allows_rows_of_an_object_only_when_fetched_through_an_access_helper(tmp_path):
    module = tmp_path / "views.py"
    module.write_text(
        "def _marks(session):\n"
        "    return Attendance.objects.of_session(session)\n"
        "def _sheet(session, day):\n"
        "    return _marks(session), day\n"
        "def sheet(request, pk):\n"
        "    session = get_managed_session_for_user(request.user, pk)\n"
        "    return _sheet(session, day=None), ModuleProgress.objects.of_session(session)\n"
        "def _guessed(pk):\n"
        "    session = Session.objects.get(pk=pk)\n"
        "    return Attendance.objects.of_session(session)\n"
        "def _passed_on(session):\n"
        "    return ModuleProgress.objects.of_session(session)\n"
        "def other(request, pk):\n"
        "    return _passed_on(_guessed(pk)), _passed_on(get_session_for_user(request.user, pk))\n"
        "def public(session):\n"
        "    return Attendance.objects.of_session(session)\n"
    )

    found = unscoped_fetches(module, root=tmp_path)

    assert found == {
        ("views.py", "_guessed", "Session"), ("views.py", "_guessed", "Attendance"),
        ("views.py", "_passed_on", "ModuleProgress"), ("views.py", "public", "Attendance"),
    }  # fmt: skip
