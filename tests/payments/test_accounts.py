"""A tenant's merchant account (payments.accounts): stored on the tenant, checked before it is
stored, its secrets returned only in the MerchantAccount for the provider's client, and found
for whatever belongs to the tenant: a service, a form, a request, an HTTP request."""

import logging

import pytest
import transaction
from plone import api

from digitalgemeinde.payments import accounts
from digitalgemeinde.payments.provider import MerchantAccount
from tests.request_forms import make_request_form
from tests.submissions.helpers import make_submission

PASSWORD = "Pw-3xq9!tT7r"
HMAC_KEY = "9f" * 32
VALID = {
    "provider": "datatrans",
    "merchant_id": "1100012345",
    "password": PASSWORD,
    "hmac_key": HMAC_KEY,
    "api_url": "",
    "pay_url": "",
    "active": True,
}


def save(tenant, actor="liestal-admin", **changes):
    return accounts.save(tenant, {**VALID, **changes}, actor)


def refusal(tenant, **changes) -> dict:
    with pytest.raises(accounts.AccountRefused) as refused:
        save(tenant, **changes)
    return refused.value.errors


@pytest.fixture
def liestal(world):
    return world["liestal"]


class TestStoring:
    def test_settings_say_only_whether_a_secret_is_set(self, liestal):
        assert accounts.settings_of(liestal) == accounts.AccountSettings()
        changed = save(liestal)
        settings = accounts.settings_of(liestal)
        assert settings.merchant_id == "1100012345"
        assert settings.active is True
        assert settings.secrets_set == {"password", "hmac_key"}
        assert settings.changed_by == "liestal-admin"
        assert PASSWORD not in repr(settings) and HMAC_KEY not in repr(settings)
        assert "password (set)" in changed and "hmac_key (set)" in changed

    def test_an_empty_secret_keeps_the_stored_one(self, liestal):
        save(liestal)
        changed = save(liestal, password="", hmac_key="", merchant_id="1100054321")
        assert changed == ["merchant_id"]
        account = accounts.account_for(liestal)
        assert account.secrets == {"password": PASSWORD, "hmac_key": HMAC_KEY}
        assert account.merchant_id == "1100054321"

    def test_a_new_secret_replaces_the_stored_one(self, liestal):
        save(liestal)
        save(liestal, password="", hmac_key="ab" * 64)
        assert accounts.account_for(liestal).secrets["hmac_key"] == "ab" * 64

    def test_clearing_removes_a_secret(self, liestal):
        save(liestal)
        changed = save(liestal, password="", hmac_key="", clear_hmac_key=True, active=False)
        assert "hmac_key (removed)" in changed
        assert accounts.settings_of(liestal).secrets_set == {"password"}

    def test_nothing_changed_writes_nothing(self, liestal):
        save(liestal)
        before = accounts.settings_of(liestal).changed
        assert save(liestal, password="", hmac_key="") == []
        assert accounts.settings_of(liestal).changed == before

    def test_changes_are_logged_without_the_secrets(self, liestal, caplog):
        with caplog.at_level(logging.INFO, logger="digitalgemeinde.payments"):
            save(liestal)
            save(liestal, password="", hmac_key="", clear_password=True, active=False)
        logged = caplog.text
        assert "/plone/liestal" in logged and "liestal-admin" in logged
        assert "merchant_id" in logged and "password (removed)" in logged
        assert PASSWORD not in logged and HMAC_KEY not in logged

    def test_not_in_the_catalog(self, liestal):
        save(liestal)
        catalog = api.portal.get_tool("portal_catalog")
        assert len(catalog.unrestrictedSearchResults(SearchableText=PASSWORD)) == 0
        assert len(catalog.unrestrictedSearchResults(SearchableText="1100012345")) == 0

    def test_a_copy_of_the_tenant_does_not_pay_into_the_account(self, world, liestal):
        save(liestal)
        with api.env.adopt_roles(["Manager"]):
            copy = api.content.copy(source=liestal, target=api.portal.get(), id="liestal-copy")
        assert accounts.account_for(copy) is None
        assert accounts.settings_of(copy).exists is False
        assert accounts.account_for(liestal) is not None


