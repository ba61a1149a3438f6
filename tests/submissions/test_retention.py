"""Closed requests go when their retention period is over; only anonymous counts remain."""

import subprocess
import sys
from contextlib import contextmanager
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from pathlib import Path

import pytest
import transaction
from plone import api
from plone.namedfile.file import NamedBlobFile
from ZODB.POSException import ConflictError
from zope.annotation.interfaces import IAnnotations
from zope.component.hooks import setSite

from digitalgemeinde.submissions import retention
from digitalgemeinde.submissions.counts import state_counts
from digitalgemeinde.submissions.delivery import deliver
from digitalgemeinde.submissions.retention import STATISTICS_KEY
from digitalgemeinde.submissions.retention import purge
from digitalgemeinde.submissions.retention import statistics

NOW = datetime(2026, 6, 2, 12, 0, tzinfo=UTC)


def make_request(form, request, dog, *, state="submitted", closed_days_ago=None, days=None):
    """A request for ``dog`` moved to ``state``; closed (or, if open, submitted) that many
    days before NOW."""
    data = {
        "name": "Anna Muster",
        "email": "anna@example.ch",
        "dog": dog,
        "document": NamedBlobFile(data=b"%PDF-1.7 Impfausweis", filename="impfausweis.pdf"),
    }
    submission = deliver(form, data, request).submission
    with api.env.adopt_roles(["Manager"]):
        if state in ("in_progress", "completed"):
            api.content.transition(submission, "accept")
        if state == "completed":
            api.content.transition(submission, "complete")
        if state == "rejected":
            api.content.transition(submission, "reject", comment="Kein Hund")
    moment = NOW - timedelta(days=closed_days_ago or 0)
    submission.submitted = min(submission.submitted, moment)
    if submission.closed is not None:
        submission.closed = moment
    if days is not None:
        submission.retention_days = days
    submission.reindexObject()
    return submission


@pytest.fixture
def requests(form, functional):
    request = functional["request"]
    made = {
        "closed-91": make_request(form, request, "Alt", state="completed", closed_days_ago=91),
        "closed-89": make_request(form, request, "Jung", state="completed", closed_days_ago=89),
        "rejected-95": make_request(form, request, "Nein", state="rejected", closed_days_ago=95),
        "open-200": make_request(form, request, "Offen", state="in_progress", closed_days_ago=200),
        "short-31": make_request(
            form, request, "Kurz", state="completed", closed_days_ago=31, days=30
        ),
    }
    return {key: submission.getId() for key, submission in made.items()}


def remaining(office) -> set[str]:
    return set(office.objectIds())


def test_purge_deletes_exactly_the_expired_requests(requests, world):
    office = world["liestal-office"]
    report = purge(api.portal.get(), now=NOW)
    assert remaining(office) == {requests["closed-89"], requests["open-200"]}
    assert report.deleted == 3
    assert report.kept == 1  # closed 89 days ago: a candidate, not yet due
    assert report.per_service == {"Hund anmelden": 3}
    catalog = api.portal.get_tool("portal_catalog")
    found = {brain.getId for brain in catalog.unrestrictedSearchResults(portal_type="Submission")}
    assert found == remaining(office)


def test_purge_two_days_earlier_deletes_only_what_was_due_then(requests, world):
    report = purge(api.portal.get(), now=NOW - timedelta(days=2))
    assert report.deleted == 1
    assert requests["rejected-95"] not in remaining(world["liestal-office"])
    assert requests["closed-91"] in remaining(world["liestal-office"])  # due a day later
    assert requests["short-31"] in remaining(world["liestal-office"])


def test_statistics_count_the_deleted_requests_without_personal_data(requests, world, form):
    portal = api.portal.get()
    purge(portal, now=NOW)
    service_uid = world["liestal-service"].UID()
    # submitted (here: closed the same day) 91, 95 and 31 days before June 2nd
    expected = {
        (service_uid, "Hund anmelden", "2026-03", "completed"): 1,
        (service_uid, "Hund anmelden", "2026-02", "rejected"): 1,
        (service_uid, "Hund anmelden", "2026-05", "completed"): 1,
    }
    found = {
        (row["service_uid"], row["service_title"], row["month"], row["state"]): row["count"]
        for row in statistics(portal)
    }
    assert found == expected
    stored = repr(list(IAnnotations(portal)[STATISTICS_KEY].items()))
    for personal in ("Anna", "anna@example.ch", "Alt", "Kurz", "Nein", "impfausweis", "2829-"):
        assert personal not in stored


def test_statistics_add_up_over_runs(requests, form, functional):
    portal = api.portal.get()
    purge(portal, now=NOW)
    make_request(form, functional["request"], "Später", state="completed", closed_days_ago=91)
    purge(portal, now=NOW)
    assert sum(row["count"] for row in statistics(portal)) == 4
    completed_91 = [row for row in statistics(portal) if row["month"] == "2026-03"]
    assert [row["count"] for row in completed_91] == [2]


def test_counters_stay_right(requests, world):
    office = world["liestal-office"]
    assert state_counts(office) == {
        "submitted": 0,
        "in_progress": 1,
        "waiting": 0,
        "completed": 3,
        "rejected": 1,
    }
    purge(api.portal.get(), now=NOW)
    assert state_counts(office) == {
        "submitted": 0,
        "in_progress": 1,
        "waiting": 0,
        "completed": 1,
        "rejected": 0,
    }


