"""Forms that forgive: after an error the citizen is told what and where, keeps the file already
chosen, is helped by autofill and by checks that catch the obvious, and is not told "received"
twice for one request."""

import re
from datetime import date
from datetime import timedelta
from io import BytesIO

import pytest
import transaction
from plone import api

from digitalgemeinde.demo.forms import REQUEST_FORMS
from digitalgemeinde.sitesetup import configure_languages
from digitalgemeinde.submissions.field_rules import chip_number
from digitalgemeinde.submissions.field_rules import past_date
from tests.helpers import browser_for

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"
EASYFORM = "http://namespaces.plone.org/supermodel/easyform"
DG = "http://namespaces.digitalgemeinde.ch/supermodel/form"

# the test form of tests/request_forms.py, with the checks and hints of the demo's forms
FIELDS_MODEL = f"""<model xmlns="http://namespaces.plone.org/supermodel/schema"
       xmlns:easyform="{EASYFORM}" xmlns:dg="{DG}">
  <schema>
    <field name="name" type="zope.schema.TextLine"><title>Name</title></field>
    <field name="email" type="plone.schema.email.Email"><title>E-Mail</title></field>
    <field name="adresse" type="zope.schema.TextLine" dg:autocomplete="street-address">
      <title>Wohnadresse</title><required>False</required></field>
    <field name="dog" type="zope.schema.TextLine"><title>Name des Hundes</title>
      <description>Wie er gerufen wird, z. B. Bello.</description></field>
    <field name="geburtsdatum" type="zope.schema.Date"
           easyform:validators="digitalgemeinde.past_date">
      <title>Geburtsdatum</title><required>False</required></field>
    <field name="chip" type="zope.schema.TextLine"
           easyform:validators="digitalgemeinde.chip_number">
      <title>Mikrochip-Nummer</title><required>False</required></field>
    <field name="anzahl" type="zope.schema.Int">
      <title>Anzahl Hunde</title><required>False</required></field>
    <field name="document" type="plone.namedfile.field.NamedBlobFile">
      <title>Impfausweis</title><required>False</required></field>
  </schema>
</model>"""


@pytest.fixture
def checked_form(form):
    with api.env.adopt_roles(["Manager"]):
        form.fields_model = FIELDS_MODEL
    configure_languages("de")
    transaction.commit()
    return form


def open_form(app, form, language="de", **values):
    browser = browser_for(app)
    browser.addHeader("Accept-Language", language)
    browser.open(form.absolute_url())
    defaults = {"name": "Anna Muster", "email": "anna@example.ch", "dog": "Bello"}
    for name, value in {**defaults, **values}.items():
        browser.getControl(name=f"form.widgets.{name}").value = value
    return browser


def send(browser):
    browser.getControl(name="form.buttons.submit").click()
    transaction.begin()
    return browser


def attach(browser, data=PDF, filename="police.pdf"):
    control = browser.getControl(name="form.widgets.document")
    control.add_file(BytesIO(data), "application/pdf", filename)


def title(browser) -> str:
    return re.search(r"<title>(.*?)</title>", browser.contents, re.S).group(1).strip()


def tag(browser, element_id: str) -> str:
    """The start tag of the element with ``element_id``."""
    found = re.search(rf'<[a-z]+\b[^>]*\bid="{re.escape(element_id)}"[^>]*>', browser.contents)
    assert found, f"no element {element_id}"
    return found.group(0)


def summary(browser) -> str:
    start = browser.contents.index('id="error-summary"')
    return browser.contents[start : browser.contents.index("</div>", start)]


def requests_in(world):
    return list(world["liestal-office"].objectValues())


# --- the error summary, the title, the fields' aria attributes ------------------------------


def test_first_view_has_no_summary_and_a_plain_title(checked_form, functional):
    browser = open_form(functional["app"], checked_form)
    assert 'id="error-summary"' not in browser.contents
    assert not title(browser).startswith("Fehler")
    assert "aria-invalid" not in browser.contents


