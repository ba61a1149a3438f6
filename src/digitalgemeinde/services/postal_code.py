"""``GET /@postal-code?code=4410``: the places of a Swiss postal code, for a form to offer.

``{"code": "4410", "places": ["Liestal"]}``; 400 when the code is not 4 digits, 404 when
there is no such postal code (the same list as the form's check ``digitalgemeinde.postal_code``:
``submissions.swiss_postal_codes``). Public, like the forms that ask for it.
"""

from digitalgemeinde import _
from digitalgemeinde.services.base import ApiError
from digitalgemeinde.services.base import JsonService
from digitalgemeinde.services.base import field_error
from digitalgemeinde.services.params import single
from digitalgemeinde.submissions import swiss_postal_codes
from digitalgemeinde.submissions.swiss_checks import POSTAL_FORMAT


class PostalCodeGet(JsonService):
    """The places of one postal code."""

    def reply(self):
        errors: list[dict] = []
        code = swiss_postal_codes.clean(single(self.request, "code", errors))
        if errors:
            raise ApiError(400, errors[0]["message"], errors)
        if not swiss_postal_codes.is_well_formed(code):
            raise field_error("code", POSTAL_FORMAT)
        places = swiss_postal_codes.places(code)
        if not places:
            raise field_error(
                "code",
                _("There is no Swiss postal code ${code}.", mapping={"code": code}),
                status=404,
            )
        # the list changes a few times a year: a browser may keep the answer for a day
        self.request.response.setHeader("Cache-Control", "public, max-age=86400")
        return {"code": code, "places": list(places)}
