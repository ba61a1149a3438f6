"""Classic UI of the association: its home, catalog, standard services, workshops, status,
the coverage dashboard, the news feed; and the municipal side of adoption and updates."""

import csv
import io
from datetime import UTC
from datetime import datetime
from email.utils import format_datetime

from AccessControl import getSecurityManager
from Acquisition import aq_base
from persistent.list import PersistentList
from plone import api
from plone.protect import CheckAuthenticator
from plone.uuid.interfaces import IUUID
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.statusmessages.interfaces import IStatusMessage
from zExceptions import Forbidden
from zope.i18n import translate

from digitalgemeinde import _
from digitalgemeinde.association import municipalities_of_canton
from digitalgemeinde.association import state_of
from digitalgemeinde.association.adoption import AdoptionError
from digitalgemeinde.association.adoption import adopt
from digitalgemeinde.association.adoption import adopted_in
from digitalgemeinde.association.adoption import allowed_offices
from digitalgemeinde.association.adoption import apply_update
from digitalgemeinde.association.adoption import bulk_adopt
from digitalgemeinde.association.adoption import pending_changes
from digitalgemeinde.association.adoption import plain
from digitalgemeinde.association.adoption import standard_of
from digitalgemeinde.association.adoption import update_available
from digitalgemeinde.association.adoption_lookup import allowed_office
from digitalgemeinde.association.adoption_lookup import offered_standard
from digitalgemeinde.association.adoption_lookup import offered_standards
from digitalgemeinde.association.coverage_table import coverage_rows
from digitalgemeinde.association.figures import coverage
from digitalgemeinde.association.figures import figures
from digitalgemeinde.association.figures import project_status_of
from digitalgemeinde.association.releases import RELEASED_FIELDS
from digitalgemeinde.association.releases import changed_fields
from digitalgemeinde.association.releases import working_fields
from digitalgemeinde.browser.content_views import format_chf
from digitalgemeinde.browser.content_views import rich_text
from digitalgemeinde.browser.content_views import vocabulary_titles
from digitalgemeinde.browser.export import neutralise
from digitalgemeinde.content_types.project_status import MILESTONE_STATE_TITLES
from digitalgemeinde.content_types.standard_service import InvalidFormTemplate
from digitalgemeinde.content_types.standard_service import parse_form_template
from digitalgemeinde.submissions.values import TIMEZONE
from digitalgemeinde.submissions.values import local_time

NEWS_LIMIT = 5
FEED_LIMIT = 20
MAX_COMMENT = 5000

FIELD_LABELS = {
    "title": _("Title"),
    "description": _("Summary"),
    "topics": _("Topics"),
    "audience": _("Audience"),
    "ech0070_id": _("eCH-0070 service identifier"),
    "what_it_is": _("What it is"),
    "requirements": _("Requirements"),
    "documents": _("Documents needed"),
    "procedure": _("Procedure"),
    "fees_text": _("Fees"),
    "fee_amount": _("Fee in CHF"),
    "processing_time": _("Processing time"),
    "legal_basis": _("Legal basis"),
    "office_hint": _("Usual office"),
    "form_template": _("Form template"),
}
STATE_TITLES = {
    "draft": _("Draft"),
    "review": _("In review"),
    "released": _("Released"),
    "retired": _("Retired"),
    "private": _("Private"),
    "pending": _("Pending review"),
    "published": _("Published"),
}


def message(request, text, kind="info") -> None:
    IStatusMessage(request).addStatusMessage(text, type=kind)


def can(permission: str, obj) -> bool:
    return bool(getSecurityManager().checkPermission(permission, obj))


def display(value, context) -> str:
    """A field value as text for tables and diffs."""
    if value is None or value == "" or value == []:
        return ""
    if hasattr(value, "raw"):
        return plain(value)
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)


def form_fields(xml: str) -> list[dict]:
    """The fields of a form template, for showing what a form asks."""
    try:
        schema = parse_form_template(xml)
    except InvalidFormTemplate:
        return []
    return [
        {
            "name": name,
            "title": schema[name].title,
            "required": schema[name].required,
            "type": schema[name].__class__.__name__,
        }
        for name in schema.names()
    ]


# --- the association's home ------------------------------------------------------------------


