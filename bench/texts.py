"""Plain data of the benchmark generator: municipalities, service and form templates, names.

The 86 municipality names are those of Basel-Landschaft; BFS numbers, postal codes and
population are plausible bench values, not official figures. Services are built from 30 title
patterns and the subjects of each topic, their texts from variants of every section, so that a
service page is about as long (1–2 KB of text) as a real one.
"""

MUNICIPALITY_NAMES = [
    "Liestal",
    "Allschwil",
    "Reinach",
    "Aesch",
    "Arlesheim",
    "Biel-Benken",
    "Binningen",
    "Birsfelden",
    "Bottmingen",
    "Ettingen",
    "Münchenstein",
    "Muttenz",
    "Oberwil",
    "Pfeffingen",
    "Schönenbuch",
    "Therwil",
    "Blauen",
    "Brislach",
    "Burg im Leimental",
    "Dittingen",
    "Duggingen",
    "Grellingen",
    "Laufen",
    "Liesberg",
    "Nenzlingen",
    "Roggenburg",
    "Röschenz",
    "Wahlen",
    "Zwingen",
    "Arisdorf",
    "Augst",
    "Bubendorf",
    "Frenkendorf",
    "Füllinsdorf",
    "Giebenach",
    "Hersberg",
    "Lausen",
    "Lupsingen",
    "Pratteln",
    "Ramlinsburg",
    "Seltisberg",
    "Ziefen",
    "Anwil",
    "Böckten",
    "Buckten",
    "Buus",
    "Diepflingen",
    "Gelterkinden",
    "Häfelfingen",
    "Hemmiken",
    "Itingen",
    "Känerkinden",
    "Kilchberg",
    "Läufelfingen",
    "Maisprach",
    "Nusshof",
    "Oltingen",
    "Ormalingen",
    "Rickenbach",
    "Rothenfluh",
    "Rümlingen",
    "Rünenberg",
    "Sissach",
    "Tecknau",
    "Tenniken",
    "Thürnen",
    "Wenslingen",
    "Wintersingen",
    "Wittinsburg",
    "Zeglingen",
    "Zunzgen",
    "Arboldswil",
    "Bennwil",
    "Bretzwil",
    "Diegten",
    "Eptingen",
    "Hölstein",
    "Lampenberg",
    "Langenbruck",
    "Lauwil",
    "Liedertswil",
    "Niederdorf",
    "Oberdorf",
    "Reigoldswil",
    "Titterten",
    "Waldenburg",
]

STREETS = [
    "Hauptstrasse",
    "Kirchgasse",
    "Bahnhofstrasse",
    "Schulstrasse",
    "Dorfplatz",
    "Rathausstrasse",
    "Gemeindeplatz",
]

# Which office answers for a topic (by token); topics not named go to the Einwohnerdienste.
TOPIC_OFFICES = {
    "building": "bauverwaltung",
    "environment": "bauverwaltung",
    "social": "sozialdienst",
}
# Topic order when services are dealt out: the first three reach three different offices, so
# even a municipality with three services has one in each.
TOPIC_ORDER = [
    "personal",
    "building",
    "social",
    "family",
    "environment",
    "taxes",
    "mobility",
    "work",
    "safety",
]

