"""Issue 19, save and resume over the browser form: "Speichern und später weitermachen" keeps a
half-filled form with its file, mails the link (German, through the real MailHost), and the link
opens the form filled in, in another browser; sending it discards the draft. A tampered or
expired link is a 404; a citizen's draft is theirs alone (Meine Anliegen); the office never
sees a draft."""

import re
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from io import BytesIO

import pytest
import transaction
from plone import api

from digitalgemeinde.sitesetup import configure_languages
from digitalgemeinde.submissions import draft_mail
from digitalgemeinde.submissions import drafts
from tests.helpers import RestClient
from tests.helpers import browser_for
from tests.helpers import create_user
from tests.request_forms import FIELDS_MODEL
from tests.submissions import test_mail
from tests.submissions.helpers import inbox_url
from tests.submissions.test_mail import mails
from tests.submissions.test_mail import subject

# the real MailHost writing to a Maildir, as in test_mail
mail_dir = test_mail.mail_dir
real_mailhost = test_mail.real_mailhost

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LINK = re.compile(r"(http://\S+/@@draft-resume\?token=\S+)")


@pytest.fixture
def german(form):
    configure_languages("de")
    transaction.commit()
    return form


def fresh_browser(app, user=None):
    browser = browser_for(app, user)
    browser.addHeader("Accept-Language", "de")
    return browser


def save_half(app, form, user=None, **values):
    """A citizen fills in part of the form, attaches the vaccination card and saves."""
    browser = fresh_browser(app, user)
    browser.open(form.absolute_url())
    for name, value in {"name": "Anna Muster", **values}.items():
        browser.getControl(name=f"form.widgets.{name}").value = value
    control = browser.getControl(name="form.widgets.document")
    control.add_file(BytesIO(PDF), "application/pdf", "impfausweis.pdf")
    browser.getControl(name="form.buttons.save_draft").click()
    transaction.begin()
    return browser


def status(browser) -> int:
    return int(browser.headers["status"].split()[0])


def opened(browser, url):
    browser.open(url)
    return browser


def all_drafts() -> list:
    transaction.begin()
    found = drafts.storage()
    return list(found.drafts.values()) if found is not None else []


def body_of(message) -> str:
    return message.get_payload(decode=True).decode(message.get_content_charset() or "utf-8")


def test_save_mail_resume_and_send(app, german, world, mail_dir, real_mailhost):
    browser = save_half(app, german, email="anna@")  # the e-mail half typed: not checked yet
    assert "Ihr Entwurf ist gespeichert" in browser.contents
    assert re.search(
        r"bis\s*<strong>\d+\. \w+ 20\d\d, \d\d:\d\d</strong> aufbewahrt", browser.contents
    )
    [draft] = all_drafts()
    assert draft.values["name"] == "Anna Muster" and draft.values["email"] == "anna@"
    assert draft.values["document"].data == PDF
    assert draft.saved and draft.userid is None
    # the half-typed address is not offered; an invalid one is refused with a message
    assert browser.getControl(name="email").value == ""
    browser.getControl(name="email").value = "anna at example"
    browser.getForm(action="@@draft-mail").submit()
    assert status(browser) == 400
    assert "Bitte geben Sie Ihre E-Mail-Adresse ein" in browser.contents
    assert mails(mail_dir) == []
    browser.getControl(name="email").value = "anna@example.ch"
    browser.getForm(action="@@draft-mail").submit()
    assert "Wir haben den Link zum Weitermachen an" in browser.contents
    transaction.begin()
    [message] = mails(mail_dir)
    assert message["To"] == "anna@example.ch"
    assert subject(message) == "Ihr Entwurf: Hund anmelden"
    text = body_of(message)
    assert "aufbewahrt und danach gelöscht" in text and "nicht weiter" in text
    link = LINK.search(text).group(1)
    token = link.split("token=")[1]
    assert token not in repr(vars(all_drafts()[0]))  # only its hash is kept

    # another browser (another device): the link opens the form, filled in, with the file
    other = fresh_browser(app)
    other.open(link)
    assert other.url == german.absolute_url()
    assert other.getControl(name="form.widgets.name").value == "Anna Muster"
    assert other.getControl(name="form.widgets.email").value == "anna@"
    assert "Aus Ihrem Entwurf mitgesendet: impfausweis.pdf" in other.contents
    assert "Ihr gespeicherter Entwurf ist eingefüllt" in other.contents
    other.getControl(name="form.widgets.email").value = "anna@example.ch"
    other.getControl(name="form.widgets.dog").value = "Bello"
    other.getControl(name="form.buttons.submit").click()
    assert "@@anliegen/" in other.url
    transaction.begin()
    [submission] = [
        o for o in world["liestal-office"].objectValues() if o.portal_type == "Submission"
    ]
    assert submission.values["document"].data == PDF
    assert submission.values["name"] == "Anna Muster"
    assert all_drafts() == []  # sent: the draft is gone, with its file
    # the link now opens nothing
    assert status(opened(fresh_browser(app), link)) == 404


