"""Demo data: the association "Digitale Gemeinden BL" with its service catalog, workshops, news
and status page, and the standard services the demo municipalities have adopted.

Plain data, then ``create_association`` (called by ``setup.create_demo_content`` once the canton,
the municipalities and their offices exist). Like the rest of the demo it creates only what is
missing: a standard service that exists is left as it is, a municipality that has adopted a
standard is not given a second copy.

The standard services go through their workflow as real ones do: the Public Innovator submits,
the association's editor releases with a change note. One is left in draft, one in review and
one retired; "Solaranlage melden" gets a second version after its adoption, so that Liestal and
Reinach are offered an update. Texts are plain German for every municipality: no ``{name}``.
"""

from contextlib import nullcontext
from datetime import UTC
from datetime import datetime
from decimal import Decimal

from Acquisition import aq_base
from DateTime import DateTime
from persistent.list import PersistentList
from plone import api
from plone.namedfile.file import NamedBlobFile

from digitalgemeinde.association import ASSOCIATION_GROUPS
from digitalgemeinde.association import state_of
from digitalgemeinde.association.adoption import adopt
from digitalgemeinde.association.adoption import adopted_in
from digitalgemeinde.association.adoption import form_of
from digitalgemeinde.demo import content
from digitalgemeinde.demo import setup
from digitalgemeinde.demo import users
from digitalgemeinde.demo.forms import demo_pdf
from digitalgemeinde.demo.forms import fields_model
from digitalgemeinde.submissions.values import TIMEZONE

ASSOCIATION = {
    "id": "verband",
    "title": "Digitale Gemeinden BL",
    "description": (
        "Die Baselbieter Gemeinden und der Kanton Basel-Landschaft beschreiben ihre "
        "Online-Leistungen gemeinsam: einmal erarbeitet, von jeder Gemeinde übernommen."
    ),
    "canton": "BL",
    "email": "info@verband.example.ch",
    "text": (
        "<p>Im Verein <strong>Digitale Gemeinden BL</strong> arbeiten die Baselbieter Gemeinden "
        "und der Kanton Basel-Landschaft gemeinsam an ihren Online-Leistungen. Statt dass jede "
        "der 86 Gemeinden ihre Formulare selbst entwickelt, beschreiben wir jede Leistung "
        "einmal: mit Text, Voraussetzungen, Gebühren, Rechtsgrundlagen und Online-Formular. "
        "Jede Gemeinde übernimmt sie mit wenigen Klicks.</p>"
        "<h3>So arbeiten wir</h3>"
        "<ul><li><strong>Workshops:</strong> Mitarbeitende der Gemeinden, unsere Public "
        "Innovators, erarbeiten die Standardleistungen einer Lebenslage gemeinsam.</li>"
        "<li><strong>Leistungskatalog:</strong> Die Redaktion des Vereins prüft die Entwürfe "
        "und gibt sie als Version frei. Jede Version nennt, was sich geändert hat.</li>"
        "<li><strong>Übernahme:</strong> Die Gemeinden übernehmen die freigegebenen Leistungen, "
        "bestimmen das zuständige Amt, ergänzen ihre Gebühren und schalten Leistung und "
        "Formular online. Neue Versionen werden ihnen als Aktualisierung angeboten.</li></ul>"
        "<p>Kanton und Gemeinden finanzieren das Projekt von 2026 bis 2029 mit je CHF 2.50 pro "
        "Einwohnerin und Einwohner und Jahr. Unser Ziel: Ende 2029 bietet jede beteiligte "
        "Gemeinde mindestens 80 Prozent der Standardleistungen online an.</p>"
    ),
}

CATALOG = {
    "id": "leistungskatalog",
    "title": "Leistungskatalog",
    "description": (
        "Die Standardleistungen des Vereins: von den Public Innovators erarbeitet, von der "
        "Redaktion freigegeben, von den Gemeinden übernommen."
    ),
}

# Who moves the standard services through their workflow (demo users of users.py).
INNOVATOR = "verband-innovator"
EDITOR = "verband-editor"

# --- form templates (easyform field models; "email" receives the receipt) ---------------------

CONTACT_FIELDS = """
    <field name="vorname" type="zope.schema.TextLine">
      <title>Vorname</title>
    </field>
    <field name="nachname" type="zope.schema.TextLine">
      <title>Nachname</title>
    </field>
    <field name="email" type="plone.schema.email.Email">
      <title>E-Mail</title>
      <description>An diese Adresse senden wir die Eingangsbestätigung mit Ihrer
        Referenznummer und unsere Rückfragen.</description>
    </field>
    <field name="telefon" type="zope.schema.TextLine">
      <title>Telefon</title>
      <description>Für Rückfragen tagsüber, z. B. 061 921 00 00.</description>
      <required>False</required>
    </field>"""

BIRTH_DATE_FIELD = """
    <field name="geburtsdatum" type="zope.schema.Date">
      <title>Geburtsdatum</title>
    </field>"""

REMARKS_FIELD = """
    <field name="bemerkungen" type="zope.schema.Text">
      <title>Bemerkungen</title>
      <description>Was wir sonst noch wissen sollten.</description>
      <required>False</required>
    </field>"""

LEBENSBESTAETIGUNG_FIELDS = """
    <field name="adresse" type="zope.schema.TextLine">
      <title>Wohnadresse</title>
      <description>Strasse und Hausnummer, unter der Sie gemeldet sind.</description>
    </field>
    <field name="rentenkasse" type="zope.schema.TextLine">
      <title>Rentenkasse</title>
      <description>Z. B. Deutsche Rentenversicherung, INPS oder die Pensionskasse Ihres
        früheren Arbeitgebers.</description>
    </field>
    <field name="versicherungsnummer" type="zope.schema.TextLine">
      <title>Versicherungs- oder Rentennummer</title>
      <description>Steht auf dem Schreiben der Rentenkasse.</description>
      <required>False</required>
    </field>
    <field name="formular_rentenkasse" type="plone.namedfile.field.NamedBlobFile">
      <title>Formular der Rentenkasse</title>
      <description>Wenn Ihre Rentenkasse ein eigenes Formular verlangt, laden Sie es hier
        hoch. Sonst stellen wir die Bestätigung der Gemeinde aus.</description>
      <required>False</required>
    </field>
    <field name="zustellung" type="zope.schema.Choice">
      <title>Zustellung</title>
      <default>Per Post an meine Wohnadresse</default>
      <values>
        <element>Per Post an meine Wohnadresse</element>
        <element>Direkt an die Rentenkasse</element>
        <element>Abholung am Schalter</element>
      </values>
    </field>"""

ADRESSAUSKUNFT_FIELDS = """
    <field name="gesucht_nachname" type="zope.schema.TextLine">
      <title>Nachname der gesuchten Person</title>
    </field>
    <field name="gesucht_vorname" type="zope.schema.TextLine">
      <title>Vorname der gesuchten Person</title>
    </field>
    <field name="gesucht_geburtsdatum" type="zope.schema.Date">
      <title>Geburtsdatum der gesuchten Person</title>
      <description>Wenn Sie es kennen: So vermeiden wir Verwechslungen.</description>
      <required>False</required>
    </field>
    <field name="letzte_adresse" type="zope.schema.TextLine">
      <title>Letzte bekannte Adresse</title>
      <required>False</required>
    </field>
    <field name="grund" type="zope.schema.Choice">
      <title>Grund der Anfrage</title>
      <values>
        <element>Offene Forderung</element>
        <element>Mietverhältnis</element>
        <element>Erbschaft</element>
        <element>Persönliche Kontaktaufnahme</element>
        <element>Anderer Grund</element>
      </values>
    </field>
    <field name="begruendung" type="zope.schema.Text">
      <title>Begründung</title>
      <description>Wozu brauchen Sie die Adresse?</description>
    </field>
    <field name="belege" type="plone.namedfile.field.NamedBlobFile">
      <title>Belege</title>
      <description>Bei Forderungen: Rechnung, Vertrag oder Betreibungsunterlagen.</description>
      <required>False</required>
    </field>"""

