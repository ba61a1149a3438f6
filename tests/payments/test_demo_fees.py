"""The demo's fees (issue 20): the Wohnsitzbestätigung costs CHF 20.00 per copy ("anzahl" of its
form), the other services keep their fixed fees."""

import pytest
from zope.i18n import translate

from digitalgemeinde.payments.fees import PER_UNIT
from digitalgemeinde.payments.fees import FeeRule
from digitalgemeinde.payments.fees import FeeValueError
from digitalgemeinde.payments.service_fees import fee_description
from digitalgemeinde.payments.service_fees import fee_for
from digitalgemeinde.payments.service_fees import rule_of


class TestDemoFees:
    @pytest.fixture
    def demo(self, demo_integration):
        return demo_integration["portal"]

    def test_the_residence_certificate_costs_per_copy(self, demo):
        for municipality in ("liestal", "allschwil", "reinach"):
            service = demo[municipality]["wohnsitzbestaetigung"]
            assert rule_of(service) == FeeRule(
                PER_UNIT, amount=2000, field="anzahl", unit="Exemplar"
            )
            form = demo[municipality]["formular-wohnsitzbestaetigung"]
            assert fee_for(form, {"anzahl": 2}) == 4000
            with pytest.raises(FeeValueError):
                fee_for(form, {"anzahl": 0})
            summary = fee_description(service).summary
            assert translate(summary, target_language="de") == "CHF 20.00 pro Exemplar"

    def test_the_dog_keeps_its_municipalitys_fixed_fee(self, demo):
        # the dog form has no category field: a fixed fee, each municipality its own
        fees = {
            municipality: fee_for(demo[municipality]["formular-hund-anmelden"], {})
            for municipality in ("liestal", "allschwil", "reinach")
        }
        assert fees == {"liestal": 15000, "allschwil": 12000, "reinach": 13000}

    def test_free_services_pay_nothing(self, demo):
        assert fee_for(demo["liestal"]["formular-umzug-melden"], {}) is None
