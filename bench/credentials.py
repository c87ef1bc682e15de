"""Time the Open Badges credentials: building and signing the JWT a holder downloads, and a
provider's revocation list (Bitstring Status List) with a tenth of its certificates revoked.

    .venv/bin/python bench/credentials.py [-n 1000] [--fresh] [--lists 50]

The data as bench/certificates.py makes it (a session of N completed enrolments of OSH-IE,
issued), on the same database (DATABASE_URL, else the SQLite file; --fresh builds the schema
and reference data first); then everything is rolled back. Each credential is built as a
download builds it (the certificate read again with its relations, as the page reads it).
"""

import argparse
import datetime as dt
import os
import time

import certificates as base  # bench/certificates.py, beside this file


def run(n: int, lists: int) -> None:
    from django.db import transaction

    from cheber.certificates import credentials
    from cheber.certificates.actions import issue_session_certificates
    from cheber.certificates.models import Certificate

    try:
        with transaction.atomic():
            staff, session = base.build_session(n)
            issued = issue_session_certificates(actor=staff, session=session)
            related = ("educator", "provider", "signing_key", "enrolment__session")
            with base.step(f"download {n} credentials (JWT)", n, False):
                for certificate in issued:
                    fetched = Certificate.objects.select_related(*related).get(pk=certificate.pk)
                    token = credentials.signed_credential(fetched)
            print(f"  one JWT: {len(token)} bytes")
            revoked = [c.pk for c in issued[::10]]
            Certificate.objects.filter(pk__in=revoked).update(
                revoked_at=dt.datetime.now(dt.UTC), revocation_reason="bench"
            )
            number = issued[0].pk // credentials.STATUS_LIST_BITS
            with base.step(f"status list x{lists} ({len(revoked)} revoked)", lists, False):
                for _ in range(lists):
                    status = credentials.signed_status_list(session.provider, number)
            print(f"  one status list JWT: {len(status)} bytes")
            raise base.Rollback
    except base.Rollback:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--lists", type=int, default=50)
    parser.add_argument("--fresh", action="store_true", help="migrate and load reference first")
    options = parser.parse_args()
    started = time.perf_counter()
    database = base.setup_django(options.fresh)
    print(f"{database}, {os.cpu_count()} CPUs; set-up {time.perf_counter() - started:.1f} s")
    run(options.n, options.lists)


if __name__ == "__main__":
    main()
