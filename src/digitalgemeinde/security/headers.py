"""Headers every response of the site carries, whatever produced it.

``X-Content-Type-Options: nosniff``: a browser takes the type we send and never guesses another
from the content, so a file uploaded as text or as an image is never run as HTML or script.
Set just before the response goes out: on success (before the commit), on an error (before the
abort, after the error page is rendered) and before a streamed response writes its headers.
Pages, REST, resources, redirects, error pages and downloads all pass one of these events.
"""

NOSNIFF = ("X-Content-Type-Options", "nosniff")


def set_nosniff(response) -> None:
    if response is not None:
        response.setHeader(*NOSNIFF)


def on_before_commit(event) -> None:
    """``IPubBeforeCommit`` and ``IPubBeforeAbort``: the event carries the request."""
    set_nosniff(getattr(event.request, "response", None))


def on_before_streaming(event) -> None:
    """``IPubBeforeStreaming``: the event carries the response."""
    set_nosniff(event.response)
