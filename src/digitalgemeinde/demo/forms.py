"""Demo data: the request forms of every municipality and a few requests in Liestal's inbox.

Plain data, read by ``setup.py``. Each form is linked from the service named by ``service`` and
delivers, through the "Deliver to office" action, to that service's responsible office. Texts
may name ``{name}`` (Liestal), ``{authority}`` (Stadt Liestal) and ``{phone}`` (the phone of the
Einwohnerdienste); the field models are supermodel XML, as an editor sees them in the form.
"""

from dataclasses import dataclass
from datetime import date

from digitalgemeinde.association.adoption import actions_model

PERSON_FIELDS = """
    <field name="vorname" type="zope.schema.TextLine">
      <title>Vorname</title>
    </field>
    <field name="nachname" type="zope.schema.TextLine">
      <title>Nachname</title>
    </field>
    <field name="geburtsdatum" type="zope.schema.Date">
      <title>Geburtsdatum</title>
    </field>
    <field name="email" type="plone.schema.email.Email">
      <title>E-Mail</title>
      <description>An diese Adresse senden wir die Eingangsbestätigung mit Ihrer
        Referenznummer und Rückfragen der Einwohnerdienste.</description>
    </field>
    <field name="telefon" type="zope.schema.TextLine">
      <title>Telefon</title>
      <description>Für Rückfragen tagsüber, z. B. 079 123 45 67.</description>
      <required>False</required>
    </field>"""

REMARKS_FIELD = """
    <field name="bemerkungen" type="zope.schema.Text">
      <title>Bemerkungen</title>
      <description>Was wir sonst noch wissen sollten.</description>
      <required>False</required>
    </field>"""

WOHNSITZ_FIELDS = """
    <field name="adresse" type="zope.schema.TextLine">
      <title>Wohnadresse in {name}</title>
      <description>Strasse und Hausnummer, unter der Sie gemeldet sind.</description>
    </field>
    <field name="verwendungszweck" type="zope.schema.Choice">
      <title>Verwendungszweck</title>
      <description>Wofür brauchen Sie die Bestätigung?</description>
      <values>
        <element>Arbeitgeber</element>
        <element>Bank oder Versicherung</element>
        <element>Schule oder Ausbildung</element>
        <element>Ausländische Behörde</element>
        <element>Anderer Zweck</element>
      </values>
    </field>
    <field name="anzahl" type="zope.schema.Int">
      <title>Anzahl Exemplare</title>
      <default>1</default>
      <min>1</min>
      <max>5</max>
    </field>
    <field name="fruehere_adressen" type="zope.schema.Bool">
      <title>Frühere Adressen in {name} aufführen</title>
      <description>Die Bestätigung nennt dann auch Ihre früheren Adressen in der Gemeinde
        mit Ein- und Auszugsdatum.</description>
      <required>False</required>
    </field>
    <field name="zustellung" type="zope.schema.Choice">
      <title>Zustellung</title>
      <default>Per Post (zuzüglich Porto)</default>
      <values>
        <element>Per Post (zuzüglich Porto)</element>
        <element>Abholung am Schalter</element>
      </values>
    </field>
    <field name="vollmacht" type="plone.namedfile.field.NamedBlobFile">
      <title>Vollmacht</title>
      <description>Nur wenn Sie die Bestätigung für eine andere Person bestellen als für sich
        selbst oder Ihre minderjährigen Kinder.</description>
      <required>False</required>
    </field>"""

HUND_FIELDS = """
    <field name="adresse" type="zope.schema.TextLine">
      <title>Wohnadresse in {name}</title>
      <description>Strasse und Hausnummer, wo der Hund gehalten wird.</description>
    </field>
    <field name="hund_name" type="zope.schema.TextLine">
      <title>Name des Hundes</title>
    </field>
    <field name="rasse" type="zope.schema.TextLine">
      <title>Rasse</title>
      <description>Bei Mischlingen die erkennbaren Rassen, z. B. «Labrador-Mischling».
      </description>
    </field>
    <field name="geschlecht" type="zope.schema.Choice">
      <title>Geschlecht</title>
      <values>
        <element>Rüde</element>
        <element>Hündin</element>
      </values>
    </field>
    <field name="hund_geburtsdatum" type="zope.schema.Date">
      <title>Geburtsdatum des Hundes</title>
      <description>Ein ungefähres Datum genügt, wenn Sie es nicht genau kennen.</description>
    </field>
    <field name="chip_nummer" type="zope.schema.TextLine">
      <title>Mikrochip-Nummer</title>
      <description>15-stellige Nummer aus dem Heimtierausweis oder der Registrierung in
        AMICUS.</description>
    </field>
    <field name="versicherung" type="zope.schema.TextLine">
      <title>Haftpflichtversicherung</title>
      <description>Gesellschaft und Policennummer. Die Deckung muss mindestens drei Millionen
        Franken betragen.</description>
    </field>
    <field name="versicherungsnachweis" type="plone.namedfile.field.NamedBlobFile">
      <title>Nachweis der Haftpflichtversicherung</title>
      <description>Police oder Bestätigung der Versicherung als PDF oder Foto.</description>
      <required>False</required>
    </field>
    <field name="assistenzhund" type="zope.schema.Bool">
      <title>Blindenführ- oder Assistenzhund</title>
      <description>Diese Hunde sind von der Hundesteuer befreit; bitte legen Sie den Ausweis
        bei.</description>
      <required>False</required>
    </field>"""

