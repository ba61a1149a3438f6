"""Request forms for tests: a form of Liestal's Einwohnerdienste, linked from its service.

Registered as a pytest plugin (tests/conftest.py): the fixtures ``world`` and ``form``, and
those of the office's side (``app``, ``request_``, a second office ``bau``, a clerk of another
tenant ``allschwil_clerk``, a ``submission`` and ``three`` of them for the inbox) serve every
test package."""

import pytest
import transaction
from DateTime import DateTime
from plone import api

from digitalgemeinde.submissions.delivery import deliver
from tests.helpers import build_world
from tests.helpers import create_user
from tests.submissions.helpers import add_office
from tests.submissions.helpers import make_submission

FIELDS_MODEL = """<model xmlns="http://namespaces.plone.org/supermodel/schema"
       xmlns:easyform="http://namespaces.plone.org/supermodel/easyform">
  <schema>
    <field name="name" type="zope.schema.TextLine"><title>Name</title></field>
    <field name="email" type="plone.schema.email.Email"><title>E-Mail</title></field>
    <field name="dog" type="zope.schema.TextLine"><title>Name des Hundes</title></field>
    <field name="born" type="zope.schema.Date"><title>Geburtsdatum</title>
      <required>False</required></field>
    <field name="document" type="plone.namedfile.field.NamedBlobFile">
      <title>Impfausweis</title><required>False</required></field>
  </schema>
</model>"""

ACTIONS_MODEL = """<model xmlns="http://namespaces.plone.org/supermodel/schema">
  <schema>
    <field name="deliver" type="digitalgemeinde.submissions.action.DeliverToOffice">
      <title>Zustellung an Amt</title>
      <email_field>email</email_field>
    </field>
  </schema>
</model>"""


def make_request_form(world, tenant="liestal", **settings):
    with api.env.adopt_roles(["Manager"]):
        form = api.content.create(
            world[tenant],
            "EasyForm",
            id="hund-anmelden-form",
            title="Hund anmelden",
            fields_model=FIELDS_MODEL,
            actions_model=ACTIONS_MODEL,
            **settings,
        )
        api.content.transition(form, "publish")
        service = world[f"{tenant}-service"]
        api.relation.create(
            source=service, target=world[f"{tenant}-office"], relationship="responsible_office"
        )
        api.relation.create(source=service, target=form, relationship="online_form")
        from z3c.relationfield import RelationValue
        from zope.component import getUtility
        from zope.intid.interfaces import IIntIds

        intids = getUtility(IIntIds)
        service.responsible_office = RelationValue(intids.getId(world[f"{tenant}-office"]))
        service.online_form = RelationValue(intids.getId(form))
    return form


@pytest.fixture
def world(functional):
    return build_world(functional["portal"])


@pytest.fixture
def form(world):
    form = make_request_form(world)
    transaction.commit()
    return form


@pytest.fixture
def app(functional):
    return functional["app"]


@pytest.fixture
def request_(functional):
    return functional["request"]


@pytest.fixture
def bau(world):
    """A second office of Liestal, with its own clerk ``liestal-bau-clerk``."""
    office = add_office(world["liestal"], "bauverwaltung", "Bauverwaltung", "liestal-bau-clerk")
    transaction.commit()
    return office


@pytest.fixture
def allschwil_clerk(world):
    create_user("allschwil-clerk", ["allschwil-einwohnerdienste-staff"])
    transaction.commit()
    return "allschwil-clerk"


@pytest.fixture
def submission(form, request_):
    """A request sent with the form, committed."""
    submission = make_submission(form, request_)
    transaction.commit()
    return submission


@pytest.fixture
def three(form, request_, world):
    """Three requests: one in progress, one from last year (another service), one new."""
    old = make_submission(form, request_, name="Otto Alt", email="otto@example.ch")
    busy = make_submission(form, request_, name="Berta Beschäftigt", email="berta@example.ch")
    new = make_submission(form, request_, name="Nina Neu", email="nina@example.ch")
    with api.env.adopt_roles(["Manager"]):
        api.content.transition(busy, "accept")
        old.creation_date = DateTime("2025-01-15 10:00 UTC")
        old.service_uid = world["bl-service"].UID()
        old.reindexObject()
    transaction.commit()
    return {"old": old, "busy": busy, "new": new}


VALUES = {"name": "Anna Muster", "email": "anna@example.ch", "dog": "Bello"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def delivered(form, functional):
    """Anna Muster's request, delivered and committed: the delivery (request and token)."""
    delivery = deliver(form, dict(VALUES), functional["request"])
    transaction.commit()
    return delivery
