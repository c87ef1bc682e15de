"""The ky, ru and en catalogues are complete, and the compiled ones match their sources."""

import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

LANGUAGES = ["ky", "ru", "en"]


def catalogue(language: str, kind: str = "po"):
    path = Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / f"django.{kind}"
    return polib.pofile(str(path)) if kind == "po" else polib.mofile(str(path))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language):
    po = catalogue(language)

    missing = [e.msgid for e in po if not e.obsolete and (not e.translated() or e.fuzzy)]

    assert missing == []
    assert len(po) > 100


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_matches_its_source(language):
    po, mo = catalogue(language), catalogue(language, "mo")

    def pairs(entries):
        return {(e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
                for e in entries if e.msgid}  # fmt: skip

    assert pairs(e for e in po if not e.obsolete) == pairs(mo)


def test_kyrgyz_catalogue_uses_the_kyrgyz_letters():
    text = " ".join(e.msgstr for e in catalogue("ky"))

    assert {"ң", "ө", "ү"} <= set(text)


@pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="GNU gettext not installed: apt-get install gettext"
)
def test_every_string_of_the_code_is_in_the_catalogues(settings, tmp_path, monkeypatch):
    """Extract the messages afresh (as `make messages` does) and compare: a string marked for
    translation in the code but missing from the catalogues would show untranslated. The
    extraction reads the sources through links in a scratch directory and writes there, never
    into the committed catalogues."""
    committed = {(e.msgctxt, e.msgid) for e in catalogue("en") if e.msgid and not e.obsolete}
    sources = tmp_path / "sources"
    sources.mkdir()
    for name in ("cheber", "config", "templates"):
        (sources / name).symlink_to(Path(settings.BASE_DIR) / name)
    monkeypatch.chdir(sources)
    settings.LOCALE_PATHS = [str(tmp_path / "out" / "locale")]
    call_command("makemessages", locale=["en"], symlinks=True, verbosity=0)
    po = polib.pofile(str(tmp_path / "out" / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    extracted = {(e.msgctxt, e.msgid) for e in po if e.msgid}

    assert sorted(extracted - committed, key=str) == []
    assert sorted(committed - extracted, key=str) == []
