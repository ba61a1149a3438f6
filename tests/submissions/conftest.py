"""The office's side uses the fixtures of the plugin tests/request_forms.py: ``world``,
``form``, ``app``, ``request_``, ``bau`` and ``allschwil_clerk``."""
