"""Time issuing (numbering and signing) and printing 1,000 certificates, and the session ZIP.

    .venv/bin/python bench/certificates.py [-n 1000] [--fresh] [--single] [--tracemalloc]

Runs on the database DATABASE_URL points to (else the SQLite file of CHEBER_VAR_DIR), which
needs the schema and the reference data: --fresh builds them first (migrate, load_reference),
in a temporary var dir for SQLite, in the (created if missing) database of DATABASE_URL for
PostgreSQL. The bench makes its own session of N completed enrolments of OSH-IE, issues their
certificates, renders them, and runs the real background job (`start_session_zip`, run in
process, rendering in one forked process per core) that writes the ZIP; --single also times
rendering them all in one process. Then it rolls everything back. Prints wall and CPU seconds
(this process and its rendering children) per step and the peak resident memory (getrusage);
--tracemalloc adds the peak of Python allocations per step (and slows the run).
The target: 1,000 certificates well under 60 s on 2 cores.
"""

import argparse
import datetime as dt
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SURNAMES = ("Өмүрбекова", "Токтогулова", "Асанова", "Жээнбекова", "Үсөнова", "Ңаева")
NAMES = ("Айгүл", "Жаңыл", "Нургүл", "Гүлнара", "Бүбүсара", "Чолпон")


class Rollback(Exception):
    pass


def setup_django(fresh: bool) -> str:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["CHEBER_TASKS"] = "immediate"  # the job runs here, where it is measured
    if fresh and not os.environ.get("DATABASE_URL"):
        os.environ["CHEBER_VAR_DIR"] = tempfile.mkdtemp(prefix="cheber-bench-")
    if fresh and os.environ.get("DATABASE_URL"):
        create_postgres_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if fresh:
        call_command("migrate", "--noinput", verbosity=0)
        call_command("load_reference", stdout=open(os.devnull, "w"))
    return f"{connection.vendor} ({connection.settings_dict['NAME']})"


def create_postgres_database(url: str) -> None:
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=3) as db:
        if not db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            db.execute(f'CREATE DATABASE "{name}"')


def rss_mb() -> float:
    """Peak resident memory of this process and of the largest rendering child, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, child) / 1024  # kilobytes on Linux


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (the rendering processes)."""
    own, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                           resource.RUSAGE_CHILDREN))  # fmt: skip
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@contextmanager
def step(label: str, count: int, trace: bool):
    if trace:
        tracemalloc.start()
    wall, cpu = time.perf_counter(), cpu_seconds()
    yield
    wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
    peak = f"  python peak {tracemalloc.get_traced_memory()[1] / 2**20:6.1f} MB" if trace else ""
    tracemalloc.stop()
    print(f"  {label:<34} {wall:7.2f} s wall {cpu:7.2f} s CPU ({1000 * cpu / count:5.1f} ms each)"
          f"  max RSS {rss_mb():6.1f} MB{peak}", flush=True)  # fmt: skip


def build_session(n: int):
    """A finished session of OSH-IE with `n` completed enrolments, and a staff member."""
    from cheber.accounts.models import Role
    from cheber.certificates.actions import set_signer
    from cheber.delivery.models import Enrolment
    from cheber.registry.models import Educator, TrainingRecord
    from cheber.registry.pin import make_pin
    from cheber.registry.tests.factories import OSH_CITY, OrganizationFactory, unit, user_with_role
    from cheber.schedule.tests import factories

    provider = factories.provider("OSH-IE")
    staff = user_with_role("bench.staff", Role.PROVIDER_STAFF, organization=provider)
    set_signer(actor=staff, provider=provider, name="Токтосунов Бакыт Асанович",
               position="Ректор")  # fmt: skip
    programme = factories.programme(
        provider, title_ky="Окуу сабаттуулугун өнүктүрүү: жаңы ыкмалар жана PISA тапшырмалары",
        title_ru="Развитие читательской грамотности: новые методы и задания PISA",
    )  # fmt: skip
    session = factories.session(provider_org=provider, programme=programme,
                                start=dt.date(2026, 10, 1), unit_soate=OSH_CITY)  # fmt: skip
    school = OrganizationFactory(unit=unit(OSH_CITY))
    educators = Educator.objects.bulk_create(
        Educator(
            pin=make_pin(sex="F", birth_date=dt.date(1980, 1, 1) + dt.timedelta(days=i % 9000),
                         serial=90000 + i),
            surname=SURNAMES[i % 6], first_name=NAMES[i // 6 % 6], patronymic="Сагынбаевна",
            sex="F", birth_date=dt.date(1980, 1, 1) + dt.timedelta(days=i % 9000),
            education_level=Educator.EducationLevel.BACHELOR,
        )
        for i in range(n)
    )  # fmt: skip
    records = TrainingRecord.objects.bulk_create(
        TrainingRecord(
            educator=e, provider=provider, title=programme.title_ky, hours=72,
            start_date=session.start_date, end_date=session.end_date, form=session.form,
            kind=programme.kind, source=TrainingRecord.Source.CHEBER,
        )
        for e in educators
    )  # fmt: skip
    now = dt.datetime.now(dt.UTC)
    Enrolment.objects.bulk_create(
        Enrolment(
            session=session, educator=e, organization=school, unit=school.unit,
            funding=Enrolment.Funding.BUDGET, origin=Enrolment.Origin.APPLICATION,
            state=Enrolment.State.COMPLETED, district_confirmed_at=now, release_confirmed_at=now,
            accepted_at=now, assessment_passed=True, training_record=r,
        )
        for e, r in zip(educators, records, strict=True)
    )  # fmt: skip
    return staff, session


def run(n: int, trace: bool, single: bool) -> None:
    from django.db import transaction
    from django.test.utils import override_settings

    from cheber.certificates.actions import issue_session_certificates
    from cheber.certificates.jobs import session_certificates, start_session_zip
    from cheber.certificates.pdf import render_many

    with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
        try:
            with transaction.atomic():
                staff, session = build_session(n)
                print(f"  data: {n} completed enrolments      max RSS {rss_mb():6.1f} MB")
                with step(f"issue {n} (number + sign)", n, trace):
                    issued = issue_session_certificates(actor=staff, session=session)
                assert len(issued) == n
                if single:
                    certificates = session_certificates(session.pk)
                    with step(f"render {n} PDFs in 1 process", n, trace):
                        for _ in render_many(certificates, processes=1):
                            pass
                with step(f"ZIP job for {n} (render + zip)", n, trace):
                    job = start_session_zip(actor=staff, session=session)
                job.refresh_from_db()
                assert (job.status, job.done) == ("done", n), (job.status, job.message)
                zipped = os.path.getsize(job.result.path)
                print(f"  ZIP {zipped / 2**20:.1f} MB ({zipped / n / 1024:.1f} KB a certificate)")
                raise Rollback
        except Rollback:
            pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--fresh", action="store_true", help="migrate and load reference first")
    parser.add_argument("--tracemalloc", action="store_true")
    parser.add_argument("--single", action="store_true", help="also time rendering in 1 process")
    options = parser.parse_args()
    database = setup_django(options.fresh)
    print(f"{database}, {os.cpu_count()} CPUs; after set-up max RSS {rss_mb():.1f} MB")
    run(options.n, options.tracemalloc, options.single)


if __name__ == "__main__":
    main()
