"""Each provider's programmes: the ten themes, subject methodology, seminars, August-conference
seminars, a few retraining courses (national providers), and two drafts still to approve."""

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from cheber.catalog.models import Form, Module, Programme
from cheber.delivery.demo import themes
from cheber.delivery.demo.context import Context

Kind = Programme.Kind
Assessment = Programme.Assessment
UZBEK_PROVIDERS = ("OSH-IE", "JA-MC", "BTK-MC")
NATIONAL = ("KAE-CPK", "RIPK")
SMALL_CENTRES = ("NRN-MC", "TLS-MC", "BTK-MC")
SUBJECTS = (
    "primary_teacher", "mathematics", "kyrgyz_language", "russian_language",
    "english_language", "physics", "chemistry", "biology", "history", "geography",
    "informatics", "physical_education",
)  # fmt: skip
COURSE_FORMS = (Form.STATIONARY, Form.STATIONARY, Form.MOBILE, Form.BLENDED, Form.ONLINE)


@dataclass
class Offer:
    """A programme and what planning its sessions needs."""

    programme: Programme
    specializations: tuple[int, ...]
    modules: list[Module]


def build_offers(ctx: Context, provider_code: str) -> list[Offer]:
    rng = ctx.rng(f"programmes:{provider_code}")
    specs = [(theme, theme.specializations) for theme in themes.THEMES]
    subjects = SUBJECTS[:6] if provider_code in SMALL_CENTRES else SUBJECTS
    if provider_code in UZBEK_PROVIDERS:
        subjects = (*subjects, "uzbek_language")
    offers = [_course(ctx, rng, provider_code, theme, codes) for theme, codes in specs]
    offers += [_subject(ctx, rng, provider_code, code) for code in subjects]
    offers.append(_seminar(ctx, rng, provider_code, themes.THEMES[1], Kind.SEMINAR, 36))
    offers.append(_seminar(ctx, rng, provider_code, themes.AUGUST, Kind.AUGUST_SEMINAR, 18))
    if provider_code in NATIONAL:
        offers += [_retraining(ctx, rng, provider_code, t, c) for t, c in themes.RETRAINING]
    drafts = [code for code in SUBJECTS if code not in subjects][:2] or ["music", "fine_arts"]
    offers += [_subject(ctx, rng, provider_code, code, draft=True) for code in drafts]
    for number, offer in enumerate(offers, 1):
        offer.programme.code = f"{provider_code}-{number:03d}"
    return offers


def _languages(rng: random.Random, provider_code: str) -> list[str]:
    if provider_code in UZBEK_PROVIDERS and rng.random() < 0.35:
        return ["ky", "ru", "uz"]
    return ["ky", "ru"]


def _programme(ctx: Context, rng, provider_code: str, title, description, **fields) -> Programme:
    draft = fields.pop("draft", False)
    approved = ctx.moment(dt.date(ctx.today.year - 3, 1, 12) + dt.timedelta(rng.randint(0, 700)))
    approved = min(approved, ctx.moment(ctx.today - dt.timedelta(days=60)))
    return Programme(
        provider_id=ctx.providers[provider_code],
        title_ky=title[0], title_ru=title[1], title_en=title[2],
        description_ky=description[0], description_ru=description[1],
        description_en=description[2], languages=_languages(rng, provider_code),
        status=Programme.Status.DRAFT if draft else Programme.Status.APPROVED,
        approved_at=None if draft else approved,
        approved_by_id=None if draft else ctx.institute_user_id,
        created_at=ctx.moment(ctx.today - dt.timedelta(days=20)) if draft
        else approved - dt.timedelta(days=30),
        **fields,
    )  # fmt: skip


def _course(ctx: Context, rng, provider_code: str, theme, codes, **extra) -> Offer:
    form = rng.choice(COURSE_FORMS)
    programme = _programme(
        ctx, rng, provider_code, theme.title, theme.description, kind=Kind.QUALIFICATION,
        hours=72, form=form, assessment=rng.choice(Assessment.values), themes=[theme.theme],
        contract_price=Decimal(rng.randrange(3000, 6001, 500)), **extra,
    )  # fmt: skip
    parts = [(themes.OPENING, 12), (theme.method, 24), (themes.PRACTICE, 24), (themes.CLOSING, 12)]
    return Offer(programme, ctx.spec_ids(codes), _modules(parts, form))


def _subject(ctx: Context, rng, provider_code: str, code: str, draft: bool = False) -> Offer:
    names = ctx.specialization_names[code]
    theme = themes.ThemeText(
        "skills_21", themes.subject_titles(*names), themes.SUBJECT_DESCRIPTION, (code,),
        ("Предметтин методикасы", "Методика предмета", "Subject methods"),
    )  # fmt: skip
    offer = _course(ctx, rng, provider_code, theme, (code,), draft=draft)
    offer.programme.themes = []
    return offer


def _seminar(ctx: Context, rng, provider_code: str, theme, kind: str, hours: int) -> Offer:
    programme = _programme(
        ctx, rng, provider_code, theme.title, theme.description, kind=kind, hours=hours,
        form=Form.SEMINAR, assessment=Assessment.PORTFOLIO, themes=[theme.theme],
        contract_price=Decimal(rng.randrange(1000, 1501, 250)),
    )  # fmt: skip
    parts = [(themes.OPENING, hours // 3), (theme.method, hours - hours // 3)]
    return Offer(programme, ctx.spec_ids(theme.specializations), _modules(parts, Form.SEMINAR))


def _retraining(ctx: Context, rng, provider_code: str, title, codes) -> Offer:
    programme = _programme(
        ctx, rng, provider_code, title, themes.SUBJECT_DESCRIPTION, kind=Kind.RETRAINING,
        hours=288, form=Form.BLENDED, assessment=Assessment.PROJECT, themes=["ict"],
        contract_price=Decimal(rng.randrange(12000, 15001, 1000)),
    )  # fmt: skip
    method = ("Кесиптик модуль", "Профессиональный модуль", "Professional module")
    parts = [(themes.OPENING, 48), (method, 120), (themes.PRACTICE, 96), (themes.CLOSING, 24)]
    return Offer(programme, ctx.spec_ids(codes), _modules(parts, Form.BLENDED))


def _modules(parts, form: str) -> list[Module]:
    """Blended courses take the theory online; online courses are online throughout."""
    return [
        Module(
            order=order,
            title_ky=title[0],
            title_ru=title[1],
            title_en=title[2],
            hours=hours,
            is_online=form == Form.ONLINE or (form == Form.BLENDED and order in (2, 4)),
        )  # fmt: skip
        for order, (title, hours) in enumerate(parts, 1)
    ]


def write_offers(offers: list[Offer]) -> None:
    Programme.objects.bulk_create([offer.programme for offer in offers])
    modules, links = [], []
    through = Programme.specializations.through
    for offer in offers:
        for module in offer.modules:
            module.programme_id = offer.programme.pk
            modules.append(module)
        links += [
            through(programme_id=offer.programme.pk, specialization_id=spec)
            for spec in offer.specializations
        ]
    Module.objects.bulk_create(modules, batch_size=2000)
    through.objects.bulk_create(links, batch_size=2000)
