"""Profile one page or REST GET on the benchmark instance: where does its time go?

    make bench-profile BENCH_PROFILE="/bench86/liestal/einwohnerdienste/@@inbox \\
        --user clerk-liestal-einwohnerdienste --form state=completed"
    make bench-profile BENCH_PROFILE="/bench86/liestal/kinderbetreuungsbeitrag-beantragen --rest"

Renders in this process (no HTTP, no other clients): first ``--warmup`` times, then
``--times`` times under cProfile; prints the mean milliseconds per rendering and the functions
with the most cumulative time. The bench server must not be running (FileStorage allows one
process). How the figures in bench/README.md were traced to their causes; its milliseconds are
not the benchmark's (one fresh process, a cold ZODB cache, catalog query plans still being
learned: compare where the time goes, and measure with `make bench`).
"""

import argparse
import cProfile
import io
import pstats
import sys
import time

from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.SecurityManagement import noSecurityManager
from AccessControl.SpecialUsers import nobody
from Acquisition import aq_base
from Testing.makerequest import makerequest
from zope.component import getMultiAdapter
from zope.component.hooks import setSite
from zope.component.interfaces import ISite
from zope.globalrequest import setRequest
from zope.interface import alsoProvides


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="zconsole run bench/etc/zope.conf bench/profile_page.py",
        description="Profile one page or REST GET on the benchmark instance.",
    )
    parser.add_argument("path", help="e.g. /bench86/liestal/einwohnerdienste/@@inbox")
    parser.add_argument("--user", help="login name (default: anonymous)")
    parser.add_argument("--rest", action="store_true", help="plone.restapi's GET of the path")
    parser.add_argument(
        "--form", action="append", default=[], help="a request parameter name=value (repeatable)"
    )
    parser.add_argument("--times", type=int, default=10, help="profiled renderings (10)")
    parser.add_argument("--warmup", type=int, default=10, help="renderings before (10)")
    parser.add_argument("--top", type=int, default=40, help="functions listed (40)")
    return parser.parse_args(argv)


def split_view(path: str) -> tuple[str, str]:
    """``/site/obj/@@inbox`` → (``/site/obj``, ``@@inbox``); a plain path shows ``@@view``."""
    head, _, last = path.rstrip("/").rpartition("/")
    if last.startswith("@@"):
        return head, last
    return path.rstrip("/"), "@@view"


def prepare(app, path: str, user: str | None, form: dict, rest: bool):
    """``render()``: ``path`` rendered on a request of its own each time, as the publisher
    would (a reused request would answer from the caches Plone keeps on it)."""
    from plone.app.z3cform.interfaces import IPloneFormLayer
    from plone.restapi.interfaces import IPloneRestapiLayer

    from digitalgemeinde.interfaces import IDigitalgemeindeLayer

    obj_path, view_name = split_view(path)
    site = app.unrestrictedTraverse(obj_path)
    while not ISite.providedBy(site):
        site = site.aq_parent
    site_path = site.getPhysicalPath()
    noSecurityManager()
    account = nobody
    if user:
        account = site.acl_users.getUserById(user) or site.acl_users.getUser(user)
        if account is None:
            raise SystemExit(f"No user {user} in {'/'.join(site_path)}")
        account = account.__of__(site.acl_users)
    newSecurityManager(None, account)
    layers = [IDigitalgemeindeLayer, IPloneFormLayer] + ([IPloneRestapiLayer] if rest else [])

    def render():
        root = makerequest(aq_base(app))
        request = root.REQUEST
        request.form.update(form)
        alsoProvides(request, *layers)
        site = root.unrestrictedTraverse(site_path)
        setSite(site)
        setRequest(request)
        request["PARENTS"] = [site, root]
        obj = root.unrestrictedTraverse(obj_path)
        if rest:
            return getMultiAdapter((obj, request), name="GET_application_json_").render()
        return obj.restrictedTraverse(view_name)()

    return render


def profile(render, times: int, warmup: int, top: int) -> str:
    """The report: mean ms per rendering, size of the answer, cProfile's top functions."""
    for _ in range(warmup):
        render()
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    try:
        for _ in range(times):
            answer = render()
    finally:
        profiler.disable()
    elapsed = (time.perf_counter() - start) / times * 1000
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    stats.sort_stats("cumulative").print_stats(top)
    size = len(answer or "")
    return f"{elapsed:.1f} ms per rendering under the profiler, {size} characters\n" + (
        stream.getvalue()
    )


def main(app, argv: list[str]) -> int:
    args = parse_args(argv)
    form = dict(item.split("=", 1) for item in args.form if "=" in item)
    render = prepare(app, args.path, args.user, form, args.rest)
    print(profile(render, args.times, args.warmup, args.top))
    import transaction

    transaction.abort()  # a page may write (e.g. a session): nothing is kept
    return 0


def script_arguments() -> list[str]:
    """What follows this script's name (zconsole leaves its own arguments in sys.argv)."""
    mine = [index for index, arg in enumerate(sys.argv) if arg.endswith("profile_page.py")]
    return sys.argv[mine[0] + 1 :] if mine else sys.argv[1:]


if __name__ == "__main__" and "app" in globals():
    sys.exit(main(app, script_arguments()))  # noqa: F821 (bound by zconsole)