class AssociationView(BrowserView):
    index = ViewPageTemplateFile("templates/association.pt")

    def __call__(self):
        return self.index()

    def text(self):
        return rich_text(self.context.text, self.context)

    def news(self) -> list:
        return api.content.find(
            context=self.context,
            portal_type="News Item",
            sort_on="effective",
            sort_order="descending",
            sort_limit=NEWS_LIMIT,
        )[:NEWS_LIMIT]

    def sections(self, portal_type: str) -> list:
        return api.content.find(
            context=self.context, portal_type=portal_type, sort_on="getObjPositionInParent"
        )

    def workshops(self) -> dict:
        now = datetime.now(UTC)
        found = [brain.getObject() for brain in self.sections("Workshop")]
        upcoming = sorted(
            (item for item in found if aware(item.start) >= now), key=lambda w: aware(w.start)
        )
        past = sorted(
            (item for item in found if aware(item.start) < now),
            key=lambda w: aware(w.start),
            reverse=True,
        )
        return {"upcoming": upcoming, "past": past}

    def when(self, workshop) -> str:
        return wall_time(workshop.start)

    def theme(self, workshop) -> str:
        titles = vocabulary_titles("digitalgemeinde.vocabularies.topics", self.context)
        return titles.get(workshop.theme, workshop.theme or "")

    def status(self):
        status = project_status_of(self.context)
        if status is None or not can("View", status):
            return None
        return {"url": status.absolute_url(), "figures": figures(status)}

    def can_view_coverage(self) -> bool:
        return can("digitalgemeinde: View coverage", self.context)

    def feed_url(self) -> str:
        return f"{self.context.absolute_url()}/@@news.rss"


def aware(value: datetime) -> datetime:
    """Workshop dates come from the edit form without a time zone: they are Swiss time."""
    return value if value.tzinfo is not None else value.replace(tzinfo=TIMEZONE)


def wall_time(value: datetime | None) -> str:
    if value is None:
        return ""
    return value.strftime("%d.%m.%Y %H:%M") if value.tzinfo is None else local_time(value)


class NewsFeed(BrowserView):
    """RSS 2.0 of the association's published news, newest first."""

    def __call__(self):
        items = api.content.find(
            context=self.context,
            portal_type="News Item",
            review_state="published",
            sort_on="effective",
            sort_order="descending",
            sort_limit=FEED_LIMIT,
        )[:FEED_LIMIT]
        from xml.sax.saxutils import escape

        out = [
            '<?xml version="1.0" encoding="utf-8"?>',
            '<rss version="2.0"><channel>',
            f"<title>{escape(self.context.title)}</title>",
            f"<link>{escape(self.context.absolute_url())}</link>",
            f"<description>{escape(self.context.description or '')}</description>",
            "<language>de-ch</language>",
        ]
        for brain in items:
            date = brain.effective if brain.effective and brain.effective.year() > 1001 else None
            date = date or brain.created
            out.append(
                "<item>"
                f"<title>{escape(brain.Title)}</title>"
                f"<link>{escape(brain.getURL())}</link>"
                f'<guid isPermaLink="true">{escape(brain.getURL())}</guid>'
                f"<description>{escape(brain.Description or '')}</description>"
                f"<pubDate>{format_datetime(date.asdatetime())}</pubDate>"
                "</item>"
            )
        out.append("</channel></rss>")
        self.request.response.setHeader("Content-Type", "application/rss+xml; charset=utf-8")
        return "\n".join(out)


# --- catalog and standard services -----------------------------------------------------------


class ServiceCatalogView(BrowserView):
    index = ViewPageTemplateFile("templates/service_catalog.pt")

    def __call__(self):
        return self.index()

    def groups(self) -> list[dict]:
        """The standards the viewer may see, grouped by their first topic."""
        titles = vocabulary_titles("digitalgemeinde.vocabularies.topics", self.context)
        groups: dict[str, list] = {}
        for brain in api.content.find(
            context=self.context, portal_type="StandardService", sort_on="sortable_title"
        ):
            standard = brain.getObject()
            topic = (standard.topics or ["other"])[0]
            groups.setdefault(topic, []).append(
                {
                    "title": standard.title,
                    "url": brain.getURL(),
                    "description": standard.description,
                    "state": brain.review_state,
                    "state_title": STATE_TITLES.get(brain.review_state, brain.review_state),
                    "version": standard.version,
                }
            )
        order = list(titles)
        return [
            {"id": topic, "title": titles.get(topic, topic), "standards": items}
            for topic, items in sorted(
                groups.items(),
                key=lambda pair: order.index(pair[0]) if pair[0] in order else len(order),
            )
        ]

    def can_add(self) -> bool:
        return can("digitalgemeinde: Add StandardService", self.context)


