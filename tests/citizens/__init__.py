"""Citizens' pages: choosing "my municipality" and finding services.

The helpers below build the data the tests of this folder share: a canton with a service and
three of its municipalities, each with published services and one private service.
"""

from plone import api
from zope.i18n import translate

MUNICIPALITIES = {
    # id: (title, BFS number, postal codes)
    "liestal": ("Liestal", 2829, ["4410"]),
    "allschwil": ("Allschwil", 2762, ["4123"]),
    "reinach": ("Reinach", 2773, ["4153"]),
}


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
    title, bfs_number, postal_codes = MUNICIPALITIES[id_]
    return create(
        portal,
        "Municipality",
        id_,
        publish=publish,
        title=title,
        bfs_number=bfs_number,
        postal_codes=postal_codes,
        canton="BL",
    )


def build_site(portal) -> dict:
    """The canton BL, Liestal, Allschwil and Reinach with their services, by id."""
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
    return content


def text(message) -> str:
    """``message`` as the site shows it: in its default language."""
    return translate(message, target_language=api.portal.get_default_language())