def test_a_tampered_or_expired_link_is_not_found(app, german, mail_dir, real_mailhost):
    browser = save_half(app, german)
    browser.getControl(name="email").value = "anna@example.ch"
    browser.getForm(action="@@draft-mail").submit()
    transaction.begin()
    link = LINK.search(body_of(mails(mail_dir)[0])).group(1)
    tampered = link[:-2] + ("AA" if not link.endswith("AA") else "BB")
    for wrong in (tampered, link.split("?")[0], link.split("token=")[0] + "token="):
        assert status(opened(fresh_browser(app), wrong)) == 404
    fresh_browser(app).open(link)  # the right one works
    [draft] = all_drafts()
    draft.expires = datetime.now(UTC) - timedelta(minutes=1)
    transaction.commit()
    assert status(opened(fresh_browser(app), link)) == 404
    # the expired draft is not filled in from the cookie either
    browser.open(german.absolute_url())
    assert browser.getControl(name="form.widgets.name").value == ""


def test_a_changed_form_says_what_to_fill_in_again(app, german, mail_dir, real_mailhost):
    browser = save_half(app, german, born="1990-05-01", dog="Bello")
    with api.env.adopt_roles(["Manager"]):
        german.fields_model = FIELDS_MODEL.replace(
            'name="born" type="zope.schema.Date"', 'name="born" type="zope.schema.Int"'
        ).replace(
            '<field name="dog" type="zope.schema.TextLine"><title>Name des Hundes</title></field>',
            "",
        )
    transaction.commit()
    browser.open(german.absolute_url())
    assert browser.getControl(name="form.widgets.name").value == "Anna Muster"
    assert "Bitte füllen Sie erneut aus: Geburtsdatum" in browser.contents
    assert browser.getControl(name="form.widgets.born").value == ""


def test_a_citizens_drafts_are_in_my_requests_and_theirs_alone(app, german):
    create_user("anna")  # anna@example.ch
    create_user("bruno")
    transaction.commit()
    browser = save_half(app, german, user="anna")
    assert browser.getControl(name="email").value == "anna@example.ch"  # from the account
    assert "Meine Anliegen" in browser.contents
    [draft] = all_drafts()
    assert draft.userid == "anna"

    browser.open(f"{api.portal.get().absolute_url()}/@@meine-anliegen")
    section = browser.contents.split('id="my-drafts"')[1]
    assert "Hund anmelden" in section and "Weiter ausfüllen" in section
    browser.getLink("Weiter ausfüllen").click()
    assert browser.getControl(name="form.widgets.name").value == "Anna Muster"

    other = fresh_browser(app, "bruno")
    other.open(f"{api.portal.get().absolute_url()}/@@meine-anliegen")
    assert 'id="my-drafts"' not in other.contents and "Hund anmelden" not in other.contents
    # Anna's link in Bruno's hands opens nothing; without a login it asks for Anna's
    token = drafts.mint_resume_token(draft)
    transaction.commit()
    link = f"{api.portal.get().absolute_url()}/@@draft-resume?token={token}"
    assert status(opened(other, link)) == 404
    anonymous = fresh_browser(app)
    anonymous.open(link)
    assert "/login" in anonymous.url


