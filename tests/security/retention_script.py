"""Run by test_retention_leaves_nothing.py through ``zconsole run <zope.conf> <this file>``
on a FileStorage of its own; prints one line of JSON.

PHASE=make: a site with Liestal's request form and one request, completed long ago, whose
values are the test's WORDS. PHASE=purge: retention's purge as ``make purge`` runs it, then a
pack; prints what the catalog still knows of the request."""

import json
import os
import sys
import time
from datetime import UTC
from datetime import datetime
from datetime import timedelta

import transaction
from plone import api
from plone.namedfile.file import NamedBlobFile
from zope.component.hooks import setSite

from digitalgemeinde.sitesetup import SiteSettings
from digitalgemeinde.sitesetup import act_as
from digitalgemeinde.sitesetup import ensure_admin
from digitalgemeinde.sitesetup import ensure_site
from digitalgemeinde.submissions.delivery import deliver
from digitalgemeinde.submissions.retention import purge_and_commit

sys.path.insert(0, os.environ["REPO"])
from tests.helpers import build_world  # noqa: E402
from tests.request_forms import make_request_form  # noqa: E402

app = globals()["app"]  # bound by zconsole
ensure_admin(app, "admin", "admin")
act_as(app, "admin")
settings = SiteSettings(site_id="Plone", title="Portal", language="de", with_demo=False)
site, _created = ensure_site(app, settings)
setSite(site)
catalog = api.portal.get_tool("portal_catalog")
values = json.loads(os.environ["VALUES"])


def catalog_facts(uid: str, path: str) -> dict:
    """How many catalog entries the request's type, UID, path and name words find."""
    found = {
        "Submission": len(catalog.unrestrictedSearchResults(portal_type="Submission")),
        "UID": len(catalog.unrestrictedSearchResults(UID=uid)),
        "path": len(catalog.unrestrictedSearchResults(path=path)),
    }
    for word in values["name"].split():
        found[word] = len(catalog.unrestrictedSearchResults(SearchableText=word))
    return found


if os.environ["PHASE"] == "make":
    world = build_world(site, commit=False)
    form = make_request_form(world)
    document = NamedBlobFile(
        data=values.pop("file").encode(), filename=values.pop("filename"), contentType="text/plain"
    )
    submission = deliver(form, {**values, "document": document}, app.REQUEST).submission
    with api.env.adopt_roles(["Manager"]):
        api.content.transition(submission, "accept")
        api.content.transition(submission, "complete", comment="Erledigt")
    submission.closed = datetime.now(UTC) - timedelta(days=200)
    submission.reindexObject()
    transaction.commit()
    uid, path = submission.UID(), "/".join(submission.getPhysicalPath())
    result = {"uid": uid, "path": path, "found": catalog_facts(uid, path)}
else:
    report = purge_and_commit(site)
    app._p_jar.db().pack(time.time())
    found = catalog_facts(os.environ["UID"], os.environ["PATH_OF"])
    result = {"deleted": report.deleted, "found": found}
print("RESULT " + json.dumps(result))
