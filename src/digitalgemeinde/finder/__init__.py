"""The service finder: which services a citizen may search where, and the catalog query.

A domain package: the finder page (``@@services``) and the REST endpoint (``@service-finder``)
both call it; it imports nothing from browser/ or services/."""
