"""pytest plugin (pyproject.toml: `-p cheber.accounts.pytest_plugin`).

Most tests log users in with `force_login` and test what they may see and do; for them the
second-factor requirement is switched off. The log-in tests switch it back on with the
`second_factor_required` fixture (cheber/accounts/tests/conftest.py).
"""

import pytest


@pytest.fixture(autouse=True)
def _second_factor_not_required(settings):
    settings.CHEBER_MFA_REQUIRED = False