def test_error_summary_links_to_each_field_in_error_and_the_title_says_error(
    checked_form, world, functional
):
    browser = send(open_form(functional["app"], checked_form, name="", chip="12345"))
    assert title(browser).startswith("Fehler: Hund anmelden")
    box = summary(browser)
    assert "Bitte korrigieren Sie folgende Angaben:" in box
    assert 'tabindex="-1"' in box and 'role="alert"' in box and "autofocus" in box
    assert 'aria-labelledby="error-summary-title"' in box
    links = re.findall(r'<a class="alert-link"\s+href="#([^"]+)"', box)
    assert links == ["form-widgets-name", "form-widgets-chip"]
    assert "Name: Erforderliche Eingabe fehlt." in box
    assert "Einige Fehler sind aufgetreten" not in browser.contents  # the old banner is gone
    for target in links:  # each link leads to a control on the page
        assert tag(browser, target)
    assert requests_in(world) == []


def test_error_summary_and_title_in_french(checked_form, functional):
    browser = send(open_form(functional["app"], checked_form, language="fr", name=""))
    assert title(browser).startswith("Erreur : Hund anmelden")
    assert "Veuillez corriger les indications suivantes :" in summary(browser)


def test_fields_in_error_say_so_and_point_at_their_message_and_hint(checked_form, functional):
    browser = send(open_form(functional["app"], checked_form, dog="", anzahl="zwei"))
    dog = tag(browser, "form-widgets-dog")
    assert 'aria-invalid="true"' in dog
    assert 'aria-describedby="form-widgets-dog-error form-widgets-dog-hint"' in dog
    assert (
        "Erforderliche Eingabe fehlt."
        in browser.contents.split('id="form-widgets-dog-error"')[1].split("</div>")[0]
    )
    assert "z. B. Bello" in browser.contents.split('id="form-widgets-dog-hint"')[1][:200]
    assert 'aria-invalid="true"' in tag(browser, "form-widgets-anzahl")
    assert "aria-invalid" not in tag(browser, "form-widgets-name")  # a correct field
    assert 'value="Anna Muster"' in tag(browser, "form-widgets-name")  # kept as typed


# --- the upload that survives an error ------------------------------------------------------


def test_file_chosen_before_an_error_is_kept_and_delivered(checked_form, world, functional):
    browser = open_form(functional["app"], checked_form, name="")
    attach(browser)
    send(browser)
    assert re.search(r"Datei behalten:\s*<strong>police.pdf</strong>", browser.contents)
    assert requests_in(world) == []
    browser.getControl(name="form.widgets.name").value = "Anna Muster"
    send(browser)  # the file is not chosen again
    (submission,) = requests_in(world)
    assert submission.values["document"].filename == "police.pdf"
    assert submission.values["document"].data == PDF


def test_file_kept_over_two_errors_and_a_new_choice_replaces_it(checked_form, world, functional):
    browser = open_form(functional["app"], checked_form, name="")
    attach(browser)
    send(browser)
    send(browser)  # still without a name
    assert "police.pdf" in browser.contents
    browser.getControl(name="form.widgets.name").value = "Anna Muster"
    attach(browser, PDF + b"%neu", "neu.pdf")
    send(browser)
    (submission,) = requests_in(world)
    assert submission.values["document"].filename == "neu.pdf"


def test_kept_file_can_be_removed(checked_form, world, functional):
    browser = open_form(functional["app"], checked_form, name="")
    attach(browser)
    send(browser)
    browser.getControl(name="form.widgets.name").value = "Anna Muster"
    browser.getControl(name="form.widgets.document.action").value = ["remove"]
    send(browser)
    (submission,) = requests_in(world)
    assert not submission.values.get("document")


def test_kept_file_is_still_checked(checked_form, world, functional):
    api.portal.set_registry_record("digitalgemeinde.allowed_file_types", ["pdf"])
    transaction.commit()
    browser = open_form(functional["app"], checked_form, name="")
    attach(browser)
    send(browser)
    api.portal.set_registry_record("digitalgemeinde.allowed_file_types", ["png"])
    transaction.commit()
    browser.getControl(name="form.widgets.name").value = "Anna Muster"
    send(browser)
    assert "Nur diese Dateitypen sind erlaubt: PNG." in browser.contents
    assert requests_in(world) == []


def kept_id(browser) -> str:
    return browser.getControl(name="form.widgets.document.file_upload_id").value


