"""Writing a checked import plan: one transaction, in bulk, with an audit event per record.

All or nothing: a failure, or a worker killed half-way, leaves the registry as it was (the
transaction is never committed), and running the import again writes it whole. Rows are
inserted and updated in batches (`bulk_create`, `bulk_update`), never saved one by one; the
rows were validated by `plan` against the same rules as the registry's own forms and actions,
and the database constraints hold the rest.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from cheber.accounts import notices
from cheber.core.actors import is_system, user_or_none
from cheber.core.audit import via_of
from cheber.core.jobs import start_job
from cheber.core.models import AuditEvent, Job
from cheber.imports import bulk, jobs
from cheber.imports.access import can_import_registry
from cheber.imports.columns import EDUCATORS, ORGANIZATIONS, TRAININGS
from cheber.imports.export import organizations_to_export
from cheber.imports.plan import Plan
from cheber.imports.sheets import jsonable
from cheber.registry.models import (
    AdminUnit,
    Educator,
    Employment,
    Organization,
    TrainingRecord,
)

BATCH = 2000  # rows per UPDATE of bulk_update


class Audit:
    """Audit events gathered while writing, inserted together at the end."""

    FIELDS = ("at", "actor_id", "via", "verb", "object_type", "object_id", "data")

    def __init__(self, actor: Any, reference: str):
        self.actor = user_or_none(actor)
        self.actor_id = self.actor.pk if self.actor else None
        self.reference = reference
        self.at = timezone.now()
        self.via = via_of(actor)  # the command, when one runs the import, or "system"
        self.events: list[tuple] = []

    def add(self, verb: str, model, pk, **data) -> None:
        label = model if isinstance(model, str) else model._meta.label_lower
        data = {"import": self.reference, **{k: jsonable(v) for k, v in data.items()}}
        self.events.append((self.at, self.actor_id, self.via, verb, label, str(pk)[:64], data))

    def changes(self, verb: str, model, items: list[dict]) -> None:
        for item in items:
            changed = {
                k: [jsonable(old), jsonable(new)] for k, (old, new) in item["changes"].items()
            }
            self.add(verb, model, item["pk"], changed=changed)

    def save(self) -> None:
        bulk.insert(AuditEvent, self.FIELDS, self.events)


@transaction.atomic
def import_registry(
    *, actor: Any, plan: Plan, reference: str, progress: Callable[[str], None] | None = None
) -> Plan:
    """Write the valid rows of `plan` (rejected rows are left out); returns the plan, marked
    committed. `reference` (the job or the file) is in every audit event it writes. The plan
    is the one checked for this actor (within their territory)."""
    if not can_import_registry(actor) or not _checked_for(plan, actor):
        raise PermissionDenied
    audit = Audit(actor, reference)
    say = progress or (lambda stage: None)
    say(ORGANIZATIONS)
    organization_ids = _write_organizations(plan, audit)
    say(EDUCATORS)
    educator_ids = _write_educators(plan, audit)
    _write_jobs(plan, audit, organization_ids, educator_ids)
    say(TRAININGS)
    _write_trainings(plan, audit, educator_ids, organization_ids)
    audit.add("import_registry", "imports.file", plan.filename, file=plan.filename,
              counts=plan.report()["counts"])  # fmt: skip
    audit.save()
    plan.committed = True
    return plan


def _checked_for(plan: Plan, actor: Any) -> bool:
    return plan.actor is actor or (
        user_or_none(actor) is not None and getattr(plan.actor, "pk", None) == actor.pk
    )


def _update(model, items: list[dict], fields: list[str]) -> None:
    objects = []
    used: set[str] = set()
    for item in items:
        used |= set(item["changes"])
        values = {k: v for k, v in item["values"].items() if k in fields}
        objects.append(model(pk=item["pk"], **values))
    if objects:
        model.objects.bulk_update(objects, sorted(used & set(fields)), batch_size=BATCH)


def _write_organizations(plan: Plan, audit: Audit) -> dict[str, int]:
    changes = plan.of(ORGANIZATIONS)
    fields = ["type", "name_ky", "name_ru", "name_en", "unit_id", "region_id", "locality",
              "languages", "address"]  # fmt: skip
    ids = bulk.reserve_ids(Organization, len(changes.new))
    rows = [(pk, v["code"], *(v.get(k, "") for k in fields), True)
            for pk, v in zip(ids, changes.new, strict=True)]  # fmt: skip
    bulk.insert(Organization, ["id", "code", *fields, "is_active"], rows)
    for pk, values in zip(ids, changes.new, strict=True):
        audit.add("import_organization", Organization, pk, code=values["code"])
    _update(Organization, changes.changed, fields)
    audit.changes("update_organization", Organization, changes.changed)
    codes = {job["organization"] for job in plan.extra.get("jobs_new", ())}
    codes |= _training_providers(plan)
    found = dict(Organization.objects.filter(code__in=codes).values_list("code", "id"))
    return found | {v["code"]: pk for pk, v in zip(ids, changes.new, strict=True)}


def _write_educators(plan: Plan, audit: Audit) -> dict[str, int]:
    changes = plan.of(EDUCATORS)
    fields = ["surname", "first_name", "patronymic", "sex", "birth_date", "education_level",
              "has_pedagogical_education", "category", "phone", "email"]  # fmt: skip
    ids = bulk.reserve_ids(Educator, len(changes.new))
    rows = [(pk, v["pin"], *(v[k] for k in fields), audit.at)
            for pk, v in zip(ids, changes.new, strict=True)]  # fmt: skip
    bulk.insert(Educator, ["id", "pin", *fields, "created_at"], rows)
    links = [
        (pk, spec) for pk, v in zip(ids, changes.new, strict=True) for spec in v["specializations"]
    ]
    plan.extra["new_educator_ids"] = {pk: v["pin"] for pk, v in zip(ids, changes.new, strict=True)}
    _update(Educator, changes.changed, fields)
    through = Educator.specializations.through
    respecialized = {c["pk"]: c["values"]["specializations"] for c in changes.changed
                     if "specializations" in c["changes"]}  # fmt: skip
    if respecialized:
        through.objects.filter(educator_id__in=list(respecialized)).delete()
        links += [(pk, spec) for pk, specs in respecialized.items() for spec in specs]
    bulk.insert(through, ["educator_id", "specialization_id"], links)
    audit.changes("update_educator", Educator, changes.changed)
    _tell_new_addresses(plan, changes.changed)
    pins = {job["pin"] for job in plan.extra.get("jobs_new", ())}
    pins |= {t["pin"] for t in plan.of(TRAININGS).new}
    found = {v["pin"]: pk for pk, v in zip(ids, changes.new, strict=True)}
    missing = sorted(pins - set(found))
    for start in range(0, len(missing), 5000):
        chunk = missing[start : start + 5000]
        found.update(Educator.objects.filter(pin__in=chunk).values_list("pin", "id"))
    return found


def _tell_new_addresses(plan: Plan, changed: list[dict]) -> None:
    """As a change on the educator's page: told at the old address and the new one."""
    for item in changed:
        if "email" in item["changes"]:
            old, new = item["changes"]["email"]
            person = item["values"]
            whose = " ".join(filter(None, (person.get("surname"), person.get("first_name"))))
            notices.tell_email_changed(whose=whose, old=old or "", new=new or "", by=plan.actor)