UMZUG_FIELDS = """
    <field name="art" type="zope.schema.Choice">
      <title>Art der Meldung</title>
      <values>
        <element>Zuzug nach {name}</element>
        <element>Umzug innerhalb von {name}</element>
        <element>Wegzug aus {name}</element>
      </values>
    </field>
    <field name="umzugsdatum" type="zope.schema.Date">
      <title>Datum des Umzugs</title>
      <description>Melden Sie den Umzug innert 14 Tagen nach diesem Datum.</description>
    </field>
    {person}
    <field name="bisherige_adresse" type="zope.schema.TextLine">
      <title>Bisherige Adresse</title>
      <description>Strasse, Hausnummer, Postleitzahl und Ort.</description>
    </field>
    <field name="neue_adresse" type="zope.schema.TextLine">
      <title>Neue Adresse</title>
      <description>Strasse, Hausnummer, Postleitzahl und Ort.</description>
    </field>
    <field name="wohnung" type="zope.schema.TextLine">
      <title>Wohnung</title>
      <description>Stockwerk und Lage (z. B. «2. OG links») oder die eidgenössische
        Wohnungsnummer (EWID) aus dem Mietvertrag.</description>
      <required>False</required>
    </field>
    <field name="vermieterschaft" type="zope.schema.TextLine">
      <title>Vermieterschaft oder Verwaltung</title>
      <description>Leer lassen, wenn Sie im eigenen Haus oder in der eigenen Wohnung
        wohnen.</description>
      <required>False</required>
    </field>
    <field name="weitere_personen" type="zope.schema.Text">
      <title>Weitere Personen, die mitziehen</title>
      <description>Je Zeile Name, Vorname und Geburtsdatum der Personen Ihres Haushalts,
        für die Sie die Meldung machen.</description>
      <required>False</required>
    </field>
    <field name="hund" type="zope.schema.Bool">
      <title>Ein Hund zieht mit</title>
      <description>Melden Sie ihn zusätzlich mit dem Formular «Hund anmelden».</description>
      <required>False</required>
    </field>
    <field name="mietvertrag" type="plone.namedfile.field.NamedBlobFile">
      <title>Mietvertrag oder Bestätigung der Vermieterschaft</title>
      <description>Als PDF oder Foto. Sie können ihn auch am Schalter vorweisen.</description>
      <required>False</required>
    </field>
    <field name="ausweiskopie" type="plone.namedfile.field.NamedBlobFile">
      <title>Kopie von Pass oder Identitätskarte</title>
      <description>Vorder- und Rückseite, als PDF oder Foto.</description>
      <required>False</required>
    </field>"""


def fields_model(*fragments: str) -> str:
    body = "".join(fragments)
    return (
        '<model xmlns="http://namespaces.plone.org/supermodel/schema">\n'
        f"  <schema>{body}\n  </schema>\n</model>\n"
    )


# Exactly one action: the request goes to the inbox of the linked service's responsible office
# (no ``office``), and the receipt to the address in the field ``email``.
ACTIONS_MODEL = actions_model(None)  # the office: the service's responsible office

THANKS_PROLOGUE = (
    "<p>Sie erhalten in den nächsten Minuten eine Eingangsbestätigung per E-Mail. Sie nennt "
    "Ihre Referenznummer und einen persönlichen Link, unter dem Sie den Stand Ihrer Anfrage "
    "verfolgen können. Bitte geben Sie diesen Link nicht weiter.</p>"
    "<p>Ihre Angaben:</p>"
)
THANKS_EPILOGUE = (
    "<p>Fragen? Die Einwohnerdienste der {authority} erreichen Sie unter {phone}. Bitte nennen "
    "Sie Ihre Referenznummer.</p>"
)

