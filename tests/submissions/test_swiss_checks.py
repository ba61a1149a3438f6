"""Swiss checks an editor chooses for a field: AHV number, IBAN, phone number, postal code, a
date not before today, an e-mail address that can receive mail. Refused with an example in the
citizen's language, in the browser form and over REST ``@submit`` alike; the phone number, AHV
number and IBAN are stored in one written form; the form offers the place of a postal code.

The mail check asks a real DNS server that the test runs on 127.0.0.1 (dnslib): MX for one
domain, only an address for another, a null MX for a third, NXDOMAIN for everything else.
"""

import socket
from datetime import date
from datetime import timedelta

import dnslib
import dnslib.server
import pytest
import transaction
from plone import api

from digitalgemeinde.sitesetup import configure_languages
from digitalgemeinde.submissions import swiss_checks
from digitalgemeinde.submissions import swiss_mail
from digitalgemeinde.submissions.swiss_checks import ahv_number
from digitalgemeinde.submissions.swiss_checks import not_past_date
from digitalgemeinde.submissions.swiss_checks import phone_canonical
from digitalgemeinde.submissions.swiss_checks import postal_code
from digitalgemeinde.submissions.swiss_checks import receiving_email
from digitalgemeinde.submissions.swiss_checks import swiss_iban
from digitalgemeinde.submissions.swiss_checks import swiss_phone
from tests.helpers import RestClient
from tests.helpers import browser_for
from tests.submissions.test_forgiving_forms import open_form as forgiving_form
from tests.submissions.test_forgiving_forms import requests_in
from tests.submissions.test_forgiving_forms import send

EASYFORM = "http://namespaces.plone.org/supermodel/easyform"
DG = "http://namespaces.digitalgemeinde.ch/supermodel/form"


def checked(name, title, check, kind="zope.schema.TextLine"):
    return (
        f'<field name="{name}" type="{kind}" easyform:validators="digitalgemeinde.{check}">'
        f"<title>{title}</title><required>False</required></field>"
    )


FIELDS_MODEL = f"""<model xmlns="http://namespaces.plone.org/supermodel/schema"
       xmlns:easyform="{EASYFORM}" xmlns:dg="{DG}">
  <schema>
    <field name="name" type="zope.schema.TextLine"><title>Name</title></field>
    <field name="email" type="plone.schema.email.Email"
           easyform:validators="digitalgemeinde.receiving_email"><title>E-Mail</title></field>
    <field name="dog" type="zope.schema.TextLine"><title>Name des Hundes</title></field>
    {checked("ahv", "AHV-Nummer", "ahv_number")}
    {checked("iban", "IBAN", "swiss_iban")}
    {checked("telefon", "Telefon", "swiss_phone")}
    <field name="kurz" type="zope.schema.TextLine"
           easyform:validators="digitalgemeinde.swiss_phone"><title>Telefon kurz</title>
      <required>False</required><max_length>13</max_length></field>
    {checked("plz", "PLZ", "postal_code")}
    <field name="ort" type="zope.schema.TextLine" dg:autocomplete="address-level2">
      <title>Ort</title><required>False</required></field>
    {checked("umzug", "Umzugsdatum", "not_past_date", kind="zope.schema.Date")}
  </schema>
</model>"""


# --- a DNS server of the test's own -------------------------------------------------------------


class Zone(dnslib.server.BaseResolver):
    """liestal.example: MX; a-only.example: an address only; nomail.example: a null MX;
    every other name: NXDOMAIN."""

    def resolve(self, request, handler):
        reply = request.reply()
        qname, qtype = request.q.qname, dnslib.QTYPE[request.q.qtype]
        name = str(qname).rstrip(".").lower()
        if name == "liestal.example":
            if qtype == "MX":
                reply.add_answer(
                    dnslib.RR(qname, dnslib.QTYPE.MX, rdata=dnslib.MX("mail.liestal.example", 10))
                )
        elif name == "a-only.example":
            if qtype == "A":
                reply.add_answer(dnslib.RR(qname, dnslib.QTYPE.A, rdata=dnslib.A("192.0.2.10")))
        elif name == "nomail.example":
            if qtype == "MX":
                reply.add_answer(dnslib.RR(qname, dnslib.QTYPE.MX, rdata=dnslib.MX(".", 0)))
        else:
            reply.header.rcode = dnslib.RCODE.NXDOMAIN
        return reply