WOCHENAUFENTHALT_FIELDS = """
    <field name="wohnsitzgemeinde" type="zope.schema.TextLine">
      <title>Wohnsitzgemeinde</title>
      <description>Die Gemeinde, in der Sie Ihren Wohnsitz behalten.</description>
    </field>
    <field name="adresse" type="zope.schema.TextLine">
      <title>Adresse des Wochenaufenthalts</title>
      <description>Strasse und Hausnummer in unserer Gemeinde.</description>
    </field>
    <field name="beginn" type="zope.schema.Date">
      <title>Beginn des Wochenaufenthalts</title>
    </field>
    <field name="grund" type="zope.schema.Choice">
      <title>Grund</title>
      <values>
        <element>Arbeit</element>
        <element>Ausbildung oder Studium</element>
      </values>
    </field>
    <field name="heimatausweis" type="plone.namedfile.field.NamedBlobFile">
      <title>Heimatausweis oder Wohnsitzbestätigung</title>
      <description>Von Ihrer Wohnsitzgemeinde, als PDF oder Foto.</description>
      <required>False</required>
    </field>
    <field name="mietvertrag" type="plone.namedfile.field.NamedBlobFile">
      <title>Mietvertrag oder Bestätigung der Unterkunft</title>
      <required>False</required>
    </field>"""

TAGESKARTE_FIELDS = """
    <field name="reisedatum" type="zope.schema.Date">
      <title>Reisedatum</title>
    </field>
    <field name="anzahl" type="zope.schema.Int">
      <title>Anzahl Tageskarten</title>
      <default>1</default>
      <min>1</min>
      <max>4</max>
    </field>"""

SOLARANLAGE_FIELDS = """
    <field name="liegenschaft" type="zope.schema.TextLine">
      <title>Adresse der Liegenschaft</title>
    </field>
    <field name="parzelle" type="zope.schema.TextLine">
      <title>Parzellennummer</title>
      <description>Steht im Grundbuchauszug oder auf geoview.bl.ch.</description>
      <required>False</required>
    </field>
    <field name="eigentuemer" type="zope.schema.TextLine">
      <title>Eigentümerin oder Eigentümer</title>
      <description>Nur wenn Sie nicht selbst Eigentümerin oder Eigentümer sind.</description>
      <required>False</required>
    </field>
    <field name="dach" type="zope.schema.Choice">
      <title>Dach</title>
      <values>
        <element>Schrägdach</element>
        <element>Flachdach</element>
      </values>
    </field>
    <field name="flaeche" type="zope.schema.Int">
      <title>Fläche der Module in m²</title>
      <min>1</min>
    </field>
    <field name="baubeginn" type="zope.schema.Date">
      <title>Geplanter Baubeginn</title>
      <description>Frühestens 30 Tage nach dieser Meldung.</description>
    </field>
    <field name="schutzobjekt" type="zope.schema.Bool">
      <title>Das Gebäude ist geschützt oder liegt in einer Ortsbildschutzzone</title>
      <description>Dann braucht es ein Baugesuch; wir beraten Sie gern.</description>
      <required>False</required>
    </field>
    <field name="plan" type="plone.namedfile.field.NamedBlobFile">
      <title>Dachaufsicht oder Situationsplan mit den Modulen</title>
      <required>False</required>
    </field>"""

SOLARANLAGE_STORAGE_FIELDS = """
    <field name="batteriespeicher" type="zope.schema.Bool">
      <title>Mit Batteriespeicher</title>
      <description>Die Feuerwehr muss wissen, wo ein Speicher steht: Er wird beim
        Hauseingang gekennzeichnet.</description>
      <required>False</required>
    </field>
    <field name="speicher_kapazitaet" type="zope.schema.TextLine">
      <title>Kapazität und Standort des Speichers</title>
      <description>Z. B. «10 kWh, Keller».</description>
      <required>False</required>
    </field>"""

AUFBRUCH_FIELDS = """
    <field name="firma" type="zope.schema.TextLine">
      <title>Ausführende Unternehmung</title>
    </field>
    <field name="ort" type="zope.schema.TextLine">
      <title>Ort des Aufbruchs</title>
      <description>Strasse und Hausnummer, bei Trottoirs die Strassenseite.</description>
    </field>
    <field name="zweck" type="zope.schema.Choice">
      <title>Zweck</title>
      <values>
        <element>Hausanschluss Wasser</element>
        <element>Hausanschluss Abwasser</element>
        <element>Strom oder Kommunikation</element>
        <element>Andere Arbeiten</element>
      </values>
    </field>
    <field name="beginn" type="zope.schema.Date">
      <title>Beginn der Arbeiten</title>
    </field>
    <field name="ende" type="zope.schema.Date">
      <title>Ende der Arbeiten</title>
    </field>
    <field name="flaeche" type="zope.schema.Int">
      <title>Aufbruchfläche in m²</title>
      <min>1</min>
    </field>
    <field name="fahrbahn" type="zope.schema.Bool">
      <title>Die Fahrbahn ist betroffen</title>
      <description>Dann legen Sie bitte ein Verkehrskonzept bei.</description>
      <required>False</required>
    </field>
    <field name="plan" type="plone.namedfile.field.NamedBlobFile">
      <title>Situationsplan mit der Aufbruchfläche</title>
      <required>False</required>
    </field>"""

WASSERANSCHLUSS_FIELDS = """
    <field name="liegenschaft" type="zope.schema.TextLine">
      <title>Adresse der Liegenschaft</title>
    </field>
    <field name="parzelle" type="zope.schema.TextLine">
      <title>Parzellennummer</title>
    </field>
    <field name="art" type="zope.schema.Choice">
      <title>Art des Anschlusses</title>
      <values>
        <element>Neuer Anschluss</element>
        <element>Vergrösserung des bestehenden Anschlusses</element>
        <element>Provisorischer Bauwasseranschluss</element>
      </values>
    </field>
    <field name="wohnungen" type="zope.schema.Int">
      <title>Anzahl Wohnungen</title>
      <min>0</min>
    </field>
    <field name="installateur" type="zope.schema.TextLine">
      <title>Sanitärinstallateur</title>
      <description>Die Unternehmung, die die Hausinstallation erstellt.</description>
    </field>
    <field name="baugesuch" type="zope.schema.TextLine">
      <title>Nummer des Baugesuchs</title>
      <required>False</required>
    </field>
    <field name="plan" type="plone.namedfile.field.NamedBlobFile">
      <title>Situationsplan mit der Leitungsführung</title>
      <required>False</required>
    </field>"""

MIETZINS_FIELDS = """
    <field name="adresse" type="zope.schema.TextLine">
      <title>Wohnadresse</title>
    </field>
    <field name="haushalt" type="zope.schema.Text">
      <title>Personen im Haushalt</title>
      <description>Je Zeile Name, Vorname und Geburtsdatum, auch die Kinder.</description>
    </field>
    <field name="nettomiete" type="zope.schema.Int">
      <title>Monatliche Nettomiete in CHF</title>
      <min>0</min>
    </field>
    <field name="im_kanton_seit" type="zope.schema.Date">
      <title>Im Kanton Basel-Landschaft wohnhaft seit</title>
    </field>
    <field name="mietvertrag" type="plone.namedfile.field.NamedBlobFile">
      <title>Mietvertrag und letzte Mietzinsanpassung</title>
      <required>False</required>
    </field>
    <field name="veranlagung" type="plone.namedfile.field.NamedBlobFile">
      <title>Letzte Steuerveranlagung</title>
      <required>False</required>
    </field>
    <field name="lohnabrechnungen" type="plone.namedfile.field.NamedBlobFile">
      <title>Lohnabrechnungen der letzten drei Monate</title>
      <required>False</required>
    </field>"""

