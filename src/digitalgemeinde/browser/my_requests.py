"""Meine Anliegen: a logged-in citizen's requests, across every municipality and the canton.

The citizen never gets a role on a request: the list and each request's page are found by the
``submitter_userid`` recorded at submission, and shown through the same status page as the
capability link.

Requests made earlier without an account, with the e-mail the login's provider vouches for, are
offered once (``identity.linking``): the citizen confirms (a POST with the CSRF token) and they
appear here.
"""

from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zExceptions import NotFound
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse

from digitalgemeinde import _
from digitalgemeinde.browser.status import StatusView
from digitalgemeinde.browser.status import is_subpage
from digitalgemeinde.identity import linking
from digitalgemeinde.submissions import drafts
from digitalgemeinde.submissions.values import local_time
from digitalgemeinde.submissions.workflow import CITIZEN_STATE_LABELS


def own_requests(userid: str):
    catalog = api.portal.get_tool("portal_catalog")
    return catalog.unrestrictedSearchResults(
        portal_type="Submission",
        submitter_userid=userid,
        sort_on="created",
        sort_order="reverse",
    )


@implementer(IPublishTraverse)
class MyRequestsView(BrowserView):
    index = ViewPageTemplateFile("templates/my_requests.pt")
    reference = None
    rest = ()

    def publishTraverse(self, request, name):
        if self.reference is None:
            self.reference = name
        else:
            self.rest = (*self.rest, name)
        return self

    def __call__(self):
        if api.user.is_anonymous():
            raise NotFound("meine-anliegen")
        if self.reference is None:
            if self.request.method == "POST" and self.request.form.get("link-earlier"):
                return self.link_earlier()
            return self.index()
        return OwnRequestView(self.context, self.request, self.reference, self.rest)()

    def link_earlier(self):
        """The citizen confirms that the earlier requests with their e-mail are theirs."""
        CheckAuthenticator(self.request)
        count = linking.link(api.user.get_current().getId())
        if count:
            message = _(
                "${count} earlier requests now appear in My requests.",
                mapping={"count": count},
            )
            api.portal.show_message(message, self.request, type="info")
        url = f"{api.portal.get().absolute_url()}/@@meine-anliegen"
        self.request.response.redirect(url, status=303)
        return ""

    def earlier(self) -> dict | None:
        """The question about earlier requests with the vouched e-mail, or None."""
        found = linking.pending(api.user.get_current().getId())
        if found is None:
            return None
        mapping = {"count": found.count, "email": found.email}
        if found.count == 1:
            question = _(
                "There is 1 earlier request with the e-mail address ${email}. Shall it "
                "appear in My requests?",
                mapping=mapping,
            )
        else:
            question = _(
                "There are ${count} earlier requests with the e-mail address ${email}. Shall "
                "they appear in My requests?",
                mapping=mapping,
            )
        return {"question": question, "count": found.count, "email": found.email}

    def items(self) -> list[dict]:
        base = f"{api.portal.get().absolute_url()}/@@meine-anliegen"
        return [
            {
                "reference": brain.reference or brain.Title,
                "service": brain.service_title,
                "state": CITIZEN_STATE_LABELS.get(brain.review_state, brain.review_state),
                "submitted": local_time(brain.created),
                "url": f"{base}/{brain.getId}",
            }
            for brain in own_requests(api.user.get_current().getId())
        ]

    def drafts(self) -> list[dict]:
        """The citizen's saved drafts (``submissions.drafts``): form, saved, kept until."""
        resume = f"{api.portal.get().absolute_url()}/@@draft-resume?draft="
        return [
            {
                "form": draft.form_title,
                "saved": local_time(draft.modified),
                "expires": local_time(draft.expires),
                "url": resume + draft.id,
            }
            for draft in drafts.drafts_of(api.user.get_current().getId())
        ]


class OwnRequestView(StatusView):
    """The status page of one of the citizen's own requests, found by reference."""

    def __init__(self, context, request, reference, rest):
        super().__init__(context, request)
        self.reference = reference
        self.subpage = rest[0] if rest else None
        if len(rest) > 1 or (self.subpage and not is_subpage(self.subpage)):
            raise NotFound(self.reference)

    def find_submission(self):
        userid = api.user.get_current().getId()
        for brain in own_requests(userid):
            if brain.getId == self.reference:
                return brain._unrestrictedGetObject()
        return None

    @property
    def url(self) -> str:
        return f"{api.portal.get().absolute_url()}/@@meine-anliegen/{self.reference}"
