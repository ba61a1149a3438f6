"""Test layers: the add-on installed in a Plone site on a DemoStorage."""

import collective.easyform
import plone.restapi
from plone import api
from plone.app.testing import MOCK_MAILHOST_FIXTURE
from plone.app.testing import PLONE_FIXTURE
from plone.app.testing import FunctionalTesting
from plone.app.testing import IntegrationTesting
from plone.app.testing import PloneSandboxLayer
from plone.app.testing import applyProfile
from plone.testing.zope import WSGIServer

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


def testing_layers(fixture, integration_name: str, functional_name: str):
    """The integration and the functional layer of ``fixture``, both with the mock MailHost."""
    bases = (fixture, MOCK_MAILHOST_FIXTURE)
    return (
        IntegrationTesting(bases=bases, name=f"DigitalgemeindeLayer:{integration_name}"),
        FunctionalTesting(bases=bases, name=f"DigitalgemeindeLayer:{functional_name}"),
    )


FIXTURE = DigitalgemeindeLayer()
INTEGRATION_TESTING, FUNCTIONAL_TESTING = testing_layers(
    FIXTURE, "IntegrationTesting", "FunctionalTesting"
)


class DemoLayer(PloneSandboxLayer):
    """The site as `make start` builds it: with the digitalgemeinde:demo content."""

    defaultBases = (FIXTURE,)

    def setUpPloneSite(self, portal):
        from plone.app.testing import TEST_USER_ID
        from plone.app.testing import setRoles

        setRoles(portal, TEST_USER_ID, ["Manager"])
        applyProfile(portal, "digitalgemeinde:demo")
        setRoles(portal, TEST_USER_ID, ["Member"])


DEMO_FIXTURE = DemoLayer()
DEMO_INTEGRATION_TESTING, DEMO_FUNCTIONAL_TESTING = testing_layers(
    DEMO_FIXTURE, "DemoIntegration", "DemoFunctional"
)


class FreshPortWSGIServer(WSGIServer):
    """plone.testing's server remembers the port it got and asks for the same one next time,
    before the old socket is free ("Address already in use" in the next test class): forget it."""

    def tearDown(self):
        super().tearDown()
        self.host = WSGIServer.host
        self.port = WSGIServer.port


WSGI_SERVER_FIXTURE = FreshPortWSGIServer(name="DigitalgemeindeLayer:WSGIServer")

# A real WSGI server; mail is kept in the MockMailHost, as in the layers above.
ACCEPTANCE_TESTING = FunctionalTesting(
    bases=(FIXTURE, WSGI_SERVER_FIXTURE, MOCK_MAILHOST_FIXTURE),
    name="DigitalgemeindeLayer:AcceptanceTesting",
)