def test_reopened_request_is_not_purged(form, world, functional):
    submission = make_request(
        form, functional["request"], "Wieder", state="completed", closed_days_ago=120
    )
    with api.env.adopt_roles(["Manager"]):
        api.content.transition(submission, "reopen")
    purge(api.portal.get(), now=NOW)
    assert submission.getId() in remaining(world["liestal-office"])


def test_nothing_due_is_a_quiet_run(world, functional):
    report = purge(api.portal.get(), now=NOW)
    assert (report.deleted, report.kept) == (0, 0)
    assert report.line() == (
        "Deleted 0 closed request(s) past their retention period; "
        "0 closed request(s) kept until their period ends."
    )
    assert statistics(api.portal.get()) == []


# --- the console script ---------------------------------------------------------------------


@pytest.fixture
def zope_conf(tmp_path) -> Path:
    path = tmp_path / "etc" / "zope.conf"
    path.parent.mkdir()
    path.write_text("# stands for the instance's zope.conf\n")
    return path


@pytest.fixture
def test_app(functional, monkeypatch):
    """``main`` on the test layer's Zope instead of opening the zope.conf's database."""
    opened = []

    @contextmanager
    def zope_app(zope_conf):
        opened.append(zope_conf)
        yield functional["app"]

    monkeypatch.setattr(retention, "zope_app", zope_app)
    return opened


def test_main_purges_the_site_and_commits(requests, world, functional, zope_conf, test_app, capsys):
    transaction.commit()
    office = world["liestal-office"]
    before = len(remaining(office))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(retention, "datetime", FrozenDatetime)
        assert retention.main([str(zope_conf), "--site", "plone"]) == 0
    setSite(functional["portal"])
    assert test_app == [zope_conf.resolve()]
    line = capsys.readouterr().out.strip()
    assert line.startswith("Deleted 3 closed request(s) past their retention period")
    assert "(Hund anmelden: 3)" in line
    assert "Anna" not in line and "2829-" not in line
    transaction.begin()
    assert len(remaining(office)) == before - 3


def test_main_dry_run_deletes_nothing(requests, world, functional, zope_conf, test_app, capsys):
    transaction.commit()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(retention, "datetime", FrozenDatetime)
        assert retention.main([str(zope_conf), "--site", "plone", "--dry-run"]) == 0
    setSite(functional["portal"])
    assert capsys.readouterr().out.startswith("Dry run, nothing deleted. Due: 3 closed")
    transaction.begin()
    assert len(remaining(world["liestal-office"])) == 5


def test_a_conflict_while_purging_is_tried_again_and_counted_once(requests, monkeypatch):
    transaction.commit()
    portal = api.portal.get()
    tries = []

    def purge_then_conflict_once(site, now=None):
        report = purge(site, now=NOW)
        tries.append(report.deleted)
        if len(tries) == 1:
            raise ConflictError("a clerk edited a request at the same time")
        return report

    monkeypatch.setattr(retention, "purge", purge_then_conflict_once)
    report = retention.purge_and_commit(portal)
    assert tries == [3, 3]
    assert report.deleted == 3
    assert sum(row["count"] for row in statistics(portal)) == 3


def test_main_names_a_missing_site(zope_conf, test_app, capsys):
    assert retention.main([str(zope_conf), "--site", "Gibtsnicht"]) == 1
    expected = f"No Plone site /Gibtsnicht in {zope_conf.resolve()}."
    assert capsys.readouterr().err.strip() == expected


def test_main_refuses_a_missing_zope_conf(tmp_path, capsys):
    missing = tmp_path / "nowhere" / "zope.conf"
    assert retention.main([str(missing)]) == 2
    expected = f"No zope.conf at {missing.resolve()}: name the instance's one."
    assert capsys.readouterr().err.strip() == expected


def test_main_defaults_to_the_instance_and_site_of_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("INSTANCE_HOME", str(tmp_path / "instance"))
    monkeypatch.setenv("SITE_ID", "Portal")
    arguments = retention.parse_arguments([])
    assert arguments.zope_conf == tmp_path / "instance" / "etc" / "zope.conf"
    assert arguments.site == "Portal"
    assert arguments.dry_run is False


def test_console_script_opens_a_real_database(tmp_path):
    """The installed script reads a zope.conf, opens its FileStorage and finds no site."""
    (tmp_path / "etc").mkdir()
    (tmp_path / "var").mkdir()
    conf = tmp_path / "etc" / "zope.conf"
    conf.write_text(
        f"instancehome {tmp_path}\n"
        f"clienthome {tmp_path / 'var'}\n"
        "<zodb_db main>\n"
        "  mount-point /\n"
        f"  <filestorage>\n    path {tmp_path / 'var' / 'Data.fs'}\n  </filestorage>\n"
        "</zodb_db>\n"
    )
    script = Path(sys.executable).parent / "digitalgemeinde-purge"
    result = subprocess.run(
        [str(script), str(conf), "--site", "Plone"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert result.returncode == 1, result.stderr
    assert f"No Plone site /Plone in {conf.resolve()}." in result.stderr
    assert (tmp_path / "var" / "Data.fs").exists()


class FrozenDatetime(datetime):
    """``datetime.now()`` is NOW, for ``main`` (which takes no time argument)."""

    @classmethod
    def now(cls, tz=None):
        return NOW if tz is None else NOW.astimezone(tz)
