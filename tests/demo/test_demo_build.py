"""demo.build: the demo makes the texts of rich-text fields rich text, by the type's schemas."""

from plone.app.textfield.value import RichTextValue

from digitalgemeinde.demo.build import rich_text_fields
from digitalgemeinde.demo.build import typed


def test_rich_text_fields_are_read_from_the_schemas_and_behaviours(integration):
    service = rich_text_fields("Service")
    assert {"what_it_is", "requirements", "documents", "procedure", "legal_basis"} <= service
    assert not {"title", "description", "fees_text", "processing_time"} & service
    assert rich_text_fields("StandardService") == service
    assert "duties" in rich_text_fields("Office")
    assert "text" in rich_text_fields("News Item")  # from the plone.richtext behaviour
    assert "text" in rich_text_fields("Workshop")
    assert {"formPrologue", "thanksPrologue", "thanksEpilogue"} <= rich_text_fields("EasyForm")


def test_typed_makes_only_rich_text_fields_rich_text(integration):
    done = RichTextValue("<p>schon</p>", "text/html", "text/x-html-safe")
    values = typed(
        "Service",
        {"title": "Titel", "what_it_is": "<p>Was</p>", "procedure": done, "fees_text": "CHF 5"},
    )
    assert values["title"] == "Titel"
    assert values["fees_text"] == "CHF 5"
    assert values["procedure"] is done
    assert isinstance(values["what_it_is"], RichTextValue)
    assert values["what_it_is"].raw == "<p>Was</p>"
    assert values["what_it_is"].outputMimeType == "text/x-html-safe"
