"""Every user-visible message of the digitalgemeinde domain exists in German and French."""

import re
from pathlib import Path

import pytest

LOCALES = Path(__file__).resolve().parents[2] / "src" / "digitalgemeinde" / "locales"


def entries(path: Path) -> dict[str, str]:
    """{msgid: msgstr} of a .po/.pot file, multi-line strings joined, the header left out."""
    found = {}
    for block in path.read_text().split("\n\n"):
        match = re.search(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n?)+)', block + "\n", re.M)
        if not match:
            continue
        msgid, msgstr = ("".join(re.findall(r'"(.*)"', part)) for part in match.groups())
        if msgid:
            found[msgid] = msgstr
    return found


@pytest.mark.parametrize("language", ["de", "fr"])
def test_catalog_translates_every_message_of_the_template(language):
    template = entries(LOCALES / "digitalgemeinde.pot")
    catalog = entries(LOCALES / language / "LC_MESSAGES" / "digitalgemeinde.po")
    assert template, "the template lists no message: run make i18n"
    assert set(catalog) == set(template), "out of sync: run make i18n"
    untranslated = sorted(msgid for msgid, msgstr in catalog.items() if not msgstr.strip())
    assert untranslated == []


def test_french_translation_is_served(portal):
    from zope.i18n import translate

    from digitalgemeinde import _

    message = _("digitalgemeinde (uninstall)")
    assert translate(message, target_language="fr") == "digitalgemeinde (désinstallation)"
    assert translate(message, target_language="de") == "digitalgemeinde (Deinstallation)"
