"""The citizen's own municipality, as chosen on ``@@meine-gemeinde`` and kept in a cookie.

The chooser page (browser/chooser.py) sets the cookie; the finder reads it here, so that the
page and ``@service-finder`` alike list the citizen's municipality and canton first.
"""

import re

from plone import api

from digitalgemeinde.interfaces import ITenant
from digitalgemeinde.tenants import canton_of

COOKIE_NAME = "digitalgemeinde_municipality"
UID = re.compile(r"^[0-9a-f]{32}$")


def chosen_municipality(request):
    """The published municipality the citizen chose (its UID in the cookie) that the user may
    see, else None: unknown, malformed or hidden values are ignored."""
    uid = request.cookies.get(COOKIE_NAME) if request is not None else None
    if not isinstance(uid, str) or not UID.match(uid):
        return None
    found = api.content.find(portal_type="Municipality", review_state="published", UID=uid)
    return found[0].getObject() if len(found) == 1 else None


def home_paths(request, context) -> list[str]:
    """The paths of the chosen municipality and its canton, in this order, when searching
    site-wide (on a tenant the finder searches that tenant anyway); empty without a choice."""
    if ITenant.providedBy(context):
        return []
    municipality = chosen_municipality(request)
    if municipality is None:
        return []
    paths = ["/".join(municipality.getPhysicalPath())]
    canton = canton_of(municipality)
    if canton is not None:
        paths.append("/".join(canton.getPhysicalPath()))
    return paths
