"""Create the portal and its admin user, idempotently.

Used by ``scripts/create_site.py`` (run by ``make start`` through ``zconsole``) and by the tests.
"""

import logging
from dataclasses import dataclass
from dataclasses import field

from AccessControl.SecurityManagement import newSecurityManager
from plone.registry.interfaces import IRegistry
from Products.CMFPlone.factory import addPloneSite
from zope.component import getUtility
from zope.component.hooks import setSite

logger = logging.getLogger("digitalgemeinde.sitesetup")

DEFAULT_PROFILE = "digitalgemeinde:default"
DEMO_PROFILE = "digitalgemeinde:demo"
# The Classic UI base of plone.classicui's "classic" distribution, without its example content.
BASE_PROFILES = (
    "plone.app.contenttypes:default",
    "plone.app.layout:default",
    "plonetheme.barceloneta:default",
)
LANGUAGES = ("de", "fr", "it")


@dataclass
class SiteSettings:
    site_id: str = "Plone"
    title: str = "Einwohnerportal"
    language: str = "de"
    timezone: str = "Europe/Zurich"
    with_demo: bool = True
    email_from_address: str = "einwohnerportal@example.ch"
    email_from_name: str = "Einwohnerportal"
    extra_profiles: list[str] = field(default_factory=list)


def ensure_admin(app, username: str, password: str) -> str:
    """Make sure the Zope root has a Manager ``username`` with ``password``.

    Returns "created", "updated" or "unchanged". The password given wins, so that
    ``ADMIN_PASSWORD`` on the command line is honoured on every start.
    """
    if not username or not password:
        raise ValueError("The admin user name and password must not be empty.")
    users = app.acl_users
    existing = users.getUserById(username)
    if existing is None:
        users._doAddUser(username, password, ["Manager"], [])
        return "created"
    if users.authenticate(username, password, app.REQUEST) is not None:
        return "unchanged"
    users._doChangeUser(username, password, ["Manager"], [])
    return "updated"


def act_as(app, username: str) -> None:
    """Run what follows as ``username`` of the Zope root, so that it owns what it creates."""
    user = app.acl_users.getUser(username)
    newSecurityManager(None, user.__of__(app.acl_users))


def profile_exists(profile_id: str) -> bool:
    from Products.GenericSetup.registry import _profile_registry

    return profile_id in _profile_registry.listProfiles()


def ensure_site(app, settings: SiteSettings):
    """Return ``(site, created)``; create the site with our profiles when it does not exist."""
    existing = app.get(settings.site_id)
    if existing is not None:
        if getattr(existing, "portal_type", None) != "Plone Site":
            raise ValueError(
                f"/{settings.site_id} exists but is not a Plone site: choose another SITE_ID."
            )
        setSite(existing)
        upgrade(existing)
        return existing, False

    extension_ids = [*BASE_PROFILES, DEFAULT_PROFILE, *settings.extra_profiles]
    site = addPloneSite(
        app,
        settings.site_id,
        title=settings.title,
        extension_ids=extension_ids,
        default_language=settings.language,
        portal_timezone=settings.timezone,
    )
    configure_languages(settings.language)
    configure_mail(settings.email_from_address, settings.email_from_name)
    if settings.with_demo and profile_exists(DEMO_PROFILE):
        # after the languages and the sender: the demo makes requests, which send mail
        site.portal_setup.runAllImportStepsFromProfile(f"profile-{DEMO_PROFILE}")
        extension_ids.append(DEMO_PROFILE)
    logger.info("Created site /%s with %s", settings.site_id, ", ".join(extension_ids))
    return site, True


def upgrade(site) -> None:
    """Run the upgrade steps a site made by an earlier version still lacks (new types,
    workflows, indexes), so that ``make start`` after an update serves the new code."""
    setup = site.portal_setup
    if setup.listUpgrades(DEFAULT_PROFILE):
        before = setup.getLastVersionForProfile(DEFAULT_PROFILE)
        setup.upgradeProfile(DEFAULT_PROFILE)
        logger.info(
            "Upgraded %s from %s to %s",
            DEFAULT_PROFILE,
            ".".join(before) if isinstance(before, tuple) else before,
            ".".join(setup.getLastVersionForProfile(DEFAULT_PROFILE)),
        )


def configure_mail(from_address: str, from_name: str) -> None:
    """A sender for the site's mail: without one Plone sends nothing and every request fails."""
    registry = getUtility(IRegistry)
    registry["plone.email_from_address"] = from_address
    registry["plone.email_from_name"] = from_name


def configure_languages(default_language: str) -> None:
    """German first, then French and Italian: a French browser gets the French interface,
    and the citizen's choice in the header's language switch (a cookie) wins over the browser."""
    registry = getUtility(IRegistry)
    available = [default_language, *[lang for lang in LANGUAGES if lang != default_language]]
    registry["plone.default_language"] = default_language
    registry["plone.available_languages"] = available
    enable_language_choice(registry)


def enable_language_choice(registry) -> None:
    """The browser's languages, then the citizen's choice kept in Plone's cookie, for
    visitors and logged-in users alike."""
    registry["plone.use_request_negotiation"] = True
    registry["plone.use_cookie_negotiation"] = True
    registry["plone.authenticated_users_only"] = False


def offer_all_languages() -> None:
    """For existing sites (an upgrade step): add the portal's languages a site lacks (Italian)
    after the ones it has, keep its default, and let citizens choose."""
    registry = getUtility(IRegistry)
    available = list(registry["plone.available_languages"] or [])
    available += [lang for lang in LANGUAGES if lang not in available]
    registry["plone.available_languages"] = available
    enable_language_choice(registry)


PURGING = "plone.cachepurging.interfaces.ICachePurgingSettings"


def configure_purging(site, proxies: list[str]) -> None:
    """Let Plone purge the caching proxies at ``proxies`` (e.g. ``["http://127.0.0.1:6081"]``)
    when an editor changes or publishes a page; an empty list turns purging off. The paths sent
    are those the visitors see (no virtual hosting paths: Varnish sees the public address)."""
    setSite(site)
    registry = getUtility(IRegistry)
    urls = tuple(url.strip().rstrip("/") for url in proxies if url and url.strip())
    registry[f"{PURGING}.cachingProxies"] = urls
    registry[f"{PURGING}.virtualHosting"] = False
    registry[f"{PURGING}.enabled"] = bool(urls)
    logger.info("Purging %s", ", ".join(urls) if urls else "off")
