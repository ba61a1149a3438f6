"""Event subscribers, one module per (interface, event)."""
