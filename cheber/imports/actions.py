"""Writing a checked import plan: one transaction, in bulk, with an audit event per record.

All or nothing: a failure, or a worker killed half-way, leaves the registry as it was (the
transaction is never committed), and running the import again writes it whole. Rows are
inserted and updated in batches (`bulk_create`, `bulk_update`), never saved one by one; the
rows were validated by `plan` against the same rules as the registry's own forms and actions,
and the database constraints hold the rest.
"""

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from cheber.core.models import AuditEvent
from cheber.imports.columns import EDUCATORS, ORGANIZATIONS, TRAININGS
from cheber.imports.plan import Plan
from cheber.imports.sheets import jsonable
from cheber.registry.models import Educator, Employment, Organization, TrainingRecord

BATCH = 2000


class Audit:
    """Audit events gathered while writing, inserted in batches at the end."""

    def __init__(self, actor: Any, reference: str):
        self.actor = actor if getattr(actor, "is_authenticated", False) else None
        self.reference = reference
        self.events: list[AuditEvent] = []

    def add(self, verb: str, model, pk, **data) -> None:
        label = model if isinstance(model, str) else model._meta.label_lower
        self.events.append(AuditEvent(
            actor=self.actor, verb=verb, object_type=label, object_id=str(pk)[:64],
            data={"import": self.reference, **{k: jsonable(v) for k, v in data.items()}},
        ))  # fmt: skip

    def changes(self, verb: str, model, items: list[dict]) -> None:
        for item in items:
            changed = {
                k: [jsonable(old), jsonable(new)] for k, (old, new) in item["changes"].items()
            }
            self.add(verb, model, item["pk"], changed=changed)

    def save(self) -> None:
        AuditEvent.objects.bulk_create(self.events, batch_size=BATCH)


@transaction.atomic
def import_registry(
    *, actor: Any, plan: Plan, reference: str, progress: Callable[[str], None] | None = None
) -> Plan:
    """Write the valid rows of `plan` (rejected rows are left out); returns the plan, marked
    committed. `reference` (the job or the file) is in every audit event it writes."""
    audit = Audit(actor, reference)
    say = progress or (lambda stage: None)
    say(ORGANIZATIONS)
    organization_ids = _write_organizations(plan, audit)
    say(EDUCATORS)
    educator_ids = _write_educators(plan, audit)
    _write_jobs(plan, audit, organization_ids, educator_ids)
    say(TRAININGS)
    _write_trainings(plan, audit, educator_ids)
    audit.add("import_registry", "imports.file", plan.filename, file=plan.filename,
              counts=plan.report()["counts"])  # fmt: skip
    audit.save()
    plan.committed = True
    return plan


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
    new = [Organization(code=v["code"], **{k: v[k] for k in fields if k in v}) for v in changes.new]
    Organization.objects.bulk_create(new, batch_size=BATCH)
    for organization in new:
        audit.add("import_organization", Organization, organization.pk, code=organization.code)
    _update(Organization, changes.changed, fields)
    audit.changes("update_organization", Organization, changes.changed)
    codes = {job["organization"] for job in plan.extra.get("jobs_new", ())}
    ids = dict(Organization.objects.filter(code__in=codes).values_list("code", "id"))
    return ids | {o.code: o.pk for o in new}


def _write_educators(plan: Plan, audit: Audit) -> dict[str, int]:
    changes = plan.of(EDUCATORS)
    fields = ["surname", "first_name", "patronymic", "sex", "birth_date", "education_level",
              "has_pedagogical_education", "category", "phone", "email"]  # fmt: skip
    new = [Educator(pin=v["pin"], **{k: v[k] for k in fields}) for v in changes.new]
    Educator.objects.bulk_create(new, batch_size=BATCH)
    through = Educator.specializations.through
    links = [
        through(educator_id=educator.pk, specialization_id=spec)
        for educator, values in zip(new, changes.new, strict=True)
        for spec in values["specializations"]
    ]
    for educator in new:
        audit.add("import_educator", Educator, educator.pk, pin=educator.pin)
    _update(Educator, changes.changed, fields)
    respecialized = {c["pk"]: c["values"]["specializations"] for c in changes.changed
                     if "specializations" in c["changes"]}  # fmt: skip
    if respecialized:
        through.objects.filter(educator_id__in=list(respecialized)).delete()
        links += [through(educator_id=pk, specialization_id=spec)
                  for pk, specs in respecialized.items() for spec in specs]  # fmt: skip
    through.objects.bulk_create(links, batch_size=BATCH)
    audit.changes("update_educator", Educator, changes.changed)
    pins = {job["pin"] for job in plan.extra.get("jobs_new", ())}
    pins |= {t["pin"] for t in plan.of(TRAININGS).new}
    ids = {e.pin: e.pk for e in new}
    missing = sorted(pins - set(ids))
    for start in range(0, len(missing), 5000):
        chunk = missing[start : start + 5000]
        ids.update(Educator.objects.filter(pin__in=chunk).values_list("pin", "id"))
    return ids


def _write_jobs(plan: Plan, audit: Audit, organizations: dict, educators: dict) -> None:
    new = [
        Employment(
            educator_id=educators[j["pin"]], organization_id=organizations[j["organization"]],
            position_id=j["position_id"], specialization_id=j["specialization_id"],
            start_date=j["start_date"], workload=j["workload"],
        )
        for j in plan.extra.get("jobs_new", ())
    ]  # fmt: skip
    Employment.objects.bulk_create(new, batch_size=BATCH)
    for job in new:
        audit.add("import_employment", Employment, job.pk, educator=job.educator_id,
                  organization=job.organization_id)  # fmt: skip
    changed = plan.extra.get("jobs_changed", [])
    _update(Employment, changed, ["specialization_id", "start_date", "workload"])
    audit.changes("update_employment", Employment, changed)


def _write_trainings(plan: Plan, audit: Audit, educators: dict) -> None:
    changes = plan.of(TRAININGS)
    fields = ["title", "provider_id", "provider_name", "hours", "start_date", "end_date", "form",
              "kind", "certificate_number"]  # fmt: skip
    actor = audit.actor
    now = timezone.now()
    new = [
        TrainingRecord(educator_id=educators[v["pin"]], source=TrainingRecord.Source.EXTERNAL,
                       recorded_by=actor, recorded_at=now, **{k: v[k] for k in fields})
        for v in changes.new
    ]  # fmt: skip
    TrainingRecord.objects.bulk_create(new, batch_size=BATCH)
    for record in new:
        audit.add("import_training", TrainingRecord, record.pk, educator=record.educator_id)
    _update(TrainingRecord, changes.changed, fields)
    audit.changes("update_training", TrainingRecord, changes.changed)
