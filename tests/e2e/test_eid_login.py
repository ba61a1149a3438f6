"""The citizen's e-ID login in a real browser (issue 18): the demo site `make start` builds, the
test OpenID Provider (tests/oidc) as «AGOV» with the levels niedrig and hoch, and Liestal's
Wohnsitzbestätigung set to require AGOV at level hoch, its name, birth date and address filled
in from the login's verified data.

The citizen reads on the service page that the form needs AGOV (Stufe hoch), is sent to the
provider, logs in as anna at the high level, finds the form filled in and read-only where the
provider vouches for the data («Bestätigt durch AGOV»), submits it, reads the receipt and finds
the request in Meine Anliegen; the clerk of the Einwohnerdienste reads «identifiziert über AGOV
(Stufe hoch)» on it. A login at the low level, given twice, ends on the refusal page naming the
level, and no form is shown. Each of our pages is checked with axe-core (WCAG 2.1 A/AA, whole
document); the provider's own pages are not ours. Screenshots go to docs/screenshots/eid-*.png.
"""

from html.parser import HTMLParser

import pytest
import requests

from tests.e2e.conftest import REPO
from tests.e2e.test_login_providers import allow_host
from tests.e2e.test_request_loop import assert_accessible
from tests.e2e.test_request_loop import by_css
from tests.e2e.test_request_loop import choose
from tests.e2e.test_request_loop import click
from tests.e2e.test_request_loop import log_in
from tests.oidc.provider import HIGH
from tests.oidc.provider import LOW
from tests.oidc.provider import TestProvider
from tests.oidc.provider import client
from tests.setup.test_make_start import PASSWORD

SCREENSHOTS = REPO / "docs" / "screenshots"
SECRET = "e2e-eid-client-secret"  # noqa: S105
SERVICE = "liestal/wohnsitzbestaetigung"
FORM = "liestal/formular-wohnsitzbestaetigung"
PREFILL = ["vorname|given_name", "nachname|family_name", "geburtsdatum|birthdate", "adresse|street"]
ANNA = {"vorname": "Anna", "nachname": "Muster", "geburtsdatum": "1980-02-29"}
ANNA_STREET = "Rathausstrasse 1"
ADMIN = ("admin", PASSWORD)
JSON = {"Accept": "application/json"}


class FormFields(HTMLParser):
    """What a browser would send of the form with ``id``: the fields' current values."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.values = form_id, False, []
        self.textarea = self.select = None
        self.options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        elif not self.inside:
            return
        elif tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind not in ("checkbox", "radio", "submit") or "checked" in attrs:
                self.values.append((attrs["name"], attrs.get("value") or ""))
        elif tag == "textarea":
            self.textarea = [attrs["name"], ""]
        elif tag == "select":
            self.select, self.options = attrs["name"], []
        elif tag == "option" and self.select:
            self.options.append((attrs.get("value", ""), "selected" in attrs))

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea is not None:
            self.values.append(tuple(self.textarea))
            self.textarea = None
        elif tag == "select" and self.select:
            chosen = [value for value, selected in self.options if selected] or [
                value for value, _ in self.options[:1]
            ]
            self.values += [(self.select, value) for value in chosen]
            self.select = None


def add_agov(base: str, issuer: str) -> None:
    """AGOV through Site Setup > Login services (the add form, as a Manager posts it)."""
    session = requests.Session()
    session.auth = ADMIN
    page = session.get(f"{base}/@@login-provider-add", timeout=30)
    assert page.status_code == 200, page.text[:500]
    parser = FormFields("form")
    parser.feed(page.text)
    values = [(name, value) for name, value in parser.values if "verified" not in name]
    given = {
        "form.widgets.id": "agov",
        "form.widgets.title": "AGOV",
        "form.widgets.issuer": issuer,
        "form.widgets.client_id": "plone",
        "form.widgets.client_secret": SECRET,
        "form.widgets.levels": f"low|{LOW}|niedrig\nhigh|{HIGH}|hoch",
    }
    values = [(name, given.pop(name, value)) for name, value in values]
    values += [("form.widgets.verified-empty-marker", "1")]
    values += [
        ("form.widgets.verified:list", name)
        for name in ("given_name", "family_name", "birthdate", "address")
    ]
    values += [("form.buttons.save", "Speichern")]
    assert not given, f"the add form has no field {sorted(given)}"
    saved = session.post(f"{base}/@@login-provider-add", data=values, timeout=60)
    assert saved.url.endswith("/@@login-providers"), saved.text[:3000]


def require_agov_high(base: str) -> None:
    """The form's login settings (behavior fields, set over REST as its editor would)."""
    url = f"{base}/{FORM}"
    before = requests.get(url, auth=ADMIN, headers=JSON, timeout=30).json()
    assert "login_level" in before and "prefill_claims" in before, sorted(before)
    answer = requests.patch(
        url,
        json={"login_level": "agov:high", "prefill_claims": PREFILL},
        auth=ADMIN,
        headers=JSON,
        timeout=30,
    )
    assert answer.status_code == 204, answer.text[:500]
    after = requests.get(url, auth=ADMIN, headers=JSON, timeout=30).json()
    level = after["login_level"]
    assert (level.get("token") if isinstance(level, dict) else level) == "agov:high", level
    assert after["prefill_claims"] == PREFILL


@pytest.fixture(scope="module")
def site(server, tmp_path_factory):
    base = server.url("/Plone")
    op_dir = tmp_path_factory.mktemp("eid-op")
    with TestProvider([client("plone", SECRET, base)], tmp_dir=op_dir) as op:
        allow_host(base, op.issuer)
        add_agov(base, op.issuer)
        require_agov_high(base)
        yield {"base": base, "op": op}


