"""Classic UI pages of tenants, offices and services: what a citizen reads.

Every listing goes through the catalog, so a viewer sees only what they may View and what is
in its publication period; relations are resolved to UIDs and filtered the same way.
"""

from urllib.parse import urlparse

from Acquisition import aq_base
from DateTime import DateTime
from plone import api
from plone.memoize.instance import memoize
from plone.uuid.interfaces import IUUID
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.component import getUtility
from zope.i18n import translate
from zope.intid.interfaces import IIntIds
from zope.schema.interfaces import IVocabularyFactory

from digitalgemeinde import _
from digitalgemeinde.browser.forms.availability import note as availability_note
from digitalgemeinde.browser.forms.login_required import note as login_note
from digitalgemeinde.browser.identity import coat_of_arms
from digitalgemeinde.content_types.inheritance import effective
from digitalgemeinde.interfaces import IMunicipality
from digitalgemeinde.payments.service_fees import fee_description
from digitalgemeinde.publication import in_effect
from digitalgemeinde.publication import latest_news
from digitalgemeinde.publication import news_date
from digitalgemeinde.security.routing import routing_of
from digitalgemeinde.tenants import canton_of
from digitalgemeinde.tenants import tenant_of

NEWS_LIMIT = 5
SAFE_URL_SCHEMES = ("http", "https")


def text_lines(text) -> list[str]:
    """Non-empty lines of a plain text field, for rendering with line breaks."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def safe_url(url) -> str | None:
    """The address if it is a web address: ``schema.URI`` also accepts ``javascript:``."""
    if url and urlparse(url).scheme.lower() in SAFE_URL_SCHEMES:
        return url
    return None


def rich_text(value, context) -> str | None:
    """Safe HTML of a RichText value (transformed and filtered), or None when it is empty."""
    if value is None:
        return None
    output = value.output_relative_to(context)
    return output if output and output.strip() else None


def own(obj, name):
    """A field of ``obj`` itself: an office has no website, and must not acquire its tenant's."""
    return getattr(aq_base(obj), name, None)


def contact_of(obj) -> dict:
    """The contact block of a tenant or office; every entry is plain text or a safe address."""
    phone = own(obj, "phone") or ""
    email = own(obj, "email") or ""
    return {
        "address": text_lines(own(obj, "address")),
        "phone": phone,
        "phone_href": "tel:" + "".join(c for c in phone if c.isdigit() or c == "+"),
        "email": email,
        "website": safe_url(own(obj, "website")),
        "opening_hours": text_lines(own(obj, "opening_hours")),
    }


def has_contact(contact: dict) -> bool:
    return any(value for key, value in contact.items() if key != "phone_href")


def entry(brain, **extra) -> dict:
    return {
        "title": brain.Title,
        "url": brain.getURL(),
        "description": brain.Description,
        "uid": brain.UID,
        **extra,
    }


def visible(uids) -> list:
    """Catalog brains of these UIDs that the viewer may see, in the order of ``uids``.

    As the catalog's own search, but the publication dates (effective, expires) are checked
    on these brains: the catalog would compute the effective range of all its objects for
    them (2 ms at 125,000 objects, on every anonymous view of a service).
    """
    uids = [uid for uid in uids if uid]
    if not uids:
        return []
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog(UID=uids, show_inactive=True)  # still only what the viewer may View
    if not catalog.allow_inactive({}):
        now = DateTime()
        brains = [brain for brain in brains if in_effect(brain.effective, brain.expires, now)]
    by_uid = {brain.UID: brain for brain in brains}
    return [by_uid[uid] for uid in uids if uid in by_uid]


def relation_target_uid(relation) -> str | None:
    if relation is None or relation.isBroken():
        return None
    return IUUID(relation.to_object, None)


def vocabulary_titles(name: str, context) -> dict:
    vocabulary = getUtility(IVocabularyFactory, name)(context)
    return {term.value: term.title for term in vocabulary}


