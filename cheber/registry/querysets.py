"""Query methods of the registry; `visible_to(user)` is the gate through which pages read
registry rows (docs/apps.md, "Fetching objects in a view")."""

import datetime as dt

from django.db import models
from django.db.models import Q

from cheber.core.access import Access, access_for
from cheber.registry import names
from cheber.registry.privacy import personal_data_condition


def _territory(scope: Access) -> Q:
    """Organizations a role governs: its oblast or city, district, or the organization itself.

    A teacher's own school is not part of it: working there does not show one's colleagues.
    """
    return (
        Q(region_id__in=scope.region_ids)
        | Q(unit_id__in=scope.unit_ids)
        | Q(pk__in=scope.organization_ids)
    )


def _pin_matches(text: str, viewer) -> Q:
    """The educators a PIN search finds for `viewer` (see `EducatorQuerySet.search`)."""
    shown = personal_data_condition(viewer)
    if shown is True:
        return Q(pin__startswith=text)
    if shown is False:
        return Q(pin=text)
    return Q(pin=text) | (Q(pin__startswith=text) & shown)


def _provider_ids(user) -> frozenset[int]:
    from cheber.core.access import access_for

    return access_for(user).provider_ids


class OrganizationQuerySet(models.QuerySet):
    def visible_to(self, user) -> "OrganizationQuerySet":
        scope = access_for(user)
        if scope.national:
            return self
        if scope.is_empty:
            return self.none()
        from cheber.registry.models import Employment

        own_jobs = Employment.objects.active().filter(educator_id__in=scope.educator_ids)
        return self.filter(_territory(scope) | Q(pk__in=own_jobs.values("organization_id")))

    def providers(self) -> "OrganizationQuerySet":
        """Every provider of training: public, shown to anyone (the course search offers them
        all, the catalogue names them)."""
        return self.filter(type="provider")

    def providers_run_by(self, user) -> "OrganizationQuerySet":
        """Active providers whose programmes and plans the user manages: their own; the
        national institute's, every one."""
        from cheber.core.access import access_for

        roles = access_for(user)
        providers = self.providers().filter(is_active=True)
        if not roles.is_institute:
            providers = providers.filter(pk__in=roles.provider_ids)
        return providers.order_by("code")

    def in_unit(self, unit) -> "OrganizationQuerySet":
        return self.filter(region=unit) if unit.is_top_level else self.filter(unit=unit)


class EmploymentQuerySet(models.QuerySet):
    def active(self, on: dt.date | None = None) -> "EmploymentQuerySet":
        if on is None:
            return self.filter(end_date=None)
        return self.filter(start_date__lte=on).filter(Q(end_date=None) | Q(end_date__gte=on))

    def visible_to(self, user) -> "EmploymentQuerySet":
        scope = access_for(user)
        if scope.national:
            return self
        if scope.sees_only_own:  # the same rows as below, without building its subqueries
            return self.filter(educator_id__in=scope.educator_ids)
        from cheber.registry.models import Educator

        return self.filter(educator__in=Educator.objects.visible_to(user).values("pk"))


