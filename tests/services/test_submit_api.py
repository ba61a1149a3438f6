"""POST <form>/@submit: a request as JSON, through the same delivery as the browser form."""

import base64

import pytest
import transaction
from plone import api

from digitalgemeinde.outbox import job_of
from tests.helpers import RestClient

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def valid(**extra) -> dict:
    return {"name": "Anna Muster", "email": "anna@example.ch", "dog": "Bello", **extra}


def inbox(world) -> list:
    transaction.begin()
    office = world["liestal-office"]
    return [obj for obj in office.objectValues() if obj.portal_type == "Submission"]


def test_anonymous_submits_json_and_gets_reference_and_status_link(functional, world, form):
    mailhost = functional["portal"].MailHost
    client = RestClient(functional["app"])
    status, body = client.post(
        f"{form.absolute_url()}/@submit",
        valid(
            born="2020-05-01",
            document={
                "data": base64.b64encode(PDF).decode(),
                "encoding": "base64",
                "filename": "impfausweis.pdf",
                "content-type": "application/pdf",
            },
        ),
    )
    assert status == 201, body
    [submission] = inbox(world)
    assert body["reference"] == submission.reference
    assert "/@@anliegen/" in body["status_url"]
    assert submission.values["dog"] == "Bello"
    assert str(submission.values["born"]) == "2020-05-01"
    assert submission.values["document"].data == PDF
    assert len(mailhost.messages) == 2  # the office's notice and the citizen's receipt
    # the status link works for the citizen
    page = RestClient(functional["app"])
    page.headers["Accept"] = "text/html"
    assert page.get(body["status_url"])[0] == 200


def test_same_values_again_are_the_same_request(functional, world, form):
    client = RestClient(functional["app"])
    first = client.post(f"{form.absolute_url()}/@submit", valid())
    second = client.post(f"{form.absolute_url()}/@submit", valid())
    assert (first[0], second[0]) == (201, 200)
    assert first[1]["reference"] == second[1]["reference"]
    assert second[1]["repeated"] is True
    assert len(inbox(world)) == 1


def test_bad_values_are_refused_naming_the_field(functional, world, form):
    client = RestClient(functional["app"])
    url = f"{form.absolute_url()}/@submit"
    status, body = client.post(url, valid(email="not-an-address"))
    assert status == 400 and [e["field"] for e in body["errors"]] == ["email"]
    status, body = client.post(url, {"email": "anna@example.ch", "dog": "Bello"})
    assert status == 400 and [e["field"] for e in body["errors"]] == ["name"]
    status, body = client.post(url, valid(colour="rot"))
    assert status == 400 and [e["field"] for e in body["errors"]] == ["colour"]
    status, body = client.post(url, valid(born="31.02.2020"))
    assert status == 400 and [e["field"] for e in body["errors"]] == ["born"]
    status, body = client.post(
        url,
        valid(
            document={
                "data": base64.b64encode(b"MZ\x90\x00 not a pdf").decode(),
                "encoding": "base64",
                "filename": "virus.pdf",
                "content-type": "application/pdf",
            }
        ),
    )
    assert status == 400 and [e["field"] for e in body["errors"]] == ["document"]
    assert inbox(world) == []


@pytest.mark.parametrize(
    "document,field",
    [
        ({"data": "", "filename": {}}, "document.filename"),
        ({"data": "", "encoding": "base64"}, "document.filename"),
        ({"filename": "impfausweis.pdf"}, "document"),
        ({"data": 5, "filename": "impfausweis.pdf"}, "document"),
        ("JVBERi0xLjQ=", "document"),
        (["impfausweis.pdf"], "document"),
        ({"data": "JVBERi0xLjQ=", "encoding": "zlib", "filename": "a.pdf"}, "document.encoding"),
        ({"data": "JVBERi0xLjQ=", "filename": "a.pdf", "content-type": 5}, "document"),
    ],
)
def test_file_that_is_not_a_file_object_is_refused_naming_it(
    functional, world, form, document, field
):
    """Found by Schemathesis: most of these were a 500 (the deserializer of plone.restapi
    trusts the object's shape)."""
    status, body = RestClient(functional["app"]).post(
        f"{form.absolute_url()}/@submit", valid(document=document)
    )
    assert status == 400, body
    assert [e["field"] for e in body["errors"]] == [field]
    assert inbox(world) == []


def test_file_without_data_is_no_file(functional, world, form):
    """Found by Schemathesis: an optional file field with empty data was a 500."""
    status, body = RestClient(functional["app"]).post(
        f"{form.absolute_url()}/@submit",
        valid(document={"data": "", "encoding": "base64", "filename": "leer.pdf"}),
    )
    assert status == 201, body
    [submission] = inbox(world)
    assert submission.values.get("document") is None


def test_invalid_json_is_400(functional, world, form):
    client = RestClient(functional["app"])
    response = client.testapp.post(
        f"{form.absolute_url()}/@submit",
        b"{broken",
        headers=client.headers,
        expect_errors=True,
    )
    assert response.status_int == 400
    assert response.json["type"] == "BadRequest"
    assert inbox(world) == []


def test_private_form_cannot_be_submitted_anonymously(functional, world, form):
    with api.env.adopt_roles(["Manager"]):
        api.content.transition(form, "retract")
    transaction.commit()
    status, _body = RestClient(functional["app"]).post(f"{form.absolute_url()}/@submit", valid())
    assert status in (401, 403)
    assert inbox(world) == []


def test_form_without_delivery_is_409(functional, world, form):
    form.actions_model = (
        '<model xmlns="http://namespaces.plone.org/supermodel/schema"><schema /></model>'
    )
    transaction.commit()
    status, body = RestClient(functional["app"]).post(f"{form.absolute_url()}/@submit", valid())
    assert status == 409 and body["type"] == "Conflict"


def test_submit_stores_the_outbox_job_in_the_same_transaction(functional, world, form):
    office = world["liestal-office"]
    office.interface_url = "http://127.0.0.1:9/fachapplikation"
    office.interface_secret = "x" * 40
    transaction.commit()
    status, _body = RestClient(functional["app"]).post(f"{form.absolute_url()}/@submit", valid())
    assert status == 201
    [submission] = inbox(world)
    assert job_of(submission).state == "pending"
