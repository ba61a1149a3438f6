"""Upgrade steps to profile version 20261211001 for form versions (issue 19).

Every published request form gets version 1 from its fields as they are now (one it has
already is kept), and a form's editors get the «Versions» action. Requests made before keep
no version number (``Submission.form_version`` reads None): their own snapshot of the fields
still shows the labels they were made with.
"""

from plone import api

from digitalgemeinde.submissions import form_versions


def first_versions(context) -> None:
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="EasyForm"):
        form = brain._unrestrictedGetObject()
        if form_versions.latest(form) is None and form_versions.is_published(form):
            form_versions.record(form, actor=None, origin=form_versions.UPGRADE)


def versions_action(context) -> None:
    """The object action «Versions» of a form (profiles/default/actions.xml)."""
    setup = api.portal.get_tool("portal_setup")
    setup.runImportStepFromProfile("profile-digitalgemeinde:default", "actions")
