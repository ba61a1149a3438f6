"""Issue 19, save and resume: the drafts' domain (``submissions.drafts``).

A draft of a form in progress lives in the site's storage for drafts (never in the form, the
office or the catalog), found by the browser's cookie or by the mailed resume token, of which
only hashes are stored. It keeps typed values and files, says what no longer fits a changed
form, expires after the form's period and is purged with its files."""

import time
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from pathlib import Path

import transaction
from persistent import Persistent
from plone import api
from plone.namedfile.file import NamedBlobFile
from ZODB.DB import DB
from ZODB.FileStorage import FileStorage
from zope.annotation.interfaces import IAnnotations
from zope.annotation.interfaces import IAttributeAnnotatable
from zope.interface import implementer

from digitalgemeinde.submissions import drafts
from digitalgemeinde.submissions.retention import purge
from digitalgemeinde.submissions.tokens import hash_token
from tests.helpers import create_user
from tests.request_forms import FIELDS_MODEL

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def cookie_of(request, form) -> dict:
    return request.response.cookies[drafts.cookie_name(form)]


def browser_with_cookie(request, form):
    """The request of the next page: the browser sends the cookie it was given."""
    request.cookies[drafts.cookie_name(form)] = cookie_of(request, form)["value"]
    return request


def test_a_new_draft_sets_a_cookie_only_the_hash_of_which_is_stored(functional, form):
    request = functional["request"]
    draft = drafts.open_draft(form, request)
    cookie = cookie_of(request, form)
    assert cookie["HttpOnly"] and cookie["SameSite"] == "Lax" and not cookie.get("Secure")
    assert cookie["Path"] == "/" + form.absolute_url(1)
    secret = cookie["value"]
    assert draft.cookie_hash == hash_token(secret) and secret not in repr(vars(draft))
    assert drafts.draft_days(form) == 30
    assert draft.expires - draft.created == timedelta(days=30)
    form.draft_days = 7  # the form's setting "Entwürfe aufbewahren (Tage)"
    drafts.remember(draft, form, {"name": "Anna"})
    assert draft.expires - draft.modified == timedelta(days=7)
    # the next page finds it by the cookie; a made-up cookie finds nothing
    assert drafts.current(form, browser_with_cookie(request, form)) is draft
    assert drafts.open_draft(form, request) is draft
    request.cookies[drafts.cookie_name(form)] = secret + "x"
    assert drafts.current(form, request) is None


def test_a_draft_is_not_in_the_form_nor_the_office_nor_the_catalog(functional, form, world):
    request = functional["request"]
    draft = drafts.open_draft(form, request)
    drafts.remember(draft, form, {"name": "Anna Muster"})
    transaction.commit()
    assert draft.id in IAnnotations(functional["portal"])[drafts.KEY].drafts
    assert not any(key.startswith(drafts.KEY) for key in IAnnotations(form))
    catalog = api.portal.get_tool("portal_catalog")
    assert not catalog.unrestrictedSearchResults(SearchableText="Anna")
    office = world["liestal-office"]
    assert [o for o in office.objectValues() if o.portal_type == "Submission"] == []


def test_remember_keeps_typed_values_and_files(functional, form):
    draft = drafts.open_draft(form, functional["request"])
    upload = NamedBlobFile(data=PDF, filename="impfausweis.pdf", contentType="application/pdf")
    drafts.remember(draft, form, {"name": "Anna", "born": date(1990, 5, 1), "document": upload})
    drafts.set_step(draft, 2)
    # a later step: new values, the file not uploaded again, unknown names ignored
    drafts.remember(draft, form, {"dog": "Bello", "document": None, "hacked": "x"})
    assert dict(draft.values).keys() == {"name", "born", "document", "dog"}
    assert draft.values["born"] == date(1990, 5, 1)
    assert draft.values["document"].data == PDF
    assert draft.step == 2
    assert drafts.values_for(draft, form)["document"].filename == "impfausweis.pdf"
    assert drafts.stale_fields(draft, form) == []


def test_a_changed_form_keeps_what_fits_and_names_what_does_not(functional, form):
    draft = drafts.open_draft(form, functional["request"])
    drafts.remember(draft, form, {"name": "Anna", "dog": "Bello", "born": date(1990, 5, 1)})
    # the editor removes "dog" and makes "born" a number
    changed = FIELDS_MODEL.replace(
        '<field name="dog" type="zope.schema.TextLine"><title>Name des Hundes</title></field>', ""
    ).replace('name="born" type="zope.schema.Date"', 'name="born" type="zope.schema.Int"')
    form.fields_model = changed
    assert drafts.values_for(draft, form) == {"name": "Anna"}
    assert sorted(drafts.stale_fields(draft, form)) == ["born", "dog"]
    assert drafts.stale_titles(draft, form) == ["Geburtsdatum"]


