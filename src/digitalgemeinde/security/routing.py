"""Where an office's requests go is data protection.

The notice of every new request goes to the office's ``email`` with what the citizen entered,
and the whole request to its specialist application (``interface_url``, signed with
``interface_secret``). Whoever sets these fields receives the requests, so they are written
only with ``digitalgemeinde: Route requests`` (site Manager, Site Administrator, the tenant's
admins), not by the tenant's editors who edit the office's other fields.

The fields carry plone.autoform's ``write_permission`` (content_types.office): the Classic
forms leave them out for everyone else, and plone.restapi skips them without a word. So a REST
write is checked first (``check_changes``): naming a routing field with a new value is
refused (403, naming the field, in the user's language) instead of half applied. Tenant admins
hold no Modify permission on offices: they change routing on the office's own routing form and
endpoint (``@@routing``, ``@routing``), which accept the routing fields only. Every change,
whatever its route, is logged at WARNING (``content_types.office_routing.note_change``, called
by ``Office.__setattr__``); the secret is never written to the log.
"""

import logging

from AccessControl import getSecurityManager
from zExceptions import Forbidden
from zope.globalrequest import getRequest
from zope.i18n import translate
from ZPublisher.HTTPResponse import status_codes

from digitalgemeinde import _
from digitalgemeinde.content_types.office_routing import ROUTE_REQUESTS
from digitalgemeinde.content_types.office_routing import ROUTING_FIELDS
from digitalgemeinde.content_types.office_routing import current_user
from digitalgemeinde.content_types.office_routing import office_path
from digitalgemeinde.content_types.office_routing import same

logger = logging.getLogger("digitalgemeinde.security")

TITLES = {
    "email": _("Email"),
    "interface_url": _("Address of the specialist application"),
    "interface_secret": _("Shared secret"),
}


def may_route(office) -> bool:
    """Whether the current user may change where ``office``'s requests go."""
    return bool(getSecurityManager().checkPermission(ROUTE_REQUESTS, office))


def field_label(name: str, request=None) -> str:
    """``E-Mail (email)``: the field's title in the user's language, and its name."""
    return f"{translate(TITLES[name], context=request or getRequest())} ({name})"


class RoutingRefused(Forbidden):
    """A change of where an office's requests go, by someone who may not make it.

    Zope answers 403 (``status_codes`` below); plone.rest renders ``{"type":
    "RoutingRefused", "message": ...}``. The message is already in the request's language."""

    def __init__(self, fields: list[str]):
        self.fields = list(fields)
        request = getRequest()
        self.message = translate(
            _(
                "error_routing_refused",
                default="Only the tenant's administrators may change where this office's "
                "requests go: ${fields}. Nothing was saved.",
                mapping={"fields": ", ".join(field_label(name, request) for name in fields)},
            ),
            context=request,
        )
        super().__init__(self.message)

    def __str__(self):
        return self.message


# Zope sets an error's status from its class name; tell it ours (otherwise 500).
status_codes[RoutingRefused.__name__.lower()] = Forbidden.status


def changed_fields(office, data: dict) -> list[str]:
    """The routing fields that ``data`` (a JSON body) would change on ``office``."""
    return [
        name
        for name in ROUTING_FIELDS
        if name in data and not same(getattr(office, name, None), data[name])
    ]


def check_changes(office, data: dict) -> None:
    """Refuse a write of ``data`` to ``office`` (or to a new office, in its container) that
    changes where its requests go, unless the user may route requests there. Sending a
    routing field with its stored value (a client that sends back what it read) passes."""
    changed = changed_fields(office, data)
    if not changed or may_route(office):
        return
    logger.warning(
        "Refused change of request routing (%s) of office %s by %s",
        ", ".join(changed),
        office_path(office) or office.getId(),
        current_user(),
    )
    raise RoutingRefused(changed)


def routing_of(office) -> dict | None:
    """Where ``office``'s requests go, for a user who may change it (else None)."""
    if not may_route(office):
        return None
    return {
        "email": getattr(office, "email", None) or "",
        "interface_url": getattr(office, "interface_url", None) or "",
    }


def not_routing(data: dict) -> list[str]:
    """The keys of ``data`` that are no routing field (the routing form takes no others)."""
    return sorted(name for name in data if name not in ROUTING_FIELDS)
