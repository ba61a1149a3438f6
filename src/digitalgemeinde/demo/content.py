"""Demo data: canton Basel-Landschaft, three of its municipalities, their offices and news.

Plain data, read by ``setup.py``. Texts may name ``{name}`` (Liestal) and ``{authority}``
(Stadt Liestal); the municipal offices and news are templates filled in for each municipality.

Mail addresses are under ``<tenant>.example.ch`` on purpose: a demo submission must never reach
a real office. Fees, hours and population are plausible demo values, not official figures.
"""

CANTON = {
    "id": "bl",
    "title": "Basel-Landschaft",
    "description": "Kanton Basel-Landschaft: kantonale Leistungen für alle Gemeinden des Kantons.",
    "abbreviation": "BL",
    "canton_number": 13,
    "municipality_count": 86,
    "population": 294417,
    "address": "Regierungsgebäude\nRathausstrasse 2\n4410 Liestal",
    "phone": "+41 61 552 51 11",
    "email": "info@bl.example.ch",
    "website": "https://www.bl.ch",
}

CANTON_VALUES = {"name": "Basel-Landschaft", "authority": "Kanton Basel-Landschaft"}

CANTON_OFFICES = [
    {
        "id": "steuerverwaltung",
        "title": "Kantonale Steuerverwaltung",
        "description": "Veranlagung und Bezug der Staats- und der direkten Bundessteuer.",
        "email": "steuerverwaltung@bl.example.ch",
        "phone": "+41 61 552 51 20",
        "address": "Kantonale Steuerverwaltung\nRheinstrasse 33\n4410 Liestal",
        "opening_hours": "Mo-Fr 08.00-11.30 und 13.30-16.30",
        "duties": (
            "<p>Die Kantonale Steuerverwaltung veranlagt die Einkommens- und Vermögenssteuern "
            "der natürlichen Personen und die Gewinn- und Kapitalsteuern der juristischen "
            "Personen im Kanton Basel-Landschaft.</p>"
            "<ul><li>Steuererklärungen und Fristerstreckungen</li>"
            "<li>Veranlagung der Staats- und der direkten Bundessteuer</li>"
            "<li>Quellensteuer</li>"
            "<li>Auskünfte zur Steuersoftware E-Tax BL</li></ul>"
        ),
    },
    {
        "id": "strassenverkehrsamt",
        "title": "Motorfahrzeugkontrolle",
        "description": "Fahrzeugzulassung, Kontrollschilder, Führer- und Lernfahrausweise.",
        "email": "mfk@bl.example.ch",
        "phone": "+41 61 552 62 00",
        "address": "Motorfahrzeugkontrolle Basel-Landschaft\nPostfach\n4414 Füllinsdorf",
        "opening_hours": "Mo-Fr 07.30-16.00, Do bis 18.00",
        "duties": (
            "<p>Die Motorfahrzeugkontrolle (MFK) ist das Strassenverkehrsamt des Kantons "
            "Basel-Landschaft.</p>"
            "<ul><li>Einlösen, Umschreiben und Annullieren von Fahrzeugen</li>"
            "<li>Kontrollschilder und Wechselschilder</li>"
            "<li>Lernfahr- und Führerausweise, Umtausch ausländischer Ausweise</li>"
            "<li>Bezug der Motorfahrzeugsteuer</li></ul>"
        ),
    },
]

