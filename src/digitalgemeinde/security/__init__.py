"""Security measures of the portal, one module per concern: code in forms, the deletion of
containers that hold requests, cross-origin writes, limits and error pages, what is served
inline, enumeration and login throttling, outgoing addresses and virus scanning.

A domain package: pages and endpoints call it; it imports nothing from browser/ or services/."""