def test_the_office_never_sees_a_draft(app, german, world):
    save_half(app, german, email="anna@example.ch", dog="Bello")
    assert len(all_drafts()) == 1
    clerk = browser_for(app, "liestal-clerk")
    clerk.open(inbox_url(world["liestal-office"]))
    assert "Anna Muster" not in clerk.contents
    portal_url = api.portal.get().absolute_url()
    clerk.open(f"{portal_url}/@@search?SearchableText=Anna")
    assert "Anna Muster" not in clerk.contents
    client = RestClient(app, "liestal-clerk")
    status, body = client.get(f"{world['liestal-office'].absolute_url()}/@inbox")
    assert status == 200 and body["items_total"] == 0
    status, body = client.get(f"{portal_url}/@search?SearchableText=Anna")
    assert status == 200 and body["items_total"] == 0
    # the draft's owner is the browser that saved it, not the office's form
    status, body = client.get(german.absolute_url())
    assert "Anna" not in str(body)


@pytest.mark.parametrize(
    "language, title, words",
    [
        ("fr", "Votre brouillon : Hund anmelden", "ne le transmettez pas"),
        ("it", "La sua bozza: Hund anmelden", "non lo inoltri"),
        ("de", "Ihr Entwurf: Hund anmelden", "nicht weiter"),
    ],
)
@pytest.mark.usefixtures("real_mailhost")
def test_the_link_is_mailed_in_the_citizens_language(
    functional,
    german,
    mail_dir,
    language,
    title,
    words,
):
    draft = drafts.open_draft(german, functional["request"])
    draft.saved = True
    refused = draft_mail.mail_resume_link(draft, "anna@example.ch\nBcc: x@example.ch", language)
    assert refused == draft_mail.INVALID
    assert draft_mail.mail_resume_link(draft, " anna@example.ch ", language) == draft_mail.SENT
    transaction.commit()
    [message] = mails(mail_dir)
    assert subject(message) == title and words in body_of(message)
    assert draft.email == "anna@example.ch"


def test_what_cannot_be_read_is_not_kept_and_the_rest_is(app, german):
    save_half(app, german, born="kaputt", dog="Bello")
    [draft] = all_drafts()
    assert "born" not in draft.values  # no date: nothing to keep
    assert draft.values["dog"] == "Bello" and draft.values["name"] == "Anna Muster"


def test_the_form_says_how_long_it_keeps_drafts(app, german):
    browser = browser_for(app, "admin")
    browser.addHeader("Accept-Language", "de")
    browser.open(f"{german.absolute_url()}/edit")
    assert "Entwürfe aufbewahren (Tage)" in browser.contents
    browser.getControl(name="form.widgets.IRequestForm.draft_days").value = "0"
    browser.getControl(name="form.buttons.save").click()
    assert status(browser) == 200 and "form.widgets.IRequestForm.draft_days" in browser.contents
    browser.getControl(name="form.widgets.IRequestForm.draft_days").value = "7"
    browser.getControl(name="form.buttons.save").click()
    transaction.begin()
    assert german.draft_days == 7
    save_half(app, german)
    [draft] = all_drafts()
    assert draft.expires - draft.modified == timedelta(days=7)


def test_the_link_is_mailed_a_few_times_per_draft_not_more(app, german, mail_dir, real_mailhost):
    browser = save_half(app, german)
    for _attempt in range(draft_mail.MAX_MAILS):
        browser.getControl(name="email").value = "anna@example.ch"
        browser.getForm(action="@@draft-mail").submit()
        assert status(browser) == 200
        browser.goBack()
    browser.getControl(name="email").value = "someone@example.ch"
    browser.getForm(action="@@draft-mail").submit()
    assert status(browser) == 429
    assert "wurde schon mehrmals gesendet" in browser.contents
    transaction.begin()
    assert len(mails(mail_dir)) == draft_mail.MAX_MAILS
    assert {message["To"] for message in mails(mail_dir)} == {"anna@example.ch"}
