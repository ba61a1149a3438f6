"""The export streams: the same table as the whole-table export built before, read in batches
from a connection of its own, sent in pieces, with memory that does not grow with the rows."""

import io
import tracemalloc

import pytest
import transaction
from openpyxl import load_workbook
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from zope.i18n import translate
from zope.interface import alsoProvides
from ZPublisher.Iterators import IUnboundStreamIterator

from digitalgemeinde import _
from digitalgemeinde.identity.requirements import describe
from digitalgemeinde.interfaces import IDigitalgemeindeLayer
from digitalgemeinde.interfaces import IOffice
from digitalgemeinde.payments.display import EXPORT_HEADER
from digitalgemeinde.sitesetup import configure_languages
from digitalgemeinde.submissions import export
from digitalgemeinde.submissions.values import labelled_values
from digitalgemeinde.submissions.values import local_time
from digitalgemeinde.submissions.workflow import STATE_LABELS
from tests.helpers import browser_for
from tests.submissions.helpers import make_submission
from tests.submissions.test_export import body_bytes
from tests.submissions.test_export import csv_rows
from tests.submissions.test_export import export as export_page

# Another form's snapshot: a field of the same label as the first form's, new ones, and an
# umlaut; French labels for a request made in French.
OTHER_MODEL = """<model xmlns="http://namespaces.plone.org/supermodel/schema">
  <schema>
    <field name="street" type="zope.schema.TextLine"><title>Strasse</title></field>
    <field name="name" type="zope.schema.TextLine"><title>Name</title></field>
    <field name="size" type="zope.schema.TextLine"><title>Grösse</title></field>
    <field name="agree" type="zope.schema.Bool"><title>Einverstanden</title></field>
  </schema>
</model>"""


def reference_table(context, brains, request) -> list[list[str]]:
    """The table as the export built it before it streamed (the whole table in memory)."""

    def tr(message) -> str:
        return translate(message, context=request)

    fixed = export.fixed_header(tr, not IOffice.providedBy(context))
    records, labels = [], {}
    for brain in brains:
        submission = brain._unrestrictedGetObject()
        values = {}
        for row in labelled_values(submission):
            labels.setdefault(row["label"], None)
            values.setdefault(row["label"], row["text"])
        first = [
            submission.reference,
            tr(STATE_LABELS.get(brain.review_state, brain.review_state)),
            submission.service_title,
            local_time(submission.submitted),
            submission.submitter_email,
        ]
        if not IOffice.providedBy(context):
            first.append(submission.__parent__.Title())
        records.append((first, values, submission.identification))
    identification = tr(_("Identification"))
    payment = [tr(label) for label in EXPORT_HEADER]  # the fee paid online (issue 20)
    rows = [[*fixed, *labels, identification, *payment]]
    rows += [
        [*first, *(values.get(label, "") for label in labels), tr(describe(identified)), "", ""]
        for first, values, identified in records
    ]
    return [[export.neutralise(cell) for cell in row] for row in rows]


def other_form(submission, language="de", **values):
    """``submission`` as if it came from another form (its snapshot and values)."""
    from persistent.mapping import PersistentMapping

    submission.form_model = OTHER_MODEL
    submission.language = language
    submission.values = PersistentMapping(values)
    submission.reindexObject(idxs=["export_columns"])  # what decides the export's columns


@pytest.fixture
def mixed(form, functional):
    """Requests of two forms, one in French, one with a value of a removed field, formulas,
    umlauts; in two states."""
    request = functional["request"]
    made = [
        make_submission(form, request, name="Jürg Müller", dog="Bäri"),
        make_submission(form, request, name="=1+1", dog="-Rex"),
        make_submission(form, request, name="Anna"),
        make_submission(form, request, name="Zoë"),
    ]
    other_form(made[1], street="Hauptstrasse 1", name="@Otto", size="Grösse L", agree=True)
    other_form(made[2], language="fr", street="Rue 2", agree=False, removed="+alt")
    with api.env.adopt_roles(["Manager"]):
        api.content.transition(made[0], "accept")
    transaction.commit()
    return made


