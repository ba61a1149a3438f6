"""Mail in development: written to a Maildir instead of being sent (see maildir.py)."""
