"""A local stand-in for Datatrans (issue 20): tests/datatrans/standin.py."""