def inbox_brains(context):
    catalog = api.portal.get_tool("portal_catalog")
    return catalog.unrestrictedSearchResults(
        path="/".join(context.getPhysicalPath()),
        portal_type="Submission",
        sort_on=("created", "getId"),
        sort_order="reverse",
    )


def streamed_view(context, request, user="liestal-clerk", **form):
    """The export page called in-process as ``user``: what it returns (the stream)."""
    alsoProvides(request, IDigitalgemeindeLayer)
    request.form.update({"format": "csv", **form})
    login(api.portal.get(), user)
    try:
        return api.content.get_view("inbox-export", context, request)()
    finally:
        logout()


@pytest.mark.parametrize("place", ["liestal-office", "liestal"])
def test_csv_is_todays_table_on_mixed_forms(app, world, mixed, functional, place):
    context = world[place]
    expected = reference_table(context, inbox_brains(context), functional["request"])
    user = "liestal-clerk" if place == "liestal-office" else "liestal-admin"
    rows = csv_rows(export_page(app, context, user=user))
    assert rows == expected
    header = rows[0]
    assert {"Strasse", "Grösse", "Einverstanden", "removed", "Name des Hundes"} <= set(header)
    assert len(header) == len(set(header))


def test_xlsx_is_todays_table_on_mixed_forms(app, world, mixed, functional):
    context = world["liestal-office"]
    expected = reference_table(context, inbox_brains(context), functional["request"])
    browser = export_page(app, context, "format=xlsx")
    sheet = load_workbook(io.BytesIO(body_bytes(browser))).active
    rows = [[cell.value or "" for cell in row] for row in sheet.iter_rows()]
    assert rows == expected
    assert all(cell.data_type == "s" for row in sheet.iter_rows() for cell in row if cell.value)


def test_german_headers_and_umlauts(app, world, mixed, functional):
    configure_languages("de")
    transaction.commit()
    browser = browser_for(app, "liestal-clerk")
    browser.addHeader("Accept-Language", "de")
    browser.open(f"{world['liestal-office'].absolute_url()}/@@inbox-export?format=csv")
    assert body_bytes(browser).startswith("\ufeff".encode())
    header, *rows = csv_rows(browser)
    assert header[:5] == [
        "Referenznummer",
        "Status",
        "Leistung",
        "Eingereicht am",
        "E-Mail der einreichenden Person",
    ]
    by_reference = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    juerg = by_reference[mixed[0].reference]
    assert juerg["Name"] == "Jürg Müller"
    assert juerg["Name des Hundes"] == "Bäri"
    assert by_reference[mixed[1].reference]["Name"] == "'@Otto"
    assert by_reference[mixed[1].reference]["Einverstanden"] == "Ja"
    assert by_reference[mixed[2].reference]["removed"] == "'+alt"


def test_the_page_returns_a_stream_sent_in_pieces(world, form, functional, monkeypatch):
    for n in range(40):
        make_submission(form, functional["request"], name=f"Person {n}", dog="x" * 200)
    transaction.commit()
    monkeypatch.setattr(export, "CHUNK", 1024)
    stream = streamed_view(world["liestal-office"], functional["request"])
    assert IUnboundStreamIterator.providedBy(stream)
    assert functional["request"].response.getHeader("Content-Type").startswith("text/csv")
    assert next(stream) == "\ufeff".encode()  # sent before any request was read
    pieces = list(stream)
    assert len(pieces) > 4  # the header, then rows in pieces of about CHUNK bytes
    assert all(len(piece) < 2048 for piece in pieces)
    text = b"".join(pieces).decode("utf-8")
    assert text.count("\r\n") == 41
    assert stream.reader.connection is None  # its connection closed at the end


