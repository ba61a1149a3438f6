"""Upgrade steps: one sub-package per date-based profile version."""
