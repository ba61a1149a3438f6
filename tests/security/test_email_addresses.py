"""digitalgemeinde.emails: one bare address passes, nothing that could add a header does."""

import pytest

from digitalgemeinde.emails import is_email


@pytest.mark.parametrize(
    "value",
    [
        "anna@example.ch",
        "anna.muster+amt@liestal.example.ch",
        "o'hara@example.org",
        "ANNA@EXAMPLE.CH",
        "a@b-c.ch",
    ],
)
def test_a_bare_address_passes(value):
    assert is_email(value)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "anna",
        "anna@",
        "@example.ch",
        "anna@example",
        "anna@@example.ch",
        "anna@exam_ple.ch",
        "anna muster@example.ch",
        " anna@example.ch",
        "jens@österreich.example.com",
        "anna,beat@example.ch",
        None,
        b"anna@example.ch",
    ],
)
def test_no_address_fails(value):
    assert not is_email(value)


@pytest.mark.parametrize(
    "value", ["Anna Muster <anna@example.ch>", '"Anna" <anna@example.ch>', "<anna@example.ch>"]
)
def test_an_address_with_a_display_name_fails(value):
    assert not is_email(value)


@pytest.mark.parametrize("separator", ["\r\n", "\n", "\r", "\x0b", "\x0c", "\x85", "\u2028", "\0"])
@pytest.mark.parametrize("where", ["end", "middle"])
def test_a_line_break_never_passes(separator, where):
    """Header injection: ``$`` in a regex lets a trailing newline through, ``is_email`` not."""
    injected = f"{separator}Bcc: evil@example.org"
    value = "anna@example.ch" + (separator if where == "end" else injected)
    assert not is_email(value)


def test_the_content_types_email_fields_take_the_same_check():
    """An office's or a tenant's address is refused as invitations and deliveries refuse it."""
    from plone.schema.email import InvalidEmail

    from digitalgemeinde.content_types.contact import email_field
    from digitalgemeinde.content_types.office import IOfficeSchema

    for field in (email_field(), IOfficeSchema["email"]):
        field.validate("einwohnerdienste@liestal.example.ch")
        for bad in ("a,b@example.ch", "Anna <anna@example.ch>", "anna@example.ch\nBcc: x@y.ch"):
            with pytest.raises(InvalidEmail):
                field.validate(bad)
