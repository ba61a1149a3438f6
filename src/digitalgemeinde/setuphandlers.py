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


NOT_IN_NAVIGATION = ("Service", "EasyForm")


def post_install(context):
    """Run after the default profile."""
    keep_out_of_navigation()
    install_login_throttle()


def keep_out_of_navigation() -> None:
    """Services and forms are many per municipality: listing them in the navigation made every
    page of a municipality slow and long. (A registry profile can only add list elements.)"""
    from plone import api

    shown = api.portal.get_registry_record("plone.displayed_types", default=()) or ()
    kept = tuple(name for name in shown if name not in NOT_IN_NAVIGATION)
    if kept != tuple(shown):
        api.portal.set_registry_record("plone.displayed_types", kept)


def install_login_throttle() -> None:
    """Every password check passes the login throttle (security/login.py)."""
    from plone import api

    from digitalgemeinde.security.login import install_login_throttle as install

    install(api.portal.get())


def uninstall(context):
    """Run after the uninstall profile."""
    from plone import api

    from digitalgemeinde.security.login import uninstall_login_throttle

    uninstall_login_throttle(api.portal.get())
