"""Ten years of qualification history, shaped like the seed article describes it.

Only about half of school teachers improve their qualification at least once in five years
(law "On Education", art. 29, asks for it); most others last took a course 5–10 years ago,
and some older teachers have not been on a course for 20–30 years: their last records are
from 1996–2006, kept as text from outside the registry. New teachers may have none yet.
"""

import datetime as dt
import random

from cheber.registry.demo import themes
from cheber.registry.demo.env import Env, years_before
from cheber.registry.demo.leaves import write_leaves
from cheber.registry.demo.people import Draft
from cheber.registry.demo.people_mix import (
    BATKEN,
    BISHKEK,
    CHUI,
    ISSYK_KUL,
    JALAL_ABAD,
    NARYN,
    OSH,
    OSH_CITY,
    TALAS,
    Mix,
    pick,
)
from cheber.registry.models import TrainingRecord

Form = TrainingRecord.Form
Kind = TrainingRecord.Kind
Source = TrainingRecord.Source
RECENT, LAPSED, LONG_LAPSED, NEVER = "recent", "lapsed", "long_lapsed", "never"
LEADERS = ("principal", "deputy_principal")

# Where the teachers of each oblast go: their oblast institute or centre, or a national one.
REGION_PROVIDERS: dict[str, Mix] = {
    OSH_CITY: {"OSH-IE": 60, "RIPK": 25, "KAE-CPK": 15},
    OSH: {"OSH-IE": 60, "RIPK": 25, "KAE-CPK": 15},
    ISSYK_KUL: {"IK-IE": 60, "RIPK": 25, "KAE-CPK": 15},
    NARYN: {"NRN-MC": 55, "RIPK": 30, "KAE-CPK": 15},
    JALAL_ABAD: {"JA-MC": 55, "RIPK": 25, "KAE-CPK": 20},
    BATKEN: {"BTK-MC": 55, "RIPK": 30, "KAE-CPK": 15},
    TALAS: {"TLS-MC": 55, "RIPK": 30, "KAE-CPK": 15},
    BISHKEK: {"RIPK": 55, "KAE-CPK": 45},
    CHUI: {"RIPK": 55, "KAE-CPK": 45},
}
NATIONAL_PROVIDERS: Mix = {"KAE-CPK": 60, "RIPK": 40}
# Records of the last three years were completed in Cheber; older ones were recorded later.
CHEBER_YEARS = 3
OLD_FROM, OLD_TO = dt.date(1996, 1, 15), dt.date(2006, 12, 20)
# Most educators without pedagogical education complete retraining (law "On Education",
# art. 28) within two years of starting; the others are still to do it.
RETRAINED_SHARE = 0.8
RETRAINING_TITLE = "Педагогикалык кайра даярдоо программасы"
RETRAINING_HOURS = (288, 360, 540)
AUGUST = "Август"


def forms_for(year: int) -> Mix:
    if year >= 2021:
        return {Form.STATIONARY: 45, Form.MOBILE: 20, Form.BLENDED: 20, Form.ONLINE: 15}
    if year == 2020:  # the pandemic year
        return {Form.ONLINE: 55, Form.STATIONARY: 25, Form.MOBILE: 20}
    return {Form.STATIONARY: 75, Form.MOBILE: 25}


def day_between(rng: random.Random, low: dt.date, high: dt.date) -> dt.date:
    return low + dt.timedelta(days=rng.randint(0, max(0, (high - low).days)))


