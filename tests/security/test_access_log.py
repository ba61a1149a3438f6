"""The access log: who opened, downloaded, exported or forwarded which request, and when; seen
by the tenant's admins only, kept for the period of Site Setup, never with a request's content."""

from datetime import UTC
from datetime import datetime
from datetime import timedelta

import pytest
import transaction
from plone import api
from plone.namedfile.file import NamedBlobFile

from digitalgemeinde.submissions import access_log
from digitalgemeinde.submissions.retention import purge
from tests.helpers import browser_for
from tests.helpers import create_user
from tests.submissions.helpers import denied
from tests.submissions.helpers import make_submission

PDF = b"%PDF-1.4\n% a vaccination certificate\n%%EOF\n"


@pytest.fixture
def submission(form, functional):
    document = NamedBlobFile(data=PDF, filename="impfausweis.pdf", contentType="application/pdf")
    made = make_submission(form, functional["request"], document=document)
    transaction.commit()
    return made


def logged(world, fresh=True, **query) -> list[tuple[str, str, str]]:
    if fresh:
        transaction.begin()
    return [
        (entry["reference"], entry["action"], entry["actor"])
        for entry in access_log.entries(world["liestal"], **query)
    ]


def test_opening_and_downloading_are_logged_without_a_write_confirmation(app, world, submission):
    browser = browser_for(app, "liestal-clerk")
    before = datetime.now(UTC)
    browser.open(submission.absolute_url())
    assert browser.headers["status"].startswith("200")
    assert "confirm-action" not in browser.url  # plone.protect asked nothing
    browser.open(f"{submission.absolute_url()}/@@file/document")
    browser.open(f"{submission.absolute_url()}/@@request.pdf")
    entries = logged(world, request_uid=submission.UID())
    reference = submission.reference
    assert entries == [
        (reference, "download", "liestal-clerk"),
        (reference, "download", "liestal-clerk"),
        (reference, "open", "liestal-clerk"),
    ]
    (newest, *_rest) = access_log.entries(world["liestal"], actor="liestal-clerk")
    assert before - timedelta(seconds=1) <= newest["time"] <= datetime.now(UTC)
    assert set(newest) == {"time", "uid", "reference", "action", "actor"}  # no content


def test_export_and_forward_are_logged(app, world, bau, submission, form, functional):
    other = make_submission(form, functional["request"], name="Otto")
    transaction.commit()
    with api.env.adopt_roles(["Manager"]):
        written = access_log.record_access(
            [submission.UID(), other.UID()], "liestal-clerk", access_log.EXPORT
        )
    transaction.commit()
    assert written == 2
    browser = browser_for(app, "liestal-clerk")
    browser.open(submission.absolute_url())
    form_ = browser.getForm(id="forward")
    form_.getControl(name="office").value = [bau.UID()]
    form_.getControl(name="reason").value = "Zuständig ist die Bauverwaltung."
    form_.submit()
    actions = [action for _ref, action, _actor in logged(world, request_uid=submission.UID())]
    assert actions == ["forward", "open", "export"]
    assert "export" in [a for _r, a, _u in logged(world, request_uid=other.UID())]


def test_tenant_admin_sees_it_per_request_and_per_person(app, world, submission):
    browser_for(app, "liestal-clerk").open(submission.absolute_url())
    admin = browser_for(app, "liestal-admin")
    admin.open(submission.absolute_url())
    assert 'id="access-log-link"' in admin.contents
    admin.getLink(id="access-log-link").click()
    assert admin.headers["status"].startswith("200")
    assert submission.reference in admin.contents
    assert "Liestal Clerk" in admin.contents
    assert "Bello" not in admin.contents and "Anna Muster" not in admin.contents
    admin.open(f"{world['liestal'].absolute_url()}/@@access-log?user=liestal-clerk")
    assert submission.reference in admin.contents
    clerk = browser_for(app, "liestal-clerk")
    clerk.open(submission.absolute_url())
    assert 'id="access-log-link"' not in clerk.contents


