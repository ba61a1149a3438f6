"""Viewlets of the portal's chrome (see configure.zcml)."""

from pathlib import Path

from AccessControl import getSecurityManager
from plone import api
from plone.app.layout.viewlets import content
from plone.app.layout.viewlets import social
from plone.app.layout.viewlets.common import ViewletBase
from plone.memoize.view import memoize
from Products.CMFPlone.utils import getSiteLogo
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile

from digitalgemeinde import _
from digitalgemeinde.browser.theme.toolbar import is_staff
from digitalgemeinde.colours import brand_css

UPSTREAM = str(Path(social.__file__).parent)
BRAND_COLOUR = "digitalgemeinde.brand_colour"

# Pages of the footer, by id at the portal's root, shown where they exist.
FOOTER_PAGES = (
    ("kontakt", _("Contact")),
    ("impressum", _("Legal notice")),
    ("datenschutz", _("Privacy")),
    ("barrierefreiheit", _("Accessibility")),
)


def site_logo_url() -> str | None:
    """The logo set in Site Setup → Site, or None: never Plone's own logo."""
    if not api.portal.get_registry_record("plone.site_logo", default=None):
        return None
    return getSiteLogo()


class LogoViewlet(ViewletBase):
    index = ViewPageTemplateFile("templates/logo.pt")

    def update(self):
        super().update()
        self.portal_title = self.portal_state.portal_title()
        self.home_url = self.portal_state.navigation_root_url()
        self.logo_url = site_logo_url()


class MyRequestsViewlet(ViewletBase):
    index = ViewPageTemplateFile("templates/myrequests.pt")

    def available(self) -> bool:
        return not self.portal_state.anonymous()

    def url(self) -> str:
        return f"{self.portal_state.portal_url()}/@@meine-anliegen"


class FooterViewlet(ViewletBase):
    index = ViewPageTemplateFile("templates/footer.pt")

    def update(self):
        super().update()
        self.portal_title = self.portal_state.portal_title()
        self.home_url = self.portal_state.portal_url()

    def links(self) -> list[dict]:
        portal = api.portal.get()
        found = [
            {"url": portal[page_id].absolute_url(), "title": title}
            for page_id, title in FOOTER_PAGES
            if page_id in portal.objectIds()
        ]
        if not self.portal_state.anonymous() or not found:
            found.append({"url": f"{self.home_url}/@@meine-anliegen", "title": _("My requests")})
        return found


class NothingViewlet(ViewletBase):
    def index(self):
        return ""


class SocialTagsViewlet(social.SocialTagsViewlet):
    """Plone's social tags, without Plone's logo as the page's image where the site has no
    logo of its own."""

    @memoize
    def _get_tags(self):
        tags = super()._get_tags()
        if site_logo_url():
            return tags
        # Plone appends its logo last, as three tags (og:image, itemprop image, its type).
        fallback = tags[-3:]
        plone_logo = bool(fallback) and isinstance(fallback[0], dict)
        if plone_logo and fallback[0].get("content") == getSiteLogo():
            return tags[:-3]
        return tags


class SocialHeadTagsViewlet(SocialTagsViewlet):
    index = ViewPageTemplateFile("social_tags.pt", _prefix=UPSTREAM)


class SocialBodyTagsViewlet(SocialTagsViewlet):
    index = ViewPageTemplateFile("social_tags_body.pt", _prefix=UPSTREAM)


class DocumentBylineViewlet(content.DocumentBylineViewlet):
    """A citizen with an account reads the byline as everyone else does (no "Von admin —
    zuletzt geändert"): who edited a page is for staff."""

    def update(self):
        super().update()
        if not self.anonymous and not is_staff(getSecurityManager().getUser(), self.context):
            self.anonymous = True


class ColoursViewlet(ViewletBase):
    """The portal's colour from Site Setup (digitalgemeinde.colours), over the theme's."""

    def render(self) -> str:
        css = brand_css(api.portal.get_registry_record(BRAND_COLOUR, default=None))
        return f"<style>{css}</style>" if css else ""
