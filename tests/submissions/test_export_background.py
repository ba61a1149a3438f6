"""From the threshold in Site Setup on, the export is made in the background: a thread with a
connection of its own (the test layer's real ZODB), a mail with the link (Plone's MailHost),
the link on the inbox; the file only for the clerk who asked, until it expires."""

import csv
import io
import re
from datetime import timedelta

import pytest
import transaction
from plone import api

from digitalgemeinde.sitesetup import configure_languages
from digitalgemeinde.submissions import export_jobs
from digitalgemeinde.submissions.retention import purge
from tests.helpers import browser_for
from tests.submissions.helpers import denied
from tests.submissions.helpers import inbox_url
from tests.submissions.helpers import make_submission
from tests.submissions.test_export import body_bytes
from tests.submissions.test_export import csv_rows
from tests.submissions.test_export import export
from tests.submissions.test_mail import mail_dir  # noqa: F401 (a fixture)
from tests.submissions.test_mail import mails
from tests.submissions.test_mail import real_mailhost  # noqa: F401 (a fixture)


def set_threshold(value: int) -> None:
    api.portal.set_registry_record(export_jobs.SETTING, value)
    transaction.commit()


@pytest.fixture
def four(form, functional):
    request = functional["request"]
    made = [make_submission(form, request, name=f"Müller {n}") for n in range(3)]
    made.append(make_submission(form, request, name="=HYPERLINK(1)"))
    api.user.get(userid="liestal-clerk").setMemberProperties({"email": "clerk@liestal.ch"})
    transaction.commit()
    return made


def start_background(app, office, format="csv", user="liestal-clerk", query=""):
    """Open the export above the threshold, press the button; wait for the run."""
    browser = browser_for(app, user)
    browser.open(f"{office.absolute_url()}/@@inbox-export?format={format}{query}")
    assert browser.headers["status"].startswith("200")
    assert "4" in browser.getControl(name="form.buttons.start").browser.contents
    browser.getControl(name="form.buttons.start").click()
    for thread in list(export_jobs.RUNNING.values()):
        thread.join(60)
    transaction.begin()  # see what the thread committed
    return browser


def the_job(portal):
    (job,) = list(export_jobs.jobs(portal).values())
    return job


def test_the_setting_is_in_site_setup(functional):
    assert api.portal.get_registry_record(export_jobs.SETTING) == 5000
    assert export_jobs.threshold() == 5000


def test_below_the_threshold_the_file_comes_at_once(app, world, four):
    set_threshold(5)
    browser = export(app, world["liestal-office"])
    assert browser.headers["Content-Type"].startswith("text/csv")
    assert len(csv_rows(browser)) == 5


def test_above_the_threshold_the_export_is_made_in_the_background(
    app,
    world,
    four,
    functional,
    mail_dir,  # noqa: F811 (the fixture imported above)
    real_mailhost,  # noqa: F811
):
    set_threshold(4)
    expected = csv_rows(export_with_threshold(app, world, 1000))
    set_threshold(4)
    browser = start_background(app, world["liestal-office"])
    assert browser.url.endswith("/@@inbox")
    job = the_job(functional["portal"])
    assert job.state == export_jobs.READY
    assert job.rows == 4
    # the mail with the link
    (message,) = [m for m in mails(mail_dir) if m["To"] == "clerk@liestal.ch"]
    body = message.get_payload(decode=True).decode("utf-8")
    link = re.search(r"http://\S+@@inbox-export-file\?token=\S+", body).group(0)
    assert link == job.link
    # the inbox shows it
    browser.open(inbox_url(world["liestal-office"]))
    ready = browser.getLink(url="@@inbox-export-file")
    assert ready.url == job.link
    # the file: the same table the page streams
    browser.open(job.link)
    assert browser.headers["Content-Type"].startswith("text/csv")
    assert re.search(r'filename="posteingang-einwohnerdienste-[\d-]+\.csv"', str(browser.headers))
    assert csv_rows(browser) == expected


def export_with_threshold(app, world, threshold):
    set_threshold(threshold)
    return export(app, world["liestal-office"])


def test_excel_in_the_background(app, world, four, functional):
    set_threshold(2)
    browser = start_background(app, world["liestal-office"], format="xlsx")
    job = the_job(functional["portal"])
    browser.open(job.link)
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(body_bytes(browser))).active
    rows = [[cell.value or "" for cell in row] for row in sheet.iter_rows()]
    assert len(rows) == 5
    assert "'=HYPERLINK(1)" in [row[5] for row in rows]


def test_the_filters_go_with_the_background_export(app, world, four, functional):
    set_threshold(1)
    start_background(app, world["liestal-office"], query="&q=HYPERLINK")
    browser = browser_for(app, "liestal-clerk")
    browser.open(the_job(functional["portal"]).link)
    header, *rows = csv_rows(browser)
    assert [row[0] for row in rows] == [four[3].reference]


