"""Who may try a password now: failed log-ins are counted so that a guesser is stopped and the
owner is not locked out by someone else's guesses.

Three counts, all in the cache (allauth's throttle keeps the first two):
- per address: a few failures a minute, whatever the accounts (`login_failed`, per ip);
- per account **and** address: a few failures in a quarter of an hour lock that address out of
  that account only (`login_failed`, per key, the key naming both);
- per account, from addresses it has not logged in from lately: past a free allowance, each
  failure doubles the wait before the next attempt (up to a ceiling), and a day's ceiling of
  failures stops them until the day's count falls. This slows a guesser who spreads over many
  addresses to a few tries an hour; the owner at an address they logged in from lately is held
  only by their own address's count.

The approach is django-axes' (lock-out by username and address together); it is done here, on
allauth's throttle that Cheber already runs, rather than by a second throttle beside it.
"""

import hashlib
import ipaddress
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

LOCK_SECONDS = 5  # a lock on an account's count is held for at most this long


@dataclass(frozen=True)
class Limits:
    free: int  # failures within `window` before each attempt waits
    window: int  # seconds
    longest_wait: int  # seconds: the growing wait stops growing here
    per_day: int  # failures within a day that stop all unknown addresses
    known_for: int  # seconds an address stays known after a log-in from it


def limits() -> Limits:
    return Limits(**settings.CHEBER_LOGIN_LOCKOUT)


def address_of(ip: str) -> str:
    """The address as counted: an IPv6 client by its /64 network (one household or phone gets
    one of those, and can pick any address inside it)."""
    try:
        parsed = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address)
    return str(parsed)


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def pair_key(login: str, address: str) -> str:
    """What allauth's per-key count names: the account and the address together."""
    return f"{login.lower()}|{address}"


def _known_key(login: str, address: str) -> str:
    return "cheber:login:known:" + _digest(login.lower(), address)


def _failures_key(login: str) -> str:
    return "cheber:login:failures:" + _digest(login.lower())


def remember_address(login: str, address: str) -> None:
    """A correct password from this address: it is the owner's for a while."""
    cache.set(_known_key(login, address), True, limits().known_for)


def is_known(login: str, address: str) -> bool:
    return bool(cache.get(_known_key(login, address)))


def wait_for(failures: list[float], now: float, rule: Limits) -> float:
    """Seconds before the account may be tried again from an unknown address (0: now), given
    the times of its failures, newest first."""
    if len(failures) >= rule.per_day:
        return failures[rule.per_day - 1] + 86400 - now
    recent = sum(1 for moment in failures if moment > now - rule.window)
    if recent < rule.free:
        return 0
    wait = min(2 ** (recent - rule.free), rule.longest_wait)
    return max(0.0, failures[0] + wait - now)


@dataclass
class Attempt:
    """One attempt counted as a failure before the password is checked (so that many attempts
    at once cannot all slip through); `cancel()` takes it back when the password was right or
    was never checked."""

    login: str
    moment: float | None

    def cancel(self) -> None:
        if self.moment is None:
            return
        with _locked(self.login):
            failures = cache.get(_failures_key(self.login), [])
            cache.set(_failures_key(self.login), [t for t in failures if t != self.moment], 86400)


def try_account(login: str, address: str) -> Attempt | None:
    """The attempt, counted; None when the account must wait (an unknown address only)."""
    if is_known(login, address):
        return Attempt(login, None)
    rule, now = limits(), time.time()
    with _locked(login):
        failures = [t for t in cache.get(_failures_key(login), []) if t > now - 86400]
        if wait_for(failures, now, rule) > 0:
            return None
        cache.set(_failures_key(login), [now, *failures][: rule.per_day], 86400)
    return Attempt(login, now)


class _locked:
    """The account's count to oneself while it is read and written (best effort: after
    LOCK_SECONDS the attempt goes on, which only counts it twice)."""

    def __init__(self, login: str):
        self.key = _failures_key(login) + ":lock"

    def __enter__(self):
        deadline = time.monotonic() + LOCK_SECONDS
        while not cache.add(self.key, True, LOCK_SECONDS) and time.monotonic() < deadline:
            time.sleep(0.01)

    def __exit__(self, *exc):
        cache.delete(self.key)