class StandardServiceView(BrowserView):
    """A standard service: what adopters get (the latest release), its history, its form;
    for the association also the working copy, comments and adopters."""

    index = ViewPageTemplateFile("templates/standard_service.pt")

    def __call__(self):
        return self.index()

    def can_edit(self) -> bool:
        return can("Modify portal content", self.context)

    def shown_fields(self) -> dict:
        """The working copy for those who edit it, else the latest release."""
        release = self.context.latest_release()
        if self.can_edit() or release is None:
            return working_fields(self.context)
        return release["fields"]

    def rows(self) -> list[dict]:
        fields = self.shown_fields()
        titles = {
            **vocabulary_titles("digitalgemeinde.vocabularies.topics", self.context),
            **vocabulary_titles("digitalgemeinde.vocabularies.audience", self.context),
        }
        rows = []
        for name in RELEASED_FIELDS:
            if name in ("title", "form_template"):
                continue
            value = fields.get(name)
            if isinstance(value, list | tuple):
                value = [titles.get(item, item) for item in value]
            html = rich_text(value, self.context) if hasattr(value, "raw") else None
            text = None if html else display(value, self.context)
            if html or text:
                rows.append({"label": FIELD_LABELS[name], "html": html, "text": text})
        return rows

    def form(self) -> list[dict]:
        return form_fields(self.shown_fields().get("form_template") or "")

    def state_title(self):
        state = state_of(self.context)
        return STATE_TITLES.get(state, state)

    def releases(self) -> list[dict]:
        return [
            {
                "version": release["version"],
                "date": local_time(release["date"]),
                "note": release["note"],
            }
            for release in reversed(list(self.context.releases))
        ]

    def unreleased_changes(self) -> list:
        """Fields edited since the latest release (only for those who edit)."""
        latest = self.context.latest_release()
        if latest is None or not self.can_edit():
            return []
        return [
            translate(FIELD_LABELS[name], context=self.request)
            for name in changed_fields(latest["fields"], working_fields(self.context))
        ]

    def can_bulk_adopt(self) -> bool:
        return self.can_release() and state_of(self.context) == "released"

    def can_comment(self) -> bool:
        return can("digitalgemeinde: Comment standard service", self.context)

    def comments(self) -> list[dict]:
        return [
            {**comment, "date": local_time(comment["date"])}
            for comment in getattr(aq_base(self.context), "comments", ())
        ]

    def can_release(self) -> bool:
        return can("digitalgemeinde: Release standard service", self.context)

    def adopters(self) -> list[dict]:
        if not can("digitalgemeinde: View coverage", self.context):
            return []
        catalog = api.portal.get_tool("portal_catalog")
        entries = []
        for brain in catalog.unrestrictedSearchResults(
            portal_type="Service", standard_uid=IUUID(self.context), sort_on="path"
        ):
            service = brain._unrestrictedGetObject()
            entries.append(
                {
                    "municipality": service.aq_parent.title,
                    "url": brain.getURL(),
                    "version": service.standard_version,
                    "state": STATE_TITLES.get(brain.review_state, brain.review_state),
                    "outdated": service.standard_version < self.context.version,
                }
            )
        return entries


class CommentView(BrowserView):
    """POST a comment on a standard service (Public Innovators and the association's editors)."""

    def __call__(self):
        if self.request.method != "POST":
            raise Forbidden("POST only")
        CheckAuthenticator(self.request)
        text = (self.request.form.get("comment") or "").strip()
        if not text:
            message(self.request, _("Write a comment first."), "error")
        elif len(text) > MAX_COMMENT:
            message(
                self.request,
                _("A comment has at most ${max} characters.", mapping={"max": MAX_COMMENT}),
                "error",
            )
        else:
            user = api.user.get_current()
            if not isinstance(getattr(aq_base(self.context), "comments", None), PersistentList):
                self.context.comments = PersistentList()
            self.context.comments.append(
                {
                    "author": user.getProperty("fullname") or user.getId(),
                    "userid": user.getId(),
                    "date": datetime.now(UTC),
                    "text": text,
                }
            )
            message(self.request, _("Your comment has been added."))
        self.request.response.redirect(f"{self.context.absolute_url()}#comments", status=303)
        return ""


