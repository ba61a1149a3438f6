"""A request form's versions for its editors (``@@form-versions``): each with its date, who
made it and what changed from the one before, in plain words."""

from plone import api
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.i18n import translate

from digitalgemeinde import _
from digitalgemeinde.submissions import form_versions
from digitalgemeinde.submissions.values import local_time

ORIGINS = {
    form_versions.REQUEST: _("recorded with the first request made with these fields"),
    form_versions.UPGRADE: _("recorded when form versions were introduced"),
}


def person(userid: str | None) -> str:
    """The full name of who made a version; "" when it was made on a request."""
    if not userid:
        return ""
    user = api.user.get(userid=userid)
    return (user.getProperty("fullname", "") if user is not None else "") or userid


class FormVersionsView(BrowserView):
    index = ViewPageTemplateFile("templates/form_versions.pt")

    def __call__(self):
        return self.index()

    def versions(self) -> list[dict]:
        """Newest first; the oldest is the form as it was first published."""
        history = form_versions.history(self.context)
        return [
            {
                "number": version["number"],
                "date": local_time(version["date"]),
                "actor": person(version["actor"]),
                "origin": self.origin(version.get("origin")),
                "first": position == len(history) - 1,
                "changes": [
                    translate(change.message(), context=self.request)
                    for change in version["changes"]
                ],
            }
            for position, version in enumerate(history)
        ]

    def origin(self, origin: str | None) -> str:
        message = ORIGINS.get(origin)
        return translate(message, context=self.request) if message is not None else ""
