"""Classic UI's answer when a tenant or office may not have a name because its group belongs
to another object (security.group_names refuses). Forms show the refusal themselves (it is also
a z3c.form action error); this view answers the other routes (paste, import)."""

from plone import api

from digitalgemeinde.browser.refusals import RefusalView


class GroupTakenView(RefusalView):
    """The exception view (``index.html``) of tenancy.owners.GroupTaken."""

    def target_url(self) -> str:
        return (
            self.context.url or self.request.get("HTTP_REFERER") or api.portal.get().absolute_url()
        )
