"""The association's endpoints: a municipality adopts a standard service (``POST
<Municipality>/@adopt``), the association reads its coverage dashboard (``GET
<Association>/@coverage``).

Both call the same domain code as the pages (digitalgemeinde.association.adoption_lookup and
adopting for the adoption, digitalgemeinde.association.figures for the coverage) and are
protected by the same permissions.
"""

from plone.protect.interfaces import IDisableCSRFProtection
from plone.uuid.interfaces import IUUID
from zope.interface import alsoProvides

from digitalgemeinde import _
from digitalgemeinde.association import state_of
from digitalgemeinde.association.adopting import adopt
from digitalgemeinde.association.adoption import AdoptionError
from digitalgemeinde.association.adoption import adopted_in
from digitalgemeinde.association.adoption import form_of
from digitalgemeinde.association.adoption_lookup import allowed_office
from digitalgemeinde.association.adoption_lookup import offered_standard
from digitalgemeinde.association.figures import RECENT_DAYS
from digitalgemeinde.association.figures import coverage
from digitalgemeinde.services.base import ApiError
from digitalgemeinde.services.base import JsonService
from digitalgemeinde.services.base import field_error
from digitalgemeinde.services.params import money


def link(obj) -> dict | None:
    return {"@id": obj.absolute_url(), "title": obj.Title()} if obj is not None else None


class AdoptPost(JsonService):
    """Adopt a released standard service: ``{"standard": UID, "office": UID or null}``.

    201 with the new private Service and its private form; 400 naming ``standard`` or
    ``office``; 409 when the municipality has adopted the standard already.
    """

    def reply(self):
        # authenticated by the REST client (token or basic auth), as plone.restapi's own
        # services that add content
        alsoProvides(self.request, IDisableCSRFProtection)
        data = self.json_body()
        standard = self.standard(data)
        office = self.office(data)
        try:
            service = adopt(standard, self.context, office)
        except AdoptionError as error:
            if state_of(standard) == "released" and adopted_in(standard, self.context) is not None:
                raise ApiError(409, error.args[0]) from error
            raise field_error("standard", error.args[0]) from error
        form = form_of(service)
        response = self.request.response
        response.setStatus(201)
        response.setHeader("Location", service.absolute_url())
        return {
            "@id": service.absolute_url(),
            "UID": IUUID(service),
            "title": service.title,
            "review_state": state_of(service),
            "version": service.standard_version,
            "standard": {**link(standard), "UID": IUUID(standard)},
            "form": (
                {"@id": form.absolute_url(), "review_state": state_of(form)}
                if form is not None
                else None
            ),
            "office": link(office),
        }

    def standard(self, data: dict):
        """The standard service named by UID: one of the association of the municipality's
        canton (or of all cantons), as the page offers them."""
        uid = data.get("standard")
        standard = offered_standard(self.context, uid.strip()) if isinstance(uid, str) else None
        if standard is None:
            raise field_error("standard", _("Choose a released standard service."))
        return standard

    def office(self, data: dict):
        """The office named by UID (an office of the municipality or its canton), or None."""
        uid = data.get("office")
        if uid is None or uid == "":
            return None
        office = allowed_office(self.context, uid.strip()) if isinstance(uid, str) else None
        if office is None:
            raise field_error("office", _("Choose an office of your municipality or canton."))
        return office


class CoverageGet(JsonService):
    """The coverage matrix: municipalities × released standard services, with totals."""

    def reply(self):
        matrix = coverage(self.context)
        totals = matrix.totals
        return {
            "@id": f"{self.context.absolute_url()}/@coverage",
            "days": RECENT_DAYS,
            "rate": money(matrix.rate),
            "target": matrix.target,
            "standards": [
                {
                    "@id": standard.absolute_url(),
                    "UID": IUUID(standard),
                    "title": standard.title,
                    "version": standard.version,
                }
                for standard in matrix.standards
            ],
            "rows": [self.row(row) for row in matrix.rows],
            "column_totals": [dict(column) for column in matrix.column_totals],
            "totals": {
                "adopted": totals["adopted"],
                "published": totals["published"],
                "online": totals["online"],
                "submissions": totals["submissions"],
                "requests_year": totals["requests_year"],
                "requests_recent": totals["requests_recent"],
                "population": sum(row.population for row in matrix.rows),
                "contribution": money(totals["contribution"]),
            },
        }

    def row(self, row) -> dict:
        return {
            "municipality": link(row.municipality),
            "cells": [
                {
                    "@id": cell.url,
                    "adopted": cell.adopted,
                    "published": cell.published,
                    "form_online": cell.form_online,
                    "submissions": cell.submissions,
                    "update": cell.update,
                }
                for cell in row.cells
            ],
            "adopted": row.adopted,
            "published": row.published,
            "online": row.online,
            "submissions": row.submissions,
            "population": row.population,
            "contribution": money(row.contribution),
            "requests_year": row.requests_year,
            "requests_recent": row.requests_recent,
            "cost_per_request": money(row.cost_per_request),
        }