def post_as_other_visitor(app, form, upload_id, name="Bruno Dieb"):
    """Another browser sends the form with the kept file's id (seen, say, over a shoulder)."""
    other = browser_for(app)
    other.open(form.absolute_url())
    assert "police.pdf" not in other.contents
    other.post(
        form.absolute_url(),
        {
            "form.widgets.name": name,
            "form.widgets.email": "bruno@example.ch",
            "form.widgets.dog": "Rex",
            "form.widgets.document.file_upload_id": upload_id,
            "form.buttons.submit": "Senden",
            "_authenticator": other.getControl(name="_authenticator").value,
        },
    )
    transaction.begin()
    return other


def test_another_visitor_cannot_get_at_a_kept_file(checked_form, world, functional, bau):
    browser = open_form(functional["app"], checked_form, name="")
    attach(browser)
    send(browser)
    upload_id = kept_id(browser)
    assert re.fullmatch(r"[0-9a-f]{32}", upload_id)  # 128 random bits, not guessable
    # a guess gets nothing
    post_as_other_visitor(functional["app"], checked_form, "0" * 32)
    (guessed,) = requests_in(world)
    assert not guessed.values.get("document")
    # the id sent to another form gets nothing either: it is kept for its form and field
    from tests.request_forms import make_request_form

    other_form = make_request_form(world, tenant="allschwil")
    transaction.commit()
    post_as_other_visitor(functional["app"], other_form, upload_id)
    for submission in world["allschwil-office"].objectValues():
        assert not submission.values.get("document")
    # and the citizen still gets their file
    browser.getControl(name="form.widgets.name").value = "Anna Muster"
    send(browser)
    mine = [s for s in requests_in(world) if s.values.get("name") == "Anna Muster"]
    assert mine[0].values["document"].data == PDF


# --- autofill -------------------------------------------------------------------------------


def test_autocomplete_on_the_citizens_particulars(checked_form, functional):
    browser = open_form(functional["app"], checked_form)
    assert 'autocomplete="name"' in tag(browser, "form-widgets-name")
    assert 'autocomplete="email"' in tag(browser, "form-widgets-email")
    assert 'autocomplete="street-address"' in tag(browser, "form-widgets-adresse")
    assert 'autocomplete="bday"' in tag(browser, "form-widgets-geburtsdatum")
    assert "autocomplete" not in tag(browser, "form-widgets-dog")


@pytest.mark.parametrize(
    "form_id,expected",
    [
        (
            "formular-hund-anmelden",
            {
                "vorname": "given-name",
                "nachname": "family-name",
                "geburtsdatum": "bday",
                "email": "email",
                "telefon": "tel",
                "adresse": "street-address",
            },
        ),
        ("formular-wohnsitzbestaetigung", {"vorname": "given-name", "adresse": "street-address"}),
    ],
)
def test_demo_forms_autofill(form, functional, form_id, expected):
    (spec,) = [spec for spec in REQUEST_FORMS if spec["id"] == form_id]
    with api.env.adopt_roles(["Manager"]):
        form.fields_model = spec["fields_model"]
    transaction.commit()
    browser = browser_for(functional["app"])
    browser.open(form.absolute_url())
    for name, token in expected.items():
        assert f'autocomplete="{token}"' in tag(browser, f"form-widgets-{name}"), name
    if form_id == "formular-hund-anmelden":
        assert "autocomplete" not in tag(browser, "form-widgets-hund_geburtsdatum")


def test_a_yes_no_field_says_its_hint_once_and_points_at_it(form, functional):
    """The checkbox of a yes/no field: its hint under it once (the layout's), and named by
    the checkbox's aria-describedby."""
    (spec,) = [spec for spec in REQUEST_FORMS if spec["id"] == "formular-hund-anmelden"]
    with api.env.adopt_roles(["Manager"]):
        form.fields_model = spec["fields_model"]
    transaction.commit()
    browser = browser_for(functional["app"])
    browser.open(form.absolute_url())
    assert browser.contents.count("Diese Hunde sind von der Hundesteuer befreit") == 1
    checkbox = tag(browser, "form-widgets-assistenzhund-0")
    assert 'aria-describedby="form-widgets-assistenzhund-hint"' in checkbox
    hint = browser.contents.split('id="form-widgets-assistenzhund-hint"')[1][:300]
    assert "Diese Hunde sind von der Hundesteuer befreit" in hint


