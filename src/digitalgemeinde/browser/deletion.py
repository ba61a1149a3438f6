"""Classic UI's answer when a container holding requests (or a request) may not be deleted or
moved away (security.deletion refuses): a status message on the container, which stays."""

from digitalgemeinde.browser.refusals import RefusalView


class RequestsHeldView(RefusalView):
    """The exception view (``index.html``) of security.deletion.RequestsHeld."""