KINDERBETREUUNG_FIELDS = """
    <field name="kind" type="zope.schema.TextLine">
      <title>Vorname und Name des Kindes</title>
    </field>
    <field name="kind_geburtsdatum" type="zope.schema.Date">
      <title>Geburtsdatum des Kindes</title>
    </field>
    <field name="betreuung" type="zope.schema.Choice">
      <title>Betreuung</title>
      <values>
        <element>Kindertagesstätte</element>
        <element>Tagesfamilie</element>
      </values>
    </field>
    <field name="einrichtung" type="zope.schema.TextLine">
      <title>Kita oder Tagesfamilie</title>
    </field>
    <field name="tage" type="zope.schema.Int">
      <title>Betreuungstage pro Woche</title>
      <min>1</min>
      <max>5</max>
    </field>
    <field name="pensum" type="zope.schema.TextLine">
      <title>Arbeitspensum der Eltern</title>
      <description>Z. B. «80 % und 60 %».</description>
    </field>
    <field name="vertrag" type="plone.namedfile.field.NamedBlobFile">
      <title>Betreuungsvertrag</title>
      <required>False</required>
    </field>
    <field name="veranlagung" type="plone.namedfile.field.NamedBlobFile">
      <title>Letzte Steuerveranlagung</title>
      <required>False</required>
    </field>"""

PFLEGE_FIELDS = """
    <field name="gepflegte_person" type="zope.schema.TextLine">
      <title>Vorname und Name der gepflegten Person</title>
    </field>
    <field name="gepflegte_geburtsdatum" type="zope.schema.Date">
      <title>Geburtsdatum der gepflegten Person</title>
    </field>
    <field name="beziehung" type="zope.schema.Choice">
      <title>Sie sind</title>
      <values>
        <element>Ehe- oder Lebenspartner</element>
        <element>Tochter oder Sohn</element>
        <element>Andere Angehörige</element>
        <element>Nachbarin, Nachbar oder Bekannte</element>
      </values>
    </field>
    <field name="hilflosenentschaedigung" type="zope.schema.Choice">
      <title>Hilflosenentschädigung der gepflegten Person</title>
      <values>
        <element>Leichten Grades</element>
        <element>Mittleren Grades</element>
        <element>Schweren Grades</element>
        <element>Beantragt</element>
      </values>
    </field>
    <field name="stunden" type="zope.schema.Int">
      <title>Pflege und Betreuung in Stunden pro Woche</title>
      <min>1</min>
    </field>
    <field name="verfuegung" type="plone.namedfile.field.NamedBlobFile">
      <title>Verfügung über die Hilflosenentschädigung</title>
      <required>False</required>
    </field>"""

# --- standard services -----------------------------------------------------------------------

