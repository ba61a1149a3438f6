"""Upgrade to 20261122002: the association's home (issue 6)."""

from plone import api

INDEX = "standard_uid"


def add_standard_index(context) -> None:
    """Add the ``standard_uid`` index of adopted services (empty on a site before this
    version: no service was adopted then)."""
    catalog = api.portal.get_tool("portal_catalog")
    if INDEX not in catalog.indexes():
        catalog.addIndex(INDEX, "FieldIndex", extra={"indexed_attrs": INDEX})
