"""Bounced mails reach a person: the portal's mail names its request and, with a bounce address
set, bounces go there; the mail server's reports (DSN, RFC 3464) in the bounce Maildir are
recorded once on the request's history and listed in the digest of its tenant's admins only;
delays, auto-replies and unreadable messages are no bounces and do not break the run."""

import email
import logging
import mailbox

import pytest
import transaction

from digitalgemeinde import sitesetup
from digitalgemeinde.operation import bounces
from digitalgemeinde.operation.digest import send_and_commit
from digitalgemeinde.operation.dsn import failures
from digitalgemeinde.operation.envelope import BOUNCE_ADDRESS_VARIABLE
from digitalgemeinde.operation.envelope import REFERENCE_HEADER
from tests.digest import dsn
from tests.digest.test_digest import mails
from tests.digest.test_digest import make_overdue
from tests.digest.test_digest import two_tenants  # noqa: F401
from tests.helpers import browser_for
from tests.submissions.helpers import make_submission
from tests.submissions.test_delivery import submit
from tests.submissions.test_mail import mail_dir  # noqa: F401
from tests.submissions.test_mail import real_mailhost  # noqa: F401

LOST = "Mail an anna@example.ch kam nicht an (die Adresse existiert nicht, 5.1.1)"


def sent(portal, to: str):
    """The mail to ``to`` the MailHost got, as an email Message."""
    for raw in portal.MailHost.messages:
        message = email.message_from_bytes(raw if isinstance(raw, bytes) else raw.encode())
        if message["To"] == to:
            return message
    raise AssertionError(f"No mail to {to}")


@pytest.fixture
def bounce_box(tmp_path, monkeypatch):
    path = tmp_path / "bounces"
    monkeypatch.setenv(bounces.MAILDIR_VARIABLE, str(path))
    return path


def history(app, submission) -> str:
    browser = browser_for(app, "liestal-clerk")
    browser.open(submission.absolute_url())
    assert browser.headers["status"].startswith("200")
    return " ".join(browser.contents.split())


def test_the_office_notice_and_the_receipt_name_their_request(functional, submission):
    portal = functional["portal"]
    for to in ("anna@example.ch", "ed@liestal.example.ch"):
        message = sent(portal, to)
        assert message[REFERENCE_HEADER] == submission.reference
        assert message["Message-ID"].startswith(f"<dg.{submission.reference}.")
        assert message["Message-ID"].endswith("@example.ch>")
        assert message["From"] == "Einwohnerportal <portal@example.ch>"


def test_with_a_bounce_address_it_is_the_envelope_sender_and_from_stays(
    form,
    world,
    functional,
    mail_dir,  # noqa: F811
    real_mailhost,  # noqa: F811
    monkeypatch,
):
    submit(functional["app"], form)  # without the variable: the portal's address
    monkeypatch.setenv(BOUNCE_ADDRESS_VARIABLE, dsn.BOUNCES)
    submit(functional["app"], form, email="berta@example.ch")
    written = {m["To"]: m for m in mailbox.Maildir(mail_dir, factory=None, create=False)}
    assert written["anna@example.ch"]["Return-Path"] == "<portal@example.ch>"
    receipt = written["berta@example.ch"]
    assert receipt["Return-Path"] == f"<{dsn.BOUNCES}>"  # the envelope sender (MAIL FROM)
    assert receipt["From"] == "Einwohnerportal <portal@example.ch>"
    assert receipt[REFERENCE_HEADER].startswith("2829-")


