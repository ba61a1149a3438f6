"""A request carries only files of the allowed types and sizes, and no more than a form's fields.

Whatever is refused shows on the form, and nothing is stored: no Submission, no mail.
"""

from io import BytesIO
from types import SimpleNamespace

import pytest
import transaction
from plone import api
from plone.formwidget.namedfile.utils import FILE_UPLOAD_MAP_KEY
from zope.annotation.interfaces import IAnnotations
from zope.i18n import translate

from digitalgemeinde import _
from digitalgemeinde.submissions.limits import UploadRefused
from digitalgemeinde.submissions.limits import check_parameter_count
from digitalgemeinde.submissions.limits import check_upload
from digitalgemeinde.submissions.limits import parameter_limit
from tests.helpers import browser_for
from tests.submissions.helpers import open_form

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 40
DEFAULTS = SimpleNamespace(upload_max_mb=10, allowed_file_types=["pdf", "png", "jpeg"])


def shown(msgid: str, **mapping) -> str:
    """A message as the site shows it, in its default language."""
    language = api.portal.get_registry_record("plone.default_language")
    return translate(_(msgid, mapping=mapping), target_language=language)


def shown_plone(msgid: str) -> str:
    """A message of z3c.form, in the site's default language."""
    language = api.portal.get_registry_record("plone.default_language")
    return translate(msgid, domain="z3c.form", target_language=language)


def wrong_type(types: str) -> str:
    return shown("Only these file types are allowed: ${types}.", types=types)


def too_big(limit: int) -> str:
    return shown("The file is larger than ${limit} MB.", limit=limit)


# --- the pure check -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "filename,data,kind",
    [
        ("impfausweis.pdf", PDF, "pdf"),
        ("Foto.PNG", PNG, "png"),
        ("foto.jpg", JPEG, "jpeg"),
        ("foto.jpeg", JPEG, "jpeg"),
        (r"C:\Users\anna\Desktop\scan.pdf", PDF, "pdf"),
    ],
)
def test_allowed_files_pass(filename, data, kind):
    assert check_upload(filename, data, DEFAULTS).token == kind


@pytest.mark.parametrize(
    "filename,data",
    [
        ("virus.exe", EXE),
        ("virus.pdf", EXE),  # renamed: the content decides
        ("scan.pdf", PNG),  # a PNG is allowed, but not under a PDF's name
        ("scan", PDF),  # no extension
        ("leer.pdf", b""),
        ("seite.html", b"<html><script>alert(1)</script>"),
    ],
)
def test_wrong_type_is_refused_naming_the_allowed_types(filename, data):
    with pytest.raises(UploadRefused) as refused:
        check_upload(filename, data, DEFAULTS)
    assert refused.value.message == "Only these file types are allowed: ${types}."
    assert refused.value.message.mapping == {"types": "PDF, PNG, JPEG"}


def test_a_type_not_chosen_in_the_settings_is_refused():
    settings = SimpleNamespace(upload_max_mb=10, allowed_file_types=["pdf"])
    with pytest.raises(UploadRefused) as refused:
        check_upload("foto.png", PNG, settings)
    assert refused.value.message.mapping == {"types": "PDF"}


def test_oversize_is_refused_with_the_limit():
    settings = SimpleNamespace(upload_max_mb=2, allowed_file_types=["pdf"])
    assert check_upload("gross.pdf", PDF, settings, size=2 * 1024 * 1024).token == "pdf"
    with pytest.raises(UploadRefused) as refused:
        check_upload("gross.pdf", PDF + b"\0" * (2 * 1024 * 1024), settings)
    assert refused.value.message == "The file is larger than ${limit} MB."
    assert refused.value.message.mapping == {"limit": 2}


def test_parameter_limit_grows_with_the_form_up_to_a_ceiling():
    assert parameter_limit(5) == 35
    assert parameter_limit(10_000) == 1000
    check_parameter_count(5, 35)
    with pytest.raises(UploadRefused):
        check_parameter_count(5, 36)


# --- through the browser --------------------------------------------------------------------


def attach(browser, data: bytes, filename: str, content_type="application/octet-stream"):
    browser.getControl(name="form.widgets.document").add_file(BytesIO(data), content_type, filename)


def field_block(browser, name: str) -> str:
    """The HTML of one field of the form, where its error shows."""
    contents = browser.contents
    start = contents.index(f'id="formfield-form-widgets-{name}"')
    end = contents.find('id="formfield-form-widgets-', start + 1)
    return contents[start : end if end != -1 else len(contents)]


def send(browser):
    browser.getControl(name="form.buttons.submit").click()
    transaction.begin()
    return browser