@pytest.fixture(scope="module")
def dns_server():
    quiet = dnslib.server.DNSLogger("-request,-reply")
    server = dnslib.server.DNSServer(Zone(), address="127.0.0.1", port=0, logger=quiet)
    server.start_thread()
    yield f"127.0.0.1:{server.server.server_address[1]}"
    server.stop()


@pytest.fixture
def dns(dns_server, monkeypatch):
    monkeypatch.setenv(swiss_mail.SERVER_VARIABLE, dns_server)
    return dns_server


def closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once the probe is closed


# --- each check on its own ----------------------------------------------------------------------


@pytest.mark.parametrize("good", ["756.1234.5678.97", "7561234567897", "756 1234 5678 97"])
def test_ahv_number_passes(good):
    assert ahv_number(good) is None
    assert swiss_checks.ahv_canonical(good) == "756.1234.5678.97"


@pytest.mark.parametrize(
    "bad,why",
    [
        ("756.1234.5678.98", "not valid"),  # wrong check digit
        ("757.1234.5678.97", "begins with 756"),
        ("756.1234.5678", "13 digits"),
        ("756.1234.5678.9x", "13 digits"),
    ],
)
def test_ahv_number_refused_with_an_example(bad, why):
    refusal = ahv_number(bad)
    assert why in refusal and "756.1234.5678.97" in refusal


@pytest.mark.parametrize(
    "good", ["CH93 0076 2011 6238 5295 7", "CH9300762011623852957", "ch93 0076 2011 6238 5295 7"]
)
def test_swiss_iban_passes(good):
    assert swiss_iban(good) is None
    assert swiss_checks.iban_canonical(good) == "CH93 0076 2011 6238 5295 7"


@pytest.mark.parametrize(
    "bad,why",
    [
        ("CH94 0076 2011 6238 5295 7", "not valid"),  # check digits off by one
        ("CH93 0076 2011 6238 5295 8", "not valid"),  # a typo in the account
        ("DE89 3704 0044 0532 0130 00", "beginning with CH or LI"),
        ("CH93 0076 2011 6238 5295", "21 characters"),
    ],
)
def test_swiss_iban_refused_with_an_example(bad, why):
    refusal = swiss_iban(bad)
    assert why in refusal and "CH93 0076 2011 6238 5295 7" in refusal


@pytest.mark.parametrize(
    "typed,stored",
    [
        ("061 123 45 67", "+41 61 123 45 67"),
        ("+41 61 123 45 67", "+41 61 123 45 67"),
        ("0041 61 123 45 67", "+41 61 123 45 67"),
        ("+41 (0)61 123 45 67", "+41 61 123 45 67"),
        ("079/123.45.67", "+41 79 123 45 67"),
        ("0611234567", "+41 61 123 45 67"),
        ("0800 123 456", "+41 800 123 456"),
    ],
)
def test_swiss_phone_passes_and_is_written_with_41(typed, stored):
    assert swiss_phone(typed) is None
    assert phone_canonical(typed) == stored


@pytest.mark.parametrize(
    "bad",
    ["123 45 67", "+49 30 123456", "061 123 45 6", "0611 123 45 67", "061 123 45 6x", "117"]
    + ["٠٦١١٢٣٤٥٦٧"],  # digits, but not ours
)
def test_swiss_phone_refused_with_an_example(bad):
    assert "061 123 45 67" in swiss_phone(bad)


def test_postal_code_known_unknown_and_malformed():
    assert postal_code("4410") is None
    assert postal_code(" 4051 ") is None
    assert postal_code("CH-8001") is None
    assert postal_code("9490") is None  # Vaduz, in Swiss Post's directory
    assert "There is no Swiss postal code" in postal_code("9999")
    assert "4 digits" in postal_code("441")
    assert "4 digits" in postal_code("44100")
    assert "4 digits" in postal_code("٤٤١٠")  # digits, but not ours


