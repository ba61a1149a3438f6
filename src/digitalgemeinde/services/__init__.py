"""Our REST endpoints (plone.restapi style): JSON in and out, errors as JSON naming the field."""
