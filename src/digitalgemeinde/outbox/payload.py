"""What a specialist application receives: the request as JSON, or as an XML envelope that
carries the eCH-0070 identifier of the service. Both name every value with its form label and
carry files inline (base64), so one POST is the whole request."""

import base64
import json
from datetime import date
from datetime import datetime
from decimal import Decimal
from xml.etree import ElementTree as ET

from plone.app.uuid.utils import uuidToObject
from plone.namedfile.interfaces import INamedFile

from digitalgemeinde.content_types.inheritance import effective
from digitalgemeinde.submissions.values import form_fields
from digitalgemeinde.tenants import tenant_of

XML_NAMESPACE = "https://digitalgemeinde.ch/schema/delivery/1"


def jsonable(value):
    if INamedFile.providedBy(value):
        return {
            "filename": value.filename,
            "content-type": value.contentType,
            "encoding": "base64",
            "data": base64.b64encode(value.data).decode("ascii"),
        }
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [jsonable(item) for item in value]
    if isinstance(value, dict):  # an entry of a repeating group
        return {key: jsonable(item) for key, item in value.items()}
    return value


def status_url(submission) -> str:
    job = getattr(submission, "delivery_job", None)
    if job is not None and getattr(job, "status_url", None):
        return job.status_url
    return f"{submission.absolute_url()}/@status-update"


def header(submission) -> dict:
    service = (
        uuidToObject(submission.service_uid, unrestricted=True) if submission.service_uid else None
    )
    office = submission.__parent__
    tenant = tenant_of(office)
    return {
        "reference": submission.reference,
        "submitted": submission.submitted.isoformat() if submission.submitted else None,
        "language": submission.language,
        "email": submission.submitter_email,
        "service": {
            "uid": submission.service_uid or None,
            "title": submission.service_title,
            "ech0070_id": (effective(service, "ech0070_id") if service is not None else None)
            or None,
        },
        "form": {
            "uid": submission.form_uid or None,
            "title": submission.form_title,
            "version": submission.form_version,  # the labels below are this version's
        },
        "office": {"uid": office.UID(), "title": office.title},
        "tenant": {
            "title": tenant.title if tenant is not None else None,
            "bfs_number": getattr(tenant, "bfs_number", None),
            "canton_number": getattr(tenant, "canton_number", None),
        },
        "status_update_url": status_url(submission),
        "identification": identification(submission),
    }


def identification(submission) -> dict | None:
    """Who submitted the request and how they logged in (None: not logged in)."""
    record = submission.identification
    if not record:
        return None
    keys = ("provider", "provider_title", "level", "level_title", "acr", "userid", "verified")
    return {key: record.get(key) for key in keys}


def values(submission) -> list[dict]:
    labels = {name: field.title for name, field in form_fields(submission.form_model)}
    entries = []
    for name, value in submission.values.items():
        entries.append({"name": name, "label": labels.get(name, name), "value": jsonable(value)})
    return entries


def as_json(submission, job) -> bytes:
    body = {**header(submission), "idempotency_key": job.key, "values": values(submission)}
    return json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8")


def xml_identification(identified: dict) -> dict:
    """The text and attributes of the XML envelope's ``identification``."""
    return {
        "text": identified["provider_title"],
        "provider": identified["provider"],
        "level": identified["level"],
        "levelTitle": identified["level_title"],
        "acr": identified["acr"],
        "userid": identified["userid"],
        "verified": "true" if identified["verified"] else "false",
    }


def xml_group(sub, body, entry: dict) -> None:
    """``<group name label><entry><value name>…</value></entry>…</group>``."""
    group = sub(body, "group", name=entry["name"], label=entry["label"])
    for row in entry["value"]:
        element = sub(group, "entry")
        for key, item in row.items():
            sub(element, "value", "" if item is None else item, name=key)


def as_xml(submission, job) -> bytes:
    head = header(submission)
    ET.register_namespace("", XML_NAMESPACE)
    root = ET.Element(f"{{{XML_NAMESPACE}}}request", version="1")

    def sub(parent, tag, text=None, **attrs):
        element = ET.SubElement(
            parent, f"{{{XML_NAMESPACE}}}{tag}", {k: str(v) for k, v in attrs.items() if v}
        )
        if text is not None:
            element.text = str(text)
        return element

    envelope = sub(root, "header")
    sub(envelope, "reference", head["reference"])
    sub(envelope, "idempotencyKey", job.key)
    sub(envelope, "submitted", head["submitted"])
    sub(envelope, "language", head["language"])
    sub(envelope, "ech0070ServiceId", head["service"]["ech0070_id"] or "")
    sub(envelope, "service", head["service"]["title"], uid=head["service"]["uid"])
    sub(
        envelope,
        "form",
        head["form"]["title"],
        uid=head["form"]["uid"],
        version=head["form"]["version"],
    )
    sub(envelope, "office", head["office"]["title"], uid=head["office"]["uid"])
    sub(
        envelope,
        "tenant",
        head["tenant"]["title"],
        bfsNumber=head["tenant"]["bfs_number"],
        cantonNumber=head["tenant"]["canton_number"],
    )
    sub(envelope, "email", head["email"] or "")
    sub(envelope, "statusUpdateUrl", head["status_update_url"])
    if head["identification"]:
        sub(envelope, "identification", **xml_identification(head["identification"]))
    body = sub(root, "values")
    for entry in values(submission):
        value = entry["value"]
        if isinstance(value, dict) and value.get("encoding") == "base64":
            sub(
                body,
                "file",
                value["data"],
                name=entry["name"],
                label=entry["label"],
                filename=value["filename"],
                contentType=value["content-type"],
            )
            continue
        if isinstance(value, list) and any(isinstance(item, dict) for item in value):
            xml_group(sub, body, entry)  # a repeating group: an entry element per entry
            continue
        if isinstance(value, list):
            value = "\n".join(str(item) for item in value)
        sub(body, "value", "" if value is None else value, name=entry["name"], label=entry["label"])
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def build(submission, job) -> tuple[bytes, str]:
    if job.format == "xml":
        return as_xml(submission, job), "application/xml; charset=utf-8"
    return as_json(submission, job), "application/json; charset=utf-8"
