"""Site Setup → Code in forms: the forms whose code was turned off, for a Manager to decide."""

from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView

from digitalgemeinde import _
from digitalgemeinde.security.forms import decide
from digitalgemeinde.security.forms import turned_off_forms


class CodeInFormsView(BrowserView):
    def __call__(self):
        uid = self.request.form.get("uid")
        if self.request.method == "POST" and uid:
            CheckAuthenticator(self.request)
            restore = "form.buttons.restore" in self.request.form
            title = decide(uid, restore=restore)
            message = (
                _("The code of «${title}» is back on.", mapping={"title": title})
                if restore
                else _("The code of «${title}» stays off.", mapping={"title": title})
            )
            api.portal.show_message(message, request=self.request)
            self.request.response.redirect(f"{self.context.absolute_url()}/@@code-in-forms")
            return ""
        return self.index()

    def forms(self) -> list[dict]:
        rows = turned_off_forms()
        for row in rows:
            form = api.content.get(UID=row["uid"])
            row["url"] = form.absolute_url() if form is not None else None
        return rows
