"""Contact fields shared by tenants and offices."""

from plone.schema.email import Email
from zope import schema

from digitalgemeinde import _
from digitalgemeinde.content_types.validation import WebURL
from digitalgemeinde.emails import check_email


def address_field():
    return schema.Text(
        title=_("Address"),
        description=_("Street, number, postal code and place, one per line."),
        required=False,
    )


def phone_field():
    return schema.TextLine(
        title=_("Phone"),
        description=_("e.g. +41 61 927 52 52"),
        required=False,
        constraint=lambda value: len(value) <= 40,
    )


def email_field(required=False):
    return Email(title=_("Email"), required=required, constraint=check_email)


def website_field():
    return WebURL(title=_("Website"), required=False)


def opening_hours_field():
    return schema.Text(
        title=_("Opening hours"),
        description=_("e.g. Mo-Fr 08.00-11.30 und 14.00-17.00"),
        required=False,
    )
