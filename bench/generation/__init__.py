"""The benchmark data generator of bench/generate.py, in parts: constants and helpers
(common), the canton and municipalities (places), form fields (fields), services and forms
(services), requests (requests), clerks and baselines (baselines) and a whole site (sites)."""
