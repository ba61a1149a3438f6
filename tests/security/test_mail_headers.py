"""Security model (9): a line break in anything that reaches a mail (the citizen's name,
address and texts, a service's or office's title, an invited person's name) adds no header
and no recipient; the mails still go out, over HTTP."""

import re

import lxml.html
import pytest
import transaction
from plone import api

from tests.request_forms import FIELDS_MODEL
from tests.security.helpers import CITIZEN
from tests.security.helpers import Client
from tests.security.helpers import mail_text
from tests.security.helpers import mails
from tests.security.helpers import serve_world
from tests.security.helpers import submit

EVIL = "evil@example.org"
INJECTED = f"\r\nBcc: {EVIL}\r\nX-Injected: 1"
# str.splitlines() breaks at these too: old mail code folded headers with it
SEPARATORS = ["\r\n", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\u2028"]
HEADERS = {
    "mime-version",
    "content-type",
    "content-transfer-encoding",
    "subject",
    "to",
    "from",
    "date",
    "message-id",
    "x-digitalgemeinde-reference",  # the request's reference, for bounces (operation/envelope.py)
}
OFFICE_ADDRESS = "ed@liestal.example.ch"
TEXT_FIELD = """<field name="remarks" type="zope.schema.Text"><title>Bemerkungen</title>
      <required>False</required></field>
  </schema>"""


@pytest.fixture
def world(acceptance):
    world = serve_world(acceptance)
    with api.env.adopt_roles(["Manager"]):
        world["form"].fields_model = FIELDS_MODEL.replace("  </schema>", TEXT_FIELD)
    transaction.commit()
    return world


def assert_no_injected_header(sent, recipients) -> None:
    assert sent, "no mail was sent"
    for message in sent:
        assert {name.lower() for name in message} <= HEADERS, message.keys()
        reference = message["X-Digitalgemeinde-Reference"]
        assert reference is None or re.fullmatch(r"\d{4}-\d{4}-\d{6}", str(reference)), reference
        assert EVIL not in str(message["To"]) + str(message["From"])
    assert sorted(str(message["To"]) for message in sent) == sorted(recipients)


def form_post(acceptance, values: dict):
    """The request form sent as a browser sends it (multipart, with its hidden fields)."""
    client = Client(acceptance)
    page = client.get("liestal/hund-anmelden-form")
    form = lxml.html.fromstring(page.content).get_element_by_id("form")
    fields = {name: value for name, value in form.form_values() if name}
    fields.update({f"form.widgets.{name}": value for name, value in values.items()})
    fields["form.buttons.submit"] = "Submit"
    multipart = {name: (None, value) for name, value in fields.items()}
    return client.post(form.action, files=multipart)


class TestMailHeaders:
    @pytest.mark.parametrize("field", ["email", "name"])
    def test_a_line_break_in_a_citizens_line_is_refused(self, acceptance, world, field):
        values = {**CITIZEN, field: CITIZEN[field] + INJECTED}
        response = Client(acceptance).rest("POST", "liestal/hund-anmelden-form/@submit", values)
        assert response.status_code == 400, response.text
        assert [error["field"] for error in response.json()["errors"]] == [field]
        response = form_post(acceptance, values)
        assert response.status_code == 200  # the form again, with the error
        assert mails(acceptance) == []
        transaction.begin()
        assert list(world["liestal-office"].objectIds()) == []

    def test_a_line_break_in_a_citizens_text_stays_in_the_body(self, acceptance, world):
        submit(acceptance, remarks=f"Guten Tag{INJECTED}\r\n\r\nNeuer Text")
        response = form_post(acceptance, {**CITIZEN, "dog": "Rex", "remarks": f"Hallo{INJECTED}"})
        assert response.status_code == 303, response.text[:500]
        sent = mails(acceptance)
        assert_no_injected_header(sent, [OFFICE_ADDRESS, CITIZEN["email"]] * 2)
        assert all("X-Injected: 1" in mail_text(message) for message in sent)

    @pytest.mark.parametrize("separator", SEPARATORS)
    def test_a_line_break_in_a_title_adds_no_header(self, acceptance, world, separator):
        """Titles are checked on the way in (REST refuses line breaks); one that got in
        another way (an import, a script) still cannot add a header."""
        editor = Client(acceptance, "liestal-editor")
        title = f"Hund{INJECTED.replace(chr(13) + chr(10), separator)}"
        if separator in ("\r\n", "\n", "\r"):
            response = editor.rest("PATCH", "liestal/hund-anmelden", {"title": title})
            assert response.status_code == 400, response.text
        with api.env.adopt_roles(["Manager"]):
            world["liestal-service"].title = title
            world["liestal-office"].title = f"Amt{separator}Cc: {EVIL}"
        transaction.commit()
        request = f"liestal/einwohnerdienste/{submit(acceptance)['reference']}"
        clerk = Client(acceptance, "liestal-clerk")
        response = clerk.rest("POST", f"{request}/@workflow/reject", {"comment": f"Nein{INJECTED}"})
        assert response.status_code == 200, response.text
        sent = mails(acceptance)
        assert_no_injected_header(sent, [OFFICE_ADDRESS, CITIZEN["email"], CITIZEN["email"]])
        assert all("Bcc" in str(message["Subject"]) for message in sent[:2])  # as text

    def test_a_line_break_in_an_invited_name_adds_no_header(self, acceptance, world):
        admin = Client(acceptance, "liestal-admin")
        token = admin.form_token("liestal/@@tenant-members")
        for email, fullname in (
            (f"beat@example.ch{INJECTED}", "Beat"),
            ("beat@example.ch", f"Beat{INJECTED}"),
        ):
            admin.post(
                "liestal/@@tenant-members",
                data={
                    "action": "invite",
                    "group": "liestal-editors",
                    "email": email,
                    "fullname": fullname,
                    "_authenticator": token,
                },
            )
        sent = mails(acceptance)
        assert_no_injected_header(sent, ["beat@example.ch"])
        assert "X-Injected: 1" in mail_text(sent[0])
