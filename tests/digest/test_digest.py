"""The daily digest to each tenant's admins: its own tenant's failed deliveries (reference,
office, since when, the error in plain words, a link) and overdue requests per office (count and
a link to the inbox's overdue filter), in the admin's language; never another tenant's, never
what a request contains; no mail when there is nothing to report."""

import email
import email.header
import subprocess
import sys
from datetime import UTC
from datetime import datetime
from datetime import timedelta

import pytest
import transaction
from plone import api
from zope.i18n import translate

from digitalgemeinde import sitesetup
from digitalgemeinde.operation.digest import send_digests
from digitalgemeinde.operation.digest import use_public_url
from digitalgemeinde.operation.digest_report import plain_error
from digitalgemeinde.outbox import FAILED
from digitalgemeinde.outbox import job_of
from digitalgemeinde.outbox.worker import run_once
from digitalgemeinde.security.outgoing import redirect_refused
from tests.helpers import create_user
from tests.outbox.conftest import SECRET
from tests.outbox.test_resend import later
from tests.request_forms import make_request_form
from tests.submissions.helpers import make_submission

REPO_SCRIPT = "scripts/digest.py"


def mails(portal) -> dict[str, tuple[str, str]]:
    """{recipient: (subject, body)} of the mails the MailHost got."""
    found = {}
    for raw in portal.MailHost.messages:
        message = email.message_from_bytes(raw if isinstance(raw, bytes) else raw.encode())
        subject = str(email.header.make_header(email.header.decode_header(message["Subject"])))
        body = message.get_payload(decode=True).decode().replace("\r\n", "\n")
        found[message["To"]] = (subject, body)
    return found


@pytest.fixture
def two_tenants(world, connected, form, request_):
    """Liestal and Allschwil deliver to the (stopped) receiver; an admin for each, and a
    second admin of Liestal who reads French."""
    allschwil_office = world["allschwil-office"]
    allschwil_office.interface_url = connected.url
    allschwil_office.interface_format = "json"
    allschwil_office.interface_secret = SECRET
    allschwil_form = make_request_form(world, "allschwil")
    create_user("allschwil-admin", ["allschwil-admins"])
    user = create_user("liestal-admin-fr", ["liestal-admins"])
    user.setMemberProperties({"language": "fr"})
    api.portal.set_registry_record("digitalgemeinde.delivery_max_attempts", 1)
    transaction.commit()
    return {"liestal": form, "allschwil": allschwil_form}


def fail(forms, request, **made) -> dict:
    """A request per tenant named in ``made`` (tenant=name), its delivery failed for good."""
    submissions = {
        tenant: make_submission(forms[tenant], request, name=name) for tenant, name in made.items()
    }
    transaction.commit()
    run_once(now=later(0), limit=100)
    transaction.begin()
    assert all(job_of(s).state == FAILED for s in submissions.values())
    return submissions


def make_overdue(submission) -> None:
    with api.env.adopt_roles(["Manager"]):
        submission.set_due(datetime.now(UTC) - timedelta(days=3))
        submission.reindexObject()