class TenantView(BrowserView):
    """Home page of a Municipality or Canton."""

    index = ViewPageTemplateFile("templates/tenant.pt")
    contact_macros = ViewPageTemplateFile("templates/contact.pt")

    def __call__(self):
        return self.index()

    @property
    def is_municipality(self) -> bool:
        return IMunicipality.providedBy(self.context)

    def contact(self) -> dict:
        return contact_of(self.context)

    def has_contact(self) -> bool:
        return has_contact(self.contact())

    def numbers(self) -> list[dict]:
        """The official numbers of the tenant: BFS number, cantonal number."""
        labels = (("bfs_number", _("BFS number")), ("canton_number", _("Cantonal number")))
        return [
            {"id": name.replace("_", "-"), "label": label, "value": effective(self.context, name)}
            for name, label in labels
            if effective(self.context, name)
        ]

    def coat_of_arms(self) -> dict | None:
        return coat_of_arms(self.context, self.request)

    def logo(self) -> dict | None:
        if own(self.context, "logo") is None:
            return None
        images = api.content.get_view("images", self.context, self.request)
        scale = images.scale("logo", scale="mini")
        if scale is None:
            return None
        alt = _("Logo of ${name}", mapping={"name": self.context.Title()})
        return {
            "url": scale.url,
            "width": scale.width,
            "height": scale.height,
            "alt": translate(alt, context=self.request),
        }

    def canton(self):
        """The canton whose services apply here too (None on the canton's own page)."""
        if not self.is_municipality:
            return None
        return canton_of(self.context)

    def services_finder_url(self) -> str | None:
        if not self.is_municipality:
            return None
        return f"{self.context.absolute_url()}/@@services"

    def topic_groups(self) -> list[dict]:
        """Services of this tenant (and of its canton), under each of their topics.

        Grouped in the order of the control panel's topics; a service with several topics
        appears under each; one whose topics are all gone appears under "Other services".
        """
        entries = [
            entry(brain, cantonal=False, topics=brain.topics or ())
            for brain in api.content.find(context=self.context, portal_type="Service")
        ]
        canton = self.canton()
        if canton is not None:
            entries += [
                entry(brain, cantonal=True, topics=brain.topics or ())
                for brain in api.content.find(context=canton, portal_type="Service")
            ]
        titles = vocabulary_titles("digitalgemeinde.vocabularies.topics", self.context)
        grouped = {token: [] for token in titles}
        other = []
        for item in entries:
            known = [token for token in item["topics"] if token in grouped]
            for token in known:
                grouped[token].append(item)
            if not known:
                other.append(item)
        groups = [
            {"id": token, "title": titles[token], "services": services}
            for token, services in grouped.items()
            if services
        ]
        if other:
            groups.append({"id": "other", "title": _("Other services"), "services": other})
        for group in groups:
            group["services"].sort(key=lambda item: (item["title"] or "").lower())
        return groups

    def offices(self) -> list[dict]:
        return [
            entry(brain)
            for brain in api.content.find(
                context=self.context, portal_type="Office", sort_on="sortable_title"
            )
        ]

    def news(self) -> list[dict]:
        return [
            entry(brain, date=api.portal.get_localized_time(datetime=news_date(brain)))
            for brain in latest_news(self.context, NEWS_LIMIT)
        ]


class OfficeView(BrowserView):
    """An office: contact, duties, and the services it is responsible for."""

    index = ViewPageTemplateFile("templates/office.pt")
    contact_macros = ViewPageTemplateFile("templates/contact.pt")

    def __call__(self):
        return self.index()

    def contact(self) -> dict:
        return contact_of(self.context)

    def has_contact(self) -> bool:
        return has_contact(self.contact())

    def duties(self) -> str | None:
        return rich_text(own(self.context, "duties"), self.context)

    def routing(self) -> dict | None:
        """Where the requests go, for who may change it (the tenant's admins)."""
        return routing_of(self.context)

    def responsible_for(self) -> list[dict]:
        """Services whose responsible office is this one, as far as the viewer may see them.

        A cantonal office serves the services of many municipalities: those of another
        tenant name their tenant.
        """
        if getUtility(IIntIds).queryId(self.context) is None:
            return []
        # Unrestricted here, filtered by the catalog below: that also hides expired services.
        relations = api.relation.get(
            target=self.context, relationship="responsible_office", unrestricted=True
        )
        sources = {IUUID(rel.from_object, None): rel.from_object for rel in relations}
        own_tenant = tenant_of(self.context)
        own_path = own_tenant.getPhysicalPath() if own_tenant is not None else None
        entries = []
        for brain in api.content.find(
            UID=[uid for uid in sources if uid], portal_type="Service", sort_on="sortable_title"
        ):
            tenant = tenant_of(sources[brain.UID])
            foreign = tenant is not None and tenant.getPhysicalPath() != own_path
            entries.append(entry(brain, tenant=tenant.title if foreign else None))
        return entries


