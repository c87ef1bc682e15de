import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from cheber.accounts.models import User

ROOT = Path(__file__).resolve().parents[3]


def run_cheber(*args: str, **env: str) -> subprocess.CompletedProcess:
    # the environment of a production server: nothing of the developer's own settings
    kept = {k: v for k, v in os.environ.items() if not k.startswith(("CHEBER_", "DJANGO_"))}
    return subprocess.run(
        [sys.executable, "-m", "cheber", *args],
        cwd=ROOT,
        env=kept | {"DJANGO_SETTINGS_MODULE": "config.settings"} | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def production(tmp_path):
    return {
        "CHEBER_ENV": "production",
        "CHEBER_SECRET_KEY": secrets.token_urlsafe(50),
        "CHEBER_ALLOWED_HOSTS": "cheber.edu.kg",
        "CHEBER_VAR_DIR": str(tmp_path),
    }


def test_the_deploy_check_finds_nothing_in_production_mode(production):
    result = run_cheber("check", "--deploy", **production)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
    assert result.stderr == ""


@pytest.mark.parametrize("missing", ["CHEBER_SECRET_KEY", "CHEBER_ALLOWED_HOSTS"])
def test_production_mode_refuses_to_start_without_its_secrets(production, missing):
    del production[missing]

    result = run_cheber("check", **production)

    assert result.returncode != 0
    assert f"CHEBER_ENV=production needs {missing} in the environment." in result.stderr
    assert not (Path(production["CHEBER_VAR_DIR"]) / "secret_key").exists()


def test_every_page_carries_the_content_security_policy(client, db):
    response = client.get(reverse("accounts:login"))

    assert response["Content-Security-Policy"] == (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    )


def test_pages_for_a_logged_in_user_are_not_stored(client, db):
    client.force_login(User.objects.create_user("teacher"))

    response = client.get(reverse("core:home"))

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_public_pages_keep_their_own_caching(client, db):
    anonymous_landing = client.get(reverse("core:landing"))
    anonymous_keys = client.get(reverse("certificates:public_keys"))
    client.force_login(User.objects.create_user("teacher"))
    keys = client.get(reverse("certificates:public_keys"))

    assert "Cache-Control" not in anonymous_landing
    assert anonymous_keys["Cache-Control"] == keys["Cache-Control"] == "public, max-age=3600"


def test_the_public_verification_page_keeps_its_own_header(client, db):
    anonymous = client.get(reverse("certificates:verify"))
    client.force_login(User.objects.create_user("teacher"))
    logged_in = client.get(reverse("certificates:verify"))

    # never_cache, set by the page itself (the token travels in the address)
    assert anonymous["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    assert logged_in["Cache-Control"] == anonymous["Cache-Control"]
