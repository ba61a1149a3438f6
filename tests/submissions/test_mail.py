"""Mail in development lands in a Maildir, and only for requests whose transaction commits.

These tests use Plone's real MailHost (not the test layer's MockMailHost), so mail goes through
zope.sendmail's transaction-aware delivery exactly as on a server.
"""

import mailbox
from email.header import decode_header
from email.header import make_header

import pytest
import transaction
from plone import api
from Products.MailHost.interfaces import IMailHost
from Products.MailHost.MailHost import MailBase
from Products.MailHost.MailHost import MailHost
from ZODB.POSException import ConflictError
from zope.sendmail.interfaces import IMailer
from zope.sendmail.mailer import SMTPMailer
from ZPublisher.HTTPRequest import HTTPRequest

from digitalgemeinde.devmail import maildir as devmail
from digitalgemeinde.submissions import action
from digitalgemeinde.submissions import delivery
from digitalgemeinde.submissions.counts import state_counts
from tests.submissions.test_delivery import submit

OFFICE = "ed@liestal.example.ch"
CITIZEN = "anna@example.ch"


@pytest.fixture
def mail_dir(tmp_path, monkeypatch):
    path = tmp_path / "mail"
    monkeypatch.setenv(devmail.ENVIRONMENT_VARIABLE, str(path))
    if MailBase._makeMailer is not devmail.make_mailer:
        # the package's ZCML applies the patch when Zope starts (see test below)
        monkeypatch.setattr(MailBase, "_makeMailer", devmail.make_mailer)
    return path


@pytest.fixture
def real_mailhost(functional):
    """Plone's MailHost in place of the test layer's mock (the layer's storage forgets it)."""
    portal = functional["portal"]
    portal.__dict__.pop("MailHost", None)  # the mock is set as an attribute
    if "MailHost" in portal.objectIds():
        portal._delObject("MailHost")
    portal._setObject("MailHost", MailHost("MailHost"))
    portal.getSiteManager().registerUtility(portal.MailHost, IMailHost)
    transaction.commit()
    return portal.MailHost


def mails(path) -> list:
    if not (path / "new").exists():
        return []
    return list(mailbox.Maildir(path, factory=None, create=False))


def recipients(path) -> list[str]:
    return sorted(message["To"] for message in mails(path))


def subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def submissions():
    catalog = api.portal.get_tool("portal_catalog")
    return [
        brain._unrestrictedGetObject()
        for brain in catalog.unrestrictedSearchResults(portal_type="Submission")
    ]


def test_committed_request_leaves_the_office_notice_and_the_receipt_as_files(
    form, world, functional, mail_dir, real_mailhost
):
    submit(functional["app"], form)
    (submission,) = submissions()
    assert recipients(mail_dir) == [CITIZEN, OFFICE]
    assert len(list((mail_dir / "new").iterdir())) == 2
    for message in mails(mail_dir):
        assert submission.reference in subject(message)
        assert message["Return-Path"] == "<portal@example.ch>"
        assert message["Delivered-To"] == message["To"]


def test_aborted_transaction_leaves_no_mail_and_no_request(
    form, world, functional, mail_dir, real_mailhost
):
    data = {"name": "Anna Muster", "email": CITIZEN, "dog": "Bello"}
    delivery.deliver(form, data, functional["request"])
    assert len(submissions()) == 1
    assert mails(mail_dir) == []  # queued, not written
    transaction.abort()
    assert submissions() == []
    assert list(world["liestal-office"].objectIds()) == []
    assert mails(mail_dir) == []


def test_conflict_retried_by_zope_gives_one_request_and_one_mail_of_each_kind(
    form, world, functional, mail_dir, real_mailhost, monkeypatch
):
    calls = []
    store = delivery.store

    def store_then_conflict_once(*args, **kwargs):
        result = store(*args, **kwargs)
        calls.append(result.reference)
        if len(calls) == 1:
            raise ConflictError("a concurrent request took the same number")
        return result

    monkeypatch.setattr(action, "store", store_then_conflict_once)
    # as on a server: zope.conf's max-conflict-retries (3); no pause between the tries
    monkeypatch.setattr(HTTPRequest, "retry_max_count", 3)
    monkeypatch.setattr(HTTPRequest, "delay_retry", lambda request: None)
    browser = submit(functional["app"], form)
    assert len(calls) == 2  # Zope's publisher retried the request
    assert browser.headers["status"].startswith("200")
    (submission,) = submissions()
    assert submission.reference == calls[-1]
    # the aborted try gave its number back and the retry took it again: no gap
    assert calls[0] == calls[1]
    from digitalgemeinde.submissions.reference import counter_for

    counter = counter_for(world["liestal"], submission.submitted.year)
    assert counter.current() == int(submission.reference[-6:])
    assert state_counts(world["liestal-office"])["submitted"] == 1
    assert recipients(mail_dir) == [CITIZEN, OFFICE]


def test_without_the_variable_the_smtp_settings_apply(portal, monkeypatch):
    monkeypatch.delenv(devmail.ENVIRONMENT_VARIABLE, raising=False)
    assert isinstance(devmail.make_mailer(MailHost("MailHost")), SMTPMailer)
    monkeypatch.setenv(devmail.ENVIRONMENT_VARIABLE, "")
    assert isinstance(devmail.make_mailer(MailHost("MailHost")), SMTPMailer)


def test_maildir_mailer_writes_one_file_per_mail_into_new(tmp_path):
    mailer = devmail.MaildirMailer(tmp_path / "mail")
    assert IMailer.providedBy(mailer)
    message = b"From: a@example.ch\nTo: b@example.ch\nSubject: Test\n\nHallo\n"
    mailer.vote("a@example.ch", ["b@example.ch"], message)
    mailer.send("a@example.ch", ["b@example.ch", "c@example.ch"], message)
    (written,) = (tmp_path / "mail" / "new").iterdir()
    text = written.read_text()
    assert text.startswith("Return-Path: <a@example.ch>\nDelivered-To: b@example.ch\n")
    assert "Delivered-To: c@example.ch\n" in text
    assert text.endswith("\n\nHallo\n")


def test_maildir_mailer_writes_into_an_empty_folder_made_beforehand(tmp_path):
    (tmp_path / "mail").mkdir()
    mailer = devmail.MaildirMailer(tmp_path / "mail")
    mailer.send("a@example.ch", ["b@example.ch"], b"Subject: Test\n\nHallo\n")
    assert len(list((tmp_path / "mail" / "new").iterdir())) == 1


def test_the_package_configuration_patches_the_mailhost(monkeypatch):
    from zope.configuration import xmlconfig

    import digitalgemeinde.devmail

    monkeypatch.setattr(MailBase, "_makeMailer", devmail.smtp_mailer)
    xmlconfig.file("configure.zcml", digitalgemeinde.devmail)
    assert MailBase._makeMailer is devmail.make_mailer