# --- checks that catch the obvious ----------------------------------------------------------


def test_birth_date_cannot_lie_in_the_future():
    assert past_date(date.today() + timedelta(days=1))
    assert past_date(date.today()) is None
    assert past_date(date(1985, 3, 14)) is None
    assert past_date(None) is None


@pytest.mark.parametrize("good", ["756098123456789", "756 0981 2345 6789", " 756 098123456789 "])
def test_chip_number_of_15_digits_passes(good):
    assert chip_number(good) is None


@pytest.mark.parametrize("bad", ["12345", "7560981234567890", "756 0981 2345 678X", "zwei"])
def test_chip_number_otherwise_refused(bad):
    assert "756 0981 2345 6789" in chip_number(bad)  # the refusal shows an example


def test_checks_refuse_in_the_form_with_an_example_and_accept_good_values(
    checked_form, world, functional
):
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    browser = open_form(
        functional["app"], checked_form, geburtsdatum=tomorrow, chip="1234", anzahl="zwei"
    )
    send(browser)
    text = browser.contents
    assert "Das Datum darf nicht in der Zukunft liegen" in text and "z. B. 14.03.1985" in text
    assert "Die Chipnummer hat genau 15 Ziffern" in text and "756 0981 2345 6789" in text
    assert "Bitte geben Sie eine ganze Zahl in Ziffern ein, z. B. 2." in text
    assert requests_in(world) == []
    browser.getControl(name="form.widgets.geburtsdatum").value = "1985-03-14"
    browser.getControl(name="form.widgets.chip").value = "756 0981 2345 6789"
    browser.getControl(name="form.widgets.anzahl").value = "2"
    send(browser)
    (submission,) = requests_in(world)
    assert submission.values["anzahl"] == 2


def test_checks_refuse_in_french(checked_form, functional):
    browser = open_form(functional["app"], checked_form, language="fr", chip="1234")
    send(browser)
    assert "Le numéro de puce compte exactement 15 chiffres" in browser.contents


# --- the same request sent again ------------------------------------------------------------


def test_resubmission_links_to_the_request_sent_and_a_different_one_goes_through(
    checked_form, world, functional
):
    first = send(open_form(functional["app"], checked_form))
    assert "receipt=1" in first.url
    (submission,) = requests_in(world)
    again = send(open_form(functional["app"], checked_form))
    assert "Sie haben dieses Anliegen bereits am" in again.contents
    assert f"(Referenz {submission.reference})" in again.contents
    assert "Vielen Dank" not in again.contents
    assert not title(again).startswith("Fehler")
    link = re.search(r'<a class="alert-link"\s+href="([^"]+)"', again.contents).group(1)
    assert "/@@anliegen/" in link
    again.open(link)
    assert submission.reference in again.contents
    assert len(requests_in(world)) == 1
    other = send(open_form(functional["app"], checked_form, dog="Rex"))
    assert "receipt=1" in other.url
    assert len(requests_in(world)) == 2


# --- existing sites -------------------------------------------------------------------------


def test_existing_forms_get_the_checks_and_autofill(form, world, functional):
    from digitalgemeinde.submissions.field_rules import add_checks_to_existing_forms

    (spec,) = [spec for spec in REQUEST_FORMS if spec["id"] == "formular-hund-anmelden"]
    old_model = re.sub(
        r'\s(xmlns:\w+|easyform:validators|dg:autocomplete)="[^"]*"', "", spec["fields_model"]
    )
    assert "easyform:validators" not in old_model  # a form made before
    configure_languages("de")
    with api.env.adopt_roles(["Manager"]):
        form.fields_model = old_model
    assert add_checks_to_existing_forms(functional["portal"]) == 1
    assert add_checks_to_existing_forms(functional["portal"]) == 0  # once is enough
    transaction.commit()
    browser = browser_for(functional["app"])
    browser.open(form.absolute_url())
    assert 'autocomplete="street-address"' in tag(browser, "form-widgets-adresse")
    browser.getControl(name="form.widgets.chip_nummer").value = "1234"
    send(browser)
    assert "Die Chipnummer hat genau 15 Ziffern" in browser.contents
