"""Project-wide test set-up: browser detection and shared fixtures."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

CHROMIUM = os.environ.get("CHEBER_CHROMIUM", "/usr/bin/chromium")
HAVE_CHROMIUM = Path(CHROMIUM).exists() or shutil.which("chromium") is not None
SKIP_BROWSER = f"Browser tests skipped: no Chromium at {CHROMIUM} (apt-get install chromium)."
# Tests that need these Debian tools skip without them; the summary names what was left out.
TOOLS = {
    "pdftotext": "PDF text-layer and image tests skipped: no poppler-utils "
    "(apt-get install poppler-utils).",
    "xgettext": "Catalogue extraction test skipped: no GNU gettext (apt-get install gettext).",
    "soffice": "Import of a LibreOffice-saved file skipped: no LibreOffice "
    "(apt-get install libreoffice-calc-nogui).",
}


def pytest_report_header(config):
    if HAVE_CHROMIUM:
        return f"browser tests: Chromium at {CHROMIUM}"
    return SKIP_BROWSER


def pytest_collection_modifyitems(config, items):
    if HAVE_CHROMIUM:
        return
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=SKIP_BROWSER))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    for tool, message in TOOLS.items():
        if shutil.which(tool) is None:
            terminalreporter.write_line(message, yellow=True, bold=True)
    if not HAVE_CHROMIUM:
        terminalreporter.write_line(SKIP_BROWSER, yellow=True, bold=True)


@pytest.fixture(autouse=True, scope="session")
def _static_files_from_the_source():
    """Pages render without `collectstatic`: the source folders, not the hashed manifest."""
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    from django.conf import settings

    with override_settings(
        STORAGES={**settings.STORAGES, "staticfiles": plain}, WHITENOISE_USE_FINDERS=True
    ):
        yield


PHONE = {"width": 360, "height": 740}


@pytest.fixture
def phone_page():
    """A page of Debian's Chromium on a 360-px phone screen (tests marked `browser`)."""
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls in the test
    # itself are still synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser.new_context(viewport=PHONE).new_page()
        browser.close()


def fits_the_screen(page) -> bool:
    """No horizontal scrolling: the page is as wide as the phone."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _load_reference_if_missing() -> None:
    from django.core.management import call_command

    from cheber.registry.models import AdminUnit

    if not AdminUnit.objects.exists():
        call_command("load_reference", stdout=open(os.devnull, "w"))
    _load_migration_data_if_missing()


# The rules the data migrations load, each put back by its own migration's function when a
# transactional test's flush removed it (the flush empties every table, migrations' rows too).
MIGRATION_DATA = [
    ("compliance.Policy", "cheber.compliance.migrations.0002_policies", "add_policies"),
    ("delivery.CompletionRule", "cheber.delivery.migrations.0002_completion_rule", "add_rule"),
    ("learning.OnlineCompletionRule", "cheber.learning.migrations.0002_online_completion_rule",
     "add_rule"),
]  # fmt: skip


def _load_migration_data_if_missing() -> None:
    import importlib

    from django.apps import apps

    for model, module, function in MIGRATION_DATA:
        if not apps.get_model(model).objects.exists():
            getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture
def reference(db):
    """The reference data (geography, positions, specializations, providers), as in production.

    Loaded once per test database by `django_db_setup`; a transactional test's flush removes it,
    and then the next test that asks for it loads it again."""
    _load_reference_if_missing()


@pytest.fixture
def no_reference(db):
    """A database without the reference data (removed inside the test's transaction, so the
    next test finds it again)."""
    from cheber.registry.models import AdminUnit, Organization, Position, Specialization

    Organization.objects.all().delete()
    AdminUnit.objects.update(parent=None, region=None)  # (their own references protect them)
    for model in (AdminUnit, Position, Specialization):
        model.objects.all().delete()


@pytest.fixture(scope="session")
def live_server(django_db_setup, live_server):
    """pytest-django's live server, stopped before the test database is dropped."""
    return live_server


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The reference data loaded once into the new test database (each test's transaction
    rolls back to it). On PostgreSQL, at the end, the connections browser tests leave behind are
    ended (Playwright runs test code in a greenlet, whose ORM connection Django cannot close), so
    the test database can be dropped."""
    with django_db_blocker.unblock():
        _load_reference_if_missing()
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory):
    """`migrated_sqlite(path)` puts at `path` a copy of one SQLite database as `cheber migrate`
    and `cheber load_reference` leave it, made once per test process by a `cheber` process of
    its own (for tests that run `cheber` on a database of their own: migrating one takes
    seconds)."""
    from django.conf import settings

    var = tmp_path_factory.mktemp("migrated")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CHEBER_", "DATABASE_URL"))}
    env |= {"CHEBER_VAR_DIR": str(var), "PYTHONPATH": str(settings.BASE_DIR)}
    steps = 'from django.core.management import call_command as c; c("migrate", verbosity=0); '
    steps += 'c("load_reference", verbosity=0)'
    subprocess.run([sys.executable, "-m", "cheber", "shell", "-c", steps], env=env,
                   cwd=settings.BASE_DIR, check=True, capture_output=True)  # fmt: skip

    def copy(path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(var / "cheber.sqlite3", path)
        return path

    return copy


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language (Kyrgyz), whatever an earlier request left
    active in the thread; modules that assert English messages override it."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Argon2 costs tens of milliseconds a user on purpose; tests create hundreds of users.
    The tests of the hashing itself ask for `production_hashers`."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def production_hashers(settings):
    """The password hashers of the production settings (Argon2 first)."""
    from config import settings as production

    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS


@pytest.fixture(autouse=True)
def _jobs_run_in_the_request(settings):
    """Background jobs run at once in tests, so a test sees their result; the database-backed
    queue and its worker are exercised by their own package's tests."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
