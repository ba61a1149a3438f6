"""The export of an inbox as CSV or Excel file: the columns, the rows, no formulas, streamed.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, and what a
citizen typed must never run in the office's spreadsheet: every cell that starts with one of
these (or with a tab or carriage return) gets a leading ``'`` (``neutralise``).

The table: the fixed columns, then the values by their labels, the union of the labels of all
exported requests in the order they first appear (newest request first). Its rows are read in
batches from a ZODB connection of the export's own (``Reader``), which lets the cache go after
each batch: memory stays flat at any size. The page streams the file from that connection after
its request has ended (ZPublisher closes the request's connection before the WSGI server sends
the body); the background export (``export_jobs``) writes it to a file the same way.

The header needs every exported request's labels before the first row. They follow from the
request's form snapshot, its language and the names of its values, which the catalog's
``export_columns`` knows as one key (``columns_key``): the header reads the key of each
exported request from the index, and loads one request per distinct key (many share one), so
the first row follows at once instead of after a pass over every request (55 s at 100,000).
"""

import csv
import hashlib
import io
import tempfile
from functools import lru_cache

import transaction
from openpyxl import Workbook
from plone import api
from zope.i18n import translate
from zope.interface import implementer
from ZPublisher.Iterators import IUnboundStreamIterator
from ZTUtils.Lazy import LazyMap

from digitalgemeinde import _
from digitalgemeinde.identity.requirements import describe as describe_identification
from digitalgemeinde.interfaces import IOffice
from digitalgemeinde.payments.display import EXPORT_HEADER
from digitalgemeinde.payments.display import export_cells
from digitalgemeinde.submissions import groups
from digitalgemeinde.submissions.access_log import EXPORT
from digitalgemeinde.submissions.access_log import record_apart
from digitalgemeinde.submissions.values import display
from digitalgemeinde.submissions.values import form_fields
from digitalgemeinde.submissions.values import local_time
from digitalgemeinde.submissions.workflow import STATE_LABELS
from digitalgemeinde.tenants import tenant_of

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
BATCH = 500  # requests read between two emptyings of the connection's cache
CHUNK = 64 * 1024  # bytes per piece of a streamed file


def neutralise(value) -> str:
    """The text of a cell, with a ``'`` in front if a spreadsheet would take it as formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def translator(request):
    """A function that translates a message into the request's language, also after the
    request has ended (the stream is read then, when the request's negotiated language is
    gone: it is taken now)."""
    language = request.get("LANGUAGE")
    if not isinstance(language, str) or not language:
        return lambda message: translate(message, context=request)
    return lambda message: translate(message, target_language=language)


def fixed_header(tr, with_office: bool) -> list[str]:
    header = [
        tr(_("Reference number")),
        tr(_("State")),
        tr(_("Service")),
        tr(_("Submitted")),
        tr(_("Email of the submitter")),
    ]
    return header + ([tr(_("Office"))] if with_office else [])


@lru_cache(maxsize=256)
def form_labels(form_model: str, language: str) -> tuple:
    """``((name, label), …)`` of a form snapshot in one language (parsed once per snapshot)."""
    pairs = []
    for name, field in form_fields(form_model):
        label = translate(field.title, target_language=language) or name
        # a repeating group: columns per entry, as many as the form allows
        pairs.extend(groups.export_columns(name, field, label, language) or [(name, label)])
    return tuple(pairs)


def labelled(submission):
    """``(name, label)`` of a request's values, in the order ``values.labelled_values`` has."""
    values = submission.values
    known = form_labels(submission.form_model or "", submission.language or "de")
    names = {groups.root(name) for name, _label in known}
    pairs = [(name, label) for name, label in known if groups.root(name) in values]
    return pairs + [(name, name) for name in values if name not in names]


def columns_key(submission) -> str:
    """What decides a request's columns (its form snapshot, language and the names of its
    values), as a short key: the catalog's ``export_columns``."""
    names = "\n".join(submission.values)
    text = f"{submission.form_model or ''}\0{submission.language or 'de'}\0{names}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


