"""Helpers of the staff tests: logging in through Plone's login form."""

from plone.testing.zope import Browser

from tests.helpers import PASSWORD


def log_in(app, portal, username: str, came_from: str | None = None, password: str = PASSWORD):
    """Log in through the login form (as a person does); the browser is where it landed."""
    browser = Browser(app)
    browser.handleErrors = True
    browser.raiseHttpErrors = False
    url = f"{portal.absolute_url()}/login"
    if came_from:
        url += f"?came_from={came_from}"
    browser.open(url)
    browser.getControl(name="__ac_name").value = username
    browser.getControl(name="__ac_password").value = password
    browser.getControl(name="buttons.login").click()
    return browser
