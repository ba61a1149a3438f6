"""Change the demo site as its users would, for the backup tests. Run through zconsole:

    BACKUP_STEP=prepare .venv/bin/zconsole run instance/etc/zope.conf tests/backup/site_changes.py

- ``prepare``: a page "Sicherung" with the text ``BEFORE`` and a file ``datei-vorher`` (a blob);
- ``change``: the page's text becomes ``AFTER``, a file ``datei-nachher`` is added and a citizen
  submits a request (like the demo's first one, with its PDF upload) to Liestal's Einwohnerdienste.

Prints one line ``CHANGED {json}`` with the paths and texts the test looks for.
"""

import json
import os

import transaction
from plone import api
from plone.app.textfield.value import RichTextValue
from plone.namedfile.file import NamedBlobFile
from zope.component.hooks import setSite

from digitalgemeinde.demo import forms
from digitalgemeinde.demo.setup import as_submitter
from digitalgemeinde.demo.setup import form_data
from digitalgemeinde.demo.setup import global_request
from digitalgemeinde.sitesetup import act_as
from digitalgemeinde.submissions import mail
from digitalgemeinde.submissions.delivery import deliver

BEFORE = "<p>Öffnungszeiten vor der Sicherung: Montag bis Freitag</p>"
AFTER = "<p>Nach der Sicherung geändert: nur noch am Mittwoch</p>"
FILE_BEFORE = b"%PDF-1.4 Datei vor der Sicherung\n" * 200
FILE_AFTER = b"%PDF-1.4 Datei nach der Sicherung\n" * 300


def add_file(site, file_id: str, data: bytes):
    return api.content.create(
        site,
        "File",
        id=file_id,
        title=file_id,
        file=NamedBlobFile(data=data, filename=f"{file_id}.pdf", contentType="application/pdf"),
    )


def prepare(site) -> dict:
    page = api.content.create(site, "Document", id="sicherung", title="Sicherung")
    page.text = RichTextValue(BEFORE, "text/html", "text/x-html-safe")
    add_file(site, "datei-vorher", FILE_BEFORE)
    return {"page": "sicherung", "file": "datei-vorher"}


def change(site) -> dict:
    site["sicherung"].text = RichTextValue(AFTER, "text/html", "text/x-html-safe")
    add_file(site, "datei-nachher", FILE_AFTER)
    spec = forms.DEMO_REQUESTS[0]
    form = site[forms.DEMO_REQUESTS_TENANT][spec["form"]]
    # another citizen than the demo's (the same values again would be a duplicate of its request)
    values = {**spec["values"], "vorname": "Rita", "email": "rita.gerber@example.ch"}
    with global_request(site) as request, mail.suppressed(request), as_submitter(None):
        submission = deliver(form, form_data(values), request).submission
    path = "/".join(submission.getPhysicalPath()[2:])  # below the site
    return {"file": "datei-nachher", "request": path, "reference": submission.getId()}


def main(app) -> None:
    site = app[os.environ.get("SITE_ID", "Plone")]
    setSite(site)
    act_as(app, os.environ.get("ADMIN_USER", "admin"))
    steps = {"prepare": prepare, "change": change}
    changed = steps[os.environ["BACKUP_STEP"]](site)
    transaction.commit()
    print("CHANGED " + json.dumps(changed))


if __name__ == "__main__":  # zconsole run (imported by the tests for the texts above)
    main(app)  # noqa: F821 (bound by zconsole)