REQUEST_FORMS = [
    {
        "id": "formular-wohnsitzbestaetigung",
        "service": "wohnsitzbestaetigung",
        "title": "Wohnsitzbestätigung bestellen",
        "description": "Bestellen Sie eine amtliche Bestätigung Ihres Wohnsitzes in {name}.",
        "fields_model": fields_model(PERSON_FIELDS, WOHNSITZ_FIELDS, REMARKS_FIELD),
        "formPrologue": (
            "<p>Die Bestätigung kostet CHF {fee} pro Exemplar und kommt mit der Rechnung per "
            "Post, wenn Sie sie nicht am Schalter abholen. Für andere Personen als sich selbst "
            "und Ihre minderjährigen Kinder braucht es eine Vollmacht.</p>"
        ),
        "submitLabel": "Bestellen",
        "thankstitle": "Vielen Dank für Ihre Bestellung",
        "thanksdescription": "Ihre Bestellung ist bei den Einwohnerdiensten eingegangen.",
    },
    {
        "id": "formular-hund-anmelden",
        "service": "hund-anmelden",
        "title": "Hund anmelden",
        "description": "Melden Sie Ihren Hund bei den Einwohnerdiensten von {name} an.",
        "fields_model": fields_model(PERSON_FIELDS, HUND_FIELDS, REMARKS_FIELD),
        "formPrologue": (
            "<p>Hunde ab drei Monaten sind innert 14 Tagen nach Übernahme oder Zuzug "
            "anzumelden. Die Hundesteuer beträgt CHF {fee} pro Jahr; Sie erhalten die "
            "Hundemarke mit der Rechnung.</p>"
        ),
        "submitLabel": "Anmelden",
        "thankstitle": "Vielen Dank für Ihre Anmeldung",
        "thanksdescription": "Die Anmeldung Ihres Hundes ist bei den Einwohnerdiensten "
        "eingegangen.",
    },
    {
        "id": "formular-umzug-melden",
        "service": "umzug-melden",
        "title": "Umzug melden",
        "description": (
            "Zuzug, Wegzug oder Umzug innerhalb von {name} online melden. Die Meldung ist auch "
            "über eUmzugCH (www.eumzug.swiss) möglich, den Dienst von Bund, Kantonen und "
            "Gemeinden."
        ),
        "fields_model": fields_model(UMZUG_FIELDS.replace("{person}", PERSON_FIELDS.strip())),
        "formPrologue": (
            "<p>Melden Sie den Umzug innert 14 Tagen. Wer aus dem Ausland zuzieht, meldet sich "
            "persönlich am Schalter.</p>"
            "<p>Sie ziehen zwischen zwei Gemeinden um, die beide eUmzugCH anbieten? Dann "
            "erledigen Sie Ab- und Anmeldung in einem Schritt auf "
            '<a href="https://www.eumzug.swiss">www.eumzug.swiss</a>.</p>'
        ),
        "submitLabel": "Meldung absenden",
        "thankstitle": "Vielen Dank für Ihre Meldung",
        "thanksdescription": "Ihre Umzugsmeldung ist bei den Einwohnerdiensten eingegangen.",
    },
]


@dataclass(frozen=True)
class DemoFile:
    """An upload as the form hands it over (what ``storable`` reads)."""

    filename: str
    data: bytes
    contentType: str = "application/pdf"  # noqa: N815 (the name plone.namedfile uses)


def demo_pdf(*lines: str) -> bytes:
    """A one-page PDF that shows ``lines``: enough for a viewer to open the demo upload."""
    text = " ".join(f"({line}) Tj T*" for line in lines)
    stream = f"BT /F1 12 Tf 14 TL 72 760 Td {text} ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(pdf)


