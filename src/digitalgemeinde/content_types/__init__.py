"""Content types: one module per type, with its schema and class."""
