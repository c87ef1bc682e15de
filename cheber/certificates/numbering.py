"""Certificate numbers: `<PROVIDER CODE>-<YEAR>-<sequence, 6 digits>`, e.g. OSH-IE-2026-000042.

Unique, never reused, and without gaps per provider and year: the number is taken from the
provider's `CertificateSequence` row under a row lock, inside the issuing transaction, so a
failed issue gives its number back when it rolls back, and simultaneous issues wait in turn.
"""

from django.db import IntegrityError, transaction

from cheber.certificates.models import CertificateSequence


def format_number(provider_code: str, year: int, sequence: int) -> str:
    return f"{provider_code}-{year}-{sequence:06d}"


def locked_sequence(provider, year: int) -> CertificateSequence:
    """The provider's sequence for the year, locked until the transaction ends (made when
    missing; two transactions making it at once both end up with the one row)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("A certificate number is taken inside the issuing transaction.")
    rows = CertificateSequence.objects.select_for_update()
    sequence = rows.filter(provider=provider, year=year).first()
    if sequence is None:
        try:
            with transaction.atomic():
                CertificateSequence.objects.create(provider=provider, year=year, last=0)
        except IntegrityError:
            pass  # made by a simultaneous issue, which has committed by now
        sequence = rows.get(provider=provider, year=year)
    return sequence


def next_number(provider, year: int) -> tuple[int, str]:
    """(sequence, number): the next number of the provider in the year, taken now."""
    sequence = locked_sequence(provider, year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last, format_number(provider.code, year, sequence.last)


def take_numbers(provider, year: int, count: int) -> list[tuple[int, str]]:
    """`count` consecutive numbers at once (for issuing a whole session or the demo)."""
    sequence = locked_sequence(provider, year)
    first = sequence.last + 1
    sequence.last += count
    sequence.save(update_fields=["last"])
    return [(n, format_number(provider.code, year, n)) for n in range(first, sequence.last + 1)]