# ``office``: the office of an adopting municipality (and ``office_hint`` its title);
# ``state``: where the demo leaves the workflow; ``note``: the change note of version 1;
# ``comments``: (user name, text) of the discussion on the standard.
STANDARDS = [
    {
        "id": "lebensbestaetigung",
        "state": "released",
        "note": "Erste Version aus dem Workshop Einwohnerdienste.",
        "office": "einwohnerdienste",
        "office_hint": "Einwohnerdienste",
        "title": "Lebensbestätigung bestellen",
        "description": (
            "Amtliche Bestätigung, dass Sie leben: für Ihre Rente aus dem Ausland oder Ihre "
            "Pensionskasse."
        ),
        "topics": ["personal"],
        "audience": ["private"],
        "what_it_is": (
            "<p>Wer eine Rente aus dem Ausland oder von einer Pensionskasse bezieht, muss in der "
            "Regel einmal im Jahr belegen, dass er noch lebt. Die Einwohnerdienste Ihrer "
            "Wohngemeinde bestätigen dies auf dem Formular der Rentenkasse oder mit einer "
            "eigenen Lebensbestätigung.</p>"
        ),
        "requirements": (
            "<ul><li>Sie sind in der Gemeinde angemeldet.</li>"
            "<li>Verlangt die Rentenkasse eine Unterschrift vor der Behörde, kommen Sie mit "
            "einem gültigen Ausweis am Schalter vorbei.</li></ul>"
        ),
        "documents": (
            "<ul><li>Pass, Identitätskarte oder Ausländerausweis</li>"
            "<li>Das Formular der Rentenkasse, falls sie eines verlangt</li></ul>"
        ),
        "procedure": (
            "<ol><li>Bestellen Sie die Bestätigung online und laden Sie das Formular der "
            "Rentenkasse hoch.</li>"
            "<li>Die Einwohnerdienste prüfen Ihre Angaben im Einwohnerregister.</li>"
            "<li>Sie erhalten die unterschriebene und gestempelte Bestätigung per Post, wir "
            "senden sie direkt an die Rentenkasse oder Sie holen sie am Schalter ab.</li></ol>"
        ),
        "fees_text": "CHF 20.– pro Bestätigung; für Bezügerinnen und Bezüger von "
        "Ergänzungsleistungen kostenlos.",
        "fee_amount": "20.00",
        "processing_time": "2 Arbeitstage",
        "legal_basis": (
            "<ul><li>Registerharmonisierungsgesetz (RHG; SR 431.02)</li>"
            "<li>Gebührenreglement der Gemeinde</li></ul>"
        ),
        "form_template": fields_model(
            CONTACT_FIELDS, BIRTH_DATE_FIELD, LEBENSBESTAETIGUNG_FIELDS, REMARKS_FIELD
        ),
    },
    {
        "id": "adressauskunft",
        "state": "released",
        "note": "Erste Version aus dem Workshop Einwohnerdienste.",
        "office": "einwohnerdienste",
        "office_hint": "Einwohnerdienste",
        "title": "Adressauskunft verlangen",
        "description": (
            "Die aktuelle Adresse einer Person erfragen, die in der Gemeinde wohnt oder "
            "weggezogen ist."
        ),
        "topics": ["personal"],
        "audience": ["private", "companies"],
        "what_it_is": (
            "<p>Die Einwohnerdienste geben Name, Vorname und Adresse einer Person bekannt, bei "
            "einem Wegzug auch den Zielort. Für weitere Angaben machen Sie ein berechtigtes "
            "Interesse glaubhaft, zum Beispiel als Gläubigerin oder Vermieter. Hat die Person "
            "ihre Daten sperren lassen, erteilen wir keine Auskunft.</p>"
        ),
        "requirements": (
            "<ul><li>Sie nennen Name und Vorname der gesuchten Person und wenn möglich ihr "
            "Geburtsdatum oder ihre letzte bekannte Adresse.</li>"
            "<li>Sie begründen, wozu Sie die Adresse brauchen.</li></ul>"
        ),
        "documents": (
            "<ul><li>Bei Forderungen: Rechnung, Vertrag oder Betreibungsunterlagen</li></ul>"
        ),
        "procedure": (
            "<ol><li>Stellen Sie die Anfrage online.</li>"
            "<li>Die Einwohnerdienste prüfen, ob eine Datensperre besteht.</li>"
            "<li>Sie erhalten die Auskunft schriftlich mit der Rechnung.</li></ol>"
        ),
        "fees_text": "CHF 20.– pro gesuchte Person, auch wenn keine Auskunft erteilt werden kann.",
        "fee_amount": "20.00",
        "processing_time": "3 Arbeitstage",
        "legal_basis": (
            "<ul><li>Gesetz über die Information und den Datenschutz (Informations- und "
            "Datenschutzgesetz, IDG) des Kantons Basel-Landschaft</li>"
            "<li>Registerharmonisierungsgesetz (RHG; SR 431.02)</li>"
            "<li>Gebührenreglement der Gemeinde</li></ul>"
        ),
        "form_template": fields_model(CONTACT_FIELDS, ADRESSAUSKUNFT_FIELDS),
    },
    {
        "id": "wochenaufenthalt-anmelden",
        "state": "review",
        "office": "einwohnerdienste",
        "office_hint": "Einwohnerdienste",
        "title": "Wochenaufenthalt anmelden",
        "description": (
            "Sie arbeiten oder studieren unter der Woche hier und kehren am Wochenende an "
            "Ihren Wohnsitz zurück."
        ),
        "topics": ["personal", "work"],
        "audience": ["private"],
        "what_it_is": (
            "<p>Wer unter der Woche in der Gemeinde wohnt, um zu arbeiten oder sich "
            "auszubilden, und regelmässig an den Wohnsitz zurückkehrt, meldet sich als "
            "Wochenaufenthalterin oder Wochenaufenthalter an. Steuern und Stimmrecht bleiben "
            "am Wohnsitz.</p>"
        ),
        "requirements": (
            "<ul><li>Sie kehren mindestens jedes zweite Wochenende an Ihren Wohnsitz "
            "zurück.</li>"
            "<li>Sie melden sich innert 14 Tagen nach dem Zuzug an.</li></ul>"
        ),
        "documents": (
            "<ul><li>Heimatausweis oder Wohnsitzbestätigung der Wohnsitzgemeinde</li>"
            "<li>Mietvertrag oder Bestätigung der Unterkunft</li>"
            "<li>Arbeitsvertrag oder Ausbildungsbestätigung</li></ul>"
        ),
        "procedure": (
            "<ol><li>Melden Sie den Wochenaufenthalt online und laden Sie die Unterlagen "
            "hoch.</li>"
            "<li>Die Einwohnerdienste tragen Sie mit Nebenwohnsitz ein.</li>"
            "<li>Sie erhalten die Bestätigung des Wochenaufenthalts per Post.</li></ol>"
        ),
        "fees_text": "CHF 30.– für die Bestätigung des Wochenaufenthalts.",
        "fee_amount": "30.00",
        "processing_time": "5 Arbeitstage",
        "legal_basis": (
            "<ul><li>Registerharmonisierungsgesetz (RHG; SR 431.02)</li>"
            "<li>Gebührenreglement der Gemeinde</li></ul>"
        ),
        "form_template": fields_model(
            CONTACT_FIELDS, BIRTH_DATE_FIELD, WOCHENAUFENTHALT_FIELDS, REMARKS_FIELD
        ),
        "comments": [
            (
                INNOVATOR,
                "Die Wohnsitzbestätigung sollte Pflicht sein: In Reinach fehlt sie bei jeder "
                "zweiten Anmeldung, und wir müssen nachfragen.",
            ),
        ],
    },
    {
        "id": "tageskarte-gemeinde",
        "state": "retired",
        "note": "Erste Version.",
        "retire_note": "Die SBB haben die Tageskarte Gemeinde Ende 2023 eingestellt.",
        "office": "einwohnerdienste",
        "office_hint": "Einwohnerdienste",
        "title": "Tageskarte Gemeinde reservieren",
        "description": "Eingestellt: Die Tageskarte Gemeinde gibt es seit 2024 nicht mehr.",
        "topics": ["personal", "mobility"],
        "audience": ["private"],
        "what_it_is": (
            "<p>Mit der Tageskarte Gemeinde reisten Einwohnerinnen und Einwohner zu einem "
            "günstigen Preis einen Tag lang mit dem öffentlichen Verkehr durch die ganze "
            "Schweiz. Die Branche hat das Angebot Ende 2023 eingestellt; an seine Stelle ist "
            "die Spartageskarte Gemeinde getreten.</p>"
        ),
        "procedure": (
            "<ol><li>Reservieren Sie die Tageskarte online.</li>"
            "<li>Holen Sie sie innert drei Tagen am Schalter ab und bezahlen Sie sie.</li></ol>"
        ),
        "fees_text": "CHF 45.– pro Tageskarte.",
        "fee_amount": "45.00",
        "processing_time": "Sofort bestätigt",
        "form_template": fields_model(CONTACT_FIELDS, TAGESKARTE_FIELDS),
    },
    {
        "id": "solaranlage-melden",
        "state": "released",
        "note": "Erste Version aus dem Workshop Bauen.",
        "office": "bauverwaltung",
        "office_hint": "Bauverwaltung",
        "title": "Solaranlage melden",
        "description": (
            "Angepasste Solaranlagen auf Dächern brauchen keine Baubewilligung, müssen aber "
            "vor Baubeginn gemeldet werden."
        ),
        "topics": ["building", "environment"],
        "audience": ["private", "companies"],
        "what_it_is": (
            "<p>Auf Dächern in Bau- und Landwirtschaftszonen sind genügend angepasste "
            "Solaranlagen nach Bundesrecht bewilligungsfrei. Sie melden das Vorhaben aber vor "
            "Baubeginn. Die Bauverwaltung prüft, ob die Anlage tatsächlich bewilligungsfrei ist, "
            "und leitet die Meldung an das kantonale Bauinspektorat weiter.</p>"
        ),
        "requirements": (
            "<ul><li>Die Module überragen die Dachfläche rechtwinklig um höchstens 20 cm und "
            "ragen von vorne und von oben gesehen nicht über das Dach hinaus.</li>"
            "<li>Sie bilden eine kompakte Fläche und sind reflexionsarm.</li>"
            "<li>Das Gebäude ist kein Kultur- oder Naturdenkmal und liegt nicht in einer "
            "Schutzzone; sonst braucht es ein Baugesuch.</li></ul>"
        ),
        "documents": (
            "<ul><li>Dachaufsicht oder Situationsplan mit der Lage der Module</li>"
            "<li>Datenblatt der Module</li>"
            "<li>Fotos der Dachfläche</li></ul>"
        ),
        "procedure": (
            "<ol><li>Melden Sie die Anlage mindestens 30 Tage vor Baubeginn online.</li>"
            "<li>Die Bauverwaltung prüft die Meldung und sagt Ihnen, falls doch ein Baugesuch "
            "nötig ist.</li>"
            "<li>Hören Sie bis zum geplanten Baubeginn nichts, dürfen Sie bauen. Melden Sie die "
            "Anlage auch Ihrem Netzbetreiber.</li></ol>"
        ),
        "fees_text": "Die Meldung ist kostenlos.",
        "fee_amount": "0.00",
        "processing_time": "Rückmeldung innert 30 Tagen",
        "legal_basis": (
            "<ul><li>Raumplanungsgesetz (RPG; SR 700), Art. 18a</li>"
            "<li>Raumplanungsverordnung (RPV; SR 700.1), Art. 32a</li>"
            "<li>Raumplanungs- und Baugesetz des Kantons Basel-Landschaft (RBG)</li></ul>"
        ),
        "form_template": fields_model(CONTACT_FIELDS, SOLARANLAGE_FIELDS),
    },
    {
        "id": "aufbruchbewilligung",
        "state": "released",
        "note": "Erste Version aus dem Workshop Bauen.",
        "office": "bauverwaltung",
        "office_hint": "Bauverwaltung",
        "title": "Aufbruchbewilligung beantragen",
        "description": "Bewilligung für Grabarbeiten in Gemeindestrassen, Trottoirs und auf "
        "Plätzen.",
        "topics": ["building"],
        "audience": ["private", "companies"],
        "what_it_is": (
            "<p>Wer in einer Gemeindestrasse, einem Trottoir oder auf einem öffentlichen Platz "
            "graben will, etwa für einen Hausanschluss, braucht eine Aufbruchbewilligung. Sie "
            "regelt Dauer, Verkehrsführung und die Wiederherstellung des Belags.</p>"
        ),
        "requirements": (
            "<ul><li>Das Gesuch geht mindestens zehn Arbeitstage vor Beginn der Arbeiten "
            "ein.</li>"
            "<li>Die Lage der Werkleitungen (Wasser, Abwasser, Strom, Gas, Kommunikation) ist "
            "abgeklärt.</li>"
            "<li>Für Kantonsstrassen ist das kantonale Tiefbauamt zuständig.</li></ul>"
        ),
        "documents": (
            "<ul><li>Situationsplan mit der Aufbruchfläche</li>"
            "<li>Verkehrskonzept, wenn die Fahrbahn betroffen ist</li>"
            "<li>Werkleitungsauskünfte</li></ul>"
        ),
        "procedure": (
            "<ol><li>Die ausführende Unternehmung stellt das Gesuch online.</li>"
            "<li>Die Bauverwaltung prüft es, legt die Auflagen fest und stellt die Bewilligung "
            "aus.</li>"
            "<li>Nach den Arbeiten nimmt der Werkhof den wiederhergestellten Belag ab.</li></ol>"
        ),
        "fees_text": "Grundgebühr CHF 150.–, dazu die Kosten der Belagsabnahme nach Aufwand.",
        "fee_amount": "150.00",
        "processing_time": "10 Arbeitstage",
        "legal_basis": (
            "<ul><li>Strassengesetz des Kantons Basel-Landschaft</li>"
            "<li>Strassenreglement der Gemeinde</li>"
            "<li>Gebührenreglement der Gemeinde</li></ul>"
        ),
        "form_template": fields_model(CONTACT_FIELDS, AUFBRUCH_FIELDS, REMARKS_FIELD),
    },
    {
        "id": "wasseranschluss",
        "state": "released",
        "note": "Erste Version aus dem Workshop Bauen.",
        "office": "bauverwaltung",
        "office_hint": "Bauverwaltung",
        "title": "Wasseranschluss beantragen",
        "description": (
            "Neuer oder grösserer Anschluss einer Liegenschaft an die Wasserversorgung der "
            "Gemeinde."
        ),
        "topics": ["building"],
        "audience": ["private", "companies"],
        "what_it_is": (
            "<p>Neubauten und Umbauten, die mehr Wasser brauchen, schliessen Sie mit einem "
            "Gesuch an die Wasserversorgung der Gemeinde an. Die Gemeinde erstellt die "
            "Anschlussleitung bis zum Wasserzähler; die Hausinstallation erstellt eine "
            "Sanitärinstallateurin mit Bewilligung der Wasserversorgung.</p>"
        ),
        "requirements": (
            "<ul><li>Für das Gebäude liegt eine Baubewilligung vor oder ist beantragt.</li>"
            "<li>Die Installateurin oder der Installateur ist bei der Wasserversorgung "
            "zugelassen.</li></ul>"
        ),
        "documents": (
            "<ul><li>Situationsplan mit der Leitungsführung</li>"
            "<li>Angaben zu Wohnungen, Gewerbe und Löschposten</li></ul>"
        ),
        "procedure": (
            "<ol><li>Stellen Sie das Gesuch online, sobald das Baugesuch eingereicht ist.</li>"
            "<li>Die Bauverwaltung prüft das Gesuch und legt die Anschlussgebühr fest.</li>"
            "<li>Der Brunnmeister vereinbart mit Ihrem Installateur den Termin für den "
            "Anschluss und setzt den Wasserzähler.</li></ol>"
        ),
        "fees_text": (
            "Prüfung des Gesuchs CHF 100.–; die Anschlussgebühr richtet sich nach dem "
            "Wasserreglement der Gemeinde."
        ),
        "fee_amount": "100.00",
        "processing_time": "15 Arbeitstage",
        "legal_basis": (
            "<ul><li>Wasserversorgungsgesetz des Kantons Basel-Landschaft</li>"
            "<li>Wasserreglement der Gemeinde</li>"
            "<li>Richtlinie SVGW W3 für Trinkwasserinstallationen</li></ul>"
        ),
        "form_template": fields_model(CONTACT_FIELDS, WASSERANSCHLUSS_FIELDS, REMARKS_FIELD),
    },
    {
        "id": "mietzinsbeitraege",
        "state": "released",
        "note": "Erste Version nach dem Mietzinsbeitragsgesetz, in Kraft seit 2024.",
        "office": "sozialdienst",
        "office_hint": "Sozialdienst",
        "title": "Mietzinsbeiträge beantragen",
        "description": "Familien und Alleinerziehende mit knappem Budget erhalten einen Beitrag "
        "an die Miete.",
        "topics": ["social", "family"],
        "audience": ["private"],
        "what_it_is": (
            "<p>Mietzinsbeiträge entlasten Familien und Alleinerziehende in bescheidenen "
            "finanziellen Verhältnissen von einer hohen Miete. Sie sind keine Sozialhilfe, "
            "sondern sollen verhindern, dass jemand nur wegen der Miete Sozialhilfe braucht. "
            "Seit 2024 gelten im ganzen Kanton Mindeststandards; die Gemeinde regelt die "
            "Einzelheiten in ihrem Reglement.</p>"
        ),
        "requirements": (
            "<ul><li>Mit Ihnen lebt mindestens ein minderjähriges oder ein Kind in "
            "Erstausbildung.</li>"
            "<li>Sie wohnen seit mindestens zwei Jahren im Kanton Basel-Landschaft und sind "
            "Schweizer Bürgerin oder Bürger oder haben einen Ausweis C, B, F oder S.</li>"
            "<li>Einkommen und Vermögen liegen unter den Grenzen des Gesetzes.</li></ul>"
        ),
        "documents": (
            "<ul><li>Mietvertrag und letzte Mietzinsanpassung</li>"
            "<li>Letzte Steuerveranlagung</li>"
            "<li>Lohnabrechnungen der letzten drei Monate</li>"
            "<li>Belege über Unterhaltsbeiträge und Kinderzulagen</li></ul>"
        ),
        "procedure": (
            "<ol><li>Stellen Sie das Gesuch online und laden Sie die Unterlagen hoch.</li>"
            "<li>Der Sozialdienst berechnet Ihren Anspruch und verfügt den Beitrag.</li>"
            "<li>Der Beitrag wird monatlich ausbezahlt, jeweils für ein Jahr; danach stellen "
            "Sie ein neues Gesuch.</li></ol>"
        ),
        "fees_text": "Das Gesuch ist kostenlos.",
        "fee_amount": "0.00",
        "processing_time": "Verfügung innert 30 Tagen",
        "legal_basis": (
            "<ul><li>Mietzinsbeitragsgesetz des Kantons Basel-Landschaft und Verordnung dazu "
            "(in Kraft seit 1. Januar 2024)</li>"
            "<li>Reglement der Gemeinde über Mietzinsbeiträge</li></ul>"
        ),
        "form_template": fields_model(
            CONTACT_FIELDS, BIRTH_DATE_FIELD, MIETZINS_FIELDS, REMARKS_FIELD
        ),
    },
    {
        "id": "beitrag-kinderbetreuung",
        "state": "released",
        "note": "Erste Version.",
        "office": "sozialdienst",
        "office_hint": "Sozialdienst",
        "title": "Beitrag an die Kinderbetreuung beantragen",
        "description": (
            "Die Gemeinde beteiligt sich an den Kosten von Kita und Tagesfamilie, abhängig vom "
            "Einkommen."
        ),
        "topics": ["social", "family"],
        "audience": ["private"],
        "what_it_is": (
            "<p>Die Gemeinde beteiligt sich an den Kosten der familienergänzenden Betreuung "
            "Ihrer Kinder im Vorschulalter in einer Kindertagesstätte oder bei einer "
            "Tagesfamilie. Die Höhe des Beitrags hängt vom massgebenden Einkommen und vom "
            "Betreuungsumfang ab.</p>"
        ),
        "requirements": (
            "<ul><li>Sie wohnen in der Gemeinde und sind erwerbstätig, in Ausbildung oder auf "
            "Stellensuche.</li>"
            "<li>Ihr Kind wird in einer anerkannten Kita oder Tagesfamilie betreut.</li>"
            "<li>Ihr massgebendes Einkommen liegt unter der Grenze des Gemeindereglements.</li>"
            "</ul>"
        ),
        "documents": (
            "<ul><li>Betreuungsvertrag mit der Kita oder der Tagesfamilie</li>"
            "<li>Letzte Steuerveranlagung</li>"
            "<li>Bestätigung der Arbeitgeber über das Arbeitspensum</li></ul>"
        ),
        "procedure": (
            "<ol><li>Stellen Sie das Gesuch online, bevor die Betreuung beginnt.</li>"
            "<li>Der Sozialdienst berechnet den Beitrag und verfügt ihn.</li>"
            "<li>Der Beitrag geht direkt an die Kita oder die Tagesfamilie; Sie bezahlen nur "
            "den Rest.</li></ol>"
        ),
        "fees_text": "Das Gesuch ist kostenlos.",
        "fee_amount": "0.00",
        "processing_time": "Verfügung innert 20 Arbeitstagen",
        "legal_basis": (
            "<ul><li>Gesetz über die familienergänzende Kinderbetreuung (FEB-Gesetz) des "
            "Kantons Basel-Landschaft</li>"
            "<li>Reglement der Gemeinde über die familienergänzende Kinderbetreuung</li></ul>"
        ),
        "form_template": fields_model(CONTACT_FIELDS, KINDERBETREUUNG_FIELDS, REMARKS_FIELD),
    },
    {
        "id": "pflegebeitrag-angehoerige",
        "state": "draft",
        "office": "sozialdienst",
        "office_hint": "Sozialdienst",
        "title": "Beitrag für die Pflege zu Hause beantragen",
        "description": (
            "Ein Beitrag für Angehörige, die eine pflegebedürftige Person zu Hause betreuen."
        ),
        "topics": ["social"],
        "audience": ["private"],
        "what_it_is": (
            "<p>Wer eine Angehörige oder einen Angehörigen mit erheblichem Pflegebedarf zu "
            "Hause betreut, erhält von der Wohngemeinde einen Beitrag. Er anerkennt die Arbeit "
            "der pflegenden Angehörigen und hilft, dass Betagte länger zu Hause leben "
            "können.</p>"
        ),
        "requirements": (
            "<ul><li>Die gepflegte Person wohnt in der Gemeinde und bezieht eine "
            "Hilflosenentschädigung.</li>"
            "<li>Die Pflege ist unentgeltlich und umfasst mehrere Stunden pro Woche.</li></ul>"
        ),
        "documents": ("<ul><li>Verfügung über die Hilflosenentschädigung</li></ul>"),
        "procedure": (
            "<ol><li>Stellen Sie das Gesuch online.</li>"
            "<li>Der Sozialdienst klärt den Pflegebedarf, wenn nötig mit der Spitex, ab.</li>"
            "<li>Der Beitrag wird vierteljährlich ausbezahlt.</li></ol>"
        ),
        "fees_text": "Das Gesuch ist kostenlos.",
        "fee_amount": "0.00",
        "processing_time": "Verfügung innert 30 Tagen",
        "legal_basis": (
            "<ul><li>Altersbetreuungs- und Pflegegesetz (APG) des Kantons Basel-Landschaft</li>"
            "<li>Reglement der Gemeinde über Beiträge an die Pflege zu Hause</li></ul>"
        ),
        "form_template": fields_model(CONTACT_FIELDS, PFLEGE_FIELDS, REMARKS_FIELD),
        "comments": [
            (
                INNOVATOR,
                "Sollen auch Nachbarinnen und Bekannte einen Beitrag erhalten? Allschwil und "
                "Liestal regeln das heute verschieden. Bitte im nächsten Workshop klären.",
            ),
            (
                EDITOR,
                "Einverstanden, wir nehmen die Frage in den Workshop Soziales auf. Bis dahin "
                "bleibt der Entwurf offen.",
            ),
        ],
    },
]

