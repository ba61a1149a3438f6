"""Upgrade to 20261209001: production operation (issue 17).

Each step brings one part of operation (caching, health and metrics, the failure digest) to a
site made by the previous release.
"""
