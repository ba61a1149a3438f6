"""Caching in Varnish: what is kept for guests, what never, and purging (issue 17)."""