class Historian:
    """Writes the training records of one part of the country (one random stream)."""

    def __init__(self, env: Env, rng: random.Random, kind: str) -> None:
        self.env, self.rng, self.kind = env, rng, kind
        self.cutoff = years_before(env.today, 5)
        self.window_start = years_before(env.today, 10)
        self.cheber_since = years_before(env.today, CHEBER_YEARS)
        self.last_day = env.today - dt.timedelta(days=3)

    def write(self, draft: Draft, group: str) -> None:
        if group == LONG_LAPSED and not self._old(draft):
            group = LAPSED
        if group == RECENT:
            self._recent(draft)
        elif group == LAPSED:
            self._lapsed(draft)
        if not draft.educator.has_pedagogical_education and self.rng.random() < RETRAINED_SHARE:
            self._retraining(draft, recent=group == RECENT)

    def _retraining(self, draft: Draft, *, recent: bool) -> None:
        """Within two years of the start (from 1996 for earlier careers); one within the last
        five years only for the group trained recently, so the 5-year share holds."""
        end = draft.career_start + dt.timedelta(days=self.rng.randint(180, 700))
        if end < OLD_FROM:
            end = day_between(self.rng, OLD_FROM, OLD_FROM + dt.timedelta(days=700))
        if end > self.last_day or (end >= self.cutoff and not recent):
            return
        hours = self.rng.choice(RETRAINING_HOURS)
        if end >= self.cheber_since:
            code = "RIPK"
            record = self._record(draft, end, RETRAINING_TITLE, hours, Form.BLENDED,
                                  provider_id=self.env.ref.providers[code])  # fmt: skip
            record.certificate_number = self.env.certificates.issue(code, end.year)
        else:
            record = self._record(draft, end, RETRAINING_TITLE, hours, Form.STATIONARY,
                                  provider_name=themes.OLD_INSTITUTE)  # fmt: skip
        record.kind = Kind.RETRAINING
        draft.training.append(record)

    def _recent(self, draft: Draft) -> None:
        low = max(self.cutoff + dt.timedelta(days=7), draft.career_start - dt.timedelta(days=60))
        end = day_between(self.rng, min(low, self.last_day), self.last_day)
        self._course(draft, end)
        earlier_high = years_before(end, 4)
        earlier_low = max(self.window_start, draft.career_start + dt.timedelta(days=60))
        if earlier_low < earlier_high and self.rng.random() < 0.4:
            self._course(draft, day_between(self.rng, earlier_low, earlier_high))
        for _ in range(self.rng.choice((0, 0, 1, 1, 2))):
            seminar_low = max(self.window_start, draft.career_start)
            self._seminar(draft, day_between(self.rng, min(seminar_low, end), self.last_day))

    def _lapsed(self, draft: Draft) -> None:
        low = max(self.window_start, draft.career_start + dt.timedelta(days=60))
        high = self.cutoff - dt.timedelta(days=7)
        if low > high:
            return
        self._course(draft, day_between(self.rng, low, high))
        if self.rng.random() < 0.3:
            self._seminar(draft, day_between(self.rng, low, high))

    def _old(self, draft: Draft) -> bool:
        """One or two courses in 1996–2006 and nothing since; False if they started later."""
        low = max(OLD_FROM, draft.career_start + dt.timedelta(days=365))
        if low > OLD_TO:
            return False
        for _ in range(self.rng.choice((1, 1, 2))):
            end = day_between(self.rng, low, OLD_TO)
            name = self.env.ref.specialization_names[draft.post.subject]
            provider_name, title = themes.old_course(self.rng, draft.place.region, end.year, name)
            draft.training.append(
                self._record(draft, end, title, 72, Form.STATIONARY, provider_name=provider_name)
            )
        return True

    def _course(self, draft: Draft, end: dt.date) -> None:
        name = self.env.ref.specialization_names[draft.post.subject]
        # leadership courses once in the post (the first job in the list is the current one)
        leader = draft.post.position in LEADERS and end >= draft.jobs[0].start_date
        theme = themes.course_theme(self.rng, self.kind, end.year, subject_name=name, leader=leader)
        mix = REGION_PROVIDERS.get(draft.place.region, NATIONAL_PROVIDERS)
        if self.kind in (themes.UNIVERSITY, themes.NETWORK):
            mix = NATIONAL_PROVIDERS
        code = pick(self.rng, mix)
        form = pick(self.rng, forms_for(end.year))
        record = self._record(
            draft, end, theme.title, theme.hours, form, provider_id=self.env.ref.providers[code]
        )
        record.certificate_number = self.env.certificates.issue(code, end.year)
        draft.training.append(record)

    def _seminar(self, draft: Draft, end: dt.date) -> None:
        cabinet = self.env.ref.cabinets.get(draft.place.leaf) or self.env.ref.cabinets.get(
            draft.place.region + "000000000"
        )
        if cabinet is None or self.kind not in themes.SEMINARS:
            return
        experience = max(0, (end - draft.career_start).days // 365)
        theme = themes.seminar_theme(self.rng, self.kind, end.year, experience)
        record = self._record(draft, end, theme.title, theme.hours, Form.SEMINAR,
                              provider_id=cabinet)  # fmt: skip
        record.kind = Kind.AUGUST_SEMINAR if theme.title.startswith(AUGUST) else Kind.SEMINAR
        draft.training.append(record)

    def _record(
        self, draft: Draft, end: dt.date, title: str, hours: int, form: str, **provider
    ) -> TrainingRecord:
        days = 27 if form == Form.ONLINE else {72: 11, 36: 4}.get(hours, 2)
        cheber = end >= self.cheber_since and "provider_id" in provider
        return TrainingRecord(
            title=title,
            hours=hours,
            start_date=end - dt.timedelta(days=days),
            end_date=end,
            form=form,
            source=Source.CHEBER if cheber else Source.EXTERNAL,
            **provider,
        )


def older_group(rng: random.Random, draft: Draft, env: Env, long_lapsed_share: float) -> str:
    """The group of someone who has not trained in the last five years."""
    if draft.career_start > years_before(env.today, 5):
        return NEVER
    if draft.career_start <= years_before(env.today, 20) and rng.random() < long_lapsed_share:
        return LONG_LAPSED
    return LAPSED if rng.random() < 0.82 else NEVER


def write_histories(
    env: Env,
    rng: random.Random,
    drafts: list[Draft],
    *,
    kind: str,
    recent_share: float,
    long_lapsed_share: float = 0.0,
) -> None:
    """Exactly round(recent_share × n) of the drafts trained in the last five years, so
    the national share does not drift with the seed."""
    historian = Historian(env, rng, kind)
    recent = set(rng.sample(range(len(drafts)), round(recent_share * len(drafts))))
    for index, draft in enumerate(drafts):
        if index in recent:
            historian.write(draft, RECENT)
        else:
            historian.write(draft, older_group(rng, draft, env, long_lapsed_share))
    write_leaves(env, random.Random(rng.getrandbits(64)), drafts)
