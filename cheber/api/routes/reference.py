"""Reference data: administrative units (СОАТЕ), organizations (the caller's scope) and
specializations."""

from ninja import Query, Router, Schema

from cheber.api.pagination import answer, page
from cheber.api.routes.common import ERRORS, Page
from cheber.registry.access import get_organization_for_user
from cheber.registry.models import AdminUnit, Organization, Specialization

router = Router()


class UnitOut(Schema):
    id: int
    soate: str
    level: str
    name_ky: str
    name_ru: str
    parent_id: int | None
    region_id: int | None


class UnitFilter(Schema):
    level: AdminUnit.Level | None = None
    parent: int | None = None
    cursor: str | None = None
    limit: int | None = None


@router.get("/units", response={200: Page[UnitOut], **ERRORS})
def unit_list(request, filters: Query[UnitFilter]):
    units = AdminUnit.objects.all()
    if filters.level:
        units = units.filter(level=filters.level)
    if filters.parent:
        units = units.filter(parent_id=filters.parent)
    rows, after = page(units, cursor=filters.cursor, limit=filters.limit)
    return answer(rows, after, UnitOut)


class SpecializationOut(Schema):
    id: int
    code: str
    staff_kind: str
    name_ky: str
    name_ru: str


@router.get("/specializations", response={200: list[SpecializationOut], **ERRORS})
def specialization_list(request):
    return list(Specialization.objects.order_by("sort_order", "code"))


class OrganizationOut(Schema):
    id: int
    code: str
    type: str
    name_ky: str
    name_ru: str
    unit_id: int
    region_id: int
    locality: str
    languages: list[str]
    is_active: bool


class OrganizationFilter(Schema):
    type: Organization.Type | None = None
    unit: int | None = None
    q: str | None = None
    cursor: str | None = None
    limit: int | None = None


@router.get("/organizations", response={200: Page[OrganizationOut], **ERRORS})
def organization_list(request, filters: Query[OrganizationFilter]):
    organizations = Organization.objects.visible_to(request.user)
    if filters.type:
        organizations = organizations.filter(type=filters.type)
    if filters.unit:
        organizations = organizations.filter(unit_id=filters.unit)
    if filters.q:
        organizations = organizations.filter(code__istartswith=filters.q.strip())
    rows, after = page(organizations, cursor=filters.cursor, limit=filters.limit)
    return answer(rows, after, OrganizationOut)


@router.get("/organizations/{int:pk}", response={200: OrganizationOut, **ERRORS})
def organization_detail(request, pk: int):
    return get_organization_for_user(request.user, pk)
