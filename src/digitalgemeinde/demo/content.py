"""Demo data: canton Basel-Landschaft, three of its municipalities, their offices and news.

The entries are in ``data/content.yaml`` (its header says what they may name), read by
``setup.py``. The municipal offices and news are templates filled in for each municipality.
"""

from digitalgemeinde.demo.loading import read

_CONTENT = read("content.yaml")
CANTON = _CONTENT["canton"]
CANTON_VALUES = _CONTENT["canton_values"]
CANTON_OFFICES = _CONTENT["canton_offices"]
MUNICIPALITIES = _CONTENT["municipalities"]
MUNICIPAL_OFFICES = _CONTENT["municipal_offices"]
MUNICIPAL_NEWS = _CONTENT["municipal_news"]