MUNICIPALITIES = [
    {
        "id": "liestal",
        "title": "Liestal",
        "description": "Hauptort des Kantons Basel-Landschaft, am Eingang zum Oberbaselbiet.",
        "authority": "Stadt Liestal",
        "bfs_number": 2829,
        "canton": "BL",
        "postal_codes": ["4410"],
        "population": 15340,
        "address": "Stadtverwaltung Liestal\nRathausstrasse 36\n4410 Liestal",
        "phone": "+41 61 927 52 52",
        "email": "stadtverwaltung@liestal.example.ch",
        "website": "https://www.liestal.ch",
        "opening_hours": "Mo-Fr 08.30-11.30 und 14.00-17.00, Do bis 18.30",
        "offices": {
            "einwohnerdienste": {
                "phone": "+41 61 927 52 62",
                "opening_hours": "Mo-Fr 08.30-11.30 und 14.00-17.00, Do bis 18.30",
            },
            "bauverwaltung": {
                "phone": "+41 61 927 52 70",
                "opening_hours": "Mo-Fr 08.30-11.30, nachmittags nach Vereinbarung",
            },
            "sozialdienst": {
                "phone": "+41 61 927 53 10",
                "opening_hours": "Mo-Fr 08.30-11.30 und 14.00-16.30",
            },
        },
        # Fees that differ from the service templates' defaults (CHF).
        "fees": {
            "hund-anmelden": "150.00",
            "anwohnerparkkarte": "480.00",
            "gruengut-entsorgung": "90.00",
        },
    },
    {
        "id": "allschwil",
        "title": "Allschwil",
        "description": "Grösste Gemeinde des Kantons, an der Grenze zu Basel und Frankreich.",
        "authority": "Gemeinde Allschwil",
        "bfs_number": 2762,
        "canton": "BL",
        "postal_codes": ["4123"],
        "population": 21520,
        "address": "Gemeindeverwaltung Allschwil\nBaslerstrasse 111\n4123 Allschwil",
        "phone": "+41 61 486 25 25",
        "email": "gemeindeverwaltung@allschwil.example.ch",
        "website": "https://www.allschwil.ch",
        "opening_hours": "Mo-Fr 08.00-11.45 und 14.00-16.30, Mo bis 18.00",
        "offices": {
            "einwohnerdienste": {
                "phone": "+41 61 486 25 50",
                "opening_hours": "Mo-Fr 08.00-11.45 und 14.00-16.30, Mo bis 18.00",
            },
            "bauverwaltung": {
                "phone": "+41 61 486 25 70",
                "opening_hours": "Mo-Fr 08.00-11.45 und 14.00-16.30",
            },
            "sozialdienst": {
                "phone": "+41 61 486 26 00",
                "opening_hours": "Mo-Fr 08.00-11.45, nachmittags nach Vereinbarung",
            },
        },
        "fees": {
            "hund-anmelden": "120.00",
            "anwohnerparkkarte": "360.00",
            "gruengut-entsorgung": "80.00",
        },
    },
    {
        "id": "reinach",
        "title": "Reinach",
        "description": (
            "Gemeinde im Birstal mit Wohnquartieren, Gewerbe und dem Naturschutzgebiet "
            "Reinacher Heide."
        ),
        "authority": "Gemeinde Reinach",
        "bfs_number": 2773,
        "canton": "BL",
        "postal_codes": ["4153"],
        "population": 19480,
        "address": "Gemeindeverwaltung Reinach\nHauptstrasse 10\n4153 Reinach BL",
        "phone": "+41 61 511 60 00",
        "email": "gemeinde@reinach.example.ch",
        "website": "https://www.reinach-bl.ch",
        "opening_hours": "Mo-Fr 08.00-12.00 und 13.30-17.00",
        "offices": {
            "einwohnerdienste": {
                "phone": "+41 61 511 60 10",
                "opening_hours": "Mo-Fr 08.00-12.00 und 13.30-17.00, Mi bis 18.00",
            },
            "bauverwaltung": {
                "phone": "+41 61 511 60 40",
                "opening_hours": "Mo-Fr 08.00-12.00, nachmittags nach Vereinbarung",
            },
            "sozialdienst": {
                "phone": "+41 61 511 60 70",
                "opening_hours": "Mo-Fr 08.00-12.00 und 13.30-16.30",
            },
        },
        "fees": {
            "hund-anmelden": "130.00",
            "anwohnerparkkarte": "420.00",
            "gruengut-entsorgung": "75.00",
        },
    },
]

