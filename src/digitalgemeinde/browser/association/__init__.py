"""Classic UI of the association (its home, catalog, standard services, workshops, status,
coverage dashboard, news feed) and of the municipal side of adoption and updates; one module
per page, wired in configure.zcml."""