class Reader:
    """The requests of catalog records ``rids``, read in batches in a connection of its own.

    ``db`` is the ZODB the request's objects live in; ``catalog_path`` the catalog's path. The
    rids were found in the asking request, with its user's permissions: the reader does not
    check them again. Use it as a context manager; it closes its connection.
    """

    def __init__(self, db, catalog_path: str, rids, actor: str | None = None):
        self.db, self.catalog_path, self.rids = db, catalog_path, rids
        self.actor = actor  # who exports: each batch is logged before it is read out
        self.manager = transaction.TransactionManager(explicit=True)
        self.connection = None

    def __enter__(self):
        self.manager.begin()
        self.connection = self.db.open(transaction_manager=self.manager)
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        if self.connection is not None:
            self.manager.abort()
            self.connection.close()
            self.connection = None

    def catalog(self):
        app = self.connection.root()["Application"]
        return app, app.unrestrictedTraverse(self.catalog_path)._catalog

    def load(self, app, catalog, rid):
        path = catalog.paths.get(rid)
        return app.unrestrictedTraverse(path, None) if path else None

    def distinct_columns(self):
        """One request per distinct ``columns_key``, in the order of the rids (a request the
        index does not know counts as its own)."""
        app, catalog = self.catalog()
        index = catalog.getIndex("export_columns") if "export_columns" in catalog.indexes else None
        seen = set()
        for position, rid in enumerate(self.rids):
            key = index.getEntryForObject(rid) if index is not None else None
            if key is not None and key in seen:
                continue
            seen.add(key)
            submission = self.load(app, catalog, rid)
            if submission is not None:
                yield submission
            if position % BATCH == 0:
                self.connection.cacheMinimize()
        self.connection.cacheMinimize()

    def submissions(self):
        """``(submission, review_state)`` of each request; the cache is emptied after every
        batch, so what was loaded is let go (the ZODB cache would otherwise keep it all)."""
        for start in range(0, len(self.rids), BATCH):
            app, catalog = self.catalog()
            state_at = catalog.schema.get("review_state")
            batch = []
            for rid in self.rids[start : start + BATCH]:
                submission = self.load(app, catalog, rid)
                if submission is not None:
                    record = catalog.data.get(rid)
                    state = record[state_at] if record and state_at is not None else ""
                    batch.append((submission, state))
            self.log(submission for submission, _state in batch)
            yield from batch
            del batch
            self.connection.cacheMinimize()

    def log(self, submissions) -> None:
        """The access log's "exported" for each of ``submissions``, in a transaction apart;
        before they are read out, so a client that leaves early is rather logged for a few
        rows too many than too few."""
        if self.actor is None:
            return
        items = [
            (item.UID(), item.reference, "/".join(tenant.getPhysicalPath()))
            for item in submissions
            if (tenant := tenant_of(item)) is not None
        ]
        if items:
            record_apart(self.db, items, self.actor, EXPORT)


class Table:
    """Header and rows of an export, translated by ``tr`` (a function of a message)."""

    def __init__(self, reader: Reader, tr, with_office: bool):
        self.reader, self.tr, self.with_office = reader, tr, with_office
        self.states = {state: tr(label) for state, label in STATE_LABELS.items()}

    def header(self) -> list[str]:
        labels = {}
        for submission in self.reader.distinct_columns():
            for _name, label in labelled(submission):
                labels.setdefault(label, None)
        self.labels = list(labels)
        header = fixed_header(self.tr, self.with_office) + self.labels
        payment = [self.tr(label) for label in EXPORT_HEADER]  # "Bezahlt (CHF)", "Transaktion"
        return [neutralise(cell) for cell in [*header, self.tr(_("Identification")), *payment]]

    def rows(self):
        """One neutralised row per request (after ``header``)."""
        for submission, state in self.reader.submissions():
            yield [neutralise(cell) for cell in self.row(submission, state)]

    def row(self, submission, state: str) -> list:
        language = submission.language or "de"
        texts = {}
        for name, label in labelled(submission):
            texts.setdefault(label, display(groups.cell(submission.values, name), language))
        first = [
            submission.reference,
            self.states.get(state, state),
            submission.service_title,
            local_time(submission.submitted),
            submission.submitter_email,
        ]
        if self.with_office:
            first.append(submission.__parent__.Title())
        identified = self.tr(describe_identification(submission.identification))
        values = (texts.get(label, "") for label in self.labels)
        return [*first, *values, identified, *export_cells(submission)]


