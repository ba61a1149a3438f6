"""Test layers: the add-on installed in a Plone site on a DemoStorage."""

import collective.easyform
import plone.restapi
from plone.app.testing import PLONE_FIXTURE
from plone.app.testing import FunctionalTesting
from plone.app.testing import IntegrationTesting
from plone.app.testing import MOCK_MAILHOST_FIXTURE
from plone.app.testing import PloneSandboxLayer
from plone import api
from plone.app.testing import applyProfile
from plone.testing.zope import WSGI_SERVER_FIXTURE

import digitalgemeinde


class DigitalgemeindeLayer(PloneSandboxLayer):
    defaultBases = (PLONE_FIXTURE,)

    def setUpZope(self, app, configurationContext):
        for package in (plone.restapi, collective.easyform, digitalgemeinde):
            self.loadZCML(package=package)

    def setUpPloneSite(self, portal):
        # As on a real site (plone.app.testing leaves the default chain empty).
        portal.portal_workflow.setDefaultChain("simple_publication_workflow")
        api.portal.set_registry_record("plone.email_from_address", "portal@example.ch")
        api.portal.set_registry_record("plone.email_from_name", "Einwohnerportal")
        applyProfile(portal, "digitalgemeinde:default")


FIXTURE = DigitalgemeindeLayer()

INTEGRATION_TESTING = IntegrationTesting(
    bases=(FIXTURE, MOCK_MAILHOST_FIXTURE), name="DigitalgemeindeLayer:IntegrationTesting"
)
FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(FIXTURE, MOCK_MAILHOST_FIXTURE), name="DigitalgemeindeLayer:FunctionalTesting"
)
ACCEPTANCE_TESTING = FunctionalTesting(
    bases=(FIXTURE, WSGI_SERVER_FIXTURE), name="DigitalgemeindeLayer:AcceptanceTesting"
)
