"""What every part of the generator shares: reference rows, "today", PINs, certificate numbers."""

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

from cheber.registry.models import AdminUnit, Organization, Position, Specialization
from cheber.registry.pin import make_pin


class DemoError(Exception):
    """The database is not ready for the demo (no reference data, or already filled)."""


@dataclass(frozen=True)
class Ref:
    """Reference rows by natural key: positions and specializations by code, etc."""

    positions: dict[str, int]
    specializations: dict[str, int]
    specialization_names: dict[str, str]  # code → Kyrgyz name
    providers: dict[str, int]  # code → organization id
    cabinets: dict[str, int]  # unit СОАТЕ → methodical cabinet id


def load_ref() -> Ref:
    providers = dict(
        Organization.objects.filter(type=Organization.Type.PROVIDER).values_list("code", "pk")
    )
    if not providers:
        raise DemoError("No reference data: run `cheber load_reference` first.")
    cabinets = Organization.objects.filter(type=Organization.Type.METHODICAL_CABINET)
    specializations = Specialization.objects.values_list("code", "pk", "name_ky")
    return Ref(
        positions=dict(Position.objects.values_list("code", "pk")),
        specializations={code: pk for code, pk, _ in specializations},
        specialization_names={code: name for code, _, name in specializations},
        providers=providers,
        cabinets={soate: pk for soate, pk in cabinets.values_list("unit__soate", "pk")},
    )


class PinBook:
    """Issues PINs unique across the whole demo: a counter per (sex, birth date).

    The serial starts at a value spread by the date, so PINs do not all end in 00001.
    """

    STEP = 37

    def __init__(self) -> None:
        self._issued: dict[tuple[str, dt.date], int] = defaultdict(int)

    def issue(self, sex: str, birth_date: dt.date) -> str:
        count = self._issued[(sex, birth_date)]
        self._issued[(sex, birth_date)] = count + 1
        base = 10_000 + (birth_date.toordinal() * 7919 + (17 if sex == "M" else 0)) % 80_000
        serial = base + count * self.STEP
        if serial > 99_999:
            raise DemoError(f"Too many demo educators born on {birth_date}.")
        return make_pin(sex=sex, birth_date=birth_date, serial=serial)


class CertificateBook:
    """Certificate numbers per provider and year: "OSH-IE-2023-00412"."""

    def __init__(self) -> None:
        self._issued: dict[tuple[str, int], int] = defaultdict(int)

    def issue(self, provider_code: str, year: int) -> str:
        self._issued[(provider_code, year)] += 1
        return f"{provider_code}-{year}-{self._issued[(provider_code, year)]:05d}"


@dataclass
class Env:
    ref: Ref
    today: dt.date
    seed: int
    units: dict[str, AdminUnit] = field(default_factory=dict)
    pins: PinBook = field(default_factory=PinBook)
    certificates: CertificateBook = field(default_factory=CertificateBook)

    def rng(self, key: str) -> random.Random:
        """An independent, reproducible random stream per part of the country."""
        return random.Random(f"cheber-demo:{self.seed}:{key}")


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)