# Per topic token: (subject, what the subject is about in a sentence).
SUBJECTS = {
    "personal": [
        ("Wohnsitzbestätigung", "die Bestätigung Ihres Wohnsitzes"),
        ("Heimatausweis", "den Heimatausweis für Wochenaufenthalt"),
        ("Adressänderung", "die Änderung Ihrer Wohnadresse"),
        ("Zweitwohnsitz", "die Meldung eines Zweitwohnsitzes"),
        ("Namensänderung", "die Eintragung eines neuen Namens"),
        ("Lebensbescheinigung", "die Bescheinigung für Rentenkassen"),
        ("Einbürgerung", "das Gesuch um das Gemeindebürgerrecht"),
        ("Bestattung", "die Anmeldung einer Bestattung"),
    ],
    "family": [
        ("Kinderbetreuungsbeitrag", "die Beiträge an die familienergänzende Betreuung"),
        ("Tagesfamilienplatz", "einen Platz in einer Tagesfamilie"),
        ("Mittagstisch", "die Anmeldung zum Mittagstisch der Schule"),
        ("Familienpass", "den Familienpass der Gemeinde"),
        ("Ferienbetreuung", "die Betreuung in den Schulferien"),
    ],
    "building": [
        ("Baugesuch", "ein Bauvorhaben auf Ihrem Grundstück"),
        ("Kleinbaute", "eine Kleinbaute wie Gartenhaus oder Pergola"),
        ("Solaranlage", "eine Solaranlage auf dem Dach"),
        ("Gerüststellung", "ein Gerüst auf öffentlichem Grund"),
        ("Baumfällung", "das Fällen eines geschützten Baumes"),
        ("Grabarbeiten", "Grabarbeiten auf öffentlichem Grund"),
        ("Wärmepumpe", "den Einbau einer Wärmepumpe"),
    ],
    "social": [
        ("Sozialhilfe", "die wirtschaftliche Unterstützung in einer Notlage"),
        ("Alimentenbevorschussung", "die Bevorschussung von Unterhaltsbeiträgen"),
        ("Mietzinsbeitrag", "einen Beitrag an den Mietzins"),
        ("Budgetberatung", "die Beratung bei Schulden und Budgetfragen"),
        ("Kostengutsprache", "eine Kostengutsprache für Heim oder Spitex"),
    ],
    "taxes": [
        ("Hundesteuer", "die jährliche Hundesteuer"),
        ("Steuererlass", "den Erlass von Gemeindesteuern"),
        ("Ratenzahlung", "die Zahlung der Steuern in Raten"),
        ("Steuerausweis", "den Ausweis über bezahlte Steuern"),
        ("Quellensteuer", "die Korrektur der Quellensteuer"),
    ],
    "work": [
        ("Marktstand", "einen Stand am Wochenmarkt"),
        ("Gastwirtschaftsbewilligung", "den Betrieb einer Gastwirtschaft"),
        ("Reklametafel", "eine Reklame an der Fassade"),
        ("Ladenöffnung", "längere Öffnungszeiten am Abend"),
        ("Strassencafé", "Tische und Stühle auf dem Trottoir"),
    ],
    "mobility": [
        ("Anwohnerparkkarte", "das Parkieren in der blauen Zone"),
        ("Gewerbeparkkarte", "das Parkieren für Handwerker und Lieferdienste"),
        ("Tageskarte", "die vergünstigte Tageskarte der Gemeinde"),
        ("Veloabstellplatz", "einen gedeckten Abstellplatz für Velos"),
        ("Schwertransport", "einen Transport mit Übermassen"),
    ],
    "safety": [
        ("Veranstaltungsbewilligung", "eine öffentliche Veranstaltung"),
        ("Feuerwerk", "ein Feuerwerk ausserhalb der Feiertage"),
        ("Fundsache", "einen verlorenen oder gefundenen Gegenstand"),
        ("Schutzraum", "die Zuteilung eines Schutzplatzes"),
        ("Lärmausnahme", "eine Ausnahme von der Nachtruhe"),
    ],
    "environment": [
        ("Grüngutabfuhr", "die Abfuhr von Grüngut"),
        ("Sperrgutabfuhr", "die Abholung von Sperrgut"),
        ("Containerplatz", "einen Platz für Abfallcontainer"),
        ("Kompostberatung", "die Beratung zum Kompostieren"),
        ("Feuerungskontrolle", "die Kontrolle der Heizung"),
    ],
}

# 30 title patterns: {s} is the subject.
TITLE_PATTERNS = [
    "{s} beantragen",
    "{s} anmelden",
    "{s} abmelden",
    "{s} verlängern",
    "{s} melden",
    "{s} bestellen",
    "Gesuch um {s}",
    "Bewilligung für {s}",
    "Auskunft zu {s}",
    "Beratung zu {s}",
    "Änderung bei {s}",
    "Bestätigung zu {s}",
    "Einsprache zu {s}",
    "Termin für {s} vereinbaren",
    "Gebühren für {s}",
    "Unterlagen zu {s} nachreichen",
    "Fristerstreckung für {s}",
    "Kostengutsprache für {s}",
    "Beitrag an {s}",
    "Voranfrage zu {s}",
    "Entscheid zu {s} anfechten",
    "Kopie zu {s} anfordern",
    "Rückerstattung für {s}",
    "Verzicht auf {s}",
    "Nachweis für {s}",
    "{s} übertragen",
    "{s} kündigen",
    "Antrag auf {s}",
    "Wiedererwägung zu {s}",
    "{s}: Online-Gesuch",
]

