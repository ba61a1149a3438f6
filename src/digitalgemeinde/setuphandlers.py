"""Install and uninstall hooks of the GenericSetup profiles."""

from plone.base.interfaces import INonInstallable
from zope.interface import implementer


@implementer(INonInstallable)
class HiddenProfiles:
    def getNonInstallableProfiles(self):
        """Profiles that the add-on control panel must not offer."""
        return ["digitalgemeinde:uninstall", "digitalgemeinde:demo"]

    def getNonInstallableProducts(self):
        return ["digitalgemeinde.upgrades"]


def post_install(context):
    """Run after the default profile: nothing beyond the profile's own steps yet."""


def uninstall(context):
    """Run after the uninstall profile."""