def pending_job(world, portal, age=timedelta(0)):
    """A job as the page records it, its run not started (or gone with its process)."""
    path = "/".join(world["liestal-office"].getPhysicalPath())
    job = export_jobs.ExportJob(
        "liestal-clerk",
        path,
        {},
        "csv",
        total=4,
        download_url=f"{world['liestal-office'].absolute_url()}/@@inbox-export-file",
    )
    job.heartbeat -= age
    export_jobs.jobs(portal, create=True)[job.token] = job
    transaction.commit()
    return job


def test_pending_is_shown_on_the_inbox(app, world, four, functional):
    configure_languages("de")
    job = pending_job(world, functional["portal"])
    browser = browser_for(app, "liestal-clerk")
    browser.addHeader("Accept-Language", "de")
    browser.open(inbox_url(world["liestal-office"]))
    assert "Ihr Export von 4 Anliegen wird erstellt" in browser.contents
    assert not export_jobs.RUNNING  # its run is under way: not started again
    transaction.begin()
    assert job.state == export_jobs.PENDING
    # nor to another clerk
    other = browser_for(app, "liestal-admin")
    other.open(inbox_url(world["liestal-office"]))
    assert "inbox-exports" not in other.contents


def test_a_run_gone_with_its_process_is_started_again(app, world, four, functional):
    job = pending_job(world, functional["portal"], age=export_jobs.STALE)
    browser = browser_for(app, "liestal-clerk")
    browser.open(inbox_url(world["liestal-office"]))
    for thread in list(export_jobs.RUNNING.values()):
        thread.join(60)
    transaction.begin()
    assert job.state == export_jobs.READY
    browser.open(inbox_url(world["liestal-office"]))
    assert browser.getLink(url="@@inbox-export-file").url == job.link


@pytest.mark.parametrize("user", ["liestal-admin", "liestal-bau-clerk", "allschwil-clerk"])
def test_nobody_else_downloads_it(app, world, four, functional, bau, allschwil_clerk, user):
    set_threshold(2)
    start_background(app, world["liestal-office"])
    job = the_job(functional["portal"])
    browser = browser_for(app, user)
    browser.open(job.link)
    assert denied(browser)
    assert b"M\xc3\xbcller" not in body_bytes(browser)
    assert b"Reference" not in body_bytes(browser)
    # nor under another inbox's address
    browser.open(job.link.replace("/einwohnerdienste/", "/bauverwaltung/"))
    assert not browser.headers["status"].startswith("200")
    # the clerk does
    mine = browser_for(app, "liestal-clerk")
    mine.open(job.link)
    assert mine.headers["status"].startswith("200")


def test_a_guessed_token_finds_nothing(app, world, four):
    browser = browser_for(app, "liestal-clerk")
    browser.open(f"{world['liestal-office'].absolute_url()}/@@inbox-export-file?token=abc")
    assert browser.headers["status"].startswith("404")


def test_an_expired_link_is_refused_in_german(app, world, four, functional):
    set_threshold(2)
    start_background(app, world["liestal-office"])
    job = the_job(functional["portal"])
    job.expires = export_jobs.now() - timedelta(minutes=1)
    configure_languages("de")
    transaction.commit()
    browser = browser_for(app, "liestal-clerk")
    browser.addHeader("Accept-Language", "de")
    browser.open(job.link)
    assert browser.headers["status"].startswith("410")
    assert "Dieser Export ist abgelaufen" in body_bytes(browser).decode("utf-8")
    # the daily purge removes it and its file
    purge(functional["portal"])
    assert not export_jobs.jobs(functional["portal"])


def test_a_bad_format_is_refused(app, world, four):
    set_threshold(2)
    browser = export(app, world["liestal-office"], "format=pdf")
    assert browser.headers["status"].startswith("400")
    assert "csv or xlsx" in str(browser.contents)


def test_starting_needs_the_button_with_its_token(app, world, four, functional):
    set_threshold(2)
    browser = browser_for(app, "liestal-clerk")
    browser.post(
        f"{world['liestal-office'].absolute_url()}/@@inbox-export",
        "format=csv&form.buttons.start=1",
    )
    assert not browser.headers["status"].startswith("2") or "@@inbox" not in browser.url
    transaction.begin()
    assert not export_jobs.jobs(functional["portal"])


def test_others_cannot_start_one(app, world, four, functional):
    set_threshold(2)
    for user in ("allschwil-editor", "liestal-editor", None):
        browser = export(app, world["liestal-office"], user=user)
        assert denied(browser)
    assert not export_jobs.jobs(functional["portal"])


def test_the_run_is_idempotent(app, world, four, functional):
    set_threshold(2)
    start_background(app, world["liestal-office"])
    portal = functional["portal"]
    job = the_job(portal)
    first = job.file.committed()
    assert export_jobs.run(portal, job.token) is None  # ready: nothing to do again
    assert job.file.committed() == first
    with open(first, "rb") as file:
        assert len(list(csv.reader(io.StringIO(file.read().decode("utf-8-sig"))))) == 5