# Each section in three variants; {title} {about} {name} {office} {days} {fee} are filled in.
WHAT_IT_IS = [
    "<p>Mit diesem Angebot erledigen Sie «{title}» bei der Gemeinde {name}. Es betrifft "
    "{about} und richtet sich an alle Einwohnerinnen und Einwohner sowie an Personen, die in "
    "{name} eine Liegenschaft besitzen oder ein Geschäft führen.</p>"
    "<p>Die {office} prüft Ihr Anliegen, klärt offene Fragen mit Ihnen und informiert Sie "
    "schriftlich über den Entscheid. Bei Bedarf leitet sie das Gesuch an die zuständige "
    "kantonale Stelle weiter.</p>",
    "<p>Für {about} ist in {name} die {office} zuständig. Sie können das Anliegen rund um die "
    "Uhr online einreichen; ein Gang an den Schalter ist nur nötig, wenn wir Originaldokumente "
    "sehen müssen.</p>"
    "<p>Wir bearbeiten die Gesuche in der Reihenfolge ihres Eingangs. Vollständige Unterlagen "
    "beschleunigen die Bearbeitung erheblich.</p>",
    "<p>«{title}»: Hier erfahren Sie, was es dafür braucht, wie das Verfahren abläuft und "
    "welche Kosten entstehen. Das Angebot betrifft {about}.</p>"
    "<p>Die Gemeinde {name} setzt die kantonalen Vorgaben um und ergänzt sie, wo das "
    "Gemeindereglement es vorsieht. Bei Unklarheiten berät Sie die {office} gerne vorab.</p>",
]
REQUIREMENTS = [
    "<ul><li>Sie wohnen in {name} oder haben hier ein berechtigtes Interesse.</li>"
    "<li>Das Gesuch ist vollständig ausgefüllt und unterschrieben oder online bestätigt.</li>"
    "<li>Allfällige Gebühren früherer Gesuche sind bezahlt.</li></ul>",
    "<ul><li>Volljährigkeit oder Zustimmung der gesetzlichen Vertretung.</li>"
    "<li>Bei Vertretung durch Dritte eine schriftliche Vollmacht.</li>"
    "<li>Die Angaben im Einwohnerregister sind aktuell.</li>"
    "<li>Fristen gemäss Reglement werden eingehalten.</li></ul>",
    "<ul><li>Das Vorhaben entspricht den Vorschriften der Gemeinde {name}.</li>"
    "<li>Betroffene Nachbarn sind, wo nötig, informiert.</li>"
    "<li>Das Gesuch geht mindestens {days} Arbeitstage vor dem gewünschten Termin ein.</li>"
    "</ul>",
]
DOCUMENTS = [
    "<ul><li>Pass, Identitätskarte oder Ausländerausweis</li>"
    "<li>Bei Vertretung: Vollmacht und Ausweiskopie der vertretenen Person</li>"
    "<li>Belege, die Ihr Anliegen begründen (z. B. Verträge, Rechnungen)</li></ul>",
    "<ul><li>Ausgefülltes Online-Formular</li>"
    "<li>Situationsplan oder Skizze, wo ein Ort betroffen ist</li>"
    "<li>Kopie früherer Verfügungen zum gleichen Anliegen</li>"
    "<li>Bei Firmen: Handelsregisterauszug</li></ul>",
    "<ul><li>Aktuelle Steuerveranlagung oder Lohnausweis</li>"
    "<li>Mietvertrag oder Grundbuchauszug</li>"
    "<li>Weitere Unterlagen auf Verlangen der {office}</li></ul>",
]
PROCEDURE = [
    "<ol><li>Füllen Sie das Online-Formular aus und laden Sie die Unterlagen hoch.</li>"
    "<li>Sie erhalten sofort eine Eingangsbestätigung mit Referenznummer.</li>"
    "<li>Die {office} prüft das Gesuch und meldet sich bei Rückfragen.</li>"
    "<li>Sie erhalten den Entscheid per E-Mail oder per Post.</li></ol>",
    "<ol><li>Reichen Sie das Gesuch online oder am Schalter ein.</li>"
    "<li>Wir prüfen die Vollständigkeit innert zwei Arbeitstagen.</li>"
    "<li>Nach der Prüfung erhalten Sie eine Verfügung mit Rechtsmittelbelehrung.</li></ol>",
    "<ol><li>Klären Sie bei Unsicherheit vorab telefonisch mit der {office} ab.</li>"
    "<li>Senden Sie das Gesuch mit allen Beilagen online.</li>"
    "<li>Nach Zahlungseingang der Gebühr wird die Bewilligung zugestellt.</li>"
    "<li>Bewahren Sie die Bewilligung bis zum Abschluss auf.</li></ol>",
]
FEES = [
    "CHF {fee} pro Gesuch. Die Gebühr wird mit dem Entscheid in Rechnung gestellt.",
    "Grundgebühr CHF {fee}; aufwändige Abklärungen werden nach Aufwand verrechnet.",
    "Das Angebot ist für Einwohnerinnen und Einwohner von {name} bis auf eine "
    "Bearbeitungsgebühr von CHF {fee} kostenlos.",
]
LEGAL_BASIS = [
    "<ul><li>Gemeindegesetz des Kantons Basel-Landschaft (SGS 180)</li>"
    "<li>Gebührenreglement der Gemeinde {name}</li></ul>",
    "<ul><li>Verwaltungsverfahrensgesetz Basel-Landschaft (SGS 175)</li>"
    "<li>Reglement der Gemeinde {name} über {about}</li></ul>",
    "<ul><li>Kantonale Verordnung zum Anliegen (SGS 400 ff.)</li>"
    "<li>Bundesgesetz über den Datenschutz (DSG; SR 235.1)</li>"
    "<li>Gemeindereglement {name}</li></ul>",
]
DESCRIPTIONS = [
    "{title}: online einreichen, Unterlagen hochladen, Entscheid per E-Mail.",
    "Alles zu {about} in {name}: Voraussetzungen, Kosten und Ablauf.",
    "{title} bei der {office} {name}, auch ausserhalb der Schalterzeiten.",
]
PROCESSING_TIMES = [
    "{days} Arbeitstage",
    "In der Regel innert {days} Arbeitstagen",
    "{days} bis {days2} Arbeitstage",
]