def test_date_not_before_today():
    assert not_past_date(date.today()) is None
    assert not_past_date(date.today() + timedelta(days=10)) is None
    refusal = not_past_date(date.today() - timedelta(days=1))
    assert "cannot lie in the past" in refusal
    assert refusal.mapping["example"] == (date.today() + timedelta(days=30)).strftime("%d.%m.%Y")
    assert not_past_date(None) is None


# --- mail that can be delivered: real DNS answers -----------------------------------------------


def test_domain_with_mx_or_an_address_receives_mail(dns):
    assert receiving_email("anna@liestal.example") is None
    assert receiving_email("anna@a-only.example") is None  # mail goes to its address
    assert swiss_mail.receives_mail("liestal.example") is True


def test_domain_that_does_not_exist_or_takes_no_mail_is_refused(dns):
    refusal = receiving_email("anna@liestal-typo.example")
    assert "Mail cannot be delivered to" in refusal
    assert refusal.mapping["domain"] == "liestal-typo.example"
    assert receiving_email("anna@nomail.example")  # a null MX: no mail, says the domain
    assert "anna.muster@example.ch" in receiving_email("anna at liestal.example")


def test_when_dns_cannot_be_reached_the_address_is_accepted(monkeypatch):
    monkeypatch.setenv(swiss_mail.SERVER_VARIABLE, f"127.0.0.1:{closed_port()}")
    assert swiss_mail.receives_mail("liestal-typo.example") is None  # don't know
    assert receiving_email("anna@liestal-typo.example") is None  # and so accepted


# --- in the form, in German and French ----------------------------------------------------------


@pytest.fixture
def swiss_form(form, dns):
    with api.env.adopt_roles(["Manager"]):
        form.fields_model = FIELDS_MODEL
    configure_languages("de")
    transaction.commit()
    return form


def open_form(app, form, language="de", **values):
    # an address at the test DNS's domain that receives mail (the form checks it)
    return forgiving_form(app, form, language, **{"email": "anna@liestal.example", **values})


def test_form_refuses_each_bad_value_in_german_and_stores_the_good_ones_written_alike(
    swiss_form, world, functional
):
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    browser = open_form(
        functional["app"],
        swiss_form,
        email="anna@liestal-typo.example",
        ahv="756.1234.5678.98",
        iban="CH94 0076 2011 6238 5295 7",
        telefon="123 45 67",
        plz="9999",
        umzug=yesterday,
    )
    text = send(browser).contents
    assert "An liestal-typo.example können keine E-Mails zugestellt werden" in text
    assert "Diese AHV-Nummer ist ungültig" in text and "756.1234.5678.97" in text
    assert "Diese IBAN ist ungültig" in text and "CH93 0076 2011 6238 5295 7" in text
    assert "Bitte geben Sie eine Schweizer Telefonnummer ein" in text
    assert "Es gibt keine Schweizer Postleitzahl 9999" in text
    assert "Das Datum darf nicht in der Vergangenheit liegen" in text
    assert requests_in(world) == []
    good = {
        "email": "anna@liestal.example",
        "ahv": "7561234567897",
        "iban": "ch93 0076 2011 6238 5295 7",
        "telefon": "061 123 45 67",
        "kurz": "0611234567",  # its field takes 13 characters: checked, kept as typed
        "plz": "4410",
        "ort": "Liestal",
        "umzug": (date.today() + timedelta(days=14)).isoformat(),
    }
    for name, value in good.items():
        browser.getControl(name=f"form.widgets.{name}").value = value
    send(browser)
    (submission,) = requests_in(world)
    assert submission.values["telefon"] == "+41 61 123 45 67"
    assert submission.values["ahv"] == "756.1234.5678.97"
    assert submission.values["iban"] == "CH93 0076 2011 6238 5295 7"
    assert submission.values["kurz"] == "0611234567"
    assert submission.values["plz"] == "4410"