def _write_jobs(plan: Plan, audit: Audit, organizations: dict, educators: dict) -> None:
    new = plan.extra.get("jobs_new", [])
    ids = bulk.reserve_ids(Employment, len(new))
    rows = [
        (pk, educators[j["pin"]], organizations[j["organization"]], j["position_id"],
         j["specialization_id"], j["start_date"], None, j["workload"])
        for pk, j in zip(ids, new, strict=True)
    ]  # fmt: skip
    fields = ["id", "educator_id", "organization_id", "position_id", "specialization_id",
              "start_date", "end_date", "workload"]  # fmt: skip
    bulk.insert(Employment, fields, rows)
    # A new educator's event names their jobs; a job of someone registered has its own.
    new_educators = plan.extra.get("new_educator_ids", {})
    jobs_of: dict[int, list[int]] = {pk: [] for pk in new_educators}
    for row in rows:
        if row[1] in jobs_of:
            jobs_of[row[1]].append(row[0])
        else:
            audit.add("import_employment", Employment, row[0], educator=row[1],
                      organization=row[2])  # fmt: skip
    for pk, pin in new_educators.items():
        audit.add("import_educator", Educator, pk, pin=pin, employments=jobs_of[pk])
    changed = plan.extra.get("jobs_changed", [])
    _update(Employment, changed, ["specialization_id", "start_date", "workload"])
    audit.changes("update_employment", Employment, changed)


