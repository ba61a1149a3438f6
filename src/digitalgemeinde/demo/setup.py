"""Create the demo content (post handler of the digitalgemeinde:demo profile).

A site that already has ``/liestal`` is left alone. Otherwise every step leaves what exists as it
is and creates only what is missing, so a half-removed demo is completed without duplicates.
Only objects made here are filled in, published and linked to their office and form.

The demo requests in Liestal's inbox go through ``deliver`` and the workflow as real ones do,
but send no mail: demo mail must not leave the site (``mail.suppressed``).
"""

import logging
from contextlib import contextmanager

from AccessControl.SpecialUsers import nobody
from plone import api
from plone.formwidget.namedfile.converter import b64encode_file
from plone.namedfile.file import NamedBlobFile
from plone.namedfile.file import NamedBlobImage
from zope.globalrequest import getRequest
from zope.globalrequest import setRequest

from digitalgemeinde.demo import association_site
from digitalgemeinde.demo import content
from digitalgemeinde.demo import forms
from digitalgemeinde.demo import loading
from digitalgemeinde.demo import services
from digitalgemeinde.demo import users
from digitalgemeinde.demo.build import ensure
from digitalgemeinde.demo.build import ensure_user
from digitalgemeinde.demo.build import fields_of
from digitalgemeinde.demo.loading import DATA
from digitalgemeinde.sitesetup import SiteSettings
from digitalgemeinde.submissions import mail
from digitalgemeinde.submissions.delivery import DeliveryError
from digitalgemeinde.submissions.delivery import deliver

logger = logging.getLogger("digitalgemeinde.demo")

MARKER_ID = "liestal"
DEFAULT_TITLE = SiteSettings.title  # "Einwohnerportal", the title make start gives a site
TOPICS_RECORD = "digitalgemeinde.topics"


def create_demo_content(context):
    """Post handler: ``context`` is the setup tool; the content goes into the current site."""
    portal = api.portal.get()
    if MARKER_ID in portal.objectIds():
        logger.info("The site has /%s already: no demo content created.", MARKER_ID)
        return
    set_logo()
    name_the_portal()
    add_life_situations()
    with api.env.adopt_roles(["Manager"]):
        create_canton(portal)
        for spec in content.MUNICIPALITIES:
            create_municipality(portal, spec)
        # After the offices (adoptions name one); makes the association's groups.
        association_site.create_association(portal)
        for spec in users.DEMO_USERS:
            ensure_user(spec)
        create_demo_requests(portal)
    logger.info(
        "Demo content: canton %s, municipalities %s with %d request forms each, association "
        "%s with %d standard services, %d demo users (see docs/demo-users.md).",
        content.CANTON["id"],
        ", ".join(spec["id"] for spec in content.MUNICIPALITIES),
        len(forms.REQUEST_FORMS),
        association_site.ASSOCIATION["id"],
        len(association_site.STANDARDS),
        len(users.DEMO_USERS),
    )


def set_logo():
    """The canton's logo in the header and as the favicon (Site Setup → Site), unless the
    site has one of its own."""
    if api.portal.get_registry_record("plone.site_logo", default=None):
        return
    logo = b64encode_file("einwohnerportal-bl.svg", (DATA / "logo.svg").read_bytes())
    api.portal.set_registry_record("plone.site_logo", logo)
    api.portal.set_registry_record("plone.site_favicon", logo)
    api.portal.set_registry_record("plone.site_favicon_mimetype", "image/svg+xml")


def name_the_portal():
    """The canton's portal: "Einwohnerportal Basel-Landschaft", unless the site was given a
    name of its own (SITE_TITLE of make start)."""
    if api.portal.get_registry_record("plone.site_title", default="") in ("", DEFAULT_TITLE):
        name = f"{DEFAULT_TITLE} {content.CANTON['title']}"
        api.portal.set_registry_record("plone.site_title", name)


def add_life_situations():
    """The demo's life situations (data/topics.yaml) first among the site's topics, unless
    a topic of theirs is there already."""
    topics = api.portal.get_registry_record(TOPICS_RECORD, default=None) or []
    tokens = {line.split("|", 1)[0].strip() for line in topics}
    missing = [
        line
        for line in loading.read("topics.yaml")["life_situations"]
        if line.split("|", 1)[0] not in tokens
    ]
    if missing:
        api.portal.set_registry_record(TOPICS_RECORD, [*missing, *topics])


def set_coat_of_arms(tenant):
    """The demo coat of arms of a tenant made here (data/arms/<id>.png: simple shapes, no real
    heraldry), unless it has one."""
    image = loading.DATA / "arms" / f"{tenant.getId()}.png"
    if tenant.coat_of_arms is not None or not image.is_file():
        return
    tenant.coat_of_arms = NamedBlobImage(
        data=image.read_bytes(), contentType="image/png", filename=f"{tenant.getId()}.png"
    )
    tenant.reindexObject()


def create_canton(portal):
    existed = content.CANTON["id"] in portal.objectIds()
    canton = ensure(portal, "Canton", content.CANTON["id"], fields_of(content.CANTON, {}))
    if not existed:
        set_coat_of_arms(canton)
    for spec in content.CANTON_OFFICES:
        ensure(canton, "Office", spec["id"], fields_of(spec, content.CANTON_VALUES))
    for spec in services.CANTON_SERVICES:
        ensure_service(canton, spec, content.CANTON_VALUES)
    return canton


