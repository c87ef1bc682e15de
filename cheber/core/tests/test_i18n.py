"""The ky, ru and en catalogues are complete, and the compiled ones match their sources."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

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
