import datetime as dt

import factory

from cheber.accounts.models import RoleAssignment, User
from cheber.registry.models import AdminUnit, Educator, Employment, Organization, Position
from cheber.registry.pin import make_pin

KOCHKOR = "41704235000000"
AT_BASHY = "41704220000000"
NARYN_OBLAST = "41704000000000"
OSH_CITY = "41721000000000"


def unit(soate: str) -> AdminUnit:
    return AdminUnit.objects.get(soate=soate)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    code = factory.Sequence(lambda n: f"SCH-T{n:05d}")
    type = Organization.Type.SCHOOL
    name_ky = factory.Sequence(lambda n: f"№ {n} орто мектеби")
    name_ru = factory.Sequence(lambda n: f"Средняя школа № {n}")
    name_en = factory.Sequence(lambda n: f"Secondary school No. {n}")
    locality = Organization.Locality.RURAL
    languages = factory.LazyFunction(lambda: ["ky"])
    unit = factory.LazyFunction(lambda: unit(KOCHKOR))
    region = factory.LazyAttribute(lambda o: o.unit.region)


class EducatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Educator

    sex = Educator.Sex.FEMALE
    birth_date = factory.Sequence(lambda n: dt.date(1980, 1, 1) + dt.timedelta(days=n))
    pin = factory.LazyAttributeSequence(
        lambda o, n: make_pin(sex=o.sex, birth_date=o.birth_date, serial=n)
    )
    surname = factory.Iterator(["Асанова", "Токтогулова", "Иванова", "Өмүрбекова"])
    first_name = factory.Iterator(["Айгүл", "Нургүл", "Мария", "Жаңыл"])
    patronymic = "Сагынбаевна"
    education_level = Educator.EducationLevel.BACHELOR


def employ(educator: Educator, organization: Organization, position: str = "teacher"):
    return Employment.objects.create(
        educator=educator,
        organization=organization,
        position=Position.objects.get(code=position),
        start_date=dt.date(2015, 9, 1),
    )


def user_with_role(username: str, role: str, **scope) -> User:
    user = User.objects.create_user(username=username, password="pw-" + username)
    RoleAssignment.objects.create(user=user, role=role, **scope)
    return user


def scan(name: str = "certificate.pdf", content: bytes = b"%PDF-1.4\n% a scanned certificate\n"):
    """The upload of a declared training's document: a small PDF unless told otherwise."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/octet-stream")
