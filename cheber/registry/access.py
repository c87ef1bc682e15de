"""How a view fetches one registry object: through the user's scope, else 404; and who may
change the registry."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from cheber.core.access import REGISTRY_EDITOR_ROLES, access_for, holds_any
from cheber.core.actors import is_system
from cheber.registry.models import AdminUnit, Educator, Employment, Organization, TrainingRecord
from cheber.registry.territory import territory_of


def get_educator_for_user(user, pk: int) -> Educator:
    return get_object_or_404(Educator.objects.visible_to(user), pk=pk)


def get_organization_for_user(user, pk: int) -> Organization:
    return get_object_or_404(
        Organization.objects.visible_to(user).select_related("unit", "region"), pk=pk
    )


def get_employment_for_user(user, pk: int) -> Employment:
    return get_object_or_404(
        Employment.objects.visible_to(user).select_related("educator", "organization"), pk=pk
    )


def get_correctable_training_for_user(user, pk: int) -> TrainingRecord:
    """A training entered from outside (by a keeper or an import) of an educator the user
    sees, which a keeper may correct; else 404 (one completed in Cheber, or declared)."""
    trainings = TrainingRecord.objects.visible_to(user).correctable()
    return get_object_or_404(trainings.select_related("educator", "provider"), pk=pk)


def get_declared_training_for_user(user, pk: int) -> TrainingRecord:
    """A self-declared training the user may verify or reject (`to_verify_by`), else 404."""
    trainings = TrainingRecord.objects.to_verify_by(user).select_related(
        "educator", "provider", "recorded_by", "reviewed_by"
    )
    return get_object_or_404(trainings, pk=pk)


def get_training_document_for_user(user, pk: int) -> TrainingRecord:
    """A training with a document, for the educator, whoever sees them in the registry and
    whoever may verify it; else 404."""
    seen = TrainingRecord.objects.visible_to(user).values("pk")
    checked = TrainingRecord.objects.to_verify_by(user).values("pk")
    trainings = TrainingRecord.objects.exclude(document="").filter(
        Q(pk__in=seen) | Q(pk__in=checked)
    )
    return get_object_or_404(trainings.select_related("educator"), pk=pk)


def get_unit_for_user(user, pk: int) -> AdminUnit:
    """An oblast, district or city district of the user's territory (a national role: any),
    else 404."""
    inside = territory_of(user).unit_ids_inside()
    units = AdminUnit.objects.all() if inside is None else AdminUnit.objects.filter(pk__in=inside)
    return get_object_or_404(units, pk=pk)


# Who may do what: the actions enforce these, the pages read them for their buttons ----------


def holds_editor_role(user) -> bool:
    """Holds a role that edits the registry somewhere (its scope decides where)."""
    return holds_any(user, REGISTRY_EDITOR_ROLES)


def can_edit_registry(user, organization: Organization | None = None) -> bool:
    """May register educators and change their records: a registry editor (the institute, an
    oblast or district, a principal; not the ministry or the auditor), within their scope;
    with `organization`, there."""
    if is_system(user):
        return True
    if not holds_editor_role(user):
        return False
    return organization is None or (
        Organization.objects.visible_to(user).filter(pk=organization.pk).exists()
    )


def can_edit_educator(user, educator: Educator) -> bool:
    """May change the educator's record, jobs and history: an editor who sees the educator."""
    if is_system(user):
        return True
    return holds_editor_role(user) and (
        Educator.objects.visible_to(user).filter(pk=educator.pk).exists()
    )


def can_employ_at(user, organization: Organization) -> bool:
    """May record a job at the organization: an editor whose scope holds it; never the ministry
    (it employs no educators)."""
    if organization.type == Organization.Type.MINISTRY:
        return False
    return can_edit_registry(user, organization)


def can_end_employment(user, employment: Employment) -> bool:
    if is_system(user):
        return True
    return holds_editor_role(user) and (
        Employment.objects.visible_to(user).filter(pk=employment.pk).exists()
    )


# Self-declared training ---------------------------------------------------------------------


def declares_own(user, educator: Educator) -> bool:
    """Whether a training the user enters for the educator is self-declared, so it counts
    only once verified: entered by the educator themself (even one who keeps the registry, a
    principal who teaches), or by anyone who does not keep the educator's record (provider
    staff). The registry's keepers and the server (imports) enter records that count as they
    are."""
    if is_system(user):
        return False
    return educator.pk in access_for(user).educator_ids or not can_edit_educator(user, educator)


def verifies_declarations(user) -> bool:
    """Has a queue of self-declared training to verify: a district methodist (their
    district's educators), provider staff (records naming their provider), the administrator."""
    scope = access_for(user)
    return scope.superuser or scope.is_methodist or scope.is_provider


def can_verify_training(user, training: TrainingRecord) -> bool:
    """May verify or reject the declared training: it is in the user's queue (a person's
    judgement: never the server's)."""
    if is_system(user) or not getattr(user, "is_authenticated", False):
        return False
    return TrainingRecord.objects.to_verify_by(user).filter(pk=training.pk).exists()
