"""Views fetch domain objects only through the access helpers: `Model.objects.visible_to(user)`
(or another scope of the user: `managed_by`, `readable_by`, `for_user`, `providers_run_by`)
and the `get_x_for_user(user, pk)` functions of each app's `access.py`.

Read from the source of every view module (`views.py`, `*_views.py`, `views/` packages): a
`Model.objects` that does not start with a scope of the user, or a `get_object_or_404` of a
model class, fails the test unless it is one of the kinds allowed below, or listed in
`EXCEPTIONS` with its reason. The list is exact: an entry no view needs any more fails too."""

import ast
from pathlib import Path

import cheber

ROOT = Path(cheber.__file__).parent
SCOPES = {"visible_to", "managed_by", "readable_by", "for_user", "providers_run_by", "none"}
FETCHERS = {"get_object_or_404", "get_list_or_404"}
# Reference data: the same for every user (the country's units, the specializations and
# positions everyone chooses from), read in full by any page.
REFERENCE = {"AdminUnit", "Specialization", "Position"}
EXCEPTIONS = {
    ("compliance/views/planning.py", "_explanation", "Policy"):
        "the rules of every time, to explain the teacher's own status (the rules apply to "
        "everyone; no policy is shown)",
    ("compliance/views/planning.py", "satisfying_sessions", "Programme"):
        "the public catalogue: programmes of published sessions (the rule of 'which training "
        "counts' is being consolidated apart)",
    ("compliance/views/planning.py", "satisfying_sessions", "Session"):
        "published sessions: the public course catalogue",
    ("schedule/views.py", "ical_feed", "Session"):
        "the public calendar: published sessions, for anyone, without logging in",
    ("schedule/views.py", "filter_sessions", "Programme"):
        "narrows the sessions already chosen by the caller to the programmes searched for",
    ("schedule/views.py", "_in_district", "DistrictQuota"):
        "narrows the sessions to those travelling to a district; fetches no quota to show",
    ("schedule/views.py", "_quota_total", "DistrictQuota"):
        "a subquery summing the quotas of each session listed (of a plan fetched through "
        "get_plan_for_user)",
    ("imports/views.py", "export", "AdminUnit"):
        "a unit named by its СОАТЕ code (reference data); the export is narrowed at once to "
        "the organizations of the user's territory",
    ("imports/views.py", "export", "Employment"):
        "counts the jobs of the organizations of the user's territory, for the access log",
    ("planner/views.py", "suggestions", "Organization"):
        "the names of the providers a suggestion names: providers are public (they run the "
        "published courses)",
    ("registry/views.py", "_filtered_educators", "Employment"):
        "narrows `Educator.objects.visible_to(user)` to one organization's staff",
    ("delivery/views/enrolments.py", "_candidates", "Employment"):
        "narrows `Educator.objects.visible_to(user)` to the districts' staff",
    ("delivery/views/enrolments.py", "_candidates", "Educator.specializations.through"):
        "narrows `Educator.objects.visible_to(user)` to the declared specializations",
    ("delivery/views/enrolments.py", "_candidates", "Enrolment"):
        "leaves out of the candidates those who already hold or await a place",
    ("delivery/views/enrolments.py", "_places", "Session"):
        "the places of the session already fetched through get_session_for_user, read by "
        "the one places query (`with_places`)",
    ("delivery/views/provider.py", "_grid", "Attendance"):
        "the marks of a session fetched through get_managed_session_for_user",
    ("delivery/views/provider.py", "_results_context", "ModuleProgress"):
        "the progress in a session fetched through get_managed_session_for_user",
    ("delivery/views/territory.py", "_quota_rows", "DistrictQuota"):
        "the quotas of the methodist's own districts (roles.district_ids)",
    ("delivery/views/territory.py", "_quota_rows", "Enrolment"):
        "the requests of the methodist's own districts (roles.district_ids)",
    ("delivery/views/territory.py", "cabinet", "DistrictQuota"):
        "the quotas of the methodist's own districts (roles.district_ids)",
    ("delivery/views/territory.py", "cabinet", "Enrolment"):
        "the requests of the methodist's own districts (roles.district_ids)",
    ("core/views/audit.py", "_search_audit", "AuditEvent"):
        "the trail is read whole, by auditors and administrators only (`_require_auditor` "
        "first); core's models sit below accounts and know no roles",
    ("core/views/audit.py", "_search_access", "PersonalDataAccess"):
        "the access log is read whole, by auditors and administrators only "
        "(`_require_auditor` first)",
}  # fmt: skip


def view_modules() -> list[Path]:
    modules = [
        p for p in ROOT.glob("*/*.py") if p.name == "views.py" or p.name.endswith("_views.py")
    ]
    return sorted(modules + list(ROOT.glob("*/views/*.py")))


def _parents(tree: ast.AST) -> dict:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _function(node, parents) -> str:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            return node.name
    return "<module>"


def _allowed(node: ast.Attribute, parents) -> bool:
    """Scoped to the user, reference data, or a Prefetch: related rows of rows fetched
    through the access helpers."""
    parent = parents.get(node)
    if isinstance(parent, ast.Attribute) and parent.attr in SCOPES:
        return isinstance(parents.get(parent), ast.Call)
    if ast.unparse(node.value) in REFERENCE:
        return True
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "Prefetch":
            return True
    return False


def unscoped_fetches(path: Path, root: Path = ROOT) -> set[tuple[str, str, str]]:
    tree = ast.parse(path.read_text())
    parents, name, found = _parents(tree), str(path.relative_to(root)), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            if not _allowed(node, parents):
                found.add((name, _function(node, parents), ast.unparse(node.value)))
        elif isinstance(node, ast.Call) and ast.unparse(node.func) in FETCHERS and node.args:
            first = node.args[0]
            if isinstance(first, ast.Name) and first.id[:1].isupper():
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
