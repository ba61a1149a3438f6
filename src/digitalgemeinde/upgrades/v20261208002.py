"""Upgrade to 20261208002: overdue requests by their due day (issue 16).

The catalog's ``due`` index (a DateIndex by the minute) gave way to ``due_day``: counting the
overdue requests of an inbox unioned one set per request of the site's whole history.
"""

from digitalgemeinde.upgrades.v20261208001 import add_due_day_index


def index_due_days(context) -> None:
    """``due_day`` for every request; the ``due`` index goes (its metadata stays)."""
    from plone import api

    catalog = api.portal.get_tool("portal_catalog")
    if "due" in catalog.indexes():
        catalog.delIndex("due")
    if not add_due_day_index(catalog):
        return
    for brain in catalog.unrestrictedSearchResults(portal_type="Submission"):
        catalog.catalog_object(
            brain._unrestrictedGetObject(), idxs=["due_day"], update_metadata=False
        )
