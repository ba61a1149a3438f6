"""Citizens' pages: choosing "my municipality" and finding services.

The helpers below build the data the tests of this folder share: a canton with a service and
three of its municipalities, each with published services and one private service.
"""

import transaction
from plone import api
from zope.i18n import translate

from tests.helpers import add_municipality

# Of tests.helpers.MUNICIPALITIES
MUNICIPALITIES = ("liestal", "allschwil", "reinach")


def create(container, type_, id_, publish=True, **fields):
    with api.env.adopt_roles(["Manager"]):
        obj = api.content.create(container=container, type=type_, id=id_, **fields)
        if publish:
            api.content.transition(obj=obj, transition="publish")
    return obj


def create_service(container, id_, title, topics=("family",), audience=("private",), **kw):
    return create(
        container, "Service", id_, title=title, topics=list(topics), audience=list(audience), **kw
    )


def build_canton(portal):
    canton = create(
        portal, "Canton", "bl", title="Basel-Landschaft", abbreviation="BL", canton_number=13
    )
    create_service(
        canton,
        "hundesteuer",
        "Hundesteuer",
        topics=("taxes",),
        audience=("private",),
        description="Steuer für Hunde im Kanton.",
    )
    return canton


def build_municipality(portal, id_, publish=True):
    with api.env.adopt_roles(["Manager"]):
        return add_municipality(portal, id_, publish=publish)


def build_site(portal, *, commit=False) -> dict:
    """The canton BL, Liestal, Allschwil and Reinach with their services, by id; committed if
    ``commit`` (as tests.helpers.build_world)."""
    content = {"bl": build_canton(portal)}
    for id_ in MUNICIPALITIES:
        content[id_] = build_municipality(portal, id_)
    liestal, allschwil = content["liestal"], content["allschwil"]
    create_service(
        liestal,
        "niederlassung",
        "Niederlassung",
        topics=("personal",),
        audience=("private",),
        description="Anmeldung beim Zuzug nach Liestal.",
    )
    create_service(
        liestal,
        "baugesuch",
        "Baugesuch",
        topics=("building",),
        audience=("private", "companies"),
        description="Bewilligung für Bauten und Umbauten.",
    )
    create_service(
        liestal,
        "gewerbebewilligung",
        "Gewerbebewilligung",
        topics=("work",),
        audience=("companies",),
    )
    create_service(liestal, "entwurf", "Geheimer Entwurf", topics=("personal",), publish=False)
    create_service(
        allschwil, "parkkarte", "Parkkarte Allschwil", topics=("mobility",), audience=("private",)
    )
    create_service(content["reinach"], "wasser", "Wasseranschluss", topics=("building",))
    if commit:
        transaction.commit()
    return content


def text(message) -> str:
    """``message`` as the site shows it: in its default language."""
    return translate(message, target_language=api.portal.get_default_language())