# Released after the adoptions below: Liestal and Reinach are offered the update.
NEW_VERSION = {
    "standard": "solaranlage-melden",
    "note": (
        "Neue Frage nach dem Batteriespeicher (für die Einsatzplanung der Feuerwehr); "
        "Rückmeldung neu innert 10 Arbeitstagen."
    ),
    "fields": {
        "processing_time": "Rückmeldung innert 10 Arbeitstagen",
        "form_template": fields_model(
            CONTACT_FIELDS, SOLARANLAGE_FIELDS, SOLARANLAGE_STORAGE_FIELDS
        ),
    },
}

# Municipality -> the standards it has adopted (then published with their forms).
ADOPTIONS = {
    "liestal": ["lebensbestaetigung", "adressauskunft", "solaranlage-melden", "mietzinsbeitraege"],
    "allschwil": ["lebensbestaetigung", "aufbruchbewilligung", "beitrag-kinderbetreuung"],
    "reinach": [
        "lebensbestaetigung",
        "adressauskunft",
        "solaranlage-melden",
        "mietzinsbeitraege",
    ],
}

# --- workshops, news, status -----------------------------------------------------------------

WORKSHOPS = [
    {
        "id": "workshop-einwohnerdienste",
        "title": "Workshop Einwohnerdienste: Bestätigungen und Auskünfte",
        "description": (
            "Mitarbeitende der Einwohnerdienste erarbeiten die ersten Standardleistungen für "
            "Bestätigungen, Auskünfte und Anmeldungen."
        ),
        "theme": "personal",
        "start": datetime(2026, 5, 21, 13, 30),
        "end": datetime(2026, 5, 21, 17, 0),
        "place": "Rathaus Liestal, Sitzungszimmer, Rathausstrasse 36, 4410 Liestal",
        "facilitators": [
            "Rahel Tschopp (Digitale Gemeinden BL)",
            "Lukas Salathé (Gemeinde Reinach)",
        ],
        "participants": ["liestal", "allschwil", "reinach"],
        "outcomes": ["lebensbestaetigung", "adressauskunft", "wochenaufenthalt-anmelden"],
        "text": (
            "<h3>Programm</h3>"
            "<ul><li>13.30 Begrüssung und Ziele des Vereins</li>"
            "<li>13.45 Welche Anliegen kommen am Schalter am häufigsten? Auswertung der "
            "Umfrage in den Gemeinden</li>"
            "<li>14.30 Arbeit in Gruppen: je eine Leistung von der Beschreibung bis zum "
            "Formular</li>"
            "<li>16.15 Vorstellung der Ergebnisse, nächste Schritte</li></ul>"
            "<h3>Ergebnisse</h3>"
            "<p>Die Gruppen haben drei Standardleistungen entworfen: Lebensbestätigung, "
            "Adressauskunft und Wochenaufenthalt. Die ersten beiden hat die Redaktion "
            "inzwischen freigegeben; beim Wochenaufenthalt ist noch offen, ob die "
            "Wohnsitzbestätigung Pflicht wird.</p>"
        ),
        "material": [
            {
                "id": "praesentation.pdf",
                "type": "File",
                "title": "Präsentation",
                "description": "Folien der Einführung und Auswertung der Umfrage.",
                "lines": [
                    "Digitale Gemeinden BL - Workshop Einwohnerdienste",
                    "21. Mai 2026, Rathaus Liestal",
                    "Die haeufigsten Anliegen am Schalter:",
                    "1. Wohnsitzbestaetigung  2. Umzug  3. Lebensbestaetigung",
                ],
            },
            {
                "id": "protokoll",
                "type": "Document",
                "title": "Protokoll",
                "description": "Protokoll des Workshops Einwohnerdienste vom 21. Mai 2026.",
                "text": (
                    "<p><strong>Anwesend:</strong> Einwohnerdienste Liestal, Allschwil und "
                    "Reinach; Rahel Tschopp (Verein, Leitung), Lukas Salathé (Reinach, "
                    "Moderation).</p>"
                    "<h3>1. Umfrage</h3>"
                    "<p>Rund zwei Drittel der Anliegen am Schalter sind Bestätigungen und "
                    "Meldungen, die sich ohne Weiteres online erledigen lassen.</p>"
                    "<h3>2. Beschlüsse</h3>"
                    "<ul><li>Die Lebensbestätigung und die Adressauskunft werden als "
                    "Standardleistungen zur Freigabe eingereicht.</li>"
                    "<li>Beim Wochenaufenthalt klärt Reinach bis zur nächsten Sitzung, welche "
                    "Unterlagen Pflicht sein sollen.</li>"
                    "<li>Gebühren bleiben Sache der Gemeinden; der Katalog nennt einen "
                    "Richtwert.</li></ul>"
                    "<h3>3. Nächster Workshop</h3>"
                    "<p>Bauen: Meldungen und Bewilligungen, im September in Reinach.</p>"
                ),
            },
        ],
    },
    {
        "id": "workshop-bauen",
        "title": "Workshop Bauen: Meldungen und Bewilligungen",
        "description": (
            "Bauverwaltungen beschreiben gemeinsam die Meldung von Solaranlagen, die "
            "Aufbruchbewilligung und den Wasseranschluss."
        ),
        "theme": "building",
        "start": datetime(2026, 9, 17, 9, 0),
        "end": datetime(2026, 9, 17, 12, 30),
        "place": "Gemeindehaus Reinach, Sitzungszimmer 1, Hauptstrasse 10, 4153 Reinach BL",
        "facilitators": [
            "Rahel Tschopp (Digitale Gemeinden BL)",
            "Marc Gschwind (Bauverwaltung Allschwil)",
        ],
        "participants": ["allschwil", "reinach"],
        "outcomes": ["solaranlage-melden", "aufbruchbewilligung", "wasseranschluss"],
        "text": (
            "<h3>Programm</h3>"
            "<ul><li>09.00 Begrüssung, Rückblick auf den Workshop Einwohnerdienste</li>"
            "<li>09.15 Meldeverfahren für Solaranlagen: was das Bundesrecht verlangt</li>"
            "<li>10.00 Arbeit in Gruppen: Solaranlage, Aufbruch, Wasseranschluss</li>"
            "<li>11.45 Ergebnisse und Freigabe</li></ul>"
            "<h3>Ergebnisse</h3>"
            "<p>Alle drei Leistungen sind freigegeben. Die Feuerwehr hat nach dem Workshop "
            "angeregt, bei Solaranlagen nach einem Batteriespeicher zu fragen: Das ist in "
            "Version 2 von «Solaranlage melden» umgesetzt.</p>"
        ),
        "material": [
            {
                "id": "checkliste-solaranlage.pdf",
                "type": "File",
                "title": "Checkliste Meldeverfahren Solaranlagen",
                "description": "Wann eine Solaranlage nur gemeldet werden muss.",
                "lines": [
                    "Checkliste Meldeverfahren Solaranlagen - Art. 18a RPG, Art. 32a RPV",
                    "Module hoechstens 20 cm ueber der Dachflaeche",
                    "Kompakte Flaeche, reflexionsarm",
                    "Kein Kultur- oder Naturdenkmal, keine Schutzzone",
                ],
            },
            {
                "id": "protokoll",
                "type": "Document",
                "title": "Protokoll",
                "description": "Protokoll des Workshops Bauen vom 17. September 2026.",
                "text": (
                    "<p><strong>Anwesend:</strong> Bauverwaltungen Allschwil und Reinach; "
                    "Rahel Tschopp (Verein), Marc Gschwind (Allschwil, Moderation). Liestal "
                    "ist entschuldigt.</p>"
                    "<h3>1. Solaranlagen</h3>"
                    "<p>Die Meldung geht an die Bauverwaltung, die sie nach der Prüfung an das "
                    "Bauinspektorat weiterleitet. Die Gemeinden verzichten auf eine Gebühr.</p>"
                    "<h3>2. Aufbruch und Wasseranschluss</h3>"
                    "<p>Grundgebühren bleiben kommunal. Für Kantonsstrassen verweist die "
                    "Leistung auf das Tiefbauamt.</p>"
                    "<h3>3. Pendenzen</h3>"
                    "<ul><li>Frage der Feuerwehr zu Batteriespeichern: Redaktion prüft eine "
                    "zweite Version der Solaranlagen-Meldung.</li></ul>"
                ),
            },
        ],
    },
]

