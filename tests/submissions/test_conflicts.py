"""Requests at the same moment, in-process and without a clock: each citizen's request is
delivered (``delivery.deliver``, as the form's action does) in a thread with a ZODB connection
of its own, all of them from the same state of the database, and only then are they committed
one after the other: the worst overlap, every one in flight while the others commit. A commit
that raises a ConflictError is a request Zope runs again: so does the test, and counts them.

``bench/conflicts.py`` measures the same over HTTP (two instances on ZEO, 40 clients)."""

import threading
from collections import Counter

import transaction
import ZODB
from plone import api
from plone.app.testing import logout
from Testing.makerequest import makerequest
from ZODB.FileStorage import FileStorage
from ZODB.POSException import ConflictError
from zope.component.hooks import setSite
from zope.globalrequest import clearRequest
from zope.globalrequest import setRequest

from digitalgemeinde.submissions.delivery import deliver
from digitalgemeinde.submissions.reference import counters_of
from tests.submissions.test_mail import mail_dir  # noqa: F401 (fixture)
from tests.submissions.test_mail import mails
from tests.submissions.test_mail import real_mailhost  # noqa: F401 (fixture)

AT_ONCE = 8  # two instances with four threads each: what is in flight at one moment
ROUNDS = 5
BEFORE = 40  # requests the office had before


def citizen_data(name: str) -> dict:
    return {"name": name, "email": f"{name.split()[-1].lower()}@example.ch", "dog": "Hund"}


