"""Demo data: the services of the canton and the service templates of every municipality.

Each entry names its responsible office by id (an office of the same tenant). Texts may name
``{name}``, ``{authority}`` and ``{fee}`` (the entry's ``fee_amount``, or the municipality's own
fee from ``content.MUNICIPALITIES``). Rich-text fields hold HTML.
"""

CANTON_SERVICES = [
    {
        "id": "steuererklaerung-einreichen",
        "title": "Steuererklärung einreichen",
        "description": "Jährliche Steuererklärung für die Staats-, Gemeinde- und Bundessteuer.",
        "topics": ["taxes"],
        "audience": ["private"],
        "office": "steuerverwaltung",
        "what_it_is": (
            "<p>Wer am 31. Dezember im Kanton Basel-Landschaft wohnt, reicht jedes Jahr eine "
            "Steuererklärung ein. Sie ist die Grundlage für die Veranlagung der Staats- und "
            "Gemeindesteuer sowie der direkten Bundessteuer.</p>"
        ),
        "requirements": (
            "<ul><li>Unselbständigerwerbende und Nichterwerbstätige reichen bis 31. März ein, "
            "Selbständigerwerbende bis 30. Juni.</li>"
            "<li>Steuerpflichtig ist, wer am 31. Dezember im Kanton wohnt oder hier eine "
            "Liegenschaft oder einen Geschäftsbetrieb hat.</li></ul>"
        ),
        "documents": (
            "<ul><li>Lohnausweise sowie Bescheinigungen über Renten und Taggelder</li>"
            "<li>Bank- und Depotauszüge per 31. Dezember für das Wertschriftenverzeichnis</li>"
            "<li>Belege zu Abzügen: Säule 3a, Krankheitskosten, Kinderbetreuung, "
            "Weiterbildung</li>"
            "<li>Bei Liegenschaften: Unterhaltskosten und Schuldzinsen</li></ul>"
        ),
        "procedure": (
            "<ol><li>Füllen Sie die Steuererklärung mit der kostenlosen Software E-Tax BL aus.</li>"
            "<li>Reichen Sie sie elektronisch ein oder senden Sie die unterschriebene Quittung "
            "mit den Belegen an die Steuerverwaltung.</li>"
            "<li>Sie erhalten die Veranlagungsverfügung; gegen sie können Sie innert 30 Tagen "
            "Einsprache erheben.</li></ol>"
        ),
        "fees_text": (
            "Das Einreichen ist kostenlos. Wer trotz Mahnung nicht einreicht, bezahlt "
            "Mahngebühren und wird nach pflichtgemässem Ermessen veranlagt."
        ),
        "fee_amount": "0.00",
        "processing_time": "Veranlagung in der Regel innert 6 bis 12 Monaten",
        "legal_basis": (
            "<ul><li>Gesetz über die Staats- und Gemeindesteuern (Steuergesetz, StG; SGS 331)"
            "</li><li>Bundesgesetz über die direkte Bundessteuer (DBG; SR 642.11)</li>"
            "<li>Steuerharmonisierungsgesetz (StHG; SR 642.14)</li></ul>"
        ),
    },
    {
        "id": "fristerstreckung-steuererklaerung",
        "title": "Fristerstreckung für die Steuererklärung beantragen",
        "description": "Mehr Zeit für die Steuererklärung: online beantragen, bis zwei Monate "
        "kostenlos.",
        "topics": ["taxes"],
        "audience": ["private", "companies"],
        "office": "steuerverwaltung",
        "what_it_is": (
            "<p>Können Sie die Steuererklärung nicht fristgerecht einreichen, verlängert die "
            "Steuerverwaltung die Frist auf Gesuch. Eine Verlängerung um zwei Monate über die "
            "aufgedruckte Frist hinaus gilt stillschweigend und ist kostenlos.</p>"
        ),
        "requirements": (
            "<ul><li>Das Gesuch geht vor Ablauf der laufenden Frist ein.</li>"
            "<li>Verlängerungen um mehr als sechs Monate sind zu begründen.</li></ul>"
        ),
        "documents": (
            "<ul><li>Steuernummer (auf der Steuererklärung aufgedruckt)</li>"
            "<li>Für Treuhänderinnen und Treuhänder: Vollmacht der steuerpflichtigen Person"
            "</li></ul>"
        ),
        "procedure": (
            "<ol><li>Beantragen Sie die Fristerstreckung online mit Ihrer Steuernummer.</li>"
            "<li>Sie erhalten die neue Frist sofort per E-Mail bestätigt.</li>"
            "<li>Gebührenpflichtige Erstreckungen werden mit der nächsten Steuerrechnung "
            "verrechnet.</li></ol>"
        ),
        "fees_text": (
            "Bis zwei Monate über die aufgedruckte Frist kostenlos, darüber hinaus CHF {fee} "
            "pro Gesuch."
        ),
        "fee_amount": "40.00",
        "processing_time": "Online sofort bestätigt",
        "legal_basis": (
            "<ul><li>Gesetz über die Staats- und Gemeindesteuern (Steuergesetz, StG; SGS 331)"
            "</li><li>Bundesgesetz über die direkte Bundessteuer (DBG; SR 642.11), Art. 124"
            "</li></ul>"
        ),
    },
    {
        "id": "fahrzeug-einloesen",
        "title": "Fahrzeug einlösen",
        "description": "Fahrzeugausweis und Kontrollschilder für ein neues, gebrauchtes oder "
        "zugezogenes Fahrzeug.",
        "topics": ["mobility"],
        "audience": ["private", "companies"],
        "office": "strassenverkehrsamt",
        "what_it_is": (
            "<p>Bevor ein Motorfahrzeug auf öffentlichen Strassen fahren darf, wird es bei der "
            "Motorfahrzeugkontrolle eingelöst. Sie erhalten den Fahrzeugausweis und die "
            "Kontrollschilder.</p>"
        ),
        "requirements": (
            "<ul><li>Wohnsitz oder Firmensitz im Kanton Basel-Landschaft.</li>"
            "<li>Eine Haftpflichtversicherung für das Fahrzeug; die Versicherung übermittelt den "
            "Versicherungsnachweis elektronisch.</li>"
            "<li>Neue oder importierte Fahrzeuge sind typengenehmigt oder amtlich geprüft.</li>"
            "</ul>"
        ),
        "documents": (
            "<ul><li>Bisheriger Fahrzeugausweis oder Prüfungsbericht (Formular 13.20 A)</li>"
            "<li>Elektronischer Versicherungsnachweis</li>"
            "<li>Pass oder Identitätskarte, bei ausländischen Staatsangehörigen der "
            "Ausländerausweis</li></ul>"
        ),
        "procedure": (
            "<ol><li>Lassen Sie von Ihrer Versicherung den Versicherungsnachweis ausstellen.</li>"
            "<li>Kommen Sie mit den Unterlagen an den Schalter in Füllinsdorf oder beauftragen "
            "Sie Ihre Garage.</li>"
            "<li>Sie erhalten Fahrzeugausweis und Kontrollschilder sofort; die "
            "Motorfahrzeugsteuer wird Ihnen in Rechnung gestellt.</li></ol>"
        ),
        "fees_text": (
            "Fahrzeugausweis CHF {fee}, Kontrollschilder nach Tarif, dazu die anteilsmässige "
            "Motorfahrzeugsteuer."
        ),
        "fee_amount": "60.00",
        "processing_time": "Sofort am Schalter",
        "legal_basis": (
            "<ul><li>Strassenverkehrsgesetz (SVG; SR 741.01)</li>"
            "<li>Verkehrszulassungsverordnung (VZV; SR 741.51)</li>"
            "<li>Verordnung über die Gebühren der Motorfahrzeugkontrolle (SGS 145.36)</li></ul>"
        ),
    },
    {
        "id": "fuehrerausweis-umtauschen",
        "title": "Ausländischen Führerausweis umtauschen",
        "description": "Innert zwölf Monaten nach dem Zuzug aus dem Ausland in einen "
        "Schweizer Führerausweis umtauschen.",
        "topics": ["mobility"],
        "audience": ["private"],
        "office": "strassenverkehrsamt",
        "what_it_is": (
            "<p>Wer aus dem Ausland in den Kanton Basel-Landschaft zieht, darf mit dem "
            "ausländischen Führerausweis zwölf Monate lang fahren. Innerhalb dieser Frist "
            "tauschen Sie ihn in einen Schweizer Führerausweis im Kreditkartenformat um.</p>"
        ),
        "requirements": (
            "<ul><li>Sie wohnen seit weniger als zwölf Monaten in der Schweiz und sind in Ihrer "
            "Wohngemeinde angemeldet.</li>"
            "<li>Ihr ausländischer Führerausweis ist gültig.</li>"
            "<li>Je nach Ausstellungsland und Kategorie ist eine Kontrollfahrt nötig.</li></ul>"
        ),
        "documents": (
            "<ul><li>Ausgefülltes und unterschriebenes Gesuchsformular</li>"
            "<li>Ausländischer Führerausweis im Original</li>"
            "<li>Aktuelles farbiges Passfoto</li>"
            "<li>Sehtest einer Optikerin, eines Optikers oder einer Ärztin, nicht älter als "
            "24 Monate</li>"
            "<li>Kopie des Ausländerausweises</li></ul>"
        ),
        "procedure": (
            "<ol><li>Lassen Sie den Sehtest machen und füllen Sie das Gesuch aus.</li>"
            "<li>Reichen Sie das Gesuch mit den Unterlagen am Schalter oder per Post ein.</li>"
            "<li>Nach der Prüfung, allenfalls nach der Kontrollfahrt, erhalten Sie den "
            "Führerausweis per Post.</li></ol>"
        ),
        "fees_text": "CHF {fee} für den Umtausch; eine Kontrollfahrt wird separat verrechnet.",
        "fee_amount": "135.00",
        "processing_time": "2 bis 3 Wochen",
        "legal_basis": (
            "<ul><li>Strassenverkehrsgesetz (SVG; SR 741.01)</li>"
            "<li>Verkehrszulassungsverordnung (VZV; SR 741.51), Art. 42 und 44</li></ul>"
        ),
    },
]

