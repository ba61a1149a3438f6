"""plone.restapi serializers of our types: what a program reads besides the schema fields.

A StandardService tells its released versions; an adopted Service the texts it shows from its
standard; a Submission (for its office only) the values with their labels, its log and the
state of its delivery to the specialist application. Relations of services and workshops are
links to what the reader may view.
"""

from AccessControl import getSecurityManager
from DateTime import DateTime
from plone.restapi.interfaces import IFieldSerializer
from plone.restapi.interfaces import ISerializeToJson
from plone.restapi.serializer.dxcontent import SerializeToJson
from plone.restapi.serializer.dxfields import DefaultFieldSerializer
from plone.restapi.serializer.utils import get_portal_type_title
from plone.uuid.interfaces import IUUID
from Products.CMFCore.permissions import AccessInactivePortalContent
from Products.CMFCore.utils import getToolByName
from zope.component import adapter
from zope.i18n import translate
from zope.interface import Interface
from zope.interface import implementer

from digitalgemeinde.association.updating import update_available
from digitalgemeinde.content_types.inheritance import INHERITED_FIELDS
from digitalgemeinde.content_types.inheritance import adopted_release
from digitalgemeinde.content_types.inheritance import is_empty
from digitalgemeinde.interfaces import IService
from digitalgemeinde.interfaces import IStandardService
from digitalgemeinde.interfaces import ISubmission
from digitalgemeinde.outbox import job_of
from digitalgemeinde.outbox.payload import jsonable
from digitalgemeinde.publication import in_effect
from digitalgemeinde.services.messages import office_messages
from digitalgemeinde.submissions.values import form_fields


def plain(value):
    """A released value as JSON: rich text as its HTML source."""
    raw = getattr(value, "raw", None)
    if raw is not None:
        return {"data": raw, "content-type": getattr(value, "mimeType", "text/html")}
    return jsonable(value)


@implementer(ISerializeToJson)
@adapter(IStandardService, Interface)
class StandardServiceSerializer(SerializeToJson):
    def __call__(self, version=None, include_items=True, include_expansion=True):
        result = super().__call__(version, include_items, include_expansion)
        result["version"] = self.context.version
        result["releases"] = [
            {
                "version": release["version"],
                "date": release["date"].isoformat(),
                "note": release["note"],
            }
            for release in self.context.releases
        ]
        return result


@implementer(ISerializeToJson)
@adapter(IService, Interface)
class ServiceSerializer(SerializeToJson):
    def __call__(self, version=None, include_items=True, include_expansion=True):
        result = super().__call__(version, include_items, include_expansion)
        release = adopted_release(self.context)
        if release is None:
            return result
        latest = update_available(self.context)
        result["inherited"] = {
            name: plain(release["fields"].get(name))
            for name in INHERITED_FIELDS
            if is_empty(getattr(self.context, name, None))
            and not is_empty(release["fields"].get(name))
        }
        result["update_available"] = latest["version"] if latest else None
        return result


@implementer(ISerializeToJson)
@adapter(ISubmission, Interface)
class SubmissionSerializer(SerializeToJson):
    """Only who may view the request gets here (its office's staff, the tenant's admins)."""

    def __call__(self, version=None, include_items=True, include_expansion=True):
        result = super().__call__(version, include_items, include_expansion)
        submission = self.context
        labels = {name: field.title for name, field in form_fields(submission.form_model)}
        result["form_title"] = submission.form_title
        result["form_version"] = submission.form_version
        result["service_title"] = submission.service_title
        result["values"] = [
            {"name": name, "label": labels.get(name, name), "value": file_link(self, name, value)}
            for name, value in submission.values.items()
        ]
        result["log"] = [
            {
                "time": entry["time"].isoformat(),
                "action": entry["action"],
                "state": entry.get("state", ""),
                "actor": entry.get("actor", ""),
                "comment": entry.get("comment", ""),
            }
            for entry in submission.log
        ]
        result["messages"] = office_messages(submission)
        job = job_of(submission)
        result["delivery"] = (
            None
            if job is None
            else {
                "state": job.state,
                "idempotency_key": job.key,
                "next_try": job.next_try.isoformat() if job.state == "pending" else None,
                "attempts": [
                    {
                        "time": attempt["time"].isoformat(),
                        "status": attempt["status"],
                        # a refused address's reason is a message (security.outgoing)
                        "error": translate(attempt["error"], context=self.request),
                    }
                    for attempt in job.attempts
                ],
            }
        )
        return result


def file_link(serializer, name: str, value):
    """Files as a link to the request page's download, never inline."""
    if hasattr(value, "filename") and hasattr(value, "getSize"):
        return {
            "filename": value.filename,
            "content-type": value.contentType,
            "size": value.getSize(),
            "download": f"{serializer.context.absolute_url()}/@@file/{name}",
        }
    return jsonable(value)


def relation_link(value) -> dict | None:
    """A related item as plone.restapi's summary fields plus its UID; None when the reader
    may not view it (or not yet, or no longer) or it is gone.

    plone.restapi summarises each related item through a cloned request and every metadata
    column (0.8 ms an item: a service's REST GET was 1.5x a Document's); it also names items
    the reader may not view, e.g. a service's form still in draft.
    """
    target = getattr(value, "to_object", None)
    security = getSecurityManager()
    if target is None or not security.checkPermission("View", target):
        return None
    if not security.checkPermission(AccessInactivePortalContent, target) and not in_effect(
        target.effective(), target.expires(), DateTime()
    ):
        return None  # not yet effective or expired, as on the service's page
    workflow = getToolByName(target, "portal_workflow")
    return {
        "@id": target.absolute_url(),
        "@type": target.portal_type,
        "UID": IUUID(target, None),
        "title": target.Title(),
        "description": target.Description(),
        "review_state": workflow.getInfoFor(target, "review_state", None),
        "type_title": get_portal_type_title(target.portal_type),
    }


@implementer(IFieldSerializer)
class RelationChoiceLink(DefaultFieldSerializer):
    """For the relation fields of our types (registered in delivery.zcml)."""

    def __call__(self):
        return relation_link(self.get_value())


@implementer(IFieldSerializer)
class RelationListLinks(DefaultFieldSerializer):
    def __call__(self):
        links = (relation_link(value) for value in self.get_value() or ())
        return [link for link in links if link is not None]