# Offices of every municipality; phone and opening hours come from the municipality's entry,
# the mail address is ``<office id>@<municipality id>.example.ch``.
MUNICIPAL_OFFICES = [
    {
        "id": "einwohnerdienste",
        "title": "Einwohnerdienste",
        "description": "An- und Abmeldung, Bestätigungen, Hunde, Parkkarten, Todesfälle.",
        "duties": (
            "<p>Die Einwohnerdienste führen das Einwohnerregister von {name} und sind die erste "
            "Anlaufstelle der Verwaltung.</p>"
            "<ul><li>Zuzug, Wegzug und Umzug innerhalb der Gemeinde</li>"
            "<li>Wohnsitzbestätigungen und Heimatausweise</li>"
            "<li>Hundeanmeldung und Hundesteuer</li>"
            "<li>Anwohner- und Gewerbeparkkarten</li>"
            "<li>Todesfälle und Bestattungen</li>"
            "<li>Bewilligungen für Veranstaltungen</li></ul>"
        ),
    },
    {
        "id": "bauverwaltung",
        "title": "Bauverwaltung",
        "description": "Baugesuche, Nutzung des öffentlichen Grundes, Werkhof und Entsorgung.",
        "duties": (
            "<p>Die Bauverwaltung berät Bauherrschaften, prüft Baugesuche auf die Vorschriften "
            "der {authority} und ist für Strassen, Werkhof und Entsorgung zuständig.</p>"
            "<ul><li>Beratung vor dem Baugesuch und Stellungnahme an das Bauinspektorat</li>"
            "<li>Zonenplan, Quartierpläne und Baulinien</li>"
            "<li>Bewilligungen für die Benützung von öffentlichem Grund</li>"
            "<li>Abfallkalender, Grüngutabfuhr und Sammelstellen</li></ul>"
        ),
    },
    {
        "id": "sozialdienst",
        "title": "Sozialdienst",
        "description": "Sozialhilfe, Beratung in schwierigen Lebenslagen, Alimentenhilfe.",
        "duties": (
            "<p>Der Sozialdienst berät und unterstützt Einwohnerinnen und Einwohner von {name}, "
            "die in eine finanzielle oder persönliche Notlage geraten sind.</p>"
            "<ul><li>Abklärung und Ausrichtung der Sozialhilfe</li>"
            "<li>Persönliche Beratung und Vermittlung an Fachstellen</li>"
            "<li>Inkassohilfe und Bevorschussung von Unterhaltsbeiträgen</li></ul>"
        ),
    },
]

MUNICIPAL_NEWS = [
    {
        "id": "neue-oeffnungszeiten-einwohnerdienste",
        "title": "Neue Öffnungszeiten der Einwohnerdienste",
        "description": "Die Einwohnerdienste sind neu an einem Abend pro Woche länger geöffnet.",
        "text": (
            "<p>Damit Berufstätige ihre Anliegen nicht während der Arbeitszeit erledigen müssen, "
            "haben die Einwohnerdienste der {authority} ihre Öffnungszeiten angepasst:</p>"
            "<p><strong>{einwohnerdienste_hours}</strong></p>"
            "<p>Viele Anliegen wie Umzugsmeldungen, Wohnsitzbestätigungen oder die Anmeldung "
            "eines Hundes erledigen Sie ausserdem rund um die Uhr online über dieses Portal.</p>"
        ),
    },
    {
        "id": "umzug-online-melden",
        "title": "Umzug jetzt online melden",
        "description": "Mit eUmzugCH melden Sie Zuzug, Wegzug und Umzug ohne Gang an den Schalter.",
        "text": (
            "<p>Wer nach {name} zieht, aus {name} wegzieht oder innerhalb der Gemeinde umzieht, "
            "kann die Meldung neu online erledigen. Der Dienst eUmzugCH wird von Bund, Kantonen "
            "und Gemeinden gemeinsam betrieben und leitet die Meldung direkt an die "
            "Einwohnerdienste weiter.</p>"
            "<p>Halten Sie Ausweis und Mietvertrag bereit; die Meldung dauert etwa zehn "
            "Minuten.</p>"
        ),
    },
]