class TestRefused:
    def test_a_datatrans_merchant_id_has_ten_digits(self, liestal):
        for wrong in ("", "12345", "11000123456", "110001234a"):
            assert "merchant_id" in refusal(liestal, merchant_id=wrong)
        assert accounts.settings_of(liestal).exists is False

    def test_the_hmac_key_is_hexadecimal(self, liestal):
        for wrong in ("not-hex", "abc", "zz" * 32):
            assert "hexadecimal" in refusal(liestal, hmac_key=wrong)["hmac_key"].default

    @pytest.mark.parametrize(
        "url",
        ["http://api.sandbox.datatrans.com", "http://10.0.0.5:8080", "ftp://x.ch", "api.ch"],
    )
    def test_an_address_is_https_or_local(self, liestal, url):
        errors = refusal(liestal, api_url=url, pay_url=url)
        assert set(errors) == {"api_url", "pay_url"}

    @pytest.mark.parametrize(
        "url",
        [
            "https://api.sandbox.datatrans.com",
            "http://localhost:8765",
            "http://127.0.0.1:8765/",
            "",
        ],
    )
    def test_https_and_local_addresses_are_taken(self, liestal, url):
        save(liestal, api_url=url, pay_url=url)
        assert accounts.account_for(liestal).api_url == url.rstrip("/")

    def test_an_active_account_needs_its_secrets(self, liestal):
        assert set(refusal(liestal, password="", hmac_key="")) == {"password", "hmac_key"}
        save(liestal, password="", hmac_key="", active=False)  # inactive: may wait for them
        assert accounts.account_for(liestal) is None

    def test_a_new_secret_and_its_removal_at_once_is_refused(self, liestal):
        save(liestal)
        assert "password" in refusal(liestal, password="new-one", clear_password=True)

    def test_an_unknown_provider_is_refused(self, liestal):
        assert "provider" in refusal(liestal, provider="paypal")


class TestAccountFor:
    def test_of_a_service_form_request_and_http_request_of_the_tenant(
        self, world, liestal, functional
    ):
        save(liestal)
        form = make_request_form(world)
        request = functional["request"]
        submission = make_submission(form, request)
        transaction.commit()
        for context in (liestal, world["liestal-service"], form, submission):
            account = accounts.account_for(context)
            assert isinstance(account, MerchantAccount)
            assert account.provider == "datatrans" and account.merchant_id == "1100012345"
        request.set("PUBLISHED", form.restrictedTraverse("@@view"))
        assert accounts.account_for(request).merchant_id == "1100012345"

    def test_of_a_tenant_uid_as_an_attempt_keeps_it(self, world, liestal):
        save(liestal)
        assert accounts.account_for_tenant_uid(liestal.UID()).merchant_id == "1100012345"
        assert accounts.account_for_tenant_uid(world["allschwil"].UID()) is None
        assert accounts.account_for_tenant_uid(world["liestal-service"].UID()) is None
        assert accounts.account_for_tenant_uid("no-such-uid") is None

    def test_of_another_tenant_is_none(self, world, liestal):
        save(liestal)
        assert accounts.account_for(world["allschwil-service"]) is None
        assert accounts.account_for(world["allschwil"]) is None
        assert accounts.account_for(api.portal.get()) is None

    def test_inactive_is_none(self, liestal, world):
        save(liestal, active=False)
        assert accounts.account_for(world["liestal-service"]) is None

    def test_the_canton_is_paid_for_its_services_a_municipality_for_its_own(self, world):
        save(world["bl"], actor="bl-admin", merchant_id="3000000001")
        assert accounts.account_for(world["bl-service"]).merchant_id == "3000000001"
        # a municipality without an account of its own does not take the canton's
        assert accounts.account_for(world["liestal-service"]) is None
        save(world["liestal"])
        assert accounts.account_for(world["liestal-service"]).merchant_id == "1100012345"
        assert accounts.account_for(world["bl-service"]).merchant_id == "3000000001"
