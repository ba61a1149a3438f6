"""News on the pages of a municipality and a canton show when they came out: the publication
date, or else the creation date; never the floor date of an unset one (31.12.1969)."""

import lxml.html
import pytest
import transaction
from DateTime import DateTime
from plone import api
from plone.dexterity.content import FLOOR_DATE
from plone.testing.zope import Browser

from digitalgemeinde.publication import news_date
from tests.helpers import add_canton
from tests.helpers import add_municipality


def unpublished_date(item):
    """The news item without an effective date, as after an editor cleared it."""
    item.effective_date = None
    item.reindexObject()


@pytest.fixture
def news(functional):
    portal = functional["portal"]
    with api.env.adopt_roles(["Manager"]):
        canton = add_canton(portal)
        liestal = add_municipality(portal, "liestal", publish=True)
        api.content.transition(canton, "publish")
        items = {}
        for tenant in (liestal, canton):
            dated = api.content.create(tenant, "News Item", id="datiert", title="Mit Datum")
            api.content.transition(dated, "publish")
            dated.effective_date = DateTime("2026/03/14 10:00:00 Europe/Zurich")
            dated.reindexObject()
            undated = api.content.create(tenant, "News Item", id="ohne", title="Ohne Datum")
            undated.creation_date = DateTime("2026/05/02 09:00:00 Europe/Zurich")
            api.content.transition(undated, "publish")
            unpublished_date(undated)
            items[tenant.getId()] = (tenant, dated, undated)
    transaction.commit()
    return items


def news_dates(app, url: str) -> dict[str, str]:
    browser = Browser(app)
    browser.handleErrors = False
    browser.open(url)
    page = lxml.html.fromstring(browser.contents)
    return {
        " ".join(item.xpath(".//h3")[0].text_content().split()): " ".join(
            item.xpath(".//div")[0].text_content().split()
        )
        for item in page.xpath("//*[@id='tenant-news']//li")
    }


@pytest.mark.parametrize("tenant_id", ["liestal", "bl"])
def test_news_without_effective_date_shows_its_creation_date(app, news, tenant_id):
    tenant, dated, undated = news[tenant_id]
    assert undated.effective() == FLOOR_DATE  # what the catalog holds for it
    page_text = Browser(app)
    page_text.open(tenant.absolute_url())
    assert "1969" not in page_text.contents and "1970" not in page_text.contents
    dates = news_dates(app, tenant.absolute_url())
    assert "2026" in dates["Ohne Datum"] and "02" in dates["Ohne Datum"], dates
    assert "14" in dates["Mit Datum"] and "2026" in dates["Mit Datum"], dates


def test_news_date_takes_the_creation_date_for_every_floor_date():
    from types import SimpleNamespace

    created = DateTime("2026/05/02 09:00:00 UTC")
    published = DateTime("2026/03/14 10:00:00 UTC")
    for floor in (FLOOR_DATE, DateTime("1970/01/01 00:00:00 UTC"), DateTime("1000/01/01")):
        assert news_date(SimpleNamespace(effective=floor, created=created)) == created
    assert news_date(SimpleNamespace(effective=None, created=created)) == created
    assert news_date(SimpleNamespace(effective=published, created=created)) == published
