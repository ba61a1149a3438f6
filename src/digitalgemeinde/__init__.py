"""digitalgemeinde: shared Einwohnerportal add-on for Plone."""

from zope.i18nmessageid import MessageFactory

PACKAGE_NAME = "digitalgemeinde"

_ = MessageFactory(PACKAGE_NAME)