@pytest.mark.parametrize(
    "language,said",
    [
        ("fr", ["pas de numéro postal suisse 9999", "p. ex. 756.1234.5678.97"]),
        ("it", ["Non esiste un numero postale svizzero 9999", "p. es. 756.1234.5678.97"]),
    ],
)
def test_form_refuses_in_french_and_italian(swiss_form, functional, language, said):
    browser = open_form(
        functional["app"], swiss_form, language=language, plz="9999", ahv="756.1234.5678.98"
    )
    text = send(browser).contents
    for words in said:
        assert words in text


def test_form_page_offers_the_place_of_a_postal_code(swiss_form, functional):
    browser = browser_for(functional["app"])
    browser.open(swiss_form.absolute_url())
    assert "postal_codes.js" in browser.contents
    assert 'data-endpoint="http://nohost/plone/@postal-code"' in browser.contents
    assert 'autocomplete="address-level2"' in browser.contents


# --- over REST ----------------------------------------------------------------------------------


def test_submit_runs_the_same_checks_and_stores_the_written_form(swiss_form, world, functional):
    client = RestClient(functional["app"])
    client.headers["Accept-Language"] = "de"
    url = f"{swiss_form.absolute_url()}/@submit"
    base = {"name": "Anna Muster", "email": "anna@liestal.example", "dog": "Bello"}
    status, body = client.post(
        url, {**base, "ahv": "756.1234.5678.98", "plz": "9999", "telefon": "12"}
    )
    assert status == 400, body
    refused = {error["field"]: error["message"] for error in body["errors"]}
    assert set(refused) == {"ahv", "plz", "telefon"}
    assert "756.1234.5678.97" in refused["ahv"]
    assert "9999" in refused["plz"]
    status, body = client.post(url, {**base, "email": "anna@nowhere-at-all.example"})
    assert status == 400 and body["errors"][0]["field"] == "email"
    assert requests_in(world) == []
    status, body = client.post(
        url, {**base, "ahv": "756 1234 5678 97", "plz": "4410", "telefon": "0041611234567"}
    )
    assert status == 201, body
    (submission,) = requests_in(world)
    assert submission.values["telefon"] == "+41 61 123 45 67"
    assert submission.values["ahv"] == "756.1234.5678.97"


def test_postal_code_endpoint_gives_the_places(functional):
    client = RestClient(functional["app"])
    portal = functional["portal"].absolute_url()
    status, body = client.get(f"{portal}/@postal-code?code=4410")
    assert status == 200 and body == {"code": "4410", "places": ["Liestal"]}
    status, body = client.get(f"{portal}/@postal-code?code=6900")
    assert status == 200 and "Lugano" in body["places"] and len(body["places"]) > 1
    status, body = client.get(f"{portal}/@postal-code?code=9999")
    assert status == 404 and body["errors"][0]["field"] == "code"
    status, body = client.get(f"{portal}/@postal-code?code=44")
    assert status == 400 and "4 digits" in body["message"]
    status, body = client.get(f"{portal}/@postal-code?code=4410&code=4051")
    assert status == 400


# --- the list's rebuild -------------------------------------------------------------------------


def test_list_rebuilds_from_swisstopos_official_file(tmp_path):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
    from postal_codes import main

    official = tmp_path / "AMTOVZ_CSV_WGS84.csv"
    official.write_text(
        "\ufeffOrtschaftsname;PLZ;Zusatzziffer;Gemeindename;BFS-Nr;Kantonskürzel;E;N;Sprache\n"
        "Liestal;4410;0;Liestal;2829;BL;7.73;47.48;de\n"
        "Lugano;6900;0;Lugano;5192;TI;8.95;46.0;it\n"
        "Massagno;6900;2;Massagno;5196;TI;8.94;46.01;it\n"
        "Vaduz;9490;0;Vaduz;7001;;9.52;47.14;de\n",
        encoding="utf-8",
    )
    target = tmp_path / "postal_codes.csv"
    assert main(["--official", str(official), "--target", str(target)]) == 0
    assert target.read_text(encoding="utf-8").splitlines() == [
        "code,place,canton,country",
        "4410,Liestal,BL,CH",
        "6900,Lugano,TI,CH",
        "6900,Massagno,TI,CH",
        "9490,Vaduz,,LI",
    ]
