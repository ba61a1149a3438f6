"""The citizen's capability tokens: minted, hashed, and the status page they open.

A leaf of the request flow: delivery, mails and the status page all use it, and it uses none of
them.
"""

import hashlib
import secrets

from plone import api


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def mint_token(submission) -> str:
    """A new capability token for the citizen's status page (192 random bits).

    Only its hash is stored. Every mail to the citizen carries a fresh one, so no token ever
    has to be kept in clear; all of them stay valid while the request exists.
    """
    token = secrets.token_urlsafe(24)
    submission.add_token_hash(hash_token(token))
    submission.reindexObject(idxs=["token_hashes"])
    return token


def status_url(token: str) -> str:
    return f"{api.portal.get().absolute_url()}/@@anliegen/{token}"