def save(driver, name: str) -> None:
    driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))


def log_in_at_provider(driver, op, login: str, acr: str, screenshot=None) -> None:
    """On the test provider's login page (not ours: no axe), as ``login`` at level ``acr``."""
    from selenium.webdriver.support.ui import Select

    assert driver.current_url.startswith(op.issuer + "/interaction/"), driver.current_url
    if screenshot is not None:
        screenshot(driver, "provider-login")
    by_css(driver, "#login").send_keys(login)
    Select(by_css(driver, "#acr")).select_by_visible_text(acr)
    click(driver, 'button[type="submit"]')


def assert_prefilled(driver) -> None:
    """Name, birth date and address as AGOV vouches for them: filled in, read-only, with the
    hint naming the provider."""
    expected = {**ANNA, "adresse": ANNA_STREET}
    for name, value in expected.items():
        field = by_css(driver, f'[name="form.widgets.{name}"]')
        assert field.get_attribute("value") == value, (name, field.get_attribute("value"))
        assert field.get_attribute("readonly") is not None, f"{name} is not read-only"
        hint = by_css(driver, f"#formfield-form-widgets-{name}").text
        assert "Bestätigt durch AGOV" in hint, (name, hint)
    # the e-mail is the account's, not vouched for here: filled in and editable
    email = by_css(driver, '[name="form.widgets.email"]')
    assert email.get_attribute("readonly") is None


def test_citizen_logs_in_with_agov_and_submits_a_form_that_needs_level_high(
    site, driver, screenshot
):
    base, op = site["base"], site["op"]

    # The login page: a button per login service, and the password login.
    driver.get(f"{base}/login")
    assert by_css(driver, "a.login-provider").text == "Anmelden mit AGOV"
    assert by_css(driver, '[name="__ac_password"]').is_displayed()
    assert_accessible(driver, "login page")
    screenshot(driver, "01-login-page")
    save(driver, "eid-login-page")

    # The service page says which login its online form needs.
    driver.get(f"{base}/{SERVICE}")
    note = by_css(driver, "#service-login-required").text
    assert note == "Anmeldung erforderlich: AGOV (Stufe hoch)", note
    assert_accessible(driver, "service page")
    screenshot(driver, "02-service")

    # Opening the form sends the citizen to AGOV, asked for the high level.
    click(driver, "#service-apply")
    assert f"Verlangt: {HIGH}" in driver.page_source, driver.current_url
    log_in_at_provider(driver, op, "anna", HIGH, screenshot)

    # Back on the form: name, birth date and address filled in and read-only.
    assert driver.current_url.split("?")[0].rstrip("/").endswith(FORM), driver.current_url
    assert_prefilled(driver)
    email = by_css(driver, '[name="form.widgets.email"]')
    if not email.get_attribute("value"):
        email.send_keys("anna@example.ch")
    choose(driver, "verwendungszweck")
    assert_accessible(driver, "form filled in from the login")
    screenshot(driver, "03-form-prefilled")
    save(driver, "eid-form-prefilled")

    # Submitted: the receipt.
    click(driver, '[name="form.buttons.submit"]')
    assert "/@@anliegen/" in driver.current_url, driver.page_source[:3000]
    reference = by_css(driver, "h1 .text-nowrap").text
    assert reference.startswith("2829-")
    summary = by_css(driver, "#request-summary").text
    assert "Anna" in summary and "Muster" in summary and ANNA_STREET in summary
    assert_accessible(driver, "receipt")
    screenshot(driver, "04-receipt")
    save(driver, "eid-receipt")

    # Meine Anliegen lists it.
    driver.get(f"{base}/@@meine-anliegen")
    listed = by_css(driver, "#my-requests").text
    assert reference in listed and "Wohnsitzbestätigung" in listed, listed
    assert_accessible(driver, "Meine Anliegen")
    screenshot(driver, "05-meine-anliegen")
    save(driver, "eid-meine-anliegen")

    # The clerk of the Einwohnerdienste sees who submitted it, and how.
    log_in(driver, base, "liestal-clerk", "Demo-liestal-clerk")
    driver.get(f"{base}/liestal/einwohnerdienste/@@inbox?q={reference}")
    click(driver, f'a[href*="/{reference}"]')
    identification = by_css(driver, "#submission-identification").text
    assert identification == "identifiziert über AGOV (Stufe hoch)", identification
    assert_accessible(driver, "the clerk's request page")
    screenshot(driver, "06-clerk-request")
    save(driver, "eid-request-clerk")


def test_a_login_below_the_level_is_asked_again_then_refused_naming_the_level(
    site, driver, screenshot
):
    base, op = site["base"], site["op"]
    driver.get(f"{base}/{FORM}")
    log_in_at_provider(driver, op, "anna", LOW, screenshot)
    # asked again (step-up) at the provider, not yet refused
    log_in_at_provider(driver, op, "anna", LOW)

    assert "@@oidc-callback" in driver.current_url, driver.current_url
    assert by_css(driver, "h1").text == "Anmeldung nicht abgeschlossen"
    message = by_css(driver, "#login-refused").text
    assert "Stufe «hoch»" in message, message
    assert "form.buttons.submit" not in driver.page_source
    assert_accessible(driver, "refusal page")
    screenshot(driver, "refused")
    save(driver, "eid-refused")

    # nobody is logged in: the form still sends the browser to the provider
    driver.get(f"{base}/{FORM}")
    assert driver.current_url.startswith(op.issuer + "/interaction/"), driver.current_url
