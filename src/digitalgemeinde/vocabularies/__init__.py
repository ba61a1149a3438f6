"""Vocabularies: topics (life situations), audiences, cantons, and the offices a Service may name."""