ASSOCIATION_NEWS = [
    {
        "id": "finanzierung-bis-2029",
        "title": "Kanton und Gemeinden finanzieren das Projekt bis 2029",
        "description": "Je CHF 2.50 pro Einwohnerin und Einwohner und Jahr von Kanton und "
        "Gemeinden.",
        "effective": datetime(2026, 3, 31, 10, 0),
        "text": (
            "<p>Der Kanton Basel-Landschaft und die beteiligten Gemeinden haben die "
            "Finanzierung von Digitale Gemeinden BL für die Jahre 2026 bis 2029 beschlossen. "
            "Beide zahlen pro Jahr CHF 2.50 pro Einwohnerin und Einwohner der beteiligten "
            "Gemeinden.</p>"
            "<p>Jede weitere Gemeinde, die mitmacht, erhält alle Standardleistungen des "
            "Katalogs und bringt ihre eigenen Erfahrungen in die Workshops ein. Den aktuellen "
            "Stand der Finanzierung zeigt die Seite «Projektstand».</p>"
        ),
    },
    {
        "id": "erste-standardleistungen",
        "title": "Die ersten Standardleistungen sind freigegeben",
        "description": "Lebensbestätigung und Adressauskunft stehen allen Gemeinden zur "
        "Übernahme bereit.",
        "effective": datetime(2026, 6, 15, 9, 0),
        "text": (
            "<p>Aus dem Workshop der Einwohnerdienste sind die ersten zwei Standardleistungen "
            "entstanden: <strong>Lebensbestätigung bestellen</strong> und "
            "<strong>Adressauskunft verlangen</strong>. Die Redaktion hat sie geprüft und "
            "freigegeben.</p>"
            "<p>Gemeinden übernehmen sie im Leistungskatalog mit «Übernehmen», bestimmen das "
            "zuständige Amt und schalten Leistung und Formular online. Liestal und Reinach "
            "bieten beide Leistungen bereits an.</p>"
        ),
    },
    {
        "id": "solaranlage-version-2",
        "title": "Solaranlage melden: Version 2 fragt nach dem Batteriespeicher",
        "description": "Gemeinden, die die Leistung anbieten, können die Aktualisierung jetzt "
        "übernehmen.",
        "effective": datetime(2026, 11, 12, 8, 30),
        "text": (
            "<p>Auf Anregung der Feuerwehr fragt das Formular «Solaranlage melden» neu, ob "
            "ein Batteriespeicher eingebaut wird und wo er steht. Zudem sagen die "
            "Bauverwaltungen neu innert 10 Arbeitstagen Bescheid.</p>"
            "<p>Gemeinden, die die Leistung bereits anbieten, sehen bei ihrer Leistung den "
            "Hinweis auf die neue Version mit allen Änderungen. Eigene Texte der Gemeinde "
            "bleiben beim Aktualisieren erhalten.</p>"
        ),
    },
]