@pytest.mark.parametrize("user", ["liestal-clerk", "allschwil-admin", "liestal-editor", None])
def test_others_are_refused(app, world, submission, user):
    create_user("allschwil-admin", ["allschwil-admins"])
    transaction.commit()
    browser_for(app, "liestal-clerk").open(submission.absolute_url())
    browser = browser_for(app, user)
    browser.open(f"{world['liestal'].absolute_url()}/@@access-log?request={submission.UID()}")
    assert denied(browser)
    assert submission.reference not in browser.contents


def test_entries_past_the_period_are_purged(app, world, submission):
    api.portal.set_registry_record("digitalgemeinde.access_log_days", 30)
    transaction.commit()
    browser_for(app, "liestal-clerk").open(submission.absolute_url())
    report = purge(api.portal.get(), now=datetime.now(UTC) + timedelta(days=29))
    assert report.access_log_removed == 0
    assert len(logged(world, fresh=False, request_uid=submission.UID())) == 1
    report = purge(api.portal.get(), now=datetime.now(UTC) + timedelta(days=31))
    assert report.access_log_removed == 1
    assert logged(world, fresh=False, request_uid=submission.UID()) == []
    assert logged(world, fresh=False, actor="liestal-clerk") == []
    assert "access log" in report.line()


def test_opening_does_not_write_to_the_request(app, world, submission):
    transaction.begin()
    serial = submission._p_serial
    browser_for(app, "liestal-clerk").open(submission.absolute_url())
    transaction.begin()
    assert submission._p_serial == serial  # no conflict between two clerks opening it
    assert len(logged(world, request_uid=submission.UID())) == 1


def test_export_of_catalog_results_is_logged_per_request(world, form, functional):
    made = [make_submission(form, functional["request"], name=f"P{n}") for n in range(3)]
    transaction.commit()
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(portal_type="Submission")
    assert access_log.record_access(brains, "liestal-clerk", access_log.EXPORT) == 3
    transaction.commit()
    for submission in made:
        assert logged(world, request_uid=submission.UID()) == [
            (submission.reference, "export", "liestal-clerk")
        ]


def test_a_deleted_request_is_found_by_its_reference(app, world, submission):
    """The person's list links each request by its reference, which still finds the entries
    of a request that was deleted since (its UID no longer names anything)."""
    browser_for(app, "liestal-clerk").open(submission.absolute_url())
    uid, reference = submission.UID(), submission.reference
    admin = browser_for(app, "liestal-admin")
    admin.open(f"{world['liestal'].absolute_url()}/@@access-log?user=liestal-clerk")
    assert f"@@access-log?request={reference}" in admin.contents
    with api.env.adopt_roles(["Manager"]):
        api.content.delete(submission, check_linkintegrity=False)
    transaction.commit()
    assert logged(world, request_uid=uid) == []
    assert logged(world, request_uid=reference) == [(reference, "open", "liestal-clerk")]
    admin.open(f"{world['liestal'].absolute_url()}/@@access-log?request={reference}")
    assert reference in admin.contents and "Liestal Clerk" in admin.contents


def test_an_older_log_is_indexed_by_reference_by_the_upgrade(app, world, submission):
    """A log made before kept its entries per request by UID; the upgrade to 20261209001 makes
    the index by reference, and what was logged before is found as before."""
    from BTrees.OOBTree import OOBTree

    from digitalgemeinde.upgrades.v20261209001 import access_logs_by_reference

    browser_for(app, "liestal-clerk").open(submission.absolute_url())
    transaction.begin()
    log = access_log.log_of(world["liestal"])
    old = OOBTree()  # what an older log held
    for key, (uid, _reference, _action, _actor) in log.entries.items():
        old[(uid, key)] = None
    log.by_request, log.by_reference = old, None
    transaction.commit()
    assert len(logged(world, request_uid=submission.UID())) == 1  # the old index still works
    access_logs_by_reference(None)
    transaction.commit()
    assert log.by_request is None and len(log.by_reference) == 1
    assert logged(world, request_uid=submission.UID()) == [
        (submission.reference, "open", "liestal-clerk")
    ]
    assert len(logged(world, request_uid=submission.reference)) == 1
