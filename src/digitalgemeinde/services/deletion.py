"""REST's answer when a container holding requests (or a request) may not be deleted or moved
away (security.deletion refuses): 403 and a JSON error that says how many requests it holds."""

from digitalgemeinde.services.refusals import RefusalError


class RequestsHeldError(RefusalError):
    """The exception view of security.deletion.RequestsHeld for REST calls."""

    status = 403
    error_type = "RequestsHeld"

    def details(self) -> dict:
        return {"requests": self.context.count}