PROJECT_STATUS = {
    "id": "projektstand",
    "title": "Projektstand",
    "description": "Meilensteine, Finanzierung und wie weit die Gemeinden online sind.",
    "milestones": (
        "2026-01-15 | Verein Digitale Gemeinden BL gegründet | erreicht\n"
        "2026-03-31 | Finanzierung durch Kanton und Gemeinden bis 2029 beschlossen | erreicht\n"
        "2026-05-21 | Erster Workshop: Einwohnerdienste | erreicht\n"
        "2026-09-17 | Workshop Bauen: Meldungen und Bewilligungen | erreicht\n"
        "2027-03-31 | Pilot in Liestal, Allschwil und Reinach abgeschlossen | laufend\n"
        "2027-12-31 | 20 Standardleistungen im Leistungskatalog | geplant\n"
        "2029-12-31 | 80 Prozent der Standardleistungen in allen beteiligten Gemeinden "
        "online | geplant\n"
    ),
    "rate": Decimal("2.50"),
    "first_year": 2026,
    "last_year": 2029,
    "target_percent": 80,
}

# The workflow of a new standard, by the state the demo leaves it in: (user, transition, note).
WORKFLOW_STEPS = {
    "draft": [],
    "review": [(INNOVATOR, "submit", "")],
    "released": [(INNOVATOR, "submit", ""), (EDITOR, "release", "{note}")],
    "retired": [
        (INNOVATOR, "submit", ""),
        (EDITOR, "release", "{note}"),
        (EDITOR, "retire", "{retire_note}"),
    ],
}
# Keys of the entries above that are not fields of the object.
NOT_FIELDS = frozenset(
    {
        "state",
        "note",
        "retire_note",
        "office",
        "comments",
        "effective",
        "participants",
        "outcomes",
        "material",
        "lines",
        "type",
    }
)


