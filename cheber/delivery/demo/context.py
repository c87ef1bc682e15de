"""What every part of the course demo shares: the seed, "today", reference rows by natural key,
and a random stream per part (the same seed and today give the same rows)."""

import datetime as dt
import random
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.utils import timezone

from cheber.accounts.models import User
from cheber.registry.models import AdminUnit, Organization, Specialization

PROVIDER_CODES = ("KAE-CPK", "RIPK", "OSH-IE", "IK-IE", "NRN-MC", "JA-MC", "BTK-MC", "TLS-MC")
BISHKEK, CHUI, OSH_CITY, OSH = "41711", "41708", "41721", "41706"
# The oblasts (and cities) whose districts hold quotas in a provider's sessions.
CATCHMENT = {
    "KAE-CPK": (BISHKEK, CHUI),
    "RIPK": (BISHKEK, CHUI),
    "OSH-IE": (OSH_CITY, OSH),
    "IK-IE": ("41702",),
    "NRN-MC": ("41704",),
    "JA-MC": ("41703",),
    "BTK-MC": ("41705",),
    "TLS-MC": ("41707",),
}


class CoursesNotReady(Exception):
    """No demo registry to build on, or the courses are already there."""


@dataclass
class Context:
    seed: int
    today: dt.date
    providers: dict[str, int]  # code → organization id
    provider_units: dict[str, int]  # code → the unit of its seat
    specializations: dict[str, int]  # code → id
    specialization_names: dict[str, tuple[str, str, str]]
    units: dict[int, AdminUnit]
    institute_user_id: int | None
    tz: dt.tzinfo = field(default_factory=timezone.get_current_timezone)

    def rng(self, key: str) -> random.Random:
        return random.Random(f"cheber-courses:{self.seed}:{key}")

    def moment(self, day: dt.date, minutes: int = 0) -> dt.datetime:
        """A working-day moment: 9:00 local time plus `minutes`."""
        start = dt.datetime.combine(day, dt.time(9), tzinfo=self.tz)
        return start + dt.timedelta(minutes=minutes)

    def spec_ids(self, codes) -> tuple[int, ...]:
        return tuple(self.specializations[c] for c in codes if c in self.specializations)


def load_context(seed: int, today: dt.date) -> Context:
    providers = Organization.objects.filter(
        type=Organization.Type.PROVIDER, code__in=PROVIDER_CODES
    )
    rows = list(providers.values_list("code", "pk", "unit_id"))
    if len(rows) != len(PROVIDER_CODES):
        raise CoursesNotReady("The providers are missing: run `cheber load_reference`.")
    specs = Specialization.objects.values_list("code", "pk", "name_ky", "name_ru", "name_en")
    institute = User.objects.filter(username="institute").values_list("pk", flat=True).first()
    return Context(
        seed=seed,
        today=today,
        providers={code: pk for code, pk, _ in rows},
        provider_units={code: unit for code, _, unit in rows},
        specializations={code: pk for code, pk, *_ in specs},
        specialization_names={code: tuple(names) for code, _, *names in specs},
        units=AdminUnit.objects.in_bulk(),
        institute_user_id=institute,
    )


@contextmanager
def explicit_timestamps(*models):
    """Let bulk_create keep the demo's own creation times instead of "now"."""
    fields = [f for m in models for f in m._meta.fields if getattr(f, "auto_now_add", False)]
    for f in fields:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f in fields:
            f.auto_now_add = True
