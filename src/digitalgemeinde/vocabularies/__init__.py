"""Vocabularies: topics, audiences, cantons, and the offices a Service may name."""