def csv_line(cells) -> bytes:
    # Semicolons and CRLF: what Excel in Switzerland opens without asking.
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerow(cells)
    return buffer.getvalue().encode("utf-8")


def csv_pieces(table: Table):
    """The CSV file in pieces of about ``CHUNK`` bytes; the byte order mark (for Excel) first."""
    yield "\ufeff".encode()
    yield csv_line(table.header())
    pieces, size = [], 0
    for row in table.rows():
        line = csv_line(row)
        pieces.append(line)
        size += len(line)
        if size >= CHUNK:
            yield b"".join(pieces)
            pieces, size = [], 0
    if pieces:
        yield b"".join(pieces)


def write_xlsx(table: Table, title: str, target) -> int:
    """The workbook, written row by row (openpyxl's write-only mode) to the open file
    ``target``. Every cell is text: openpyxl keeps a string a string unless it starts with
    ``=`` (a formula), which no neutralised cell does. Returns the number of rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])  # Excel's limit
    sheet.append(table.header())
    count = 0
    for row in table.rows():
        sheet.append(row)
        count += 1
    workbook.save(target)
    return count


def write_file(table: Table, format: str, title: str, target) -> None:
    """The export in ``format`` to the open binary file ``target``."""
    if format == "csv":
        for piece in csv_pieces(table):
            target.write(piece)
    else:
        write_xlsx(table, title, target)


def temporary_file():
    return tempfile.NamedTemporaryFile(prefix="digitalgemeinde-export-", suffix=".tmp")  # noqa: SIM115


@implementer(IUnboundStreamIterator)
class ExportStream:
    """The body of a streamed export: the WSGI server reads it after the request ended.

    CSV goes out row by row as it is read; Excel is written to a temporary file first (a zip
    needs its end before it can be read) and then sent from it. The reader's connection and
    the file are closed at the end, or when the client goes away (``close``).
    """

    def __init__(self, reader: Reader, tr, with_office: bool, format: str, title: str):
        self.reader, self.format = reader, format
        self.table = Table(reader, tr, with_office)
        self.title = title
        self.pieces = None
        self.file = None

    def __iter__(self):
        return self

    def __next__(self) -> bytes:
        if self.pieces is None:
            self.reader.__enter__()
            self.pieces = self.start()
        try:
            return next(self.pieces)
        except StopIteration:
            self.close()
            raise

    def start(self):
        if self.format == "csv":
            yield from csv_pieces(self.table)
            return
        self.file = temporary_file()
        write_xlsx(self.table, self.title, self.file)
        self.reader.close()
        self.file.seek(0)
        while piece := self.file.read(CHUNK):
            yield piece

    def close(self) -> None:
        self.reader.close()
        if self.file is not None:
            self.file.close()
            self.file = None


def export_rids(brains) -> list[int]:
    """The catalog record ids of a search's results, in their order. A catalog result maps
    its record ids to brains lazily: the ids are taken from it without making a brain (which
    reads each record's metadata: 6.5 s and 200 MB at 100,000 results)."""
    sequence = getattr(brains, "_seq", None)
    if isinstance(brains, LazyMap) and sequence is not None:
        return [int(rid) for rid in sequence]
    return [brain.getRID() for brain in brains]


def current_actor() -> str:
    """The user id of who asks, for the access log."""
    user = api.user.get_current()
    return (user.getId() or "") if user is not None else ""


def with_office(context) -> bool:
    """A tenant's export names each request's office; an office's does not."""
    return not IOffice.providedBy(context)


def selected(context, uids):
    """The requests ``uids`` of the inbox of ``context`` the user may see, newest first (the
    bulk export of the selected requests)."""
    uids = [uids] if isinstance(uids, str) else [uid for uid in uids if isinstance(uid, str)]
    catalog = api.portal.get_tool("portal_catalog")
    return catalog.searchResults(
        UID=uids,
        path="/".join(context.getPhysicalPath()),
        portal_type="Submission",
        show_inactive=True,
        sort_on=("created", "getId"),
        sort_order="reverse",
    )