def _training_providers(plan: Plan) -> set[str]:
    """The codes of organizations new in the file that trainings name as their provider (their
    id is known once they are written)."""
    changes = plan.of(TRAININGS)
    items = changes.new + [c["values"] for c in changes.changed]
    return {v["provider_id"] for v in items if isinstance(v.get("provider_id"), str)}


def _write_trainings(plan: Plan, audit: Audit, educators: dict, organizations: dict) -> None:
    changes = plan.of(TRAININGS)
    for values in changes.new + [c["values"] for c in changes.changed]:
        if isinstance(values.get("provider_id"), str):
            values["provider_id"] = organizations[values["provider_id"]]
    fields = ["title", "title_ru", "provider_id", "provider_name", "hours", "start_date",
              "end_date", "form", "kind", "certificate_number"]  # fmt: skip
    ids = bulk.reserve_ids(TrainingRecord, len(changes.new))
    rows = [
        (pk, educators[v["pin"]], *(v[k] for k in fields), TrainingRecord.Source.EXTERNAL.value,
         audit.actor_id, audit.at)
        for pk, v in zip(ids, changes.new, strict=True)
    ]  # fmt: skip
    columns = ["id", "educator_id", *fields, "source", "recorded_by_id", "recorded_at"]
    bulk.insert(TrainingRecord, columns, rows)
    for row in rows:
        audit.add("import_training", TrainingRecord, row[0], educator=row[1])
    _update(TrainingRecord, changes.changed, fields)
    audit.changes("update_training", TrainingRecord, changes.changed)


# Checking and importing a file in the background ---------------------------------------------


@transaction.atomic
def start_check(*, actor: Any, upload: str, filename: str, mapping: dict | None = None) -> Job:
    """Check a stored upload in the background; returns the job to follow."""
    if not can_import_registry(actor) or is_system(actor):  # a job is a person's, to follow
        raise PermissionDenied
    return jobs.enqueue(actor, jobs.CHECK, upload=upload, filename=filename,
                        mapping=mapping or {})  # fmt: skip


@transaction.atomic
def start_import(*, actor: Any, check: Job) -> Job:
    """Import the valid rows of a file the actor checked (checked again: the registry may have
    changed since the preview)."""
    if not can_import_registry(actor) or check.created_by_id != getattr(actor, "pk", None):
        raise PermissionDenied
    if check.kind not in jobs.KINDS:
        raise PermissionDenied
    params = {k: check.params[k] for k in ("upload", "filename", "mapping")}
    return jobs.enqueue(actor, jobs.IMPORT, **params)


@transaction.atomic
def start_registry_export(*, actor: Any, unit: AdminUnit | None, language: str) -> Job:
    """The registry of `actor`'s territory (or of `unit` within it) in the import template,
    made in the background; the same user's unfinished export of it is returned instead."""
    organizations_to_export(actor, unit)  # who may, and where
    params = {"unit": unit.soate if unit else "", "language": language}
    return start_job(actor=actor, kind=jobs.EXPORT, params=params, verb="start_registry_export",
                     task=jobs.build_registry_export, unit=params["unit"])  # fmt: skip