def create_municipality(portal, spec):
    if spec["id"] not in portal.objectIds() and bfs_number_taken(spec["bfs_number"]):
        logger.warning(
            "BFS number %s is used by another municipality: demo %s not created.",
            spec["bfs_number"],
            spec["id"],
        )
        return None
    existed = spec["id"] in portal.objectIds()
    municipality = ensure(portal, "Municipality", spec["id"], fields_of(spec, {}))
    if not existed:
        set_coat_of_arms(municipality)
    values = {"name": spec["title"], "authority": spec["authority"]}
    for office in content.MUNICIPAL_OFFICES:
        fields = fields_of(office, values)
        fields.update(
            email=f"{office['id']}@{spec['id']}.example.ch",
            address=spec["address"],
            **spec["offices"][office["id"]],
        )
        ensure(municipality, "Office", office["id"], fields)
    fees = {
        template["id"]: spec["fees"].get(template["id"], template["fee_amount"])
        for template in services.MUNICIPAL_SERVICES
    }
    form_values = {**values, "phone": spec["offices"]["einwohnerdienste"]["phone"]}
    online_forms = {
        form["service"]: ensure_form(
            municipality, form, {**form_values, "fee": fees[form["service"]]}
        )
        for form in forms.REQUEST_FORMS
    }
    for template in services.MUNICIPAL_SERVICES:
        ensure_service(
            municipality,
            {**template, "fee_amount": fees[template["id"]]},
            values,
            online_form=online_forms.get(template["id"]),
        )
    news_values = {
        **values,
        "einwohnerdienste_hours": spec["offices"]["einwohnerdienste"]["opening_hours"],
    }
    for news in content.MUNICIPAL_NEWS:
        ensure(municipality, "News Item", news["id"], fields_of(news, news_values))
    return municipality


def ensure_service(tenant, spec, values, online_form=None):
    """The service ``spec`` in ``tenant``; a new one is linked to its office of the tenant and
    to ``online_form``, which then replaces any external address (a service has one or the
    other)."""
    existed = spec["id"] in tenant.objectIds()
    fields = fields_of(spec, {**values, "fee": spec["fee_amount"]})
    if online_form is not None:
        fields.pop("external_url", None)
    service = ensure(tenant, "Service", spec["id"], fields)
    if not existed:
        # Sets the field and updates the relation catalog (what "Used by" views read, and
        # what the form's "Deliver to office" action follows to the office).
        api.relation.create(
            source=service, target=tenant[spec["office"]], relationship="responsible_office"
        )
        if online_form is not None:
            api.relation.create(source=service, target=online_form, relationship="online_form")
    return service


def ensure_form(tenant, spec, values):
    """The request form ``spec`` in ``tenant``: German texts, one "Deliver to office" action."""
    fields = fields_of(
        {
            "thanksPrologue": forms.THANKS_PROLOGUE,
            "thanksEpilogue": forms.THANKS_EPILOGUE,
            **spec,
        },
        values,
    )
    fields.update(actions_model=forms.ACTIONS_MODEL, includeEmpties=False)
    return ensure(tenant, "EasyForm", spec["id"], fields)


def create_demo_requests(portal):
    """Requests in every state in Liestal's Einwohnerdienste, unless its inbox has some."""
    tenant = portal.get(forms.DEMO_REQUESTS_TENANT)
    if tenant is None:
        return
    office = tenant.get("einwohnerdienste")
    if office is None or any(obj.portal_type == "Submission" for obj in office.objectValues()):
        return
    with global_request(portal) as request, mail.suppressed(request):
        for spec in forms.DEMO_REQUESTS:
            form = tenant.get(spec["form"])
            if form is None:
                continue
            try:
                with as_submitter(spec["user"]):
                    delivery = deliver(form, form_data(spec["values"]), request)
            except DeliveryError:
                logger.warning("Demo form %s delivers nowhere: no demo request.", spec["form"])
                continue
            with api.env.adopt_user(username=forms.DEMO_REQUESTS_CLERK):
                for transition, comment in spec["steps"]:
                    api.content.transition(
                        obj=delivery.submission, transition=transition, comment=comment
                    )


def form_data(values: dict) -> dict:
    """The values as the form hands them over: uploads as NamedBlobFile, like the widget's."""
    return {
        name: (
            NamedBlobFile(data=value.data, filename=value.filename, contentType=value.contentType)
            if isinstance(value, forms.DemoFile)
            else value
        )
        for name, value in values.items()
    }


@contextmanager
def global_request(portal):
    """The request of the current thread; the portal's, where none is set (e.g. while a test
    layer is built), as ``deliver`` looks up the language through it."""
    request = getRequest()
    if request is not None:
        yield request
        return
    setRequest(portal.REQUEST)
    try:
        yield portal.REQUEST
    finally:
        setRequest(None)


def as_submitter(username: str | None):
    """Act as the citizen account ``username``, or as an anonymous visitor."""
    if username is None:
        return api.env.adopt_user(user=nobody)
    return api.env.adopt_user(username=username)


def bfs_number_taken(bfs_number: int) -> bool:
    catalog = api.portal.get_tool("portal_catalog")
    return bool(
        catalog.unrestrictedSearchResults(portal_type="Municipality", bfs_number=bfs_number)
    )
