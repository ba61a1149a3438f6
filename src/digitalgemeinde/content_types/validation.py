"""Field types that refuse bad input with a message naming the problem.

They validate in ``_validate``, so the same rule holds in z3c.form forms and over plone.restapi
(which validates each field bound to the object it deserializes into).
"""

import re

from plone import api
from zope import schema
from zope.i18nmessageid import Message
from zope.schema.interfaces import InvalidURI
from zope.schema.interfaces import ValidationError
from zope.schema.interfaces import WrongContainedType

from digitalgemeinde import _
from digitalgemeinde.tenants import context_from_request

POSTAL_CODE = re.compile(r"^[1-9][0-9]{3}$")


class DetailedError(ValidationError):
    """A validation error whose message carries the offending value."""

    message = ""

    def doc(self):
        return Message(self.message, mapping={"value": self.args[0] if self.args else ""})


class InvalidPostalCode(DetailedError):
    message = _(
        "error_postal_code",
        default="'${value}' is not a Swiss postal code: four digits, e.g. 4410.",
    )


class DuplicateBFSNumber(DetailedError):
    message = _(
        "error_bfs_duplicate",
        default="The BFS number ${value} is already used by another municipality.",
    )


class UnsafeURL(DetailedError):
    message = _(
        "error_web_url",
        default="'${value}' is not a web address: it must start with https:// or http://.",
    )


class UnknownTopic(DetailedError):
    message = _("error_unknown_topic", default="Unknown topic: ${value}.")


class InvalidECH0070Id(DetailedError):
    message = _(
        "error_ech0070_id",
        default="'${value}' is not an eCH-0070 identifier: digits and dots, e.g. 00401.01.",
    )


ECH0070_ID = re.compile(r"^[0-9]{1,6}(\.[0-9]{1,3})*$")


def check_ech0070_id(value: str) -> bool:
    if not ECH0070_ID.match(value or ""):
        raise InvalidECH0070Id(value)
    return True


def check_postal_code(value: str) -> bool:
    if not POSTAL_CODE.match(value or ""):
        raise InvalidPostalCode(value)
    return True


class WebURL(schema.URI):
    """A web address that is safe to link: http or https only (never javascript: or data:)."""

    def fromUnicode(self, value):
        # zope.schema's URI fails with a TypeError (a 500 over REST) on non-ASCII text
        try:
            value.encode("ascii")
        except UnicodeEncodeError as error:
            raise InvalidURI(value).with_field_and_value(self, value) from error
        return super().fromUnicode(value)

    def _validate(self, value):
        super()._validate(value)
        if not value.lower().startswith(("https://", "http://")):
            raise UnsafeURL(value)


class PostalCodeList(schema.List):
    """Postal codes, four digits each: the first wrong one is named."""

    def __init__(self, **kw):
        kw.setdefault("value_type", schema.TextLine())
        super().__init__(**kw)

    def _validate(self, value):
        for code in value or ():
            check_postal_code(code)
        super()._validate(value)


class BFSNumber(schema.Int):
    """The Federal Statistical Office's municipality number: unique in the site."""

    def __init__(self, **kw):
        kw.setdefault("min", 1)
        kw.setdefault("max", 9999)
        super().__init__(**kw)

    def _validate(self, value):
        super()._validate(value)
        if self.context is None:
            return  # unbound: the schema is being defined, or no content to compare with
        own = context_from_request(self.context)
        own_path = own.getPhysicalPath() if own is not None else None
        catalog = api.portal.get_tool("portal_catalog")
        for brain in catalog.unrestrictedSearchResults(
            portal_type="Municipality", bfs_number=value
        ):
            if tuple(brain.getPath().split("/")) != own_path:
                raise DuplicateBFSNumber(value)


class TopicList(schema.List):
    """Topics from the control panel's list; an unknown one is named in the error."""

    def __init__(self, **kw):
        kw.setdefault("value_type", schema.Choice(vocabulary="digitalgemeinde.vocabularies.topics"))
        super().__init__(**kw)

    def _validate(self, value):
        try:
            super()._validate(value)
        except WrongContainedType as error:
            unknown = ", ".join(str(item.args[0]) for item in error.errors if item.args)
            raise UnknownTopic(unknown) from error
