"""Behaviors, one module each."""
