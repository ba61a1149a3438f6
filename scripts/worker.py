"""The outbox worker as a process of its own (make worker, for ZEO or RelStorage).

Run through zconsole, which binds ``app``. Stops on Ctrl-C or SIGTERM. Its heartbeat in the
database (at start, then at most every 30 s) keeps the instances' ``/@@health`` green.
"""

import logging
import signal

from digitalgemeinde.outbox.worker import INTERVAL
from digitalgemeinde.outbox.worker import WorkerThread

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
database = app._p_jar.db()  # noqa: F821 (bound by zconsole)
worker = WorkerThread(database, INTERVAL)
signal.signal(signal.SIGTERM, lambda *_: worker.stopped.set())
print(f"Outbox worker: a round every {INTERVAL} s; stop with Ctrl-C")
worker.start()
try:
    while worker.is_alive():
        worker.join(1)
except KeyboardInterrupt:
    worker.stopped.set()
    worker.join()
