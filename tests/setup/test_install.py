"""Installing and uninstalling the add-on through its GenericSetup profiles."""

import re
from pathlib import Path

import pytest
from plone import api

from digitalgemeinde.interfaces import IDigitalgemeindeLayer

PROFILE = "digitalgemeinde:default"


def metadata_version() -> str:
    metadata = Path(__file__).parents[2] / "src/digitalgemeinde/profiles/default/metadata.xml"
    return re.search(r"<version>(\d+)</version>", metadata.read_text()).group(1)


class TestInstalled:
    def test_product_is_installed(self, installer, package_name):
        assert installer.is_product_installed(package_name) is True

    def test_browser_layer_is_registered(self, browser_layers):
        assert IDigitalgemeindeLayer in browser_layers

    def test_profile_version_is_the_one_in_metadata(self, setup_tool):
        assert setup_tool.getLastVersionForProfile(PROFILE) == (metadata_version(),)

    def test_profile_version_is_date_based(self):
        assert re.fullmatch(r"20\d{6}\d{3}", metadata_version())

    @pytest.mark.parametrize(
        "dependency", ["plone.restapi", "collective.easyform", "plone.app.caching"]
    )
    def test_dependencies_are_installed(self, installer, dependency):
        assert installer.is_product_installed(dependency) is True

    def test_uninstall_profile_is_hidden_from_the_add_on_panel(self, portal):
        from plone.base.interfaces import INonInstallable
        from zope.component import getAllUtilitiesRegisteredFor

        hidden = [
            profile
            for utility in getAllUtilitiesRegisteredFor(INonInstallable)
            for profile in utility.getNonInstallableProfiles()
        ]
        assert "digitalgemeinde:uninstall" in hidden

    def test_add_on_panel_offers_install_and_uninstall(self, installer, package_name):
        assert installer.is_product_installable(package_name) is True
        assert installer.get_uninstall_profile(package_name)["id"] == "digitalgemeinde:uninstall"


class TestUninstalled:
    @pytest.fixture(autouse=True)
    def _uninstall(self, portal, installer, package_name):
        with api.env.adopt_roles(["Manager"]):
            installer.uninstall_product(package_name)

    def test_product_is_not_installed(self, installer, package_name):
        assert installer.is_product_installed(package_name) is False

    def test_browser_layer_is_removed(self, browser_layers):
        assert IDigitalgemeindeLayer not in browser_layers


class TestNavigation:
    def test_portal_tabs_are_the_chooser_and_the_finder(self, portal):
        tabs = portal.portal_actions.portal_tabs.objectIds()
        assert {"meine-gemeinde", "services"} <= set(tabs)
        assert api.portal.get_registry_record("plone.generate_tabs") is False

    @pytest.mark.parametrize(
        "name", ["Canton", "Municipality", "Office", "Association", "ServiceCatalog", "Workshop"]
    )
    def test_our_types_show_in_navigation(self, portal, name):
        assert name in api.portal.get_registry_record("plone.displayed_types")

    @pytest.mark.parametrize("name", ["Service", "EasyForm"])
    def test_services_and_forms_stay_out_of_navigation(self, portal, name):
        """~150 of each per municipality: the navigation listed them all on every page."""
        assert name not in api.portal.get_registry_record("plone.displayed_types")

    def test_uninstall_removes_tabs_and_action(self, portal, installer, package_name):
        with api.env.adopt_roles(["Manager"]):
            installer.uninstall_product(package_name)
        assert "meine-gemeinde" not in portal.portal_actions.portal_tabs.objectIds()
        assert "tenant-members" not in portal.portal_actions.object.objectIds()
