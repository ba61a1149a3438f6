"""Words of the catalog's text indexes written so that simultaneous requests rarely conflict.

Every request brings words the text indexes (``Products.ZCTextIndex``: SearchableText, Title)
already know, such as its tenant's number "2829" in every reference. For a word in more than
ten documents its documents are an ``IIBTree`` of their own, yet each new document stores that
tree into the word tree again ("not redundant: Persistency!", which holds for the plain dict
of a rare word only). So every request writes the buckets of all common words, and when such
a bucket splits (new words land in it) every request in flight conflicts (``bench/conflicts.py``:
27 of 73 retries before 20261209001, on the first bucket of SearchableText's word tree, which
holds "2829"). ``add_wordinfo`` and ``mass_add_wordinfo`` (patched in by configure.zcml) write
the word tree only for a new word or a rare word's dict.
"""

from BTrees.IIBTree import IIBTree


def _documents(index, wid: int):
    """``(documents of the word, whether the word tree must store them)``."""
    doc2score = index._wordinfo.get(wid)
    if doc2score is None:
        return {}, True
    if not isinstance(doc2score, dict):
        return doc2score, False  # an IIBTree: persistent, it stores its own change
    if len(doc2score) == index.DICT_CUTOFF:
        return IIBTree(doc2score), True
    return doc2score, True


def add_wordinfo(self, wid, f, docid) -> None:
    """``BaseIndex._add_wordinfo`` without storing a word's ``IIBTree`` again."""
    doc2score, store = _documents(self, wid)
    if wid not in self._wordinfo:
        self.length.change(1)
    doc2score[docid] = f
    if store:
        self._wordinfo[wid] = doc2score


def mass_add_wordinfo(self, wid2weight, docid) -> None:
    """``BaseIndex._mass_add_wordinfo`` without storing a word's ``IIBTree`` again."""
    new_words = 0
    for wid, weight in wid2weight.items():
        doc2score, store = _documents(self, wid)
        if store and not doc2score:
            new_words += 1
        doc2score[docid] = weight
        if store:
            self._wordinfo[wid] = doc2score
    self.length.change(new_words)
