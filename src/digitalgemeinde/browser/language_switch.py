"""The language switch in the header: DE / FR / IT, the citizen's choice kept in Plone's
language cookie (``I18N_LANGUAGE``), read by Plone's negotiation on every later request."""

from urllib.parse import urlencode

from plone import api
from plone.app.layout.viewlets.common import ViewletBase
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile

COOKIE = "I18N_LANGUAGE"
COOKIE_DAYS = 365
# Each language's name in itself: a citizen who does not read the page's language finds theirs.
NATIVE_NAMES = {"de": "Deutsch", "fr": "Français", "it": "Italiano", "en": "English"}


def portal_languages() -> list[str]:
    """The languages the portal offers, in the order of Site Setup (the default first)."""
    return list(api.portal.get_registry_record("plone.available_languages", default=[]) or [])


def page_address(request) -> str:
    """The address of the page shown, with its query: where the switch leads back to."""
    query = request.get("QUERY_STRING", "")
    return request.get("ACTUAL_URL", "") + (f"?{query}" if query else "")


class LanguageSwitchViewlet(ViewletBase):
    index = ViewPageTemplateFile("templates/language_switch.pt")

    def update(self):
        super().update()
        self.current = self.portal_state.language()
        self.switch_url = f"{self.portal_state.portal_url()}/@@switch-language"

    def available(self) -> bool:
        return len(portal_languages()) > 1

    def languages(self) -> list[dict]:
        came_from = page_address(self.request)
        return [
            {
                "code": code,
                "label": code.upper(),
                "name": NATIVE_NAMES.get(code, code),
                "current": code == self.current,
                "url": f"{self.switch_url}?{urlencode({'language': code, 'came_from': came_from})}",
            }
            for code in portal_languages()
        ]


class SwitchLanguageView(BrowserView):
    """``@@switch-language?language=fr&came_from=…``: keeps the choice for a year and leads
    back to the page (an address of this portal only; otherwise its home)."""

    def __call__(self):
        language = self.request.form.get("language", "")
        if isinstance(language, str) and language in portal_languages():
            self.request.response.setCookie(
                COOKIE,
                language,
                path="/",
                max_age=COOKIE_DAYS * 24 * 3600,
                same_site="Lax",
                secure=self.request.get("SERVER_URL", "").startswith("https://"),
            )
        return self.request.response.redirect(self.back_to(), status=303)

    def back_to(self) -> str:
        came_from = self.request.form.get("came_from", "")
        portal_url = api.portal.get_tool("portal_url")
        if (
            isinstance(came_from, str)
            and came_from.startswith(("http://", "https://"))
            and portal_url.isURLInPortal(came_from)
        ):
            return came_from
        return api.portal.get().absolute_url()


def content_language(context) -> str:
    """The language the content is written in: its own (Dublin Core ``Language``), else the
    portal's default language (German)."""
    language = getattr(context, "Language", None)
    language = language() if callable(language) else language
    return language or api.portal.get_registry_record("plone.default_language", default="de")


class ContentLanguageView(BrowserView):
    """``context/@@content-language``: the ``lang`` for what comes from the content (its title,
    description, text) when it differs from the page's language, else None (no attribute):
    a French page whose content is German marks that content ``lang="de"``."""

    def __call__(self):
        language = content_language(self.context).split("-")[0]
        page = self.context.restrictedTraverse("@@plone_portal_state").language()
        return None if language == (page or "").split("-")[0] else language
