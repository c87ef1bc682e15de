"""Simultaneous issues on PostgreSQL: numbers 1..N for a provider and year, no duplicate, no
gap (failed issues give their number back), one certificate per enrolment."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection

from cheber.certificates.actions import issue_certificate, issue_session_certificates
from cheber.certificates.models import Certificate, CertificateSequence, SigningKey
from cheber.certificates.tests.conftest import complete
from cheber.certificates.verification import verify
from cheber.delivery.models import Enrolment

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="row locks are tested on PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference", "today"),
]

WORKERS, PER_WORKER = 8, 25


def run_at_once(batches):
    """Each batch of calls in its own thread (its own connection), all released together;
    returns every call's result or ValidationError."""
    start = threading.Event()

    def run(calls):
        start.wait()
        results = []
        try:
            for call in calls:
                try:
                    results.append(call())
                except ValidationError as error:
                    results.append(error)
        finally:
            connection.close()
        return results

    with ThreadPoolExecutor(max_workers=len(batches)) as pool:
        futures = [pool.submit(run, calls) for calls in batches]
        start.set()
        return [result for future in futures for result in future.result()]


def test_simultaneous_issues_give_numbers_without_duplicate_or_gap(finished_session, provider_user):
    enrolments = [complete(finished_session) for _ in range(WORKERS * PER_WORKER)]
    refused = [complete(finished_session) for _ in range(WORKERS)]
    Enrolment.objects.filter(pk__in=[e.pk for e in refused]).update(
        state="not_completed", training_record=None
    )
    batches = []
    for worker in range(WORKERS):
        mine = enrolments[worker * PER_WORKER : (worker + 1) * PER_WORKER]
        calls = [lambda e=e: issue_certificate(actor=provider_user, enrolment=e) for e in mine]
        # a refused issue in the middle takes (and gives back) a number inside its transaction
        calls.insert(PER_WORKER // 2, lambda e=refused[worker]: issue_certificate(
            actor=provider_user, enrolment=Enrolment.objects.get(pk=e.pk)))  # fmt: skip
        batches.append(calls)

    results = run_at_once(batches)

    assert sum(isinstance(r, ValidationError) for r in results) == WORKERS
    total = WORKERS * PER_WORKER
    sequences = sorted(Certificate.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, total + 1))
    numbers = set(Certificate.objects.values_list("number", flat=True))
    assert len(numbers) == total
    assert f"OSH-IE-2026-{total:06d}" in numbers
    assert CertificateSequence.objects.get().last == total
    assert SigningKey.objects.count() == 1  # made once, by whichever issue came first
    assert Certificate.objects.values("enrolment").distinct().count() == total
    sample = Certificate.objects.order_by("?").first()
    assert verify(sample.number, sample.token).status == "valid"


def test_simultaneous_issues_for_one_enrolment_make_one_certificate(
    completed_enrolment, provider_user, institute_user
):
    batches = [
        [lambda u=user: issue_certificate(actor=u, enrolment=completed_enrolment)]
        for user in [provider_user, institute_user] * 4
    ]

    results = run_at_once(batches)

    assert Certificate.objects.count() == 1
    assert {r.pk for r in results} == {Certificate.objects.get().pk}
    assert CertificateSequence.objects.get().last == 1


def test_session_issue_and_single_issues_at_once_never_double(finished_session, provider_user):
    enrolments = [complete(finished_session) for _ in range(20)]
    batches = [[lambda: issue_session_certificates(actor=provider_user, session=finished_session)]]
    batches += [
        [lambda e=e: issue_certificate(actor=provider_user, enrolment=e) for e in enrolments[i::4]]
        for i in range(4)
    ]

    run_at_once(batches)

    assert Certificate.objects.count() == 20
    assert sorted(Certificate.objects.values_list("sequence", flat=True)) == list(range(1, 21))
    assert CertificateSequence.objects.get().last == 20
