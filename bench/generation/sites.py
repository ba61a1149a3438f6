"""One bench site filled in, and its manifest entry for the harness."""

from collections import Counter

from plone import api
from plone.supermodel import loadString

from bench.generation.baselines import ensure_baselines
from bench.generation.baselines import ensure_clerk
from bench.generation.common import INBOX_KEYS
from bench.generation.common import OFFICES
from bench.generation.common import SAVE_DATA
from bench.generation.common import Clock
from bench.generation.common import Scale
from bench.generation.common import commit
from bench.generation.common import path_of
from bench.generation.common import seeded
from bench.generation.fields import browser_values
from bench.generation.fields import fields_of_form
from bench.generation.fields import json_values
from bench.generation.places import ensure_canton
from bench.generation.places import ensure_municipality
from bench.generation.places import municipality_specs
from bench.generation.requests import add_submissions
from bench.generation.services import ensure_services
from bench.generation.step_forms import ensure_step_forms
from bench.generation.workbench import variants
from digitalgemeinde.submissions.counts import state_counts
from digitalgemeinde.tenancy import office_group_id


def inbox_offices(municipalities: list) -> list:
    """The offices of the three big inboxes: the Einwohnerdienste of municipalities #1, #2,
    #3 (other offices of the first ones when there are fewer than three municipalities)."""
    candidates = [m["einwohnerdienste"] for m in municipalities]
    candidates += [m[office] for m in municipalities for office in OFFICES[1:]]
    return candidates[:3]


def build_site(portal, site_id: str, scale: Scale, clock: Clock, *, small: bool) -> dict:
    """Fill ``portal`` (an existing site with our profile) and return its manifest entry."""
    rng = seeded(site_id)
    municipalities = ensure_municipalities(portal, site_id, scale, clock, small=small)
    offices = inbox_offices(municipalities)
    entry: dict = {"site": f"/{site_id}"}
    with clock.phase(f"{site_id}: clerks"):
        clerks = {}
        for key, office in zip(INBOX_KEYS, offices, strict=False):
            tenant_id = office.__parent__.getId()
            clerks[key] = ensure_clerk(
                f"clerk-{tenant_id}-{office.getId()}",
                [office_group_id(tenant_id, office.getId())],
            )
        entry["clerk"] = ensure_clerk(
            f"{site_id}-clerk",
            [office_group_id(o.__parent__.getId(), o.getId()) for o in offices],
        )
        commit(portal)
    entry["clerks"] = clerks
    fill_inboxes(municipalities, offices, clerks, site_id, scale, rng, clock, small=small)
    first = municipalities[0]
    service, form = manifest_service(first, offices[0])
    fields = fields_of_form(form)
    entry.update(
        {
            "municipality": path_of(first),
            "service": path_of(service),
            "form": path_of(form),
            "form_values": browser_values(fields),
            "form_json_values": json_values(fields),
            "finder": f"{path_of(first)}/@@services",
            "rest_service": path_of(service),
            "rest_form": path_of(form),
            "rest_submit": f"{path_of(form)}/@submit",
        }
    )
    for key, office in zip(INBOX_KEYS, offices, strict=False):
        entry[key] = f"{path_of(office)}/@@inbox"
    if not small:
        with clock.phase(f"{site_id}: baselines"):
            baselines = ensure_baselines(portal, service, form, scale.saved_rows, rng, clock)
        entry.update(baseline_entry(baselines, fields))
        with clock.phase(f"{site_id}: forms in steps and on one page"):
            entry.update(ensure_step_forms(first, offices[0]))
            commit(portal)
    entry["inboxes"] = {
        key: {
            "office": path_of(office),
            "url": f"{path_of(office)}/@@inbox",
            "requests": office.objectCount(),
            "state_counts": state_counts(office),
            "clerk": clerks[key]["user"],
            "variants": variants(office, path_of(office), clerks[key]["user"]),
        }
        for key, office in zip(INBOX_KEYS, offices, strict=False)
    }
    entry["counts"] = site_counts(portal)
    return entry


