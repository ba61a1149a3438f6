"""Demo data: the services of the canton and the service templates of every municipality.

The entries are in ``data/services.yaml`` (its header says what they may name).
"""

from digitalgemeinde.demo.loading import read

_SERVICES = read("services.yaml")
CANTON_SERVICES = _SERVICES["canton"]
MUNICIPAL_SERVICES = _SERVICES["municipal"]
