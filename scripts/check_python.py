"""Refuse to install with a Python older than 3.11, in one line, before anything is installed.

Kept free of f-strings and other new syntax so that an old interpreter can still run it.
"""

import sys

REQUIRED = (3, 11)

if sys.version_info[:2] < REQUIRED:
    sys.stderr.write(
        "digitalgemeinde needs Python %d.%d or newer, but %s is Python %d.%d: "
        "install a newer Python and run again with PYTHON=/path/to/python3.11\n"
        % (REQUIRED + (sys.executable,) + tuple(sys.version_info[:2]))
    )
    sys.exit(1)