class BulkAdoptView(BrowserView):
    """The association adopts a released standard into many municipalities at once."""

    index = ViewPageTemplateFile("templates/bulk_adopt.pt")
    outcomes = ()

    def __call__(self):
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            chosen = set(self.request.form.get("municipalities") or ())
            targets = [item for item in self.candidates_all() if IUUID(item) in chosen]
            if not targets:
                message(self.request, _("Choose at least one municipality."), "error")
            else:
                self.outcomes = bulk_adopt(self.context, targets)
        return self.index()

    def candidates_all(self) -> list:
        association = self.context.aq_parent.aq_parent
        return municipalities_of_canton(getattr(association, "canton", None))

    def candidates(self) -> list[dict]:
        entries = []
        for municipality in self.candidates_all():
            existing = adopted_in(self.context, municipality)
            entries.append(
                {
                    "uid": IUUID(municipality),
                    "title": municipality.title,
                    "adopted": existing is not None,
                }
            )
        return entries

    def results(self) -> list[dict]:
        return [
            {
                "municipality": outcome.municipality.title,
                "url": outcome.service.absolute_url() if outcome.service is not None else None,
                "error": outcome.error,
                "office": (
                    outcome.service.responsible_office.to_object.title
                    if outcome.service is not None and outcome.service.responsible_office
                    else None
                ),
            }
            for outcome in self.outcomes
        ]


# --- workshop and status ---------------------------------------------------------------------


class WorkshopView(BrowserView):
    index = ViewPageTemplateFile("templates/workshop.pt")

    def __call__(self):
        return self.index()

    def theme(self) -> str:
        titles = vocabulary_titles("digitalgemeinde.vocabularies.topics", self.context)
        return titles.get(self.context.theme, self.context.theme or "")

    def when(self) -> str:
        start, end = wall_time(self.context.start), wall_time(self.context.end)
        return f"{start} – {end}" if end else start

    def text(self):
        return rich_text(self.context.text, self.context)

    def related(self, name: str) -> list:
        uids = [
            IUUID(relation.to_object, None)
            for relation in getattr(self.context, name, None) or ()
            if not relation.isBroken()
        ]
        uids = [uid for uid in uids if uid]
        return list(api.content.find(UID=uids, sort_on="sortable_title")) if uids else []

    def material(self) -> list:
        return api.content.find(context=self.context, depth=1, sort_on="getObjPositionInParent")


class ProjectStatusView(BrowserView):
    index = ViewPageTemplateFile("templates/project_status.pt")

    def __call__(self):
        return self.index()

    def milestones(self) -> list[dict]:
        return [
            {
                "date": milestone.date.strftime("%d.%m.%Y"),
                "title": milestone.title,
                "state": milestone.state,
                "state_title": MILESTONE_STATE_TITLES[milestone.state],
            }
            for milestone in self.context.milestone_list()
        ]

    def figures(self):
        return figures(self.context)

    def chf(self, amount) -> str:
        return format_chf(amount)

    def number(self, value) -> str:
        return f"{value:,}".replace(",", "'") if value is not None else ""


# --- coverage dashboard ----------------------------------------------------------------------


class CoverageView(BrowserView):
    index = ViewPageTemplateFile("templates/coverage.pt")

    def __call__(self):
        self.matrix = coverage(self.context)
        return self.index()

    def chf(self, amount) -> str:
        return format_chf(amount) if amount is not None else "–"

    def number(self, value) -> str:
        return f"{value:,}".replace(",", "'")


class CoverageCSV(BrowserView):
    def __call__(self):
        rows = coverage_rows(coverage(self.context), self.request.get("LANGUAGE", "de"))
        output = io.StringIO()
        writer = csv.writer(output, delimiter=";")
        for row in rows:
            writer.writerow([neutralise(cell) for cell in row])
        response = self.request.response
        response.setHeader("Content-Type", "text/csv; charset=utf-8")
        response.setHeader("Content-Disposition", 'attachment; filename="abdeckung.csv"')
        return "\ufeff" + output.getvalue()


# --- the municipality's side -----------------------------------------------------------------


