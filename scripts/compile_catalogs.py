"""Compile every gettext catalog the test processes load (.po → .mo), once, before they start.

Zope compiles a catalog when it loads the ZCML (``zope_i18n_compile_mo_files``), writing the
.mo in place. Two test workers starting at once on a fresh install both wrote, say,
plone.restapi's French catalog, and one of them read it half written ("unpack requires a buffer
of 4 bytes"): every test of that worker failed. Compiled here first, the workers find each .mo
newer than its .po and only read it.
"""

import sysconfig
from pathlib import Path

from zope.i18n.compile import compile_mo_file

ROOTS = (Path(sysconfig.get_paths()["purelib"]), Path(__file__).resolve().parent.parent / "src")


def main() -> int:
    count = 0
    for root in ROOTS:
        for catalog in root.rglob("LC_MESSAGES/*.po"):
            compile_mo_file(catalog.stem, str(catalog.parent))
            count += 1
    print(f"{count} catalogs compiled or up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