# Requests in the inbox of Liestal's Einwohnerdienste: submitted anonymously or with the
# citizen account ``user``, then worked by the clerk through ``steps`` (transition, comment).
# The addresses are under example.ch: a demo request never mails a real person.
DEMO_REQUESTS_TENANT = "liestal"
DEMO_REQUESTS_CLERK = "liestal-clerk"
DEMO_REQUESTS = [
    {
        "form": "formular-hund-anmelden",
        "user": None,
        "values": {
            "vorname": "Reto",
            "nachname": "Gerber",
            "geburtsdatum": date(1984, 3, 12),
            "email": "reto.gerber@example.ch",
            "telefon": "079 412 55 18",
            "adresse": "Kasernenstrasse 22",
            "hund_name": "Bello",
            "rasse": "Berner Sennenhund",
            "geschlecht": "Rüde",
            "hund_geburtsdatum": date(2025, 6, 1),
            "chip_nummer": "756098100123456",
            "versicherung": "Baloise, Police 40.123.456",
            "assistenzhund": False,
        },
        "steps": [],
    },
    {
        "form": "formular-wohnsitzbestaetigung",
        "user": "buerger",
        "values": {
            "vorname": "Anna",
            "nachname": "Muster",
            "geburtsdatum": date(1990, 11, 4),
            "email": "buerger@example.ch",
            "adresse": "Rheinstrasse 14",
            "verwendungszweck": "Bank oder Versicherung",
            "anzahl": 1,
            "fruehere_adressen": False,
            "zustellung": "Per Post (zuzüglich Porto)",
        },
        "steps": [],
    },
    {
        "form": "formular-umzug-melden",
        "user": None,
        "values": {
            "art": "Zuzug nach Liestal",
            "umzugsdatum": date(2026, 11, 1),
            "vorname": "Fatima",
            "nachname": "Rexhepi",
            "geburtsdatum": date(1979, 7, 23),
            "email": "f.rexhepi@example.ch",
            "telefon": "061 921 33 40",
            "bisherige_adresse": "Hauptstrasse 5, 4416 Bubendorf",
            "neue_adresse": "Gestadeckplatz 3, 4410 Liestal",
            "wohnung": "3. OG rechts",
            "vermieterschaft": "Immobilien Ergolz AG",
            "weitere_personen": "Rexhepi Arben, 02.02.1977\nRexhepi Elira, 15.09.2012",
            "hund": False,
            "mietvertrag": DemoFile(
                "Mietvertrag-Gestadeckplatz-3.pdf",
                demo_pdf(
                    "Mietvertrag - Demo",
                    "Gestadeckplatz 3, 4410 Liestal, 3. OG rechts",
                    "Mieterin: Fatima Rexhepi, Mietbeginn 1. November 2026",
                ),
            ),
        },
        "steps": [("accept", "")],
    },
    {
        "form": "formular-hund-anmelden",
        "user": None,
        "values": {
            "vorname": "Monika",
            "nachname": "Schweizer",
            "geburtsdatum": date(1968, 1, 30),
            "email": "monika.schweizer@example.ch",
            "adresse": "Burgstrasse 61",
            "hund_name": "Luna",
            "rasse": "Labrador-Mischling",
            "geschlecht": "Hündin",
            "hund_geburtsdatum": date(2024, 2, 15),
            "chip_nummer": "756098100654321",
            "versicherung": "Mobiliar",
            "assistenzhund": False,
            "bemerkungen": "Luna ist aus dem Tierheim Münchenstein zu uns gekommen.",
        },
        "steps": [
            ("accept", ""),
            (
                "ask",
                "Bitte senden Sie uns die Policennummer Ihrer Haftpflichtversicherung oder "
                "laden Sie die Police hoch. Ohne Nachweis der Deckung von drei Millionen "
                "Franken können wir die Hundemarke nicht ausstellen.",
            ),
        ],
    },
    {
        "form": "formular-wohnsitzbestaetigung",
        "user": None,
        "values": {
            "vorname": "Luca",
            "nachname": "Bianchi",
            "geburtsdatum": date(2001, 5, 9),
            "email": "luca.bianchi@example.ch",
            "adresse": "Seltisbergerstrasse 8",
            "verwendungszweck": "Ausländische Behörde",
            "anzahl": 2,
            "fruehere_adressen": True,
            "zustellung": "Abholung am Schalter",
        },
        "steps": [
            ("accept", ""),
            (
                "complete",
                "Ihre zwei Wohnsitzbestätigungen liegen am Schalter der Einwohnerdienste für "
                "Sie bereit. Die Gebühr bezahlen Sie beim Abholen.",
            ),
        ],
    },
    {
        "form": "formular-umzug-melden",
        "user": None,
        "values": {
            "art": "Umzug innerhalb von Liestal",
            "umzugsdatum": date(2026, 9, 1),
            "vorname": "Peter",
            "nachname": "Wirz",
            "geburtsdatum": date(1956, 12, 2),
            "email": "peter.wirz@example.ch",
            "bisherige_adresse": "Fischmarkt 12, 4410 Liestal",
            "neue_adresse": "Oristalstrasse 40, 4410 Liestal",
            "hund": False,
        },
        "steps": [
            (
                "reject",
                "Sie haben diesen Umzug bereits am 2. September am Schalter gemeldet; Sie sind "
                "seither an der Oristalstrasse 40 eingetragen. Es ist nichts weiter zu tun.",
            ),
        ],
    },
]