def test_a_bounce_reaches_the_history_and_its_tenants_digest_once(
    functional,
    world,
    two_tenants,  # noqa: F811
    request_,
    bounce_box,
    caplog,
):
    sitesetup.configure_languages("de")
    portal = functional["portal"]
    portal.MailHost.reset()
    lost = make_submission(two_tenants["liestal"], request_, name="Lea Geheim")
    late = make_submission(two_tenants["allschwil"], request_, email="aldo@example.ch")
    make_overdue(late)  # so Allschwil's admin gets a digest too
    transaction.commit()
    receipt = sent(portal, "anna@example.ch")
    stranger = email.message_from_string(
        f"From: portal@example.ch\nTo: x@example.ch\n{REFERENCE_HEADER}: 9999-2026-000001\n\n"
    )
    dsn.deliver(
        bounce_box,
        dsn.report(receipt),
        dsn.report(receipt, action="delayed", status="4.4.1"),
        dsn.auto_reply(receipt),
        dsn.report(stranger, recipient="x@example.ch"),
        dsn.malformed(),
    )
    portal.MailHost.reset()
    with caplog.at_level(logging.INFO, logger="digitalgemeinde.bounces"):
        run = send_and_commit()
    read = run.read
    assert (read.messages, read.bounces, read.unknown, read.not_bounces, read.unreadable) == (
        5,
        1,
        1,
        2,
        1,
    )
    assert "could not be read (no per-recipient fields" in caplog.text
    assert "naming no request of this site (9999-2026-000001)" in caplog.text
    assert run.bounced == 1 and "1 bounced mails" in run.line()

    page = history(functional["app"], lost)
    assert page.count(LOST) == 1
    assert "Mailserver" in page and "User unknown in local table" in page

    digests = mails(portal)
    _subject, body = digests["liestal-admin@example.ch"]
    assert "Mails zu Anliegen, die nicht ankamen (1):" in body
    assert f"- {lost.reference}, Einwohnerdienste: die Mail an anna@example.ch vom " in body
    assert "kam nicht an: die Adresse existiert nicht (5.1.1)" in body
    assert lost.absolute_url() in body
    for content in ("Lea Geheim", "Bello", "Undelivered", "User unknown"):
        assert content not in body  # the reason in plain words, never a mail's content
    _subject, body = digests["liestal-admin-fr@example.ch"]
    assert "Courriels concernant des demandes qui ne sont pas arrivés (1) :" in body
    assert "l'adresse n'existe pas (5.1.1)" in body
    _subject, body = digests["allschwil-admin@example.ch"]
    assert lost.reference not in body and "anna@example.ch" not in body
    assert "nicht ankamen" not in body

    boxed = mailbox.Maildir(bounce_box, factory=None, create=False)
    assert sorted(boxed.get_message(key).get_flags() for key in boxed.iterkeys()) == [
        "FS",
        "S",
        "S",
        "S",
        "S",
    ]
    portal.MailHost.reset()
    again = send_and_commit()  # the next day: nothing new
    assert (again.read.messages, again.bounced) == (0, 0)
    assert "liestal-admin@example.ch" not in mails(portal)
    assert history(functional["app"], lost).count(LOST) == 1


def test_a_run_that_could_not_mark_its_messages_records_nothing_twice(
    functional, world, form, request_, bounce_box
):
    submission = make_submission(form, request_)
    transaction.commit()
    dsn.deliver(bounce_box, dsn.report(sent(functional["portal"], "anna@example.ch")))
    first = bounces.read_bounces()
    transaction.commit()  # and then no mark_seen: the message stays new
    second = bounces.read_bounces()
    transaction.commit()
    assert (first.bounces, second.bounces, second.known) == (1, 0, 1)
    entries = [e for e in submission.log if e["action"] == bounces.LOG_ACTION]
    assert len(entries) == 1
    assert len(bounces.pending(world["liestal"])) == 1


def test_the_whole_original_or_only_our_message_id_finds_the_request(functional, submission):
    receipt = sent(functional["portal"], "anna@example.ch")
    (failure,) = failures(email.message_from_bytes(dsn.report(receipt, whole=True)))
    assert (failure.reference, failure.recipient, failure.status) == (
        submission.reference,
        "anna@example.ch",
        "5.1.1",
    )
    del receipt[REFERENCE_HEADER]  # a server that returns some headers only
    (failure,) = failures(email.message_from_bytes(dsn.report(receipt)))
    assert failure.reference == submission.reference
    assert failure.diagnostic.startswith("550 5.1.1 <anna@example.ch>")


def test_no_maildir_no_reading(functional, monkeypatch):
    monkeypatch.delenv(bounces.MAILDIR_VARIABLE, raising=False)
    run = bounces.read_bounces()
    assert run.messages == 0 and "not read" in run.line()


def test_the_reasons_in_plain_words():
    from zope.i18n import translate

    words = {
        status: translate(bounces.reason(status), target_language="de")
        for status in ("5.1.1", "5.2.2", "5.7.1", "4.4.7", "5.9.9")
    }
    assert words == {
        "5.1.1": "die Adresse existiert nicht",
        "5.2.2": "das Postfach ist voll",
        "5.7.1": "der Mailserver des Empfängers hat die Mail abgelehnt",
        "4.4.7": "der Mailserver des Empfängers war nicht erreichbar",
        "5.9.9": "der Mailserver des Empfängers hat sie nicht angenommen",
    }
