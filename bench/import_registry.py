"""Time and peak memory of importing 100,000 educators (with their jobs) from an .xlsx file.

    .venv/bin/python bench/import_registry.py [-n 100000] [--csv] [--fresh]

Runs on the database DATABASE_URL points to (else the SQLite file of CHEBER_VAR_DIR), which
needs the schema and the reference data: --fresh builds them first (migrate, load_reference),
in a temporary var dir for SQLite, in the (created if missing) database of DATABASE_URL for
PostgreSQL. The bench writes a file in the import template (an organizations sheet of 400
schools and an educators sheet of N rows, each a person with one job), then times, each in a
fresh process state of the same file:

  check      reading and validating every row (nothing written)
  import     the same, then writing the valid rows (bulk inserts and audit events)
  again      the same file a second time: checked, nothing to write

and then deletes what it wrote. Prints wall and CPU seconds (of this process: the database server's
work on PostgreSQL is in the wall time only) and the peak resident memory (getrusage) after
each step. The target: 100,000 rows under 15 s and under 1 GB.
"""

import argparse
import datetime as dt
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
SURNAMES = ("Өмүрбекова", "Токтогулова", "Асанова", "Жээнбекова", "Үсөнова", "Иманалиева")
NAMES = ("Айгүл", "Жаңыл", "Нургүл", "Гүлнара", "Бүбүсара", "Чолпон")
SCHOOLS = 400
KOCHKOR = "41704235000000"


def setup(fresh: bool) -> str:
    from certificates import setup_django

    return setup_django(fresh)


def write_file(path: Path, n: int, as_csv: bool) -> None:
    from openpyxl import Workbook

    from cheber.registry.pin import make_pin

    organizations = [
        [
            "organization code",
            "organization type",
            "name in Kyrgyz",
            "name in Russian",
            "СОАТЕ code of the district or city",
            "urban or rural",
        ]
    ]
    organizations += [[f"BENCH-{i:04d}", "school", f"№ {i} мектеби", f"Школа № {i}", KOCHKOR,
                       "rural"] for i in range(SCHOOLS)]  # fmt: skip
    educators = [
        [
            "PIN",
            "surname",
            "name",
            "patronymic",
            "education level",
            "specializations",
            "organization code",
            "position",
            "job start date",
            "workload (rate)",
        ]
    ]
    for i in range(n):
        birth = dt.date(1960, 1, 1) + dt.timedelta(days=i % 14000)
        educators.append([
            make_pin(sex="F", birth_date=birth, serial=i % 100000), SURNAMES[i % 6],
            NAMES[i // 6 % 6], "Сагынбаевна", "bachelor", "primary_teacher",
            f"BENCH-{i % SCHOOLS:04d}", "teacher",
            dt.date(2000, 9, 1) + dt.timedelta(days=i % 7000), 1,
        ])  # fmt: skip
    if as_csv:
        import csv

        with open(path, "w", newline="", encoding="utf-8-sig") as out:
            csv.writer(out, delimiter=";").writerows(educators)
        return
    workbook = Workbook(write_only=True)
    for title, rows in (("Organizations", organizations), ("Educators", educators)):
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(path: Path, commit: bool) -> dict:
    from cheber.core.actors import SYSTEM
    from cheber.imports.actions import import_registry
    from cheber.imports.plan import build_plan

    # as `cheber import_registry --commit` does: the server, which matches every PIN
    with open(path, "rb") as source:
        plan = build_plan(source, path.name, actor=SYSTEM, writing=commit)
    if plan.fatal:
        raise SystemExit(plan.fatal)
    if commit and plan.has_writes:
        import_registry(actor=SYSTEM, plan=plan, reference=path.name)
    return plan.report()["counts"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=100_000)
    parser.add_argument("--csv", action="store_true", help="a CSV file instead of .xlsx")
    parser.add_argument("--fresh", action="store_true", help="migrate and load reference first")
    args = parser.parse_args()
    database = setup(args.fresh)
    from cheber.registry.models import Educator

    suffix = ".csv" if args.csv else ".xlsx"
    path = Path(tempfile.mkdtemp(prefix="cheber-import-")) / f"bench{suffix}"
    started = time.perf_counter()
    write_file(path, args.n, args.csv)
    print(f"{database}: {args.n} educator rows, {path.stat().st_size / 2**20:.1f} MB "
          f"{path.suffix} written in {time.perf_counter() - started:.1f} s; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")  # fmt: skip
    before = Educator.objects.count()
    try:
        if args.csv:
            _organizations_first()
        for label, commit in (("check", False), ("import", True), ("again", True)):
            started, cpu = time.perf_counter(), time.process_time()
            counts = run(path, commit)
            wall, cpu = time.perf_counter() - started, time.process_time() - cpu
            print(f"  {label:<7} {wall:6.2f} s wall {cpu:6.2f} s CPU   max RSS {rss_mb():5.0f} MB"
                  f"   {_summary(counts)}", flush=True)  # fmt: skip
            if commit:
                _analyze()
        print(f"  educators added to the database: {Educator.objects.count() - before}")
    finally:
        _clean_up(path.name)


def _summary(counts: dict) -> str:
    return "; ".join(
        f"{entity} " + " ".join(f"{k} {v}" for k, v in numbers.items() if v)
        for entity, numbers in counts.items()
        if any(numbers.values())
    )


def _analyze() -> None:
    """What autovacuum does after many inserts on PostgreSQL, so that the next import is
    planned on the tables as they now are (a later import, in real life)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _clean_up(reference: str) -> None:
    """Remove what the bench wrote (committed, as a real import is), in one transaction."""
    from django.db import connection, transaction

    from cheber.core.models import AuditEvent
    from cheber.registry.models import Educator, Employment, Organization

    tables = {m: connection.ops.quote_name(m._meta.db_table)
              for m in (Educator, Employment, Organization, AuditEvent)}  # fmt: skip
    links = connection.ops.quote_name(Educator.specializations.through._meta.db_table)
    schools = f"SELECT id FROM {tables[Organization]} WHERE code LIKE 'BENCH-%%'"
    people = f"SELECT educator_id FROM {tables[Employment]} WHERE organization_id IN ({schools})"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE bench_people AS {people}")
        cursor.execute(f"DELETE FROM {links} WHERE educator_id IN (SELECT * FROM bench_people)")
        cursor.execute(f"DELETE FROM {tables[Employment]} WHERE organization_id IN ({schools})")
        cursor.execute(f"DELETE FROM {tables[Educator]} WHERE id IN (SELECT * FROM bench_people)")
        cursor.execute(f"DELETE FROM {tables[Organization]} WHERE code LIKE 'BENCH-%%'")
        AuditEvent.objects.filter(data__import=reference).delete()
        cursor.execute("DROP TABLE bench_people")


def _organizations_first() -> None:
    """A CSV holds one sheet: the bench's schools are created directly."""
    from cheber.registry.models import AdminUnit, Organization

    unit = AdminUnit.objects.get(soate=KOCHKOR)
    Organization.objects.bulk_create(
        Organization(code=f"BENCH-{i:04d}", type="school", name_ky=f"№ {i}", name_ru=f"№ {i}",
                     unit=unit, region_id=unit.region_id, locality="rural")
        for i in range(SCHOOLS)
    )  # fmt: skip


if __name__ == "__main__":
    main()
