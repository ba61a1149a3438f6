"""Identity: logging in with OpenID Connect providers (AGOV and the e-ID for citizens, the
canton's directory for staff), the accounts they create, the level a login was made at, and
the settings of it all. Pages and endpoints call this package; it imports no page."""