FORM_PROLOGUE = (
    "<p>Mit diesem Formular reichen Sie «{title}» bei der {office} {name} ein. Pflichtfelder "
    "sind markiert. Sie erhalten eine Eingangsbestätigung mit Referenznummer per E-Mail.</p>"
)
THANKS_PROLOGUE = (
    "<p>Vielen Dank. Sie erhalten in den nächsten Minuten eine Eingangsbestätigung per E-Mail "
    "mit Ihrer Referenznummer und einem Link, unter dem Sie den Stand verfolgen können.</p>"
)
THANKS_EPILOGUE = "<p>Bei Fragen erreichen Sie die {office} unter {phone}.</p>"

FIRST_NAMES = [
    "Anna",
    "Laura",
    "Sara",
    "Lea",
    "Julia",
    "Nina",
    "Mia",
    "Elena",
    "Sophie",
    "Ursula",
    "Ruth",
    "Monika",
    "Lukas",
    "Daniel",
    "Thomas",
    "Marco",
    "David",
    "Simon",
    "Jonas",
    "Noah",
    "Peter",
    "Hans",
    "Beat",
    "Reto",
    "Fabian",
    "Luca",
    "Ahmet",
    "Elif",
    "Marija",
    "João",
]
LAST_NAMES = [
    "Müller",
    "Meier",
    "Schmid",
    "Keller",
    "Weber",
    "Huber",
    "Schneider",
    "Meyer",
    "Steiner",
    "Fischer",
    "Gerber",
    "Brunner",
    "Baumann",
    "Frei",
    "Zimmermann",
    "Moser",
    "Widmer",
    "Wyss",
    "Graf",
    "Roth",
    "Suter",
    "Gasser",
    "Stöckli",
    "Tschudin",
    "Thommen",
    "Buser",
    "Rudin",
    "Schaub",
    "Gysin",
    "Degen",
]
ASK_COMMENTS = [
    "Bitte reichen Sie noch eine Kopie Ihres Ausweises nach.",
    "Uns fehlt der Mietvertrag. Bitte laden Sie ihn nach.",
    "Bitte bestätigen Sie die Adresse, die Angabe ist unvollständig.",
]
REJECT_COMMENTS = [
    "Sie sind nicht in unserer Gemeinde gemeldet.",
    "Das Gesuch wurde zurückgezogen.",
    "Die Voraussetzungen sind nicht erfüllt, siehe Reglement.",
]
REMARKS = [
    "Ich bin tagsüber gut per Telefon erreichbar.",
    "Bitte um Zustellung per Post.",
    "Die Unterlagen reiche ich am Schalter nach.",
    "",
    "",
]