def test_the_header_loads_one_request_per_kind_of_columns(world, mixed, functional, monkeypatch):
    """The header loads one request of each form snapshot, language and set of fields (the
    catalog's ``export_columns``), not each request."""
    loaded = []
    load = export.Reader.load

    def counting(self, app, catalog, rid):
        loaded.append(rid)
        return load(self, app, catalog, rid)

    monkeypatch.setattr(export.Reader, "load", counting)
    stream = streamed_view(world["liestal-office"], functional["request"])
    next(stream)  # the byte order mark
    header = next(stream).decode("utf-8")
    assert "Strasse" in header and "removed" in header
    # mixed: Jürg's and Zoë's requests come from one form with the same fields
    assert len(loaded) == 3
    rest = b"".join(stream).decode("utf-8")
    assert rest.count("\r\n") == 4
    assert len(loaded) == 3 + 4  # then each request once, for its row


def test_the_rows_are_logged_as_they_are_read_out(world, form, functional, monkeypatch):
    """Each batch of rows is logged as exported by who asked, before it goes out: a client
    that leaves after the first rows is logged for that batch only."""
    from digitalgemeinde.submissions.access_log import entries

    made = [make_submission(form, functional["request"], name=f"P{n}") for n in range(5)]
    transaction.commit()
    monkeypatch.setattr(export, "BATCH", 2)
    monkeypatch.setattr(export, "CHUNK", 1)  # every row a piece of its own
    tenant = world["liestal"]

    def exported() -> list:
        transaction.begin()  # see what the stream's own transactions wrote
        return [(e["reference"], e["actor"]) for e in entries(tenant) if e["action"] == "export"]

    stream = streamed_view(world["liestal-office"], functional["request"])
    assert exported() == []  # nothing logged while the page was asked for
    next(stream), next(stream), next(stream)  # byte order mark, header, first row
    stream.close()
    newest = sorted(made, key=lambda item: item.getId())[-2:]
    assert sorted(exported()) == sorted((item.reference, "liestal-clerk") for item in newest)
    stream = streamed_view(world["liestal-office"], functional["request"])
    assert len(list(stream)) == 2 + 5
    assert len(exported()) == 2 + 5


def test_a_stream_left_early_closes_its_connection(world, form, functional):
    make_submission(form, functional["request"])
    transaction.commit()
    stream = streamed_view(world["liestal-office"], functional["request"])
    next(stream)
    assert stream.reader.connection is not None
    stream.close()  # what the WSGI server does when the client goes away
    assert stream.reader.connection is None


def peak_while_exporting(world, request, format: str) -> int:
    stream = streamed_view(world["liestal-office"], request, format=format)
    tracemalloc.start()
    try:
        for _piece in stream:
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_memory_does_not_grow_with_the_rows(world, form, functional, monkeypatch, format):
    """The peak while exporting 1,000 requests is about that of 200: the reader lets each
    batch go (measured as a ratio, not in bytes or seconds). The access log is left out here:
    the test's database keeps in memory every transaction committed to it, which the log's
    entries are (``make bench`` measures the server's memory with them, on a FileStorage)."""
    monkeypatch.setattr(export, "BATCH", 100)
    monkeypatch.setattr(export.Reader, "log", lambda self, submissions: None)
    request = functional["request"]
    text = "Text " * 100  # 500 characters a request: 1,000 of them kept would show
    for n in range(200):
        make_submission(form, request, name=f"Person {n}", dog=text)
    transaction.commit()
    small = peak_while_exporting(world, request, format)
    for n in range(800):
        make_submission(form, request, name=f"Person {n}", dog=text)
    transaction.commit()
    large = peak_while_exporting(world, request, format)
    assert large < small * 1.6, (small, large)


def test_selected_requests_only(app, world, mixed):
    uids = "&".join(f"uids:list={submission.UID()}" for submission in mixed[:2])
    header, *rows = csv_rows(export_page(app, world["liestal-office"], f"format=csv&{uids}"))
    assert sorted(row[0] for row in rows) == sorted(s.reference for s in mixed[:2])


def test_selected_requests_of_another_office_are_not_exported(app, world, mixed, bau):
    uids = "&".join(f"uids:list={submission.UID()}" for submission in mixed)
    header, *rows = csv_rows(export_page(app, bau, f"format=csv&{uids}", user="liestal-bau-clerk"))
    assert rows == []
