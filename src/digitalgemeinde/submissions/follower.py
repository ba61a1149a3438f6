"""A data manager that writes nothing and only follows a transaction to its end.

``claims.GiveBack`` (a reference number given back unless the transaction commits) and
``store_turn.Turn`` (the turn to store, given back when the transaction ends) join the
request's transaction with one of these and act in ``abort``, ``tpc_abort`` or ``tpc_finish``;
where it sorts (``sortKey``) says when that happens against the storages.
"""


class Follower:
    transaction_manager = None

    def abort(self, _transaction) -> None:
        pass

    def tpc_begin(self, _transaction) -> None:
        pass

    def commit(self, _transaction) -> None:
        pass

    def tpc_vote(self, _transaction) -> None:
        pass

    def tpc_finish(self, _transaction) -> None:
        pass

    def tpc_abort(self, _transaction) -> None:
        pass

    def sortKey(self) -> str:  # noqa: N802 (IDataManager)
        raise NotImplementedError

    def savepoint(self):
        """Rolling back to a savepoint changes nothing here: what it follows stays."""
        return _Unchanged()


class _Unchanged:
    def rollback(self) -> None:
        pass
