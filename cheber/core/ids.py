"""Numbers taken from a request: an id, a sequence, a rank. One reading for all of them, so
that what is not a plain integer within range is refused the same way everywhere, before it
reaches Python's int() (which takes "²" for no number but "٣" for three) or the database
(which cannot hold a twenty-digit number and says so with a server error)."""

from django.http import Http404

MAX_ID = 2**63 - 1  # the largest value of a BigAutoField (and of any database integer)
MAX_INTEGER = 2**31 - 1  # the largest value of an IntegerField on every database


def parse_id(value, *, minimum: int = 1, maximum: int = MAX_ID) -> int | None:
    """The integer `value` spells in plain ASCII digits (no sign, no spaces, no other
    script's digits), when it lies within [minimum, maximum]; else None."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 19:
        number = int(value)
    else:
        return None
    return number if minimum <= number <= maximum else None


def id_or_404(value, **bounds) -> int:
    """`parse_id(value)`, or 404 for what it refuses (an id nobody could have)."""
    number = parse_id(value, **bounds)
    if number is None:
        raise Http404
    return number