class EducatorQuerySet(models.QuerySet):
    def visible_to(self, user) -> "EducatorQuerySet":
        scope = access_for(user)
        if scope.national:
            return self
        if scope.is_empty:
            return self.none()
        if scope.sees_only_own:  # the same rows as below, without building its subqueries
            return self.filter(pk__in=scope.educator_ids)
        from cheber.registry.models import Employment, Organization

        governed = Organization.objects.filter(_territory(scope)).values("pk")
        staff = Employment.objects.active().filter(organization__in=governed)
        visible = Q(pk__in=staff.values("educator_id")) | Q(pk__in=scope.educator_ids)
        if providers := _provider_ids(user):
            # A provider sees the people who asked for a place in its sessions (read through
            # the reverse relation, so the registry imports nothing of the apps above it).
            participants = self.model.objects.filter(enrolments__session__provider_id__in=providers)
            visible |= Q(pk__in=participants.values("pk"))
        return self.filter(visible)

    def search(self, text: str, *, viewer) -> "EducatorQuerySet":
        """By the starts of up to three parts of the name (`registry.names`), or by PIN: its
        start among the educators whose full PIN the viewer may see, the whole PIN only among
        the others (a prefix would give their masked digits back one by one)."""
        text = (text or "").strip()
        if not text:
            return self
        if text.isascii() and text.isdigit():
            return self.filter(_pin_matches(text, viewer))
        words = names.words_of(text)
        found = self.filter(names.starts_condition(words))
        if (indexed := names.candidates(words, self.db)) is not None:
            found = found.filter(pk__in=indexed)  # the index narrows, the rule decides
        return found

    def shown_in_full_to(self, viewer) -> "EducatorQuerySet":
        """The educators whose full PIN and birth date `viewer` may see (the registry's keepers
        of their territory, administrators, the server, the educator themself)."""
        condition = personal_data_condition(viewer)
        if isinstance(condition, bool):
            return self if condition else self.none()
        return self.filter(condition)

    def _with_active_job(self, condition: Q) -> "EducatorQuerySet":
        """Those with an active job that meets `condition`."""
        from cheber.registry.models import Employment

        jobs = Employment.objects.active().filter(condition)
        return self.filter(pk__in=jobs.values("educator_id"))

    def employed_in(self, organization_type: str) -> "EducatorQuerySet":
        return self._with_active_job(Q(organization__type=organization_type))

    def working_at(self, organization_code: str) -> "EducatorQuerySet":
        """The staff of one organization (by its code)."""
        return self._with_active_job(Q(organization__code=organization_code))

    def working_in_districts(self, district_ids) -> "EducatorQuerySet":
        """The staff of the districts' organizations, a district's city districts included."""
        from cheber.registry.models import AdminUnit

        return self._with_active_job(
            Q(organization__unit_id__in=district_ids)
            | Q(organization__unit__parent_id__in=district_ids,
                organization__unit__level=AdminUnit.Level.CITY_DISTRICT)
        )  # fmt: skip

    def specialized_in(self, specialization_ids) -> "EducatorQuerySet":
        """Those who declared one of the specializations, or hold an active job in one."""
        from cheber.registry.models import Employment

        declared = self.model.specializations.through.objects.filter(
            specialization_id__in=specialization_ids
        )
        by_job = Employment.objects.active().filter(specialization_id__in=specialization_ids)
        return self.filter(
            Q(pk__in=declared.values("educator_id")) | Q(pk__in=by_job.values("educator_id"))
        )


class TrainingRecordQuerySet(models.QuerySet):
    def visible_to(self, user) -> "TrainingRecordQuerySet":
        scope = access_for(user)
        if scope.national:
            return self
        if scope.sees_only_own:  # the same rows as below, without building its subquery
            return self.filter(educator_id__in=scope.educator_ids)
        from cheber.registry.models import Educator

        return self.filter(educator__in=Educator.objects.visible_to(user).values("pk"))

    def completed_since(self, since: dt.date) -> "TrainingRecordQuerySet":
        return self.filter(end_date__gte=since)

    def declared(self) -> "TrainingRecordQuerySet":
        """Declared by the educator themself (whatever became of the declaration)."""
        return self.exclude(verification="not_needed")

    def correctable(self) -> "TrainingRecordQuerySet":
        """Entered from outside by a keeper or an import (`TrainingRecord.is_correctable`)."""
        return self.filter(source="external", verification="not_needed")

    def pending(self) -> "TrainingRecordQuerySet":
        """Declared and waiting for verification."""
        return self.filter(verification="pending")

    def to_verify_by(self, user) -> "TrainingRecordQuerySet":
        """The declared records the user verifies or rejects: a district methodist those of
        the educators working in their districts (their city districts too), provider staff
        those naming their provider, the administrator all; never one's own declaration nor
        a record one entered oneself (another pair of eyes checks it)."""
        scope = access_for(user)
        if scope.superuser:
            return self.declared().exclude(recorded_by_id=user.pk)
        if not (scope.district_ids or scope.provider_ids):
            return self.none()
        from cheber.registry.models import Educator

        staff = Educator.objects.working_in_districts(scope.district_ids).values("pk")
        theirs = Q(educator__in=staff) | Q(provider_id__in=scope.provider_ids)
        own = Q(educator_id__in=scope.educator_ids) | Q(recorded_by_id=user.pk)
        return self.declared().filter(theirs).exclude(own)