def in_flight(db, form_path: str, names: list[str]) -> list[list]:
    """Deliver one request per name at once, then commit them in turn, each run again after
    a conflict until it commits; per request the conflicts it ran into."""
    delivered = threading.Barrier(len(names))
    turn = threading.Lock()
    conflicts = [[] for _ in names]

    def citizen(i: int) -> None:
        connection = db.open()
        try:
            app = makerequest(connection.root()["Application"])
            setRequest(app.REQUEST)
            setSite(app.unrestrictedTraverse("plone"))
            for _try in range(10):  # max-conflict-retries of zope-zeo.conf
                transaction.begin()
                form = app.unrestrictedTraverse(form_path)
                deliver(form, citizen_data(names[i]), app.REQUEST)
                if not conflicts[i]:
                    delivered.wait(timeout=60)
                with turn:
                    try:
                        transaction.commit()
                        return
                    except ConflictError as error:
                        transaction.abort()  # the number goes back: the next try takes it
                        conflicts[i].append(error)
        finally:
            transaction.abort()
            setSite(None)
            clearRequest()
            connection.close()

    threads = [threading.Thread(target=citizen, args=(i,)) for i in range(len(names))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return conflicts


def counter_oids(tenant) -> set:
    counters = counters_of(tenant, create=False)
    oids = {counters._p_oid}
    for counter in counters.values():
        oids.add(counter._p_oid)
    return oids


def test_requests_in_flight_together_never_conflict_over_their_numbers(
    functional,
    world,
    form,
    mail_dir,  # noqa: F811
    real_mailhost,  # noqa: F811
):
    # An office that had requests before, as every office in use: its container knows the
    # type, and words every request has (the addresses' domain, "Person") are indexed in more
    # documents than ZCTextIndex keeps in a plain dict (which concurrent writes cannot merge).
    # Each was made on a connection of its own, so the catalog's lexicon numbered its new words
    # from a random place of its own (Products.ZCTextIndex): word ids spread over the range.
    logout()
    lexicon = api.portal.get_tool("portal_catalog").plone_lexicon
    for n in range(BEFORE):
        deliver(form, citizen_data(f"Person Vorher{n}"), functional["request"])
        lexicon._v_nextid = None
        transaction.commit()
    form_path = "/".join(form.getPhysicalPath())
    conflicts = Counter()
    for round_ in range(ROUNDS):
        names = [f"Person Gleichzeitig{round_}x{n}" for n in range(AT_ONCE)]
        for errors in in_flight(functional["zodbDB"], form_path, names):
            conflicts.update(error.oid for error in errors)
    transaction.begin()  # the test's connection sees what the threads committed
    with api.env.adopt_roles(["Manager"]):
        office = world["liestal-office"]
        stored = [item for item in office.objectValues() if item.portal_type == "Submission"]
    numbers = sorted(int(item.reference[-6:]) for item in stored)
    print(f"\n{ROUNDS} x {AT_ONCE} at once: {sum(conflicts.values())} conflicts")
    # each request stored once, numbered without gaps: a try that conflicted gave its number
    # back and the next try took it
    assert numbers == list(range(1, BEFORE + ROUNDS * AT_ONCE + 1))
    assert not set(conflicts) & counter_oids(world["liestal"])
    assert len(mails(mail_dir)) == 2 * len(stored)  # the office's notice and the receipt


def text_index_db(tmp_path):
    """A text index whose word tree is one full bucket: "gemeinde" is in eleven documents
    (so its documents are an IIBTree), 59 other words in one each."""
    from Products.ZCTextIndex.Lexicon import CaseNormalizer
    from Products.ZCTextIndex.Lexicon import Lexicon
    from Products.ZCTextIndex.Lexicon import Splitter
    from Products.ZCTextIndex.OkapiIndex import OkapiIndex

    db = ZODB.DB(FileStorage(str(tmp_path / "Data.fs")))
    with db.transaction() as conn:
        index = conn.root()["index"] = OkapiIndex(Lexicon(Splitter(), CaseNormalizer()))
        for docid in range(1, 12):
            index.index_doc(docid, "gemeinde " + " ".join(f"w{docid}x{n}" for n in range(6)))
    with db.transaction() as conn:
        assert len(conn.root()["index"]._wordinfo) == 67
    return db


def test_a_common_word_does_not_make_its_word_tree_conflict(tmp_path, monkeypatch):
    """One request adds new words, which split the word tree's bucket; another, at the same
    moment, has only a word the index knows in many documents: it writes that word's own
    IIBTree, not the word tree, and both commit (word_ids.mass_add_wordinfo). A rare word
    (its documents a dict inside the word tree) would still conflict there."""
    from Products.ZCTextIndex.BaseIndex import BaseIndex

    from digitalgemeinde.submissions import word_ids

    monkeypatch.setattr(BaseIndex, "_mass_add_wordinfo", word_ids.mass_add_wordinfo)
    db = text_index_db(tmp_path)
    first, second = transaction.TransactionManager(), transaction.TransactionManager()
    one, two = db.open(first), db.open(second)
    one.root()["index"].index_doc(20, " ".join(f"neu{n}" for n in range(40)))
    two.root()["index"].index_doc(21, "Gemeinde gemeinde")
    first.commit()
    second.commit()  # no ConflictError
    with db.transaction() as conn:
        index = conn.root()["index"]
        assert set(index.search("gemeinde").keys()) == set(range(1, 12)) | {21}
        assert set(index.search("neu7").keys()) == {20}
        assert set(index.search("w1x1").keys()) == {1}
        assert index.length() == 67 + 40
    one.close()
    two.close()
    db.close()


def test_zope_runs_the_text_indexes_with_the_patch(integration):
    from Products.ZCTextIndex.BaseIndex import BaseIndex

    from digitalgemeinde.submissions import word_ids

    assert BaseIndex._mass_add_wordinfo is word_ids.mass_add_wordinfo
    assert BaseIndex._add_wordinfo is word_ids.add_wordinfo


def test_the_forms_recent_deliveries_merge_when_requests_come_together(tmp_path):
    """Two requests of one form remember their fingerprints at the same moment: merged, however
    many the form has had in the last minutes; an OOBTree of before 20261209001 is taken over."""
    from BTrees.OOBTree import OOBTree

    from digitalgemeinde.submissions.duplicates import Fingerprints

    db = ZODB.DB(FileStorage(str(tmp_path / "Data.fs")))
    with db.transaction() as conn:
        former = OOBTree({f"{n:03d}f": ("uid", n) for n in range(300)})
        conn.root()["recent"] = Fingerprints(former)
    first, second = transaction.TransactionManager(), transaction.TransactionManager()
    one, two = db.open(first), db.open(second)
    one.root()["recent"]["150a"] = ("one", 1)
    two.root()["recent"]["150b"] = ("two", 2)
    first.commit()
    second.commit()  # no ConflictError: one bucket, stored in the tree, merged
    with db.transaction() as conn:
        recent = conn.root()["recent"]
        assert len(recent) == 302 and recent["150b"] == ("two", 2)
    one.close()
    two.close()
    db.close()