class ServiceView(BrowserView):
    """A service: what it is, what it takes, who is responsible, and where to apply online."""

    index = ViewPageTemplateFile("templates/service.pt")
    contact_macros = ViewPageTemplateFile("templates/contact.pt")

    # Rich text sections, in the order citizens read them before the fees.
    SECTIONS_BEFORE_FEES = (
        ("what_it_is", _("What is it?")),
        ("requirements", _("Requirements")),
        ("documents", _("Documents needed")),
        ("procedure", _("Procedure")),
    )

    def __call__(self):
        return self.index()

    def sections_before_fees(self) -> list[dict]:
        sections = []
        for name, title in self.SECTIONS_BEFORE_FEES:
            html = rich_text(effective(self.context, name), self.context)
            if html:
                sections.append(
                    {"id": f"service-{name.replace('_', '-')}", "title": title, "html": html}
                )
        return sections

    def fees(self) -> dict | None:
        """The fee's text and its rule (issue 20): an amount, or a range and its table."""
        text = text_lines(effective(self.context, "fees_text"))
        fee = fee_description(self.context)
        if not text and fee is None:
            return None
        if fee is None:
            return {"text": text, "amount": "", "rows": (), "label": ""}
        return {"text": text, "amount": fee.summary, "rows": fee.rows, "label": fee.label}

    def processing_time(self) -> str:
        return effective(self.context, "processing_time") or ""

    def legal_basis(self) -> str | None:
        return rich_text(effective(self.context, "legal_basis"), self.context)

    @memoize
    def targets(self) -> dict:
        """``{uid: brain}`` of the related form, office and services the viewer may see.

        One catalog query for all three (they were three: 2 ms of an anonymous page view).
        """
        relations = [own(self.context, "online_form"), own(self.context, "responsible_office")]
        relations += own(self.context, "related_services") or []
        return {brain.UID: brain for brain in visible(map(relation_target_uid, relations))}

    def target(self, relation, portal_type: str | None = None):
        brain = self.targets().get(relation_target_uid(relation))
        if brain is None or (portal_type and brain.portal_type != portal_type):
            return None
        return brain

    def application(self) -> dict | None:
        """Where to apply online: the related form if the viewer may see it, else the
        external address; None when there is neither."""
        form = self.target(own(self.context, "online_form"))
        if form is not None:
            form_object = own(self.context, "online_form").to_object
            login = login_note(form_object, self.request)
            when = availability_note(form_object, self.request)  # e.g. "ausgebucht"
            return {"url": form.getURL(), "external": False, "login": login, "when": when}
        url = safe_url(own(self.context, "external_url"))
        if url:
            return {"url": url, "external": True}
        return None

    def office(self) -> dict | None:
        relation = own(self.context, "responsible_office")
        office = self.target(relation, "Office")
        if office is None:
            return None
        return entry(office, contact=contact_of(relation.to_object))

    def topics(self) -> list:
        titles = vocabulary_titles("digitalgemeinde.vocabularies.topics", self.context)
        return [titles[token] for token in (own(self.context, "topics") or ()) if token in titles]

    def audience(self) -> list:
        titles = vocabulary_titles("digitalgemeinde.vocabularies.audience", self.context)
        return [titles[token] for token in (own(self.context, "audience") or ()) if token in titles]

    def related_services(self) -> list[dict]:
        brains = (
            self.target(relation, "Service")
            for relation in own(self.context, "related_services") or ()
        )
        return [entry(brain) for brain in brains if brain is not None]
