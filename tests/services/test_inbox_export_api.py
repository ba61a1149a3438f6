"""@inbox-export over REST: GET streams the same file as the page; above the threshold 409
says to POST, and POST has it made in the background (202, the file's address, for the asking
user only); bad parameters refused naming them."""

import csv
import io

import pytest
import transaction
from plone import api

from digitalgemeinde.submissions import export_jobs
from tests.helpers import RestClient
from tests.submissions.helpers import make_submission
from tests.submissions.test_export import csv_rows
from tests.submissions.test_export import export as export_page


def url(obj, query="format=csv") -> str:
    return f"{obj.absolute_url()}/@inbox-export?{query}"


@pytest.fixture
def two(form, functional):
    made = [make_submission(form, functional["request"], name=n) for n in ("Jürg", "=1+1")]
    transaction.commit()
    return made


def raw(app, method, address, user="liestal-clerk"):
    client = RestClient(app, user)
    return client.testapp.request(
        address, method=method, headers=client.headers, expect_errors=True
    )


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.body.decode("utf-8-sig")), delimiter=";"))


def test_get_streams_the_same_file_as_the_page(app, world, two):
    response = raw(app, "GET", url(world["liestal-office"]))
    assert response.status_int == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "posteingang-einwohnerdienste-" in response.headers["Content-Disposition"]
    assert rows_of(response) == csv_rows(export_page(app, world["liestal-office"]))
    assert [row[5] for row in rows_of(response) if row[5].startswith("'")] == ["'=1+1"]


def test_bad_parameters_are_refused_naming_them(app, world, two):
    status, body = RestClient(app, "liestal-clerk").get(url(world["liestal-office"], "format=pdf"))
    assert status == 400
    assert body["errors"][0]["field"] == "format"
    status, body = RestClient(app, "liestal-clerk").get(
        url(world["liestal-office"], "format=csv&state=nope")
    )
    assert status == 400
    assert body["errors"][0]["field"] == "state"


def test_above_the_threshold_get_says_to_post(app, world, two, functional):
    api.portal.set_registry_record(export_jobs.SETTING, 2)
    transaction.commit()
    status, body = RestClient(app, "liestal-clerk").get(url(world["liestal-office"]))
    assert status == 409
    assert "POST" in body["message"]
    status, body = RestClient(app, "liestal-clerk").post(url(world["liestal-office"]), {})
    assert status == 202
    assert body["state"] == "pending"
    assert body["total"] == 2
    for thread in list(export_jobs.RUNNING.values()):
        thread.join(60)
    file = raw(app, "GET", body["@id"])
    assert file.status_int == 200
    assert len(rows_of(file)) == 3
    assert raw(app, "GET", body["@id"], user="liestal-admin").status_int == 403


@pytest.mark.parametrize("user", ["liestal-editor", "allschwil-editor", None])
def test_others_are_refused(app, world, two, user):
    response = raw(app, "GET", url(world["liestal-office"]), user=user)
    assert response.status_int in (401, 403)
    assert b"J\xc3\xbcrg" not in response.body
    response = raw(app, "POST", url(world["liestal-office"]), user=user)
    assert response.status_int in (401, 403)