# --- creating --------------------------------------------------------------------------------


def create_association(portal):
    """The association with everything in it, and the adoptions in the demo municipalities."""
    complete_canton(portal.get(content.CANTON["id"]))
    association = setup.ensure(portal, "Association", ASSOCIATION["id"], fields(ASSOCIATION))
    # The association's groups exist now (made with it): the users who work on the standards.
    for spec in users.DEMO_USERS:
        if set(spec["groups"]) & set(ASSOCIATION_GROUPS):
            setup.ensure_user(spec)
    catalog = setup.ensure(association, "ServiceCatalog", CATALOG["id"], fields(CATALOG))
    new = [spec for spec in STANDARDS if spec["id"] not in catalog.objectIds()]
    for spec in new:
        create_standard(catalog, spec)
    adopt_standards(portal, catalog)
    if NEW_VERSION["standard"] in {spec["id"] for spec in new}:
        release_new_version(catalog[NEW_VERSION["standard"]], NEW_VERSION)
    for spec in WORKSHOPS:
        ensure_workshop(portal, association, catalog, spec)
    setup.ensure(association, "ProjectStatus", PROJECT_STATUS["id"], fields(PROJECT_STATUS))
    for spec in ASSOCIATION_NEWS:
        ensure_news(association, spec)
    return association


def complete_canton(canton) -> None:
    """The canton's figures for the status page, where nobody has entered them."""
    if canton is None:
        return
    for name in ("municipality_count", "population"):
        if getattr(aq_base(canton), name, None) is None:
            setattr(canton, name, content.CANTON[name])


def fields(spec: dict) -> dict:
    return setup.fields_of({k: v for k, v in spec.items() if k not in NOT_FIELDS}, {})


def acting_as(username: str):
    """Act as the demo user ``username`` (the history names them); as now, if they are gone."""
    if api.user.get(username=username) is None:
        return nullcontext()
    return api.env.adopt_user(username=username)


def create_standard(catalog, spec: dict):
    standard = api.content.create(
        container=catalog, type="StandardService", id=spec["id"], **fields(spec)
    )
    for username, transition, comment in WORKFLOW_STEPS[spec["state"]]:
        with acting_as(username):
            api.content.transition(
                obj=standard, transition=transition, comment=comment.format(**spec)
            )
    for username, text in spec.get("comments", ()):
        add_comment(standard, username, text)
    return standard


def add_comment(standard, username: str, text: str) -> None:
    """A comment as the standard's page adds it (browser.association.CommentView)."""
    user = api.user.get(username=username)
    if not isinstance(getattr(aq_base(standard), "comments", None), PersistentList):
        standard.comments = PersistentList()
    standard.comments.append(
        {
            "author": (user.getProperty("fullname") if user else None) or username,
            "userid": username,
            "date": datetime.now(UTC),
            "text": text,
        }
    )


def office_of(spec_id: str) -> str:
    return next(spec["office"] for spec in STANDARDS if spec["id"] == spec_id)


def adopt_standards(portal, catalog) -> None:
    """Adopt, publish and put online the standards of ``ADOPTIONS`` that a municipality lacks."""
    for municipality_id, standard_ids in ADOPTIONS.items():
        municipality = portal.get(municipality_id)
        if municipality is None:
            continue
        for standard_id in standard_ids:
            standard = catalog.get(standard_id)
            if standard is None or state_of(standard) != "released":
                continue
            if adopted_in(standard, municipality) is not None:
                continue
            service = adopt(standard, municipality, municipality.get(office_of(standard_id)))
            setup.publish(service)
            form = form_of(service)
            if form is not None:
                setup.publish(form)


def release_new_version(standard, spec: dict) -> None:
    """Edit the released standard and release the edit as its next version."""
    for name, value in setup.fields_of(spec["fields"], {}).items():
        setattr(standard, name, value)
    standard.reindexObject()
    with acting_as(EDITOR):
        api.content.transition(obj=standard, transition="release_version", comment=spec["note"])


def ensure_workshop(portal, association, catalog, spec: dict):
    """The workshop ``spec``; a new one is linked to its municipalities and outcomes."""
    existed = spec["id"] in association.objectIds()
    workshop = setup.ensure(association, "Workshop", spec["id"], fields(spec))
    if not existed:
        for municipality_id in spec["participants"]:
            if municipality_id in portal.objectIds():
                api.relation.create(
                    source=workshop, target=portal[municipality_id], relationship="participants"
                )
        for standard_id in spec["outcomes"]:
            if standard_id in catalog.objectIds():
                api.relation.create(
                    source=workshop, target=catalog[standard_id], relationship="outcomes"
                )
    for material in spec["material"]:
        values = fields(material)
        if material["type"] == "File":
            values["file"] = NamedBlobFile(
                data=demo_pdf(*material["lines"]),
                filename=material["id"],
                contentType="application/pdf",
            )
        setup.ensure(workshop, material["type"], material["id"], values)
    return workshop


def ensure_news(association, spec: dict):
    """The news item ``spec``; a new one is dated ``effective`` (Swiss time) and published."""
    if spec["id"] in association.objectIds():
        return association[spec["id"]]
    item = api.content.create(
        container=association, type="News Item", id=spec["id"], **fields(spec)
    )
    item.setEffectiveDate(DateTime(spec["effective"].replace(tzinfo=TIMEZONE)))
    setup.publish(item)
    item.reindexObject()
    return item
