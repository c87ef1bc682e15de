"""The action matrix: every public function of every `cheber/*/actions.py` (and of each module
of an `actions/` package), found by introspection, called by every role of the permission
world with objects of the caller's own side and of the other side, checked against
`action_matrix.MATRIX`. An action without an entry fails. A refused call raises
`PermissionDenied` and writes nothing (no audit event, no row); `actor=None` is refused by
every action; the server acts as `SYSTEM` where the commands and jobs do.
"""

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone

import cheber
from cheber.core.actors import SYSTEM
from cheber.core.models import AuditEvent
from cheber.core.tests.action_matrix import MATRIX, Entry, fresh
from cheber.core.tests.permission_world import ROLES, World, build_world

pytestmark = pytest.mark.usefixtures("reference")


def _action_modules() -> Iterator[tuple[str, object]]:
    for folder in sorted(Path(cheber.__file__).parent.iterdir()):
        if (folder / "actions.py").exists():
            yield folder.name, importlib.import_module(f"cheber.{folder.name}.actions")
        elif (folder / "actions" / "__init__.py").exists():
            package = importlib.import_module(f"cheber.{folder.name}.actions")
            for info in pkgutil.iter_modules(package.__path__):
                if not info.name.startswith("_"):
                    yield folder.name, importlib.import_module(f"{package.__name__}.{info.name}")


def public_actions() -> dict[str, Callable]:
    """{"app.function": function} of every public function defined in an actions module."""
    found = {}
    for app, module in _action_modules():
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and not name.startswith("_"):
                found[f"{app}.{name}"] = function
    return found


ACTIONS = public_actions()
APPS = sorted({name.partition(".")[0] for name in MATRIX})


class Rollback(Exception):
    pass