def nothing_stored(world, functional) -> bool:
    """No request, no mail, and no upload kept by the file widget for another try."""
    portal = functional["portal"]
    catalog = api.portal.get_tool("portal_catalog")
    kept_uploads = IAnnotations(portal).get(FILE_UPLOAD_MAP_KEY, {})
    return (
        list(world["liestal-office"].objectIds()) == []
        and len(catalog.unrestrictedSearchResults(portal_type="Submission")) == 0
        and list(portal.MailHost.messages) == []
        and len(kept_uploads) == 0
    )


def test_allowed_file_is_kept_with_the_type_of_its_content(form, world, functional):
    browser = open_form(functional["app"], form)
    attach(browser, PDF, "impfausweis.pdf", "application/x-download")
    send(browser)
    (submission,) = world["liestal-office"].objectValues()
    document = submission.values["document"]
    assert document.filename == "impfausweis.pdf"
    assert document.data == PDF
    assert document.contentType == "application/pdf"


def test_disguised_program_is_refused_on_the_field_and_nothing_is_stored(form, world, functional):
    browser = open_form(functional["app"], form)
    attach(browser, EXE, "impfausweis.pdf", "application/pdf")
    send(browser)
    assert wrong_type("PDF, PNG, JPEG") in field_block(browser, "document")
    assert "impfausweis.pdf" not in browser.contents  # not offered for another try
    assert nothing_stored(world, functional)


def test_oversize_file_is_refused_with_the_limit_and_nothing_is_stored(form, world, functional):
    api.portal.set_registry_record("digitalgemeinde.upload_max_mb", 1)
    transaction.commit()
    browser = open_form(functional["app"], form)
    attach(browser, PDF + b"\0" * (1024 * 1024), "gross.pdf", "application/pdf")
    send(browser)
    assert too_big(1) in field_block(browser, "document")
    assert nothing_stored(world, functional)


def test_file_types_follow_the_settings(form, world, functional):
    api.portal.set_registry_record("digitalgemeinde.allowed_file_types", ["pdf"])
    transaction.commit()
    browser = open_form(functional["app"], form)
    attach(browser, PNG, "foto.png", "image/png")
    send(browser)
    assert wrong_type("PDF") in browser.contents
    assert nothing_stored(world, functional)


def test_too_many_parameters_are_refused_and_nothing_is_stored(form, world, functional):
    browser = browser_for(functional["app"])
    browser.open(form.absolute_url())
    fields = {
        "form.widgets.name": "Anna Muster",
        "form.widgets.email": "anna@example.ch",
        "form.widgets.dog": "Bello",
        "form.buttons.submit": "Senden",
        "_authenticator": browser.getControl(name="_authenticator").value,
    }
    padding = {f"x{number}": "1" for number in range(parameter_limit(5))}
    browser.post(form.absolute_url(), {**fields, **padding})
    transaction.begin()
    refusal = shown(
        "The form was sent with too many fields (${count}, at most ${limit}). "
        "Please reload the form and fill it in again.",
        count=len(fields) + len(padding),
        limit=parameter_limit(5),
    )
    assert refusal in browser.contents
    assert nothing_stored(world, functional)


def test_missing_required_field_is_refused_and_nothing_is_stored(form, world, functional):
    browser = open_form(functional["app"], form, dog="")
    send(browser)
    assert shown_plone("Required input is missing.") in browser.contents
    assert nothing_stored(world, functional)


# --- the control panel ----------------------------------------------------------------------


def test_manager_sets_the_limits_in_the_control_panel(functional):
    browser = browser_for(functional["app"], "admin")
    browser.open(f"{functional['portal'].absolute_url()}/@@digitalgemeinde-settings")
    assert browser.getControl(name="form.widgets.upload_max_mb").value == "10"
    types = browser.getControl(name="form.widgets.allowed_file_types:list")
    assert sorted(types.value) == ["jpeg", "pdf", "png"]
    browser.getControl(name="form.widgets.upload_max_mb").value = "25"
    types.value = ["pdf", "heic"]
    browser.getControl(name="form.buttons.save").click()
    transaction.begin()
    assert api.portal.get_registry_record("digitalgemeinde.upload_max_mb") == 25
    assert api.portal.get_registry_record("digitalgemeinde.allowed_file_types") == [
        "pdf",
        "heic",
    ]


def test_control_panel_refuses_more_than_100_mb(functional):
    browser = browser_for(functional["app"], "admin")
    browser.open(f"{functional['portal'].absolute_url()}/@@digitalgemeinde-settings")
    browser.getControl(name="form.widgets.upload_max_mb").value = "500"
    browser.getControl(name="form.buttons.save").click()
    transaction.begin()
    assert api.portal.get_registry_record("digitalgemeinde.upload_max_mb") == 10