def ensure_municipalities(portal, site_id: str, scale: Scale, clock: Clock, *, small: bool):
    """The canton, then the site's municipalities with their offices, services and forms."""
    count = scale.small_municipalities if small else scale.municipalities
    specs = municipality_specs(count)
    with clock.phase(f"{site_id}: canton"):
        ensure_canton(portal)
        commit(portal)
    municipalities = []
    with clock.phase(f"{site_id}: municipalities, offices, services and forms"):
        total = 0
        for number, spec in enumerate(specs, start=1):
            municipality = ensure_municipality(portal, spec)
            made = ensure_services(municipality, spec, scale.services, clock)
            commit(portal)
            total += made
            municipalities.append(municipality)
            if made:
                clock.say(
                    f"{site_id}: municipality {number}/{count} {spec['title']}: "
                    f"{made} services and forms made ({total} in this run)"
                )
    return municipalities


def fill_inboxes(municipalities, offices, clerks, site_id, scale, rng, clock, *, small: bool):
    """The requests missing in the big inboxes (bench86 only), then those spread over the
    other offices."""
    if small:
        sizes: dict[str, int] = {}
        spread = scale.small_submissions
    else:
        sizes = scale.inbox_sizes()
        spread = scale.spread
    for key, office in zip(INBOX_KEYS, offices, strict=False):
        if key not in sizes:
            continue
        missing = sizes[key] - office.objectCount()
        with clock.phase(f"{site_id}: {key} ({path_of(office)})"):
            add_submissions(
                office,
                missing,
                rng,
                clock,
                clerk_id=clerks[key]["user"],
                label=f"{site_id} {key}",
            )
    with clock.phase(f"{site_id}: requests in other offices"):
        spread_requests(municipalities, [] if small else offices, spread, rng, clock, site_id)


def baseline_entry(baselines: dict, fields: list) -> dict:
    """The manifest's paths and values of the baselines (bench86)."""
    saved = path_of(baselines["saved"])
    return {
        "document": path_of(baselines["document"]),
        "rest_document": path_of(baselines["document"]),
        "plain_form": path_of(baselines["plain"]),
        "plain_form_values": browser_values(fields),
        "plain_form_json_values": json_values(fields),
        "saved_data_10k": f"{saved}/actions/{SAVE_DATA}/@@data",
        "saved_data_10k_overview": f"{saved}/@@saveddata",
        "saved_form": saved,
    }


def manifest_service(municipality, office):
    """The service of ``municipality`` for the harness, and its form: one whose responsible
    office is ``office`` (the big inbox: what the harness submits lands there), with the most
    form fields (the first of those)."""
    best, best_fields = None, -1
    services = [obj for obj in municipality.objectValues() if obj.portal_type == "Service"]
    for service in services:
        relation = service.responsible_office
        target = relation.to_object if relation is not None else None
        if target is None or target.getPhysicalPath() != office.getPhysicalPath():
            continue
        form = service.online_form.to_object if service.online_form is not None else None
        if form is None:
            continue
        fields = len(loadString(form.fields_model).schema.names())
        if fields > best_fields:
            best, best_fields = (service, form), fields
    if best is not None:
        return best
    for service in services:
        if service.online_form is not None and service.online_form.to_object is not None:
            return service, service.online_form.to_object
    raise RuntimeError(f"{path_of(municipality)} has no service with a form")


def spread_requests(municipalities, big, count, rng, clock, site_id) -> int:
    """About ``count`` requests in total in the offices other than the big inboxes."""
    big_paths = {office.getPhysicalPath() for office in big}
    others = [
        m[office_id]
        for m in municipalities
        for office_id in OFFICES
        if m[office_id].getPhysicalPath() not in big_paths
    ]
    if not others or count <= 0:
        return 0
    have = sum(office.objectCount() for office in others)
    missing = count - have
    if missing <= 0:
        return 0
    shares = Counter(rng.choice(others).getPhysicalPath() for _ in range(missing))
    made = 0
    for office in others:
        share = shares.get(office.getPhysicalPath(), 0)
        if share:
            made += add_submissions(
                office, share, rng, clock, label=f"{site_id} {path_of(office)}", quiet=True
            )
    clock.say(f"{site_id}: {made} requests in {len(shares)} other offices")
    return made


def site_counts(portal) -> dict:
    catalog = api.portal.get_tool("portal_catalog")
    path = path_of(portal)
    counts = {}
    for portal_type, key in (
        ("Municipality", "municipalities"),
        ("Office", "offices"),
        ("Service", "services"),
        ("EasyForm", "forms"),
        ("Submission", "submissions"),
    ):
        counts[key] = len(catalog.unrestrictedSearchResults(portal_type=portal_type, path=path))
    return counts
