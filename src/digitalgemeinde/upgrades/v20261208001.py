"""Upgrade to 20261208001: the staff's workbench (issue 16).

Each step brings one part of the workbench to a site made by the previous release.
"""

from digitalgemeinde.setuphandlers import keep_out_of_navigation


def keep_requests_out_of_navigation(context) -> None:
    """Requests are never listed in the navigation (they were, to their clerks)."""
    keep_out_of_navigation()


def add_privacy_settings(context) -> None:
    """The settings "Purpose and data protection" (text and address) that new forms show."""
    from plone.registry.interfaces import IRegistry
    from zope.component import getUtility

    from digitalgemeinde.controlpanel import ISettings

    getUtility(IRegistry).registerInterface(ISettings, prefix="digitalgemeinde")


def add_export_setting(context) -> None:
    """The setting "Export in the background from (requests)"; the other settings kept."""
    from plone.registry.interfaces import IRegistry
    from zope.component import getUtility

    from digitalgemeinde.controlpanel import ISettings

    getUtility(IRegistry).registerInterface(ISettings, prefix="digitalgemeinde")


def add_due_day_index(catalog) -> bool:
    """The catalog's ``due_day`` (see ``submissions.due_dates``); False if it was there."""
    from types import SimpleNamespace

    if "due_day" in catalog.indexes():
        return False
    catalog.addIndex("due_day", "FieldIndex", SimpleNamespace(indexed_attrs=["due_day"]))
    return True


def add_assignment_and_due_dates(context) -> None:
    """The catalog's ``assignee`` (index and metadata), ``due_day`` (index), ``due``
    (metadata), and each existing
    request's due date from its service's processing days (where it has them)."""
    from types import SimpleNamespace

    from plone import api
    from plone.app.uuid.utils import uuidToObject

    from digitalgemeinde.submissions.due_dates import due_date

    catalog = api.portal.get_tool("portal_catalog")
    if "assignee" not in catalog.indexes():
        catalog.addIndex("assignee", "FieldIndex", SimpleNamespace(indexed_attrs=["assignee"]))
    add_due_day_index(catalog)
    for column in ("assignee", "due"):
        if column not in catalog.schema():
            catalog.addColumn(column)
    services = {}
    for brain in catalog.unrestrictedSearchResults(portal_type="Submission"):
        submission = brain._unrestrictedGetObject()
        if submission.due is None and submission.submitted is not None:
            uid = submission.service_uid
            if uid not in services:
                services[uid] = uuidToObject(uid, unrestricted=True) if uid else None
            submission.set_due(due_date(services[uid], submission.submitted))
        catalog.catalog_object(submission, idxs=["assignee", "due_day"], update_metadata=True)


def requests_out_of_sitemaps_and_edit(context) -> None:
    """Requests never in the sitemaps or the site search (``plone.types_not_searched``), and
    no edit action on them (the toolbar offered an empty edit form)."""
    from plone import api

    from digitalgemeinde.setuphandlers import keep_requests_out_of_sitemaps

    keep_requests_out_of_sitemaps()
    fti = api.portal.get_tool("portal_types").getTypeInfo("Submission")
    if fti is None:
        return
    edits = [index for index, action in enumerate(fti.listActions()) if action.getId() == "edit"]
    if edits:
        fti.deleteActions(edits)


def add_access_log_setting(context) -> None:
    """The setting "Keep the access log (days)" (default 365); the other settings kept. The
    access log itself is made in each tenant with its first entry."""
    from plone.registry.interfaces import IRegistry
    from zope.component import getUtility

    from digitalgemeinde.controlpanel import ISettings

    getUtility(IRegistry).registerInterface(ISettings, prefix="digitalgemeinde")
