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


NOT_IN_NAVIGATION = ("Service", "EasyForm", "Submission")


def post_install(context):
    """Run after the default profile."""
    keep_out_of_navigation()
    keep_requests_out_of_sitemaps()
    install_login_throttle()
    install_accounts()
    from plone import api

    set_portal_home(api.portal.get())
    from digitalgemeinde.identity.session_limits import apply_timeout

    apply_timeout(api.portal.get())  # plone.session's timeout: the idle time of the settings


PORTAL_HOME = "portal-home"
PLONE_HOME = "listing_view"


def set_portal_home(portal) -> None:
    """The portal's home (browser/home.py) is the site root's default view. Also the upgrade
    step for existing sites."""
    if portal.getLayout() != PORTAL_HOME:
        portal.setLayout(PORTAL_HOME)


def unset_portal_home(portal) -> None:
    """Plone's own default view again, as the home view is gone with the add-on's layer."""
    if portal.getLayout() == PORTAL_HOME:
        portal.setLayout(PLONE_HOME)


def keep_out_of_navigation() -> None:
    """Services and forms are many per municipality: listing them in the navigation made every
    page of a municipality slow and long. (A registry profile can only add list elements.)"""
    from plone import api

    shown = api.portal.get_registry_record("plone.displayed_types", default=()) or ()
    kept = tuple(name for name in shown if name not in NOT_IN_NAVIGATION)
    if kept != tuple(shown):
        api.portal.set_registry_record("plone.displayed_types", kept)


def keep_requests_out_of_sitemaps() -> None:
    """Requests are no pages of the site: never in the sitemaps (``@@sitemap``,
    ``sitemap.xml.gz``) nor in the site search, not even for their clerks, who find them in
    their inbox. Also the upgrade step for existing sites."""
    from plone import api

    hidden = api.portal.get_registry_record("plone.types_not_searched", default=()) or ()
    if "Submission" not in hidden:
        api.portal.set_registry_record("plone.types_not_searched", (*hidden, "Submission"))


def install_login_throttle() -> None:
    """Every password check passes the login throttle (security/login.py)."""
    from plone import api

    from digitalgemeinde.security.login import install_login_throttle as install

    install(api.portal.get())


def install_accounts() -> None:
    """The accounts of logins through OpenID Connect providers (identity/accounts.py)."""
    from plone import api

    from digitalgemeinde.identity.signin import install_accounts as install

    install(api.portal.get())


def uninstall(context):
    """Run after the uninstall profile."""
    from plone import api

    from digitalgemeinde.security.login import uninstall_login_throttle

    uninstall_login_throttle(api.portal.get())
    from digitalgemeinde.identity.signin import uninstall_accounts

    uninstall_accounts(api.portal.get())
    unset_portal_home(api.portal.get())
