"""Every user-visible message of the digitalgemeinde domain exists in German, French and Italian,
and every translation keeps the ${variables} of its message."""

import re
from pathlib import Path

import pytest

LOCALES = Path(__file__).resolve().parents[2] / "src" / "digitalgemeinde" / "locales"
LANGUAGES = ["de", "fr", "it"]
VARIABLE = re.compile(r"\$\{(\w+)\}")


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


def defaults(path: Path) -> dict[str, str]:
    """{msgid: default text} of the messages with an id and a default (``#. Default: "…"``)."""
    found = {}
    for block in path.read_text().split("\n\n"):
        default = re.search(r'^#\. Default: "(.*)"$', block, re.M)
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block + "\n", re.M)
        if default and msgid:
            found["".join(re.findall(r'"(.*)"', msgid.group(1)))] = default.group(1)
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_translates_every_message_of_the_template(language):
    template = entries(LOCALES / "digitalgemeinde.pot")
    catalog = entries(LOCALES / language / "LC_MESSAGES" / "digitalgemeinde.po")
    assert template, "the template lists no message: run make i18n"
    assert set(template) - set(catalog) == set(), "missing messages: run make i18n"
    assert set(catalog) - set(template) == set(), "obsolete messages: run make i18n"
    untranslated = sorted(msgid for msgid, msgstr in catalog.items() if not msgstr.strip())
    assert untranslated == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_variables_of_their_message(language):
    texts = defaults(LOCALES / "digitalgemeinde.pot")
    catalog = entries(LOCALES / language / "LC_MESSAGES" / "digitalgemeinde.po")
    changed = {
        msgid: msgstr
        for msgid, msgstr in catalog.items()
        if msgstr
        and sorted(VARIABLE.findall(texts.get(msgid, msgid))) != sorted(VARIABLE.findall(msgstr))
    }
    assert changed == {}


def test_makefile_syncs_every_catalog(repo):
    rule = (repo / "Makefile").read_text().split("\ni18n:")[1].split("\n\n")[0]
    for language in LANGUAGES:
        assert f"$(LOCALES)/{language}/LC_MESSAGES/digitalgemeinde.po" in rule, language


def test_translations_are_served(portal):
    from zope.i18n import translate

    from digitalgemeinde import _

    message = _("digitalgemeinde (uninstall)")
    assert translate(message, target_language="fr") == "digitalgemeinde (désinstallation)"
    assert translate(message, target_language="de") == "digitalgemeinde (Deinstallation)"
    assert translate(message, target_language="it") == "digitalgemeinde (disinstallazione)"
    state = _("citizen_state_waiting", default="Question: the office needs something from you.")
    assert translate(state, target_language="it") == (
        "Domanda: l'ufficio ha bisogno di qualcosa da voi."
    )


def test_no_message_is_hidden_in_an_f_string():
    """i18ndude does not look inside f-strings: a ``_("...")`` there is missing from the
    catalogs, and the page shows it in English (the PDF receipt's title did)."""
    import io
    import tokenize
    from pathlib import Path

    source = Path(__file__).resolve().parents[2] / "src" / "digitalgemeinde"
    hidden = []
    for path in source.rglob("*.py"):
        tokens = tokenize.generate_tokens(io.StringIO(path.read_text()).readline)
        for token in tokens:
            text = token.string
            if token.type == tokenize.STRING and text[:2].lower() in ('f"', "f'") and "_(" in text:
                hidden.append(f"{path.relative_to(source)}:{token.start[0]}")
    assert hidden == []