MUNICIPAL_SERVICES = [
    {
        "id": "wohnsitzbestaetigung",
        "title": "Wohnsitzbestätigung bestellen",
        "description": "Amtliche Bestätigung Ihres Wohnsitzes in {name}, etwa für Arbeitgeber, "
        "Banken oder Behörden.",
        "topics": ["personal"],
        "audience": ["private"],
        "office": "einwohnerdienste",
        "what_it_is": (
            "<p>Die Wohnsitzbestätigung bescheinigt, seit wann und an welcher Adresse Sie in "
            "{name} mit Haupt- oder Nebenwohnsitz gemeldet sind. Arbeitgeber, Banken, "
            "Versicherungen, Schulen und ausländische Behörden verlangen sie häufig.</p>"
        ),
        "requirements": (
            "<ul><li>Sie sind in {name} angemeldet.</li>"
            "<li>Für andere Personen als sich selbst und Ihre minderjährigen Kinder braucht es "
            "eine schriftliche Vollmacht.</li></ul>"
        ),
        "documents": (
            "<ul><li>Pass, Identitätskarte oder Ausländerausweis beim Bezug am Schalter</li>"
            "<li>Vollmacht, wenn Sie für eine andere Person bestellen</li></ul>"
        ),
        "procedure": (
            "<ol><li>Bestellen Sie die Bestätigung online, per E-Mail oder am Schalter.</li>"
            "<li>Geben Sie an, wofür Sie sie brauchen und ob frühere Adressen aufgeführt werden "
            "sollen.</li>"
            "<li>Am Schalter nehmen Sie die Bestätigung gleich mit, sonst kommt sie mit der "
            "Rechnung per Post.</li></ol>"
        ),
        "fees_text": "CHF {fee} pro Bestätigung, bei Postversand zuzüglich Porto.",
        "fee_amount": "20.00",
        "processing_time": "Am Schalter sofort, per Post 1 bis 2 Arbeitstage",
        "legal_basis": (
            "<ul><li>Registerharmonisierungsgesetz (RHG; SR 431.02)</li>"
            "<li>Gebührenreglement der {authority}</li></ul>"
        ),
    },
    {
        "id": "umzug-melden",
        "title": "Umzug melden (Zuzug, Wegzug, Umzug innerhalb der Gemeinde)",
        "description": "Zuzug, Wegzug oder Adresswechsel in {name} innert 14 Tagen melden, "
        "online mit dem Formular der Einwohnerdienste oder mit eUmzugCH.",
        "topics": ["personal", "family"],
        "audience": ["private"],
        "office": "einwohnerdienste",
        # No external_url: the online form (demo/forms.py) links eUmzugCH in its texts.
        "what_it_is": (
            "<p>Wer nach {name} zieht, aus {name} wegzieht oder innerhalb der Gemeinde die "
            "Wohnung wechselt, meldet dies den Einwohnerdiensten innert 14 Tagen. Mit eUmzugCH "
            "erledigen Sie Ab- und Anmeldung online in einem Schritt.</p>"
        ),
        "requirements": (
            "<ul><li>Die Meldung ist innert 14 Tagen nach dem Umzug fällig.</li>"
            "<li>Sie melden sich selbst und die Personen Ihres Haushalts, für die Sie "
            "vertretungsberechtigt sind.</li>"
            "<li>Wer aus dem Ausland zuzieht, meldet sich persönlich am Schalter.</li></ul>"
        ),
        "documents": (
            "<ul><li>Pass oder Identitätskarte aller umziehenden Personen</li>"
            "<li>Mietvertrag oder Bestätigung der Vermieterschaft mit der Wohnungsnummer</li>"
            "<li>Bei Schweizerinnen und Schweizern: Heimatschein, sofern die bisherige Gemeinde "
            "ihn nicht direkt zustellt</li>"
            "<li>Bei ausländischen Staatsangehörigen: Ausländerausweis und Nachweis der "
            "Krankenversicherung</li></ul>"
        ),
        "procedure": (
            "<ol><li>Melden Sie den Umzug mit dem Online-Formular, über "
            '<a href="https://www.eumzug.swiss">eUmzugCH</a> oder am Schalter der '
            "Einwohnerdienste.</li>"
            "<li>Die Einwohnerdienste prüfen die Angaben und bestätigen die Meldung.</li>"
            "<li>Melden Sie die neue Adresse auch der Motorfahrzeugkontrolle, Ihrer Krankenkasse "
            "und der Post.</li></ol>"
        ),
        "fees_text": "Die Meldung ist gebührenfrei. Verspätete Meldungen können gebüsst werden.",
        "fee_amount": "0.00",
        "processing_time": "Bestätigung in der Regel innert 2 Arbeitstagen",
        "legal_basis": (
            "<ul><li>Registerharmonisierungsgesetz (RHG; SR 431.02)</li>"
            "<li>Ausländer- und Integrationsgesetz (AIG; SR 142.20)</li>"
            "<li>Gebührenreglement der {authority}</li></ul>"
        ),
    },
    {
        "id": "hund-anmelden",
        "title": "Hund anmelden",
        "description": "Hunde ab drei Monaten anmelden, Hundemarke beziehen und Hundesteuer "
        "bezahlen.",
        "topics": ["personal", "safety"],
        "audience": ["private"],
        "office": "einwohnerdienste",
        "what_it_is": (
            "<p>Wer in {name} einen Hund hält, der älter als drei Monate ist, meldet ihn bei "
            "den Einwohnerdiensten an und bezahlt die jährliche Hundesteuer. Das gilt auch, "
            "wenn Sie mit Ihrem Hund nach {name} ziehen.</p>"
        ),
        "requirements": (
            "<ul><li>Der Hund ist mit einem Mikrochip gekennzeichnet und in der Datenbank "
            "AMICUS registriert.</li>"
            "<li>Für den Hund besteht eine Haftpflichtversicherung mit mindestens drei "
            "Millionen Franken Deckung.</li>"
            "<li>Potenziell gefährliche Hunde brauchen vorab eine Bewilligung des Kantons.</li>"
            "</ul>"
        ),
        "documents": (
            "<ul><li>Mikrochip-Nummer des Hundes</li>"
            "<li>Nachweis der Haftpflichtversicherung</li>"
            "<li>Bei bewilligungspflichtigen Hunden: Haltebewilligung des Kantons</li></ul>"
        ),
        "procedure": (
            "<ol><li>Melden Sie den Hund innert 14 Tagen nach Übernahme oder Zuzug an.</li>"
            "<li>Sie erhalten die Hundemarke und die Rechnung für die Hundesteuer.</li>"
            "<li>Melden Sie auch, wenn der Hund stirbt, abgegeben wird oder Sie wegziehen.</li>"
            "</ol>"
        ),
        "fees_text": (
            "Hundesteuer CHF {fee} pro Hund und Jahr, unter dem Jahr anteilsmässig. "
            "Blindenführ- und Assistenzhunde sind befreit."
        ),
        "fee_amount": "120.00",
        "processing_time": "Am Schalter sofort, online innert 3 Arbeitstagen",
        "legal_basis": (
            "<ul><li>Gesetz über das Halten von Hunden (Hundegesetz; SGS 342)</li>"
            "<li>Verordnung über das Halten potenziell gefährlicher Hunde (SGS 342.12)</li>"
            "<li>Tierseuchenverordnung (TSV; SR 916.401)</li>"
            "<li>Hundereglement der {authority}</li></ul>"
        ),
    },
    {
        "id": "heimatausweis",
        "title": "Heimatausweis bestellen",
        "description": "Bestätigung des hinterlegten Heimatscheins, für den Wochenaufenthalt "
        "in einer anderen Gemeinde.",
        "topics": ["personal"],
        "audience": ["private"],
        "office": "einwohnerdienste",
        "what_it_is": (
            "<p>Der Heimatausweis bestätigt, dass Ihr Heimatschein bei den Einwohnerdiensten "
            "{name} hinterlegt ist. Sie brauchen ihn, wenn Sie sich als Wochenaufenthalterin "
            "oder Wochenaufenthalter in einer anderen Gemeinde anmelden.</p>"
        ),
        "requirements": (
            "<ul><li>Sie haben das Schweizer Bürgerrecht und Ihren Hauptwohnsitz in {name}.</li>"
            "<li>Ihr Heimatschein ist bei den Einwohnerdiensten hinterlegt.</li></ul>"
        ),
        "documents": (
            "<ul><li>Pass oder Identitätskarte</li><li>Adresse am Wochenaufenthaltsort</li></ul>"
        ),
        "procedure": (
            "<ol><li>Bestellen Sie den Heimatausweis online oder am Schalter.</li>"
            "<li>Die Einwohnerdienste senden ihn mit der Rechnung zu.</li>"
            "<li>Geben Sie ihn bei der Anmeldung am Wochenaufenthaltsort ab.</li></ol>"
        ),
        "fees_text": "CHF {fee} pro Ausweis.",
        "fee_amount": "30.00",
        "processing_time": "2 bis 3 Arbeitstage",
        "legal_basis": (
            "<ul><li>Schweizerisches Zivilgesetzbuch (ZGB; SR 210), Art. 23 ff.</li>"
            "<li>Registerharmonisierungsgesetz (RHG; SR 431.02)</li>"
            "<li>Gebührenreglement der {authority}</li></ul>"
        ),
    },
    {
        "id": "todesfall-melden",
        "title": "Todesfall melden und Bestattung regeln",
        "description": "Einen Todesfall innert zwei Tagen melden und die Bestattung in {name} "
        "besprechen.",
        "topics": ["family"],
        "audience": ["private"],
        "office": "einwohnerdienste",
        "what_it_is": (
            "<p>Stirbt eine Person mit Wohnsitz in {name}, melden die Angehörigen den Todesfall "
            "den Einwohnerdiensten. Diese leiten die Meldung an das Zivilstandsamt weiter und "
            "besprechen mit Ihnen die Bestattung und die Abdankung.</p>"
        ),
        "requirements": (
            "<ul><li>Die Meldung ist innert zwei Tagen nach dem Tod fällig.</li>"
            "<li>Melden können Angehörige, eine beauftragte Person oder ein "
            "Bestattungsunternehmen.</li></ul>"
        ),
        "documents": (
            "<ul><li>Ärztliche Todesbescheinigung</li>"
            "<li>Familienausweis oder Personenstandsausweis der verstorbenen Person</li>"
            "<li>Ausländerausweis der verstorbenen Person, falls vorhanden</li>"
            "<li>Allfällige Bestattungsverfügung</li></ul>"
        ),
        "procedure": (
            "<ol><li>Vereinbaren Sie telefonisch einen Termin mit den Einwohnerdiensten.</li>"
            "<li>Im Gespräch legen Sie Art und Zeitpunkt der Bestattung und der Abdankung "
            "fest.</li>"
            "<li>Die Einwohnerdienste melden den Todesfall dem Zivilstandsamt und koordinieren "
            "mit Friedhofverwaltung und Pfarramt.</li></ol>"
        ),
        "fees_text": (
            "Für Personen mit Wohnsitz in {name} sind Kremation und Bestattung in einem "
            "Reihengrab unentgeltlich. Grabmal, Grabunterhalt und besondere Wünsche werden nach "
            "Friedhofreglement verrechnet."
        ),
        "fee_amount": "0.00",
        "processing_time": "Termin am gleichen oder nächsten Arbeitstag",
        "legal_basis": (
            "<ul><li>Zivilstandsverordnung (ZStV; SR 211.112.2)</li>"
            "<li>Friedhof- und Bestattungsreglement der {authority}</li></ul>"
        ),
    },
    {
        "id": "baugesuch-einreichen",
        "title": "Baugesuch einreichen",
        "description": "Neubau, Umbau, Anbau oder Umnutzung: Beratung, Stellungnahme der "
        "Gemeinde und Bewilligung.",
        "topics": ["building"],
        "audience": ["private", "companies"],
        "office": "bauverwaltung",
        "what_it_is": (
            "<p>Wer ein Gebäude neu baut, umbaut, erweitert oder anders nutzt, braucht eine "
            "Baubewilligung. Im Kanton Basel-Landschaft erteilt sie das kantonale "
            "Bauinspektorat. Die Bauverwaltung {name} berät Sie vor der Eingabe, prüft das "
            "Gesuch auf die kommunalen Vorschriften und gibt dem Bauinspektorat ihre "
            "Stellungnahme ab.</p>"
        ),
        "requirements": (
            "<ul><li>Das Vorhaben entspricht dem Zonenplan und dem Zonenreglement der "
            "{authority}.</li>"
            "<li>Die Grundeigentümerschaft ist mit dem Vorhaben einverstanden und unterzeichnet "
            "das Gesuch.</li></ul>"
        ),
        "documents": (
            "<ul><li>Baugesuchsformular, unterzeichnet von Bauherrschaft, Projektverfasser und "
            "Grundeigentümerschaft</li>"
            "<li>Situationsplan mit eingezeichnetem Vorhaben</li>"
            "<li>Grundrisse, Schnitte und Fassaden im Massstab 1:100</li>"
            "<li>Energienachweis, wo nötig Nachweise zu Schallschutz und Entwässerung</li></ul>"
        ),
        "procedure": (
            "<ol><li>Besprechen Sie Ihr Vorhaben frühzeitig mit der Bauverwaltung.</li>"
            "<li>Reichen Sie das vollständige Gesuch ein; es wird publiziert und öffentlich "
            "aufgelegt, Nachbarn können Einsprache erheben.</li>"
            "<li>Die Bauverwaltung gibt ihre Stellungnahme ab, das Bauinspektorat entscheidet "
            "und stellt Ihnen die Bewilligung zu.</li></ol>"
        ),
        "fees_text": (
            "Die Bewilligungsgebühr des Bauinspektorats richtet sich nach der Bausumme. Für die "
            "kommunale Prüfung verrechnet die Bauverwaltung eine Grundgebühr von CHF {fee}."
        ),
        "fee_amount": "200.00",
        "processing_time": "6 bis 10 Wochen ab vollständiger Eingabe",
        "legal_basis": (
            "<ul><li>Raumplanungs- und Baugesetz (RBG; SGS 400)</li>"
            "<li>Verordnung zum Raumplanungs- und Baugesetz (RBV; SGS 400.11)</li>"
            "<li>Zonenreglement Siedlung der {authority}</li></ul>"
        ),
    },
    {
        "id": "anwohnerparkkarte",
        "title": "Parkkarte beantragen",
        "description": "Anwohner- oder Gewerbeparkkarte für die Blaue Zone in {name}.",
        "topics": ["mobility"],
        "audience": ["private", "companies"],
        "office": "einwohnerdienste",
        "what_it_is": (
            "<p>Mit der Anwohnerparkkarte parkieren Sie in der Blauen Zone Ihres Quartiers ohne "
            "Zeitbeschränkung. Betriebe mit Sitz in {name} können eine Gewerbeparkkarte für "
            "ihre Geschäftsfahrzeuge beantragen.</p>"
        ),
        "requirements": (
            "<ul><li>Sie wohnen in einem Quartier mit Blauer Zone und sind dort angemeldet.</li>"
            "<li>Das Fahrzeug ist auf Sie eingelöst oder Ihnen als Geschäftsfahrzeug "
            "überlassen.</li>"
            "<li>Sie haben keinen eigenen Abstellplatz auf privatem Grund.</li></ul>"
        ),
        "documents": (
            "<ul><li>Fahrzeugausweis</li>"
            "<li>Bei Geschäftsfahrzeugen: Bestätigung der Arbeitgeberin</li>"
            "<li>Bei Gewerbeparkkarten: Handelsregisterauszug</li></ul>"
        ),
        "procedure": (
            "<ol><li>Beantragen Sie die Karte online oder am Schalter.</li>"
            "<li>Nach der Prüfung erhalten Sie die Rechnung, nach Zahlungseingang die Karte.</li>"
            "<li>Die Karte gilt für das angegebene Kontrollschild und die bezeichnete Zone.</li>"
            "</ol>"
        ),
        "fees_text": "CHF {fee} pro Jahr; Monatskarten sind anteilsmässig erhältlich.",
        "fee_amount": "400.00",
        "processing_time": "5 Arbeitstage",
        "legal_basis": (
            "<ul><li>Signalisationsverordnung (SSV; SR 741.21)</li>"
            "<li>Parkierungsreglement der {authority}</li></ul>"
        ),
    },
    {
        "id": "sozialhilfe-beantragen",
        "title": "Sozialhilfe beantragen",
        "description": "Unterstützung, wenn das Geld für den Lebensunterhalt nicht reicht.",
        "topics": ["social", "family"],
        "audience": ["private"],
        "office": "sozialdienst",
        "what_it_is": (
            "<p>Die Sozialhilfe unterstützt Menschen, die ihren Lebensunterhalt vorübergehend "
            "nicht aus eigenen Mitteln bestreiten können. Sie sichert das soziale "
            "Existenzminimum und hilft mit Beratung, wieder selbständig zu werden.</p>"
        ),
        "requirements": (
            "<ul><li>Ihr Unterstützungswohnsitz ist in {name}.</li>"
            "<li>Einkommen und Vermögen reichen nicht aus, und vorrangige Leistungen wie Lohn, "
            "Sozialversicherungen, Unterhaltsbeiträge oder Stipendien sind ausgeschöpft oder "
            "beantragt.</li>"
            "<li>Sie wirken bei der Abklärung mit und melden Änderungen sofort.</li></ul>"
        ),
        "documents": (
            "<ul><li>Ausweise aller Personen im Haushalt</li>"
            "<li>Mietvertrag und Nachweis der Mietzinszahlungen</li>"
            "<li>Lohnabrechnungen, Entscheide von Sozialversicherungen, Kontoauszüge der letzten "
            "drei Monate</li>"
            "<li>Krankenkassenpolice und Entscheid über die Prämienverbilligung</li>"
            "<li>Letzte Steuerveranlagung</li></ul>"
        ),
        "procedure": (
            "<ol><li>Melden Sie sich telefonisch oder online für ein Erstgespräch.</li>"
            "<li>Im Gespräch klären wir Ihre Lage und die nötigen Unterlagen.</li>"
            "<li>Die Sozialhilfebehörde entscheidet; Sie erhalten eine schriftliche "
            "Verfügung.</li></ol>"
        ),
        "fees_text": (
            "Die Beratung ist kostenlos. Bezogene Sozialhilfe ist unter bestimmten "
            "Voraussetzungen zurückzuerstatten, etwa bei späterem Vermögensanfall."
        ),
        "fee_amount": "0.00",
        "processing_time": "Erstgespräch innert 5 Arbeitstagen, in Notlagen am gleichen Tag",
        "legal_basis": (
            "<ul><li>Gesetz über die Sozial- und die Jugendhilfe (Sozialhilfegesetz, SHG; "
            "SGS 850)</li>"
            "<li>Sozialhilfeverordnung (SHV; SGS 850.11)</li>"
            "<li>Zuständigkeitsgesetz (ZUG; SR 851.1)</li></ul>"
        ),
    },
    {
        "id": "alimentenhilfe",
        "title": "Inkassohilfe und Bevorschussung von Unterhaltsbeiträgen",
        "description": "Hilfe, wenn Kinderalimente nicht oder nicht vollständig bezahlt werden.",
        "topics": ["family", "social"],
        "audience": ["private"],
        "office": "sozialdienst",
        "what_it_is": (
            "<p>Bezahlt der unterhaltspflichtige Elternteil die Alimente nicht, nicht "
            "vollständig oder nicht rechtzeitig, hilft der Sozialdienst beim Inkasso. Unter "
            "bestimmten Voraussetzungen bevorschusst die {authority} die Unterhaltsbeiträge "
            "für Kinder.</p>"
        ),
        "requirements": (
            "<ul><li>Es gibt einen rechtskräftigen Unterhaltstitel: ein Urteil oder einen "
            "genehmigten Unterhaltsvertrag.</li>"
            "<li>Das Kind wohnt in {name}.</li>"
            "<li>Für die Bevorschussung gelten Einkommens- und Vermögensgrenzen.</li></ul>"
        ),
        "documents": (
            "<ul><li>Urteil oder genehmigter Unterhaltsvertrag</li>"
            "<li>Aufstellung der ausstehenden Zahlungen</li>"
            "<li>Nachweise über Einkommen und Vermögen des Haushalts</li></ul>"
        ),
        "procedure": (
            "<ol><li>Reichen Sie das Gesuch mit den Unterlagen beim Sozialdienst ein.</li>"
            "<li>Der Sozialdienst fordert die ausstehenden Beiträge beim unterhaltspflichtigen "
            "Elternteil ein.</li>"
            "<li>Über die Bevorschussung erhalten Sie einen schriftlichen Entscheid; Vorschüsse "
            "werden monatlich ausbezahlt.</li></ol>"
        ),
        "fees_text": "Inkassohilfe und Bevorschussung sind für die berechtigte Person kostenlos.",
        "fee_amount": "0.00",
        "processing_time": "Entscheid in der Regel innert 4 Wochen",
        "legal_basis": (
            "<ul><li>Schweizerisches Zivilgesetzbuch (ZGB; SR 210), Art. 290 und 293</li>"
            "<li>Inkassohilfeverordnung (InHV; SR 211.214.32)</li></ul>"
        ),
    },
    {
        "id": "gruengut-entsorgung",
        "title": "Grüngutabfuhr und Entsorgung",
        "description": "Grüngutvignette bestellen, Abfuhrdaten und Sammelstellen in {name}.",
        "topics": ["environment"],
        "audience": ["private"],
        "office": "bauverwaltung",
        "what_it_is": (
            "<p>Die {authority} sammelt Hauskehricht, Grüngut, Papier und Karton von Haus zu "
            "Haus. Für das Grüngut brauchen Sie eine Jahresvignette für Ihren Container. "
            "Sperrgut, Altmetall und Sonderabfälle bringen Sie an die Sammelstellen.</p>"
        ),
        "requirements": (
            "<ul><li>Grüngut nur in Containern mit gültiger Vignette oder gebündelt "
            "bereitstellen.</li>"
            "<li>Bereitstellung am Abfuhrtag bis 07.00 Uhr am Strassenrand.</li>"
            "<li>Keine Fleischabfälle, Katzenstreu oder Kunststoffe im Grüngut.</li></ul>"
        ),
        "documents": "<p>Keine; für die Vignette genügen Adresse und Containergrösse.</p>",
        "procedure": (
            "<ol><li>Bestellen Sie die Vignette online oder bei der Bauverwaltung.</li>"
            "<li>Kleben Sie die Vignette gut sichtbar auf den Container.</li>"
            "<li>Die Abfuhrdaten stehen im Abfallkalender der Gemeinde.</li></ol>"
        ),
        "fees_text": (
            "Grüngutvignette für einen Container bis 240 Liter CHF {fee} pro Jahr. Hauskehricht "
            "nur in offiziellen Gebührensäcken."
        ),
        "fee_amount": "80.00",
        "processing_time": "Vignette innert 3 Arbeitstagen per Post",
        "legal_basis": (
            "<ul><li>Umweltschutzgesetz (USG; SR 814.01)</li>"
            "<li>Abfallverordnung (VVEA; SR 814.600)</li>"
            "<li>Abfallreglement der {authority}</li></ul>"
        ),
    },
    {
        "id": "veranstaltung-bewilligen",
        "title": "Veranstaltung bewilligen lassen",
        "description": "Bewilligung für Quartierfeste, Märkte, Konzerte und Sportanlässe in "
        "{name}.",
        "topics": ["safety", "work"],
        "audience": ["private", "companies"],
        "office": "einwohnerdienste",
        "what_it_is": (
            "<p>Öffentliche Anlässe wie Quartierfeste, Märkte, Konzerte oder Sportveranstaltungen "
            "brauchen eine Bewilligung, besonders wenn öffentlicher Grund benützt, Alkohol "
            "ausgeschenkt oder im Freien Musik gespielt wird.</p>"
        ),
        "requirements": (
            "<ul><li>Eine volljährige verantwortliche Person oder ein Verein veranstaltet den "
            "Anlass.</li>"
            "<li>Ab 300 Personen braucht es ein Sicherheits- und Verkehrskonzept.</li>"
            "<li>Für den Ausschank alkoholischer Getränke eine Gelegenheitswirtschafts"
            "bewilligung.</li></ul>"
        ),
        "documents": (
            "<ul><li>Gesuch mit Datum, Ort, Programm und erwarteter Besucherzahl</li>"
            "<li>Situationsplan mit Ständen, Bühne, Fluchtwegen und Sanitätsposten</li>"
            "<li>Nachweis der Veranstalterhaftpflichtversicherung</li></ul>"
        ),
        "procedure": (
            "<ol><li>Reichen Sie das Gesuch mindestens 30 Tage vor dem Anlass ein, bei grossen "
            "Anlässen drei Monate vorher.</li>"
            "<li>Die Einwohnerdienste holen die Stellungnahmen von Polizei, Feuerwehr und "
            "Werkhof ein.</li>"
            "<li>Sie erhalten die Bewilligung mit den Auflagen und die Rechnung.</li></ol>"
        ),
        "fees_text": (
            "Bewilligungsgebühr ab CHF {fee}, je nach Aufwand. Öffentlicher Grund und Material "
            "des Werkhofs werden separat verrechnet."
        ),
        "fee_amount": "50.00",
        "processing_time": "2 bis 4 Wochen",
        "legal_basis": (
            "<ul><li>Gastgewerbegesetz des Kantons Basel-Landschaft (SGS 540)</li>"
            "<li>Polizeireglement der {authority}</li></ul>"
        ),
    },
    {
        "id": "oeffentlichen-grund-benuetzen",
        "title": "Öffentlichen Grund benützen",
        "description": "Boulevardcafé, Verkaufsstand, Mulde, Gerüst oder Umzugslift auf "
        "Trottoir und Strasse.",
        "topics": ["work", "building"],
        "audience": ["companies", "private"],
        "office": "bauverwaltung",
        "what_it_is": (
            "<p>Wer Trottoirs, Strassen oder Plätze in {name} über den Gemeingebrauch hinaus "
            "nutzt, etwa für ein Boulevardcafé, einen Verkaufsstand, eine Mulde, ein Gerüst "
            "oder einen Umzugslift, braucht eine Bewilligung der Bauverwaltung.</p>"
        ),
        "requirements": (
            "<ul><li>Zu Fuss Gehende und Rettungsfahrzeuge kommen weiterhin durch; auf dem "
            "Trottoir bleiben mindestens 1,5 Meter frei.</li>"
            "<li>Die Fläche wird sauber und unbeschädigt zurückgegeben.</li></ul>"
        ),
        "documents": (
            "<ul><li>Gesuch mit Ort, Fläche in Quadratmetern und Dauer</li>"
            "<li>Skizze oder Situationsplan</li>"
            "<li>Bei Boulevardcafés: Betriebsbewilligung des Gastgewerbebetriebs</li></ul>"
        ),
        "procedure": (
            "<ol><li>Reichen Sie das Gesuch mindestens 10 Arbeitstage vor der Nutzung ein.</li>"
            "<li>Die Bauverwaltung legt allenfalls eine Signalisation fest und stellt die "
            "Bewilligung aus.</li>"
            "<li>Nach der Nutzung folgt die Abnahme; die Gebühr richtet sich nach Fläche und "
            "Dauer.</li></ol>"
        ),
        "fees_text": "Grundgebühr CHF {fee}, dazu eine Flächengebühr nach Dauer und Lage.",
        "fee_amount": "60.00",
        "processing_time": "5 bis 10 Arbeitstage",
        "legal_basis": (
            "<ul><li>Strassengesetz des Kantons Basel-Landschaft (SGS 430)</li>"
            "<li>Reglement über die Benützung des öffentlichen Grundes der {authority}</li></ul>"
        ),
    },
    {
        "id": "unternehmen-gruenden",
        "title": "Unternehmen gründen und anmelden",
        "description": "Handelsregister, AHV und Mehrwertsteuer in einem Schritt über EasyGov, "
        "Bewilligungen bei der Gemeinde.",
        "topics": ["work"],
        "audience": ["companies"],
        "office": "einwohnerdienste",
        "external_url": "https://www.easygov.swiss",
        "what_it_is": (
            "<p>Wer in {name} ein Unternehmen gründet, meldet es beim Handelsregisteramt des "
            "Kantons Basel-Landschaft, bei der AHV-Ausgleichskasse und bei der Mehrwertsteuer "
            "an. Über EasyGov, das Portal des Bundes für Unternehmen, geht das in einem "
            "Schritt. Die Einwohnerdienste beraten Sie zu den Bewilligungen der Gemeinde.</p>"
        ),
        "requirements": (
            "<ul><li>Einzelunternehmen ab CHF 100'000 Jahresumsatz sowie GmbH und AG werden im "
            "Handelsregister eingetragen.</li>"
            "<li>Sitz oder Geschäftsadresse liegt in {name}.</li></ul>"
        ),
        "documents": (
            "<ul><li>Pass oder Identitätskarte der Inhaberinnen, Inhaber oder "
            "Gesellschafter</li>"
            "<li>Bei GmbH und AG: Statuten, Gründungsurkunde und Bestätigung der "
            "Kapitaleinzahlung</li>"
            "<li>Geschäftsadresse und Zweck des Unternehmens</li></ul>"
        ),
        "procedure": (
            "<ol><li>Erfassen Sie die Gründung auf EasyGov oder direkt beim Handelsregisteramt "
            "Basel-Landschaft.</li>"
            "<li>Nach dem Eintrag wird die Firma im Schweizerischen Handelsamtsblatt publiziert "
            "und erhält eine Unternehmens-Identifikationsnummer (UID).</li>"
            "<li>Melden Sie bewilligungspflichtige Tätigkeiten wie Gastgewerbe oder die Nutzung "
            "von öffentlichem Grund bei der Gemeinde an.</li></ol>"
        ),
        "fees_text": (
            "Die Beratung durch die Gemeinde ist kostenlos. Die Gebühren des "
            "Handelsregisteramts richten sich nach der Gebührenverordnung des Bundes."
        ),
        "fee_amount": "0.00",
        "processing_time": "Eintrag im Handelsregister in der Regel innert 5 Arbeitstagen",
        "legal_basis": (
            "<ul><li>Obligationenrecht (OR; SR 220), Art. 927 ff.</li>"
            "<li>Handelsregisterverordnung (HRegV; SR 221.411)</li>"
            "<li>Gebührenverordnung für das Handelsregister (GebV-HReg; SR 221.411.1)</li></ul>"
        ),
    },
]
