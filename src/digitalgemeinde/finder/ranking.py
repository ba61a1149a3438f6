"""The finder's results in the order a citizen expects, and who else offers the same service.

Order: the services of the citizen's own municipality and canton first (when searching the
whole site after choosing a municipality), then services whose title contains a searched word
or its synonym, then the municipality's before the canton's, then the catalog's relevance (or
the title without a text). Everything is read
from catalog brains: no object is loaded per result.

"The same service" is the same standard service (``standard_uid``, recorded at adoption) or,
for services not adopted from a standard, the same id: the demo and the municipalities' own
templates give the same service the same id in every municipality.
"""

from plone import api

from digitalgemeinde.finder.expansion import expand
from digitalgemeinde.finder.expansion import title_matches
from digitalgemeinde.finder.query import holder_of
from digitalgemeinde.finder.query import services_query


def find_services(scopes, text: str = "", topics=(), audiences=(), home=()) -> list:
    """The visible services of ``scopes`` that match, in the finder's order; ``home``: paths of
    the tenants listed first, in their order (finder.home). Raises ParseError for a text
    without a word (e.g. only brackets)."""
    expansion = expand(text)
    query = services_query(
        [scope.path for scope in scopes], text, topics, audiences, expansion.alternatives
    )
    brains = list(api.content.find(**query))
    home = list(home)

    def rank(item):
        position, brain = item
        holder = holder_of(scopes, brain) if home else None
        mine = home.index(holder.path) if holder is not None and holder.path in home else None
        title = 0 if title_matches(brain.Title, expansion) else 1
        return (mine is None, title, mine or 0, position)

    return [brain for _position, brain in sorted(enumerate(brains), key=rank)]


def standard_uid_of(catalog, brain):
    """The standard a service was adopted from (the catalog's index entry), or None."""
    return catalog._catalog.getIndex("standard_uid").getEntryForObject(brain.getRID())


def same_service_key(catalog, brain) -> tuple[str, str]:
    uid = standard_uid_of(catalog, brain)
    return ("standard", uid) if uid else ("id", brain.getId)


def also_offered(scopes, brains, home=()) -> dict[str, list]:
    """For each of ``brains`` (by path) held by a municipality other than the citizen's own
    (``home``: paths): the other searched municipalities (Scopes, by title) that offer the same
    service. Two catalog queries for all ``brains`` together."""
    catalog = api.portal.get_tool("portal_catalog")
    paths = [scope.path for scope in scopes if scope.level == "municipality"]
    keys = {brain.getPath(): same_service_key(catalog, brain) for brain in brains}
    if not paths or not keys:
        return {}
    uids = sorted({value for kind, value in keys.values() if kind == "standard"})
    ids = sorted({value for kind, value in keys.values() if kind == "id"})
    offered: dict[tuple, set] = {}
    for index, values in (("standard_uid", uids), ("getId", ids)):
        if not values:
            continue
        for other in api.content.find(portal_type="Service", path=paths, **{index: values}):
            holder = holder_of(scopes, other)
            if holder is not None and holder.level == "municipality":
                offered.setdefault(same_service_key(catalog, other), set()).add(holder)
    result = {}
    for brain in brains:
        own = holder_of(scopes, brain)
        if own is None or own.level != "municipality" or own.path in home:
            continue
        others = offered.get(keys[brain.getPath()], set()) - {own}
        result[brain.getPath()] = sorted(others, key=lambda scope: scope.title)
    return result