def test_an_expired_draft_is_not_found(functional, form):
    request = functional["request"]
    draft = drafts.open_draft(form, request)
    token = drafts.mint_resume_token(draft)
    browser_with_cookie(request, form)
    assert drafts.current(form, request) is draft
    assert drafts.by_resume_token(token) is draft
    draft.expires = datetime.now(UTC) - timedelta(seconds=1)
    assert drafts.current(form, request) is None
    assert drafts.by_resume_token(token) is None


def test_the_resume_token_tampered_or_replaced_opens_nothing(functional, form):
    draft = drafts.open_draft(form, functional["request"])
    token = drafts.mint_resume_token(draft)
    assert drafts.by_resume_token(token) is draft
    assert drafts.by_resume_token(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert drafts.by_resume_token("") is None
    # the cookie's secret is no resume token
    assert drafts.by_resume_token(draft.cookie_hash) is None
    newer = drafts.mint_resume_token(draft)
    assert drafts.by_resume_token(token) is None and drafts.by_resume_token(newer) is draft


def test_a_citizens_draft_is_theirs_alone(functional, form):
    create_user("anna")
    create_user("bruno")
    request = functional["request"]
    with api.env.adopt_user(username="anna"):
        draft = drafts.open_draft(form, request)
        draft.saved = True
        assert draft.userid == "anna"
        browser_with_cookie(request, form)
        assert drafts.current(form, request) is draft
        assert drafts.drafts_of("anna") == [draft]
        assert drafts.own_draft(draft.id, "anna") is draft
    with api.env.adopt_user(username="bruno"):
        assert drafts.current(form, request) is None  # the same browser, another login
        assert drafts.drafts_of("bruno") == []
        assert drafts.own_draft(draft.id, "bruno") is None
        assert drafts.own_draft(draft.id, None) is None
    drafts.discard(draft)
    assert drafts.drafts_of("anna") == [] and len(drafts.storage().owners) == 0


def test_the_purge_deletes_expired_drafts_with_their_files(functional, form):
    portal = functional["portal"]
    old = drafts.open_draft(form, functional["request"])
    upload = NamedBlobFile(data=PDF, filename="impfausweis.pdf", contentType="application/pdf")
    drafts.remember(old, form, {"name": "Anna", "document": upload})
    functional["request"].cookies.clear()
    fresh = drafts.Draft(form.UID(), None, datetime.now(UTC), 30)
    drafts.storage().drafts[fresh.id] = fresh
    old.expires = datetime.now(UTC) - timedelta(days=1)
    transaction.commit()

    report = purge(portal)
    transaction.commit()
    assert report.drafts_removed == 1
    assert "Deleted 1 expired draft(s)" in report.line()
    assert list(drafts.storage().drafts) == [fresh.id]
    assert old.cookie_hash not in drafts.storage().hashes
    assert dict(old.values) == {}  # nothing refers to its file any more
    assert drafts.purge_expired(portal, datetime.now(UTC)) == 0


@implementer(IAttributeAnnotatable)
class Site(Persistent):
    """A site's stand-in in a database of its own: the test layer's DemoStorage cannot pack."""


def test_a_purged_drafts_file_leaves_the_database_at_the_next_pack(functional, tmp_path):
    db = DB(FileStorage(str(tmp_path / "Data.fs"), blob_dir=str(tmp_path / "blobs")))
    manager = transaction.TransactionManager()
    root = db.open(transaction_manager=manager).root()
    site = root["site"] = Site()
    draft = drafts.Draft("form-uid", None, datetime.now(UTC), 30)
    draft.values["document"] = NamedBlobFile(data=PDF, filename="a.pdf")
    drafts.storage(site, create=True).drafts[draft.id] = draft
    manager.commit()
    blob_path = Path(draft.values["document"]._blob.committed())
    assert blob_path.exists()

    assert drafts.purge_expired(site, datetime.now(UTC) + timedelta(days=31)) == 1
    manager.commit()
    db.pack(time.time() + 1)
    assert not blob_path.exists()
    db.close()


def test_discard_removes_the_draft_and_its_tokens(functional, form):
    draft = drafts.open_draft(form, functional["request"])
    token = drafts.mint_resume_token(draft)
    drafts.discard(draft)
    assert drafts.by_resume_token(token) is None
    assert drafts.storage().drafts.get(draft.id) is None
    assert len(drafts.storage().hashes) == 0