def test_each_tenants_admins_get_their_own_failures_and_overdue(
    functional, world, two_tenants, request_
):
    sitesetup.configure_languages("de")
    failed = fail(two_tenants, request_, liestal="Lea Geheim", allschwil="Aldo Verborgen")
    late = make_submission(two_tenants["liestal"], request_, name="Otto Spät")
    make_overdue(late)
    transaction.commit()
    portal = functional["portal"]
    portal.MailHost.reset()
    run = send_digests()
    transaction.commit()
    assert (run.tenants, run.mails, run.failed, run.overdue) == (2, 3, 2, 1)
    sent = mails(portal)
    assert sorted(sent) == [
        "allschwil-admin@example.ch",
        "liestal-admin-fr@example.ch",
        "liestal-admin@example.ch",
    ]
    subject, body = sent["liestal-admin@example.ch"]
    assert subject == "Tägliche Übersicht von Liestal"
    liestal, allschwil = failed["liestal"], failed["allschwil"]
    assert "Fehlgeschlagene Übermittlungen an Fachapplikationen (1):" in body
    assert f"- {liestal.reference}, Einwohnerdienste, fehlgeschlagen seit " in body
    assert "Die Fachapplikation war nicht erreichbar (" in body
    assert liestal.absolute_url() in body
    assert "Überfällige Anliegen (1):" in body
    assert "- Einwohnerdienste: 1 überfällig" in body
    assert f"{world['liestal-office'].absolute_url()}/@@inbox?overdue=1" in body
    assert allschwil.reference not in body and "Allschwil" not in body
    for content in ("Lea Geheim", "Otto Spät", "Bello", "anna@example.ch", late.reference):
        assert content not in body  # never what a request contains; overdue ones counted only
    subject, body = sent["liestal-admin-fr@example.ch"]
    assert subject == "Résumé quotidien de Liestal"
    assert "Transmissions aux applications métier qui ont échoué (1) :" in body
    assert "L'application métier n'a pas pu être atteinte (" in body
    assert liestal.reference in body and allschwil.reference not in body
    subject, body = sent["allschwil-admin@example.ch"]
    assert subject == "Tägliche Übersicht von Allschwil"
    assert allschwil.reference in body and liestal.reference not in body
    assert "Überfällige Anliegen" not in body  # Allschwil has none
    assert "Aldo Verborgen" not in body


def test_no_mail_when_nothing_failed_or_is_overdue(functional, world, two_tenants, request_):
    make_submission(two_tenants["liestal"], request_)  # pending: not failed yet
    make_submission(two_tenants["allschwil"], request_)
    transaction.commit()
    portal = functional["portal"]
    portal.MailHost.reset()
    run = send_digests()
    transaction.commit()
    assert (run.tenants, run.mails) == (0, 0)
    assert portal.MailHost.messages == []


def test_an_admin_without_a_language_gets_the_sites_and_german_first(
    functional, world, two_tenants, request_
):
    fail(two_tenants, request_, liestal="Lea")
    portal = functional["portal"]
    portal.MailHost.reset()
    send_digests()  # the site speaks English in tests: not a language of ours, so German
    transaction.commit()
    subject, body = mails(portal)["liestal-admin@example.ch"]
    assert subject == "Tägliche Übersicht von Liestal"
    assert body.startswith("Guten Tag Liestal Admin\n\nDies ist die tägliche Übersicht")
    assert "Sie nennt Anliegen nur mit ihrer Referenz, nie ihren Inhalt." in body


def test_links_start_with_the_sites_public_address(functional, world, submission):
    portal, request = functional["portal"], functional["request"]
    use_public_url(request, portal, "https://portal.example.ch")
    assert submission.absolute_url() == (
        f"https://portal.example.ch/liestal/einwohnerdienste/{submission.getId()}"
    )
    use_public_url(request, portal, "http://localhost:8080/Plone")
    assert world["liestal-office"].absolute_url() == (
        "http://localhost:8080/Plone/liestal/einwohnerdienste"
    )


@pytest.mark.parametrize(
    ("attempt", "words"),
    [
        ({"status": None, "error": "[Errno 111] Connection refused"}, "could not be reached"),
        ({"status": 401, "error": "HTTP 401 Unauthorized"}, "did not accept the signature"),
        ({"status": 422, "error": "HTTP 422 Unprocessable"}, "refused the request (HTTP 422)"),
        ({"status": 503, "error": "HTTP 503 Service Unavailable"}, "had an error (HTTP 503"),
        (
            {"status": None, "error": "The office has no shared secret: nothing was sent."},
            "has no shared secret for its specialist application",
        ),
        ({"status": 302, "error": redirect_refused(302, "https://x.example")}, "not followed"),
        (None, "No attempt is recorded."),
    ],
)
def test_the_last_error_in_plain_words(attempt, words):
    assert words in translate(plain_error(attempt))


def test_the_script_asks_for_the_sites_address(repo):
    done = subprocess.run(
        [sys.executable, REPO_SCRIPT, "--url", "portal.example.ch"],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "Name the site's public http(s) address with --url" in done.stderr