def _row_counts() -> tuple[int, ...]:
    """The number of rows of every table of ours, in one query."""
    tables = sorted({m._meta.db_table for m in apps.get_models() if m.__module__.startswith(
        "cheber.") and m._meta.managed and not m._meta.proxy})  # fmt: skip
    counts = ", ".join(f"(SELECT COUNT(*) FROM {connection.ops.quote_name(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return tuple(cursor.fetchone())


def call_and_undo(action: Callable, actor, kwargs: dict) -> tuple[str, bool]:
    """(ok | refused | invalid | error …, whether anything was written); then it is undone."""
    result = {}
    try:
        with transaction.atomic():
            before = _row_counts(), AuditEvent.objects.count()
            try:
                action(actor=actor, **kwargs)
                result["outcome"] = "ok"
            except PermissionDenied:
                result["outcome"] = "refused"
            except ValidationError:
                result["outcome"] = "invalid"
            except Exception as error:  # reported, not raised: the matrix lists every failure
                result["outcome"] = f"error {type(error).__name__}: {error}"
            result["wrote"] = (_row_counts(), AuditEvent.objects.count()) != before
            raise Rollback
    except Rollback:
        pass
    return result["outcome"], result["wrote"]


def _actor(world: World, role: str):
    return AnonymousUser() if role == "anonymous" else world.users[role]


def _kwargs(world: World, entry: Entry, side: int, actor) -> dict:
    kwargs = entry.kwargs(world, side)
    if entry.checked_for:
        kwargs[entry.checked_for].actor = actor
    if entry.owned_by and getattr(actor, "is_authenticated", False):
        kwargs[entry.owned_by].created_by = actor
        kwargs[entry.owned_by].save(update_fields=["created_by"])
    return kwargs


def expected(entry: Entry, role: str, side: int) -> set[str]:
    if role not in entry.who:
        return {"refused"}
    if side == 0 or role in entry.anywhere:
        return {"ok", "invalid"}  # allowed; the state of the world may still say no
    return {"refused" if entry.out_of_scope is PermissionDenied else "invalid"}


def check(world: World, name: str, entry: Entry, role: str, side: int) -> list[str]:
    actor = _actor(world, role)
    outcome, wrote = call_and_undo(ACTIONS[name], actor, _kwargs(world, entry, side, actor))
    where = f"{name} by {role} on side {'AB'[side]}"
    failures = []
    if outcome not in expected(entry, role, side):
        failures.append(f"{where}: {outcome}, expected {sorted(expected(entry, role, side))}")
    if wrote and outcome != "ok":
        failures.append(f"{where}: {outcome} but wrote")
    return failures


def test_every_action_has_an_entry_in_the_matrix():
    assert sorted(ACTIONS.keys() - MATRIX.keys()) == []
    assert sorted(MATRIX.keys() - ACTIONS.keys()) == []


def test_every_action_takes_keyword_only_typed_arguments_and_an_actor():
    failures = []

    for name, action in ACTIONS.items():
        parameters = inspect.signature(action).parameters
        if "actor" not in parameters:
            failures.append(f"{name}: no actor")
        for parameter in parameters.values():
            if parameter.kind not in (parameter.KEYWORD_ONLY, parameter.VAR_KEYWORD):
                failures.append(f"{name}: {parameter.name} is not keyword-only")

    assert failures == []


@pytest.mark.parametrize("app", APPS)
def test_each_role_may_call_exactly_the_actions_the_matrix_says(settings, tmp_path, app):
    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    failures = []

    for name, entry in MATRIX.items():
        if name.partition(".")[0] != app:
            continue
        for role in ROLES:
            for side in (0, 1) if entry.sided else (0,):
                failures += check(world, name, entry, role, side)

    assert failures == []


@pytest.mark.parametrize("app", APPS)
def test_no_action_accepts_actor_none(settings, tmp_path, app):
    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    outcomes = {}

    for name, entry in MATRIX.items():
        if name.partition(".")[0] == app:
            outcomes[name] = call_and_undo(ACTIONS[name], None, _kwargs(world, entry, 0, None))

    assert {name: outcome for name, outcome in outcomes.items()} == dict.fromkeys(
        outcomes, ("refused", False)
    )


SYSTEM_CALLS = {  # what the commands and background jobs do as the server
    "certificates.rotate_signing_key": "rotate_signing_key",  # cheber rotate_signing_key
    "certificates.reencrypt_signing_keys": "reencrypt_signing_keys",  # the same command
    "certificates.issue_dated": "issue_dated",  # cheber seed_certificates
    "delivery.promote_waitlist": "promote_waitlist",  # cheber release_quotas
    "delivery.send_reminders": "send_reminders",  # cheber send_reminders
    "planner.build_plan": "build_plan",  # cheber build_plan
    "planner.nominate_plan": "nominate_plan",  # the job, when the server started it
    "imports.import_registry": "import_registry",  # cheber import_registry (no --user)
    "learning.close_overdue_attempts": "close_overdue_attempts",  # cheber close_overdue_attempts
    "learning.record_lessons_seen": "seed_learning",  # cheber seed_learning
    "learning.record_attempts": "seed_learning",  # cheber seed_learning
}


def test_the_system_actor_is_accepted_where_commands_use_it(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    outcomes = {}

    for name in SYSTEM_CALLS:
        kwargs = _kwargs(world, MATRIX[name], 0, SYSTEM)
        outcomes[name] = call_and_undo(ACTIONS[name], SYSTEM, kwargs)[0]

    assert outcomes == dict.fromkeys(SYSTEM_CALLS, "ok")


def test_a_change_made_by_the_system_is_audited_as_the_system(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    provider = fresh(world, "provider", 0)

    ACTIONS["certificates.rotate_signing_key"](actor=SYSTEM, provider=provider)

    event = AuditEvent.objects.filter(verb="rotate_signing_key").latest("pk")
    assert (event.actor, event.via, event.data["provider"]) == (None, "system", provider.code)
    assert event.at <= timezone.now()
