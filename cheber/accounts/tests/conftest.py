import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone


@pytest.fixture(autouse=True)
def empty_cache():
    """Throttling counts in the cache: each test starts from none and leaves none behind."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def second_factor_required(settings):
    settings.CHEBER_MFA_REQUIRED = True


def log_in(client, login: str, password: str, **extra):
    return client.post(reverse("accounts:login"), {"login": login, "password": password}, **extra)


def totp_code(secret: str, *, offset: int = 0) -> str:
    """The code an authenticator app shows now (allauth's own computation)."""
    return format_hotp_value(hotp_value(secret, int(timezone.now().timestamp()) // 30 + offset))