class AdoptView(BrowserView):
    """A municipality's editors adopt released standard services and see their updates."""

    index = ViewPageTemplateFile("templates/adopt.pt")

    def __call__(self):
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            return self.handle()
        return self.index()

    def handle(self):
        form = self.request.form
        standard = offered_standard(self.context, form.get("standard"))
        office = allowed_office(self.context, form.get("office"))
        if standard is None:
            message(self.request, _("Choose a released standard service."), "error")
            return self.index()
        if form.get("office") and office is None:
            message(self.request, _("Choose an office of your municipality or canton."), "error")
            return self.index()
        try:
            service = adopt(standard, self.context, office)
        except AdoptionError as error:
            message(self.request, error.args[0], "error")
            return self.index()
        message(
            self.request,
            _(
                "«${title}» has been adopted as a private draft with its form: check it, "
                "then publish both.",
                mapping={"title": service.title},
            ),
        )
        self.request.response.redirect(service.absolute_url(), status=303)
        return ""

    def offices(self) -> list[dict]:
        return [
            {"uid": IUUID(office), "title": office.title, "tenant": office.aq_parent.title}
            for office in allowed_offices(self.context)
        ]

    def entries(self) -> list[dict]:
        """Every released or retired standard: adopted here (with its update), or adoptable."""
        entries = []
        for standard in offered_standards(self.context):
            state = state_of(standard)
            if state not in ("released", "retired"):
                continue
            service = adopted_in(standard, self.context)
            if service is None and state == "retired":
                continue
            latest = update_available(service) if service is not None else None
            entries.append(
                {
                    "uid": IUUID(standard),
                    "title": standard.title,
                    "description": standard.description,
                    "version": standard.version,
                    "retired": state == "retired",
                    "service_url": service.absolute_url() if service is not None else None,
                    "service_version": service.standard_version if service else None,
                    "update_url": (
                        f"{service.absolute_url()}/@@standard-update" if latest else None
                    ),
                    "office_hint": standard.office_hint,
                }
            )
        return entries


class StandardUpdateView(BrowserView):
    """What the newer version of the standard changes, field by field; applied with one click."""

    index = ViewPageTemplateFile("templates/standard_update.pt")

    def __call__(self):
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            try:
                done = apply_update(self.context)
            except AdoptionError as error:
                message(self.request, error.args[0], "error")
                return self.index()
            message(
                self.request,
                _(
                    "Updated to version ${version}: ${updated} fields taken over, ${kept} "
                    "kept as changed here, ${added} form fields added.",
                    mapping={
                        "version": done["version"],
                        "updated": len(done["updated"]),
                        "kept": len(done["kept"]),
                        "added": len(done["form_fields_added"]),
                    },
                ),
            )
            self.request.response.redirect(self.context.absolute_url(), status=303)
            return ""
        return self.index()

    def latest(self):
        return update_available(self.context)

    def standard(self):
        return standard_of(self.context)

    def changes(self) -> list[dict]:
        entries = []
        for change in pending_changes(self.context):
            if change.name == "form_template":
                old = {field["name"] for field in form_fields(change.old or "")}
                new = form_fields(change.new or "")
                entries.append(
                    {
                        "label": FIELD_LABELS[change.name],
                        "form": True,
                        "added": [field["title"] for field in new if field["name"] not in old],
                        "removed": sorted(old - {field["name"] for field in new}),
                        "overridden": False,
                        "words": [],
                    }
                )
                continue
            entries.append(
                {
                    "label": FIELD_LABELS[change.name],
                    "form": False,
                    "overridden": change.overridden,
                    "words": change.words,
                    "local": display(getattr(aq_base(self.context), change.name, None), None),
                }
            )
        return entries


class ServiceStandardInfo(BrowserView):
    """The box on a service page: the standard it follows, and an update for its editors."""

    index = ViewPageTemplateFile("templates/service_standard.pt")

    def __call__(self):
        if not getattr(aq_base(self.context), "standard_release", None):
            return ""
        return self.index()

    def info(self) -> dict:
        standard = standard_of(self.context)
        latest = update_available(self.context)
        editor = can("Modify portal content", self.context)
        return {
            "title": standard.title if standard is not None else self.context.title,
            "url": (
                standard.absolute_url() if standard is not None and can("View", standard) else None
            ),
            "version": self.context.standard_version,
            "newer": latest["version"] if latest and editor else None,
            "update_url": f"{self.context.absolute_url()}/@@standard-update",
            "note": latest["note"] if latest and editor else None,
        }
