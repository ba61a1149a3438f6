"""Operating the portal: what the load balancer and the monitoring read.

``heartbeat``: the outbox worker's sign of life in the database. ``health``: whether this
instance may take requests (the database answers, the worker beats). ``process``: the figures
of this process (conflicts, retries, submit latency) in a Prometheus registry of its own.
``figures``: the site's figures read at each scrape (requests per state and tenant, the
outbox). ``metrics``: who may read them and their exposition.
"""
