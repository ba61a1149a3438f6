"""bench/profile_page.py, the profiler behind bench/README.md's causes, on the test site."""

import pytest
import transaction
from AccessControl.SecurityManagement import noSecurityManager
from zope.component.hooks import getSite
from zope.component.hooks import setSite

from bench import profile_page
from tests.submissions.helpers import make_submission


@pytest.fixture
def profiling(functional):
    site = getSite()
    yield functional["app"]
    noSecurityManager()
    setSite(site)


def run(app, argv: list[str]) -> str:
    args = profile_page.parse_args(argv)
    form = dict(item.split("=", 1) for item in args.form)
    render = profile_page.prepare(app, args.path, args.user, form, args.rest)
    return profile_page.profile(render, args.times, args.warmup, args.top)


def test_profiles_the_inbox_as_its_clerk(profiling, world, form, request_):
    make_submission(form, request_, name="Profil Person")
    transaction.commit()
    path = "/".join(world["liestal-office"].getPhysicalPath()) + "/@@inbox"
    argv = [path, "--user", "liestal-clerk", "--times", "2", "--warmup", "1", "--top", "400"]
    report = run(profiling, argv)
    assert "ms per rendering under the profiler" in report
    assert "search_inbox" in report  # our code, profiled


def test_an_inbox_refuses_anonymous(profiling, world, form):
    from zExceptions import Unauthorized

    path = "/".join(world["liestal-office"].getPhysicalPath()) + "/@@inbox"
    with pytest.raises(Unauthorized):
        run(profiling, [path, "--times", "1", "--warmup", "0"])


def test_profiles_a_rest_get_anonymously(profiling, world, form):
    path = "/".join(world["liestal-service"].getPhysicalPath())
    report = run(profiling, [path, "--rest", "--times", "2", "--warmup", "0", "--top", "400"])
    assert "relation_link" in report  # the service's relations, as our links


def test_unknown_user_is_named(profiling, world):
    path = "/".join(world["liestal"].getPhysicalPath())
    with pytest.raises(SystemExit, match="No user nobody-here"):
        run(profiling, [path, "--user", "nobody-here"])


def test_view_name_is_split_from_the_path():
    assert profile_page.split_view("/s/a/@@inbox") == ("/s/a", "@@inbox")
    assert profile_page.split_view("/s/a/") == ("/s/a", "@@view")
