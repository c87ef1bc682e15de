import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def empty_cache():
    """The invitation's limit counts in the cache: each test starts from none."""
    cache.clear()
    yield
    cache.clear()
