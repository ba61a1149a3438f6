"""A form that requires a login (``identity.requirements``): the citizen whose login does not
meet it is sent to log in before the form is shown or taken.

A provider's level: to that provider's login at that level (``identity.web.login_url``, which
asks with ``acr_values``; a session at a lower level is asked again: step-up). Any login: to
Plone's login page (with the providers' buttons). A level not configured here: a page saying
so, and no form.
"""

from urllib.parse import urlencode

from plone import api
from Products.Five import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.i18n import translate

from digitalgemeinde import _
from digitalgemeinde.identity import requirements
from digitalgemeinde.identity import web


class LoginUnavailable(BrowserView):
    """The form's level is not configured here: no login meets it."""

    index = ViewPageTemplateFile("templates/login_unavailable.pt")
    missing: requirements.Missing

    def __call__(self):
        return self.index()

    def message(self) -> str:
        return translate(self.missing.message(), context=self.request)


def login_target(missing: requirements.Missing, came_from: str) -> str:
    """Where to log in to meet ``missing``'s requirement, coming back to ``came_from``."""
    wanted = missing.requirement
    if wanted.kind == requirements.LEVEL:
        return web.login_url(wanted.provider.id, wanted.level.name, came_from=came_from)
    query = urlencode({"came_from": came_from})
    return f"{api.portal.get().absolute_url()}/login?{query}"


def note(form, request) -> str | None:
    """What a service's page says next to its online form's link, e.g. "Anmeldung
    erforderlich: AGOV (Stufe hoch)"; None for a form anyone may submit."""
    wanted = requirements.requirement(form)
    if wanted.kind == requirements.NONE:
        return None
    if wanted.kind == requirements.LEVEL:
        text = _(
            "login_required_level",
            default="Login required: ${login}",
            mapping={"login": wanted.title()},
        )
    elif wanted.kind == requirements.ANY:
        text = _("login_required_any", default="Login required")
    else:
        text = wanted.message()
    return translate(text, context=request)


def may_preview(view) -> bool:
    """Editors of the form see it (GET) whatever their login (not a POST)."""
    return view.request.get("REQUEST_METHOD", "GET") == "GET" and api.user.has_permission(
        "Modify portal content", obj=view.context
    )


def enforce(view) -> str | None:
    """None when the current login meets the form's requirement; else the answer instead of
    the form (a redirect to the login, or the page saying the level is not available)."""
    missing = requirements.check(view.context, view.request)
    if missing is None or may_preview(view):
        return None
    response = view.request.response
    response.setHeader("Cache-Control", "no-store")
    if missing.reason == requirements.UNCONFIGURED:
        response.setStatus(403)
        page = LoginUnavailable(view.context, view.request)
        page.missing = missing
        return page()
    response.redirect(login_target(missing, view.context.absolute_url()), lock=True)
    return ""
