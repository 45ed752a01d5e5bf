"""Demo content for ``make demo``: the 2026 series, its themes, and sample interviews.

Only facts from the publisher's public page are used for the real Kommune
(Ilm-Kreis) and the real interviewee. Every answer is sample text, generated
from the neutral sentence pools below and visibly marked as "Beispieltext":
no invented words are put into a real person's mouth.
"""

import datetime
import random
from decimal import Decimal
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")

SAMPLE_MARK = "[Beispieltext]"
# The demo's figures are drawn by load_demo (no photos, no third-party images).
FIGURE_CREDIT = "Platzhaltergrafik, akk-cms (Demo), gemeinfrei"

SERIES = [
    {
        "slug": "mal-nachgefragt-2026",
        "title": "Mal nachgefragt!",
        "subtitle": "Interviews zu Herausforderungen im Klimaschutz",
        "year": 2026,
        "planned_parts": 6,
        "publication_line": "Kommunaler Klimaschutz",
        "description": (
            "Sechs Kommunen mit ganz unterschiedlichem Hintergrund erzählen in dieser Reihe, wie sie "
            "Klimaschutz angehen: wo er in der Verwaltung verankert ist, wie sich die aktuelle Klimapolitik "
            "auf ihre tägliche Arbeit auswirkt, welche Rolle die klimaneutrale Wärmeplanung spielt und ob "
            "Personal- und Finanzverantwortliche heute anders auf den Klimaschutz blicken. Die Interviews "
            "erscheinen nacheinander bis Ende 2026. Alle befragten Kommunen sind Mitglied im Arbeitskreis "
            "Kommunaler Klimaschutz (AKK)."
        ),
        "funding_body": "Bundesministerium für Umwelt, Klimaschutz, Naturschutz und nukleare Sicherheit",
        "funding_programme": "Nationale Klimaschutzinitiative (NKI)",
        "funding_project": "Erfolgsmodell Klimaaktive Kommune – Vorbilder identifizieren, kommunizieren, replizieren",
        "grant_number": "",
        "funding_notice": (
            "Gefördert durch: Bundesministerium für Umwelt, Klimaschutz, Naturschutz und nukleare Sicherheit "
            "aufgrund eines Beschlusses des Deutschen Bundestages. Die Interviewreihe entsteht im NKI-Projekt "
            "„Erfolgsmodell Klimaaktive Kommune – Vorbilder identifizieren, kommunizieren, replizieren“."
        ),
        "themes": ["verankerung", "klimapolitik-arbeitsalltag", "waermeplanung", "personal-finanzen"],
    },
    {
        "slug": "mal-nachgefragt-2022",
        "title": "Mal nachgefragt!",
        "subtitle": "Wie gehen Kommunen mit Herausforderungen im Klimaschutz um?",
        "year": 2022,
        "planned_parts": 5,
        "publication_line": "Kommunaler Klimaschutz",
        "description": (
            "Die erste Reihe der Interviews aus dem Jahr 2022: Kommunen aus dem AKK berichten, wie sie mit "
            "den Herausforderungen im Klimaschutz umgehen. Als drittes Thema ging es damals um die Bewegung "
            "„Fridays for Future“ und die Ausrufung des Klimanotstands."
        ),
        "funding_body": "Bundesministerium für Wirtschaft und Klimaschutz",
        "funding_programme": "Nationale Klimaschutzinitiative (NKI)",
        "funding_project": "Klimaaktive Kommunen – Ideenpool und Wegweiser",
        "grant_number": "",
        "funding_notice": (
            "Gefördert durch: Bundesministerium für Wirtschaft und Klimaschutz aufgrund eines Beschlusses des "
            "Deutschen Bundestages. Die Interviewreihe entstand im NKI-Projekt „Klimaaktive Kommunen – "
            "Ideenpool und Wegweiser“."
        ),
        "themes": [
            "verankerung",
            "klimapolitik-arbeitsalltag",
            "fridays-for-future-klimanotstand",
            "personal-finanzen",
        ],
    },
]

THEMES = [
    {
        "slug": "verankerung",
        "title": "Verankerung und Wirkung",
        "question": "Wie ist Klimaschutz in der Kommune verankert, und wo zeigt er Wirkung?",
        "position": 1,
        "print_color": "100,35,0,15",
    },
    {
        "slug": "klimapolitik-arbeitsalltag",
        "title": "Klimapolitik im Arbeitsalltag",
        "question": "Wo zeigen sich Auswirkungen der aktuellen Klimapolitik auf den Arbeitsalltag?",
        "position": 2,
        "print_color": "0,65,100,0",
    },
    {
        "slug": "waermeplanung",
        "title": "Klimaneutrale Wärmeplanung",
        "question": "Welche Bedeutung hat die klimaneutrale Wärmeplanung für den Klimaschutz?",
        "position": 3,
        "print_color": "0,95,85,5",
    },
    {
        "slug": "fridays-for-future-klimanotstand",
        "title": "Fridays for Future und Klimanotstand",
        "question": "Was haben „Fridays for Future“ und die Ausrufung des Klimanotstands vor Ort bewegt?",
        "position": 3,
        "print_color": "60,85,0,0",
    },
    {
        "slug": "personal-finanzen",
        "title": "Personal und Finanzen",
        "question": "Haben die Bereiche Personal und Finanzen ihre Haltung zum Klimaschutz nachhaltig verändert?",
        "position": 4,
        "print_color": "75,0,100,10",
    },
]

# Map positions: the Ilm-Kreis's real district town; the fictional Kommunen get a made-up point in their Land.
KOMMUNEN = [
    {
        "slug": "ilm-kreis",
        "name": "Ilm-Kreis",
        "kind": "landkreis",
        "state": "TH",
        # Arnstadt, the district town (for the map on /kommunen/).
        "latitude": Decimal("50.8345"),
        "longitude": Decimal("10.9464"),
        "population": None,
        "website": "",
        "description": "Landkreis in Thüringen, Mitglied im Arbeitskreis Kommunaler Klimaschutz (AKK).",
        "is_fictional": False,
    },
    {
        "slug": "beispielhausen",
        "name": "Stadt Beispielhausen (fiktiv)",
        "kind": "stadt",
        "state": "NW",
        "latitude": Decimal("51.4800"),
        "longitude": Decimal("7.2200"),
        "population": 48200,
        "description": "Erfundene Mittelstadt für die Demo-Inhalte dieses Systems.",
        "is_fictional": True,
        "awards": [(2021, "Klimaschutz durch Kooperation")],
    },
    {
        "slug": "landkreis-musterland",
        "name": "Landkreis Musterland (fiktiv)",
        "kind": "landkreis",
        "state": "NI",
        "latitude": Decimal("52.6500"),
        "longitude": Decimal("9.2100"),
        "population": 172500,
        "description": "Erfundener Flächenlandkreis für die Demo-Inhalte dieses Systems.",
        "is_fictional": True,
        "awards": [(2019, "Ressourcen- und Energieeffizienz in der Kommune")],
    },
    {
        "slug": "modellheim",
        "name": "Gemeinde Modellheim (fiktiv)",
        "kind": "gemeinde",
        "state": "BY",
        "latitude": Decimal("48.9000"),
        "longitude": Decimal("11.4300"),
        "population": 6900,
        "description": "Erfundene kleine Gemeinde für die Demo-Inhalte dieses Systems.",
        "is_fictional": True,
        "awards": [],
    },
    {
        "slug": "musterstadt",
        "name": "Musterstadt (fiktiv)",
        "kind": "kreisfreie_stadt",
        "state": "SN",
        "latitude": Decimal("51.1800"),
        "longitude": Decimal("14.4200"),
        "population": 251000,
        "description": "Erfundene kreisfreie Großstadt für die Demo-Inhalte dieses Systems.",
        "is_fictional": True,
        "awards": [(2023, "Klimaanpassung in der Kommune"), (2020, "Kommunale Klimaaktivitäten zum Mitmachen")],
    },
    {
        "slug": "regionalverband-beispielregion",
        "name": "Regionalverband Beispielregion (fiktiv)",
        "kind": "region",
        "state": "BW",
        "latitude": Decimal("48.6300"),
        "longitude": Decimal("9.0300"),
        "population": 410000,
        "description": "Erfundener Regionalverband für die Demo-Inhalte dieses Systems.",
        "is_fictional": True,
        "awards": [],
    },
]


def berlin(year, month, day, hour=10):
    return datetime.datetime(year, month, day, hour, 0, tzinfo=BERLIN)


INTERVIEWS = [
    {
        "series": "mal-nachgefragt-2026",
        "part": 1,
        "kommune": "beispielhausen",
        "slug": "beispielhausen-klimaschutz-als-querschnittsaufgabe",
        "title": "Klimaschutz als Querschnittsaufgabe im Rathaus",
        "interviewee_name": "Erika Beispiel (fiktive Person)",
        "interviewee_wording": "w",
        "interviewee_role": "Leiterin der Stabsstelle Klimaschutz der Stadt Beispielhausen",
        "lead": (
            "<p>Die fiktive Stadt Beispielhausen zeigt, wie eine Mittelstadt Klimaschutz als Aufgabe aller "
            "Fachbereiche organisiert. Dieses Demo-Interview besteht aus Beispieltext.</p>"
        ),
        "status": "published",
        "published_at": berlin(2026, 2, 17),
        "words": 1900,
        "seed": 1,
        "figures": [
            {
                "motif": "solar",
                "size": (1800, 1200),
                "caption": "Platzhaltergrafik: Solaranlage auf einem Dach der Stadtverwaltung (Beispiel).",
                "alt_text": "Gezeichnete Grafik: blaue Solarmodule auf einem roten Dach unter gelber Sonne (kein Foto)",
            },
            {
                "motif": "wind",
                "size": (1200, 1500),
                "caption": "Platzhaltergrafik: Windrad am Stadtrand (Beispiel).",
                "alt_text": "Gezeichnete Grafik: weißes Windrad auf grüner Wiese vor blauem Himmel (kein Foto)",
            },
        ],
    },
    {
        "series": "mal-nachgefragt-2026",
        "part": 2,
        "kommune": "landkreis-musterland",
        "slug": "musterland-waerme-fuer-den-laendlichen-raum",
        "title": "Wärmeplanung für den ländlichen Raum",
        "interviewee_name": "Max Mustermann (fiktive Person)",
        "interviewee_wording": "m",
        "interviewee_role": "Klimaschutzmanager des Landkreises Musterland",
        "lead": (
            "<p>Im fiktiven Landkreis Musterland unterstützt die Kreisverwaltung ihre Gemeinden bei der "
            "Wärmeplanung. Dieses Demo-Interview besteht aus Beispieltext.</p>"
        ),
        "status": "published",
        "published_at": berlin(2026, 4, 21),
        "words": 2400,
        "seed": 2,
    },
    {
        "series": "mal-nachgefragt-2026",
        "part": 3,
        "kommune": "modellheim",
        "slug": "modellheim-kleine-gemeinde-grosse-wirkung",
        "title": "Kleine Gemeinde, große Wirkung",
        "interviewee_name": "Jana Probe (fiktive Person)",
        "interviewee_wording": "w",
        "interviewee_role": "Erste Bürgermeisterin der Gemeinde Modellheim",
        "lead": (
            "<p>Die fiktive Gemeinde Modellheim hat keine eigene Klimaschutzstelle und erreicht trotzdem viel. "
            "Dieses Demo-Interview besteht aus Beispieltext.</p>"
        ),
        "status": "published",
        "published_at": berlin(2026, 6, 23),
        "words": 1700,
        "seed": 3,
        "portrait": False,
        "figures": [
            {
                "motif": "solar",
                "size": (2000, 1125),
                "caption": "Platzhaltergrafik: Bürgersolaranlage auf dem Dach des Bauhofs (Beispiel).",
                "alt_text": "Gezeichnete Grafik: Reihen blauer Solarmodule auf einem flachen Dach (kein Foto)",
            },
        ],
    },
    {
        "series": "mal-nachgefragt-2026",
        "part": 4,
        "kommune": "ilm-kreis",
        "slug": "ilm-kreis-klimaschutz-als-gemeinschaftsaufgabe",
        "title": "Klimaschutz als Gemeinschaftsaufgabe",
        "interviewee_name": "Felix Schmigalle",
        "interviewee_wording": "m",
        "interviewee_role": "Klimaschutzmanager und Agenda 2030 Beauftragter des Ilm-Kreises",
        "lead": (
            "<p>Für Felix Schmigalle gelingt kommunaler Klimaschutz am besten gemeinsam: Die Vorhaben des "
            "Ilm-Kreises sollen sich an dem orientieren, was die Menschen in der Region brauchen, und im "
            "Gespräch mit allen Beteiligten entstehen. Die Kreisverwaltung versteht sich dabei als Ideengeberin, "
            "Dienstleisterin und Beraterin für Bürgerinnen und Bürger, Unternehmen, Städte und Gemeinden. "
            "Vertrauen und Akzeptanz sind aus seiner Sicht die Voraussetzung dafür, Klimaneutralität "
            "mittelfristig zu erreichen.</p>"
        ),
        "status": "published",
        "published_at": berlin(2026, 9, 15),
        "words": 2200,
        "seed": 4,
    },
    {
        "series": "mal-nachgefragt-2026",
        "part": 5,
        "kommune": "musterstadt",
        "slug": "musterstadt-klimaneutral-bis-2040",
        "title": "Klimaneutral bis 2040 – was das für die Verwaltung heißt",
        "interviewee_title": "Dr.",
        "interviewee_name": "Paul Platzhalter (fiktive Person)",
        "interviewee_wording": "m",
        "interviewee_role": "Leiter des Amts für Umwelt und Klimaschutz der Musterstadt",
        "lead": (
            "<p>Die fiktive Musterstadt will bis 2040 klimaneutral werden. Was heißt das für Haushalt und "
            "Personal? Dieses Demo-Interview besteht aus Beispieltext.</p>"
        ),
        "status": "published",
        "published_at": berlin(2026, 12, 8),
        "words": 2350,
        "seed": 5,
    },
    {
        "series": "mal-nachgefragt-2026",
        "part": 6,
        "kommune": "regionalverband-beispielregion",
        "slug": "beispielregion-gemeinsam-planen",
        "title": "Gemeinsam planen über Gemeindegrenzen hinweg",
        "interviewee_name": "Ute Vorlage (fiktive Person)",
        "interviewee_wording": "w",
        "interviewee_role": "Referentin für Energie und Klima im Regionalverband Beispielregion",
        "lead": "<p>Entwurf: Dieses Demo-Interview besteht aus Beispieltext.</p>",
        "status": "draft",
        "published_at": None,
        "planned_date": datetime.date(2026, 12, 15),
        "words": 2000,
        "seed": 6,
    },
    {
        "series": "mal-nachgefragt-2022",
        "part": 1,
        "kommune": "musterstadt",
        "slug": "musterstadt-2022-klimanotstand-und-dann",
        "title": "Klimanotstand ausgerufen – und dann?",
        "interviewee_title": "Dr.",
        "interviewee_name": "Paul Platzhalter (fiktive Person)",
        "interviewee_wording": "m",
        "interviewee_role": "Leiter des Amts für Umwelt und Klimaschutz der Musterstadt",
        "lead": "<p>Ein Demo-Interview der Reihe 2022 aus Beispieltext.</p>",
        "status": "published",
        "published_at": berlin(2022, 5, 10),
        "words": 1800,
        "seed": 7,
    },
    {
        "series": "mal-nachgefragt-2022",
        "part": 2,
        "kommune": "beispielhausen",
        "slug": "beispielhausen-2022-jugend-im-rathaus",
        "title": "Die Jugend im Rathaus",
        "interviewee_name": "Erika Beispiel (fiktive Person)",
        "interviewee_wording": "w",
        "interviewee_role": "Leiterin der Stabsstelle Klimaschutz der Stadt Beispielhausen",
        "lead": "<p>Ein Demo-Interview der Reihe 2022 aus Beispieltext.</p>",
        "status": "published",
        "published_at": berlin(2022, 9, 6),
        # The 2022 parts had 5 or 6 pages: this one has its own page count.
        "page_count": 5,
        "words": 1500,
        "seed": 8,
    },
]

QUESTIONS = {
    "verankerung": [
        "Wie ist der Klimaschutz bei Ihnen organisatorisch aufgestellt?",
        "Wo sehen Sie schon heute messbare Wirkung Ihrer Arbeit?",
        "Welche Rolle spielen Politik und Verwaltungsspitze?",
    ],
    "klimapolitik-arbeitsalltag": [
        "Wie wirkt sich die aktuelle Klimapolitik von Bund und Land auf Ihren Arbeitsalltag aus?",
        "Welche Förderprogramme nutzen Sie, und wie aufwendig ist das?",
    ],
    "waermeplanung": [
        "Wo stehen Sie bei der kommunalen Wärmeplanung?",
        "Welche Bedeutung hat die Wärmeplanung für Ihre Klimaschutzziele?",
        "Wie nehmen Sie Bürgerinnen, Bürger und Unternehmen dabei mit?",
    ],
    "fridays-for-future-klimanotstand": [
        "Was hat die Bewegung „Fridays for Future“ bei Ihnen ausgelöst?",
        "Was hat sich durch die Ausrufung des Klimanotstands konkret verändert?",
    ],
    "personal-finanzen": [
        "Hat sich die Haltung von Kämmerei und Personalverwaltung zum Klimaschutz verändert?",
        "Wie finanzieren Sie Personal und Projekte im Klimaschutz dauerhaft?",
    ],
}

# Neutral sentences about municipal climate work. They are combined at
# random (seeded, so the result is stable) and always marked as sample text.
SENTENCES = {
    "verankerung": [
        "Der Klimaschutz ist in dieser Beispielkommune als Querschnittsaufgabe organisiert.",
        "Eine Stabsstelle koordiniert die Arbeit und berichtet direkt an die Verwaltungsspitze.",
        "Grundlage ist ein integriertes Klimaschutzkonzept, das der Rat mit breiter Mehrheit beschlossen hat.",
        "Jede Beschlussvorlage enthält inzwischen eine kurze Abschätzung der Klimawirkung.",
        "Eine fachbereichsübergreifende Arbeitsgruppe trifft sich regelmäßig und stimmt Vorhaben ab.",
        "Die Energieverbräuche der kommunalen Liegenschaften werden monatlich erfasst und ausgewertet.",
        "Sichtbare Wirkung zeigt sich vor allem bei der Sanierung von Schulen und Kindertagesstätten.",
        "Die Straßenbeleuchtung wurde vollständig auf LED umgestellt, was den Stromverbrauch deutlich senkt.",
        "Ein jährlicher Klimaschutzbericht macht Fortschritte und Rückschläge für alle nachvollziehbar.",
        "Wichtig ist, dass Klimaschutz nicht als Zusatzaufgabe, sondern als Teil der täglichen Arbeit verstanden wird.",
        "Die Zusammenarbeit mit den örtlichen Energieversorgern hat sich als besonders fruchtbar erwiesen.",
        "Bürgerinnen und Bürger werden über Beteiligungsformate und Informationsabende eingebunden.",
        "Auch kleine Projekte wie Stadtradeln oder Energiesparwettbewerbe in Schulen entfalten Wirkung.",
        "Der Rückhalt aus der Politik ist über die Jahre gewachsen, auch über Parteigrenzen hinweg.",
        "Ohne verlässliche Strukturen hängt der Klimaschutz zu sehr an einzelnen engagierten Personen.",
        "Ein Klimabeirat aus Zivilgesellschaft, Wirtschaft und Wissenschaft berät die Verwaltung.",
        "Die Treibhausgasbilanz wird alle zwei Jahre fortgeschrieben, um Trends erkennen zu können.",
        "Bei Neubaugebieten gelten inzwischen verbindliche energetische Mindeststandards.",
    ],
    "klimapolitik-arbeitsalltag": [
        "Die Vorgaben von Bund und Ländern haben sich in den vergangenen Jahren häufig geändert.",
        "Das erschwert eine verlässliche Planung, gerade bei Investitionen mit langer Laufzeit.",
        "Förderprogramme sind hilfreich, aber die Antragsverfahren binden viel Arbeitszeit.",
        "Oft müssen Anträge in sehr kurzen Fristen gestellt werden, was kleine Verwaltungen überfordert.",
        "Positiv ist, dass Klimaschutz heute selbstverständlicher auf der Tagesordnung steht als früher.",
        "Die Nationale Klimaschutzinitiative hat viele Projekte überhaupt erst möglich gemacht.",
        "Gleichzeitig wachsen die Berichtspflichten, ohne dass zusätzliches Personal bereitsteht.",
        "Im Arbeitsalltag bedeutet das, Prioritäten zu setzen und nicht jede Fördermöglichkeit zu nutzen.",
        "Die Debatte um das Gebäudeenergiegesetz hat viele Menschen verunsichert.",
        "Die Beratungsnachfrage von Hauseigentümerinnen und Hauseigentümern ist deutlich gestiegen.",
        "Netzwerke wie der Arbeitskreis Kommunaler Klimaschutz helfen, Erfahrungen schnell auszutauschen.",
        "Viele Kommunen stehen vor ähnlichen Fragen, und niemand muss das Rad neu erfinden.",
        "Klare und langfristig verlässliche Rahmenbedingungen wären die größte Erleichterung.",
        "Auch die Digitalisierung von Verfahren könnte die Arbeit spürbar vereinfachen.",
        "Die Abstimmung zwischen Landkreis und kreisangehörigen Gemeinden ist dabei ein zentraler Punkt.",
        "Manche Vorgaben passen besser zu Großstädten als zum ländlichen Raum.",
    ],
    "waermeplanung": [
        "Die kommunale Wärmeplanung ist eines der wichtigsten Instrumente für die Wärmewende.",
        "Rund die Hälfte des Endenergieverbrauchs entfällt auf Wärme, deshalb führt kein Weg daran vorbei.",
        "Zunächst wurden der Bestand an Gebäuden und die vorhandenen Wärmenetze erfasst.",
        "Darauf aufbauend werden Potenziale für erneuerbare Wärme und Abwärme ermittelt.",
        "Besonders spannend sind die Möglichkeiten von Großwärmepumpen und Geothermie.",
        "Im ländlichen Raum spielen Nahwärmenetze und Biomasse eine größere Rolle als in der Stadt.",
        "Die Wärmeplanung schafft Orientierung für Bürgerinnen, Bürger und Unternehmen.",
        "Sie ersetzt aber keine Einzelfallberatung, und das muss man offen kommunizieren.",
        "Die Datenerhebung war aufwendiger als erwartet, weil viele Informationen verstreut vorlagen.",
        "Die Zusammenarbeit mit Schornsteinfegern und Netzbetreibern war dafür unverzichtbar.",
        "Öffentliche Veranstaltungen zur Wärmeplanung waren sehr gut besucht.",
        "Viele Menschen wollen wissen, ob ihr Haus an ein Wärmenetz angeschlossen werden kann.",
        "Die Planung ist kein einmaliges Dokument, sondern wird regelmäßig fortgeschrieben.",
        "Entscheidend ist, dass auf die Planung auch Umsetzungsschritte folgen.",
        "Erste Machbarkeitsstudien für Wärmenetze in Ortsteilen sind bereits beauftragt.",
        "Die Finanzierung der Umsetzung ist allerdings noch längst nicht überall geklärt.",
        "Stadtwerke und Energiegenossenschaften können wichtige Partner bei der Umsetzung sein.",
    ],
    "fridays-for-future-klimanotstand": [
        "Die Demonstrationen junger Menschen haben das Thema Klimaschutz in den Rat getragen.",
        "Die Ausrufung des Klimanotstands war vor allem ein politisches Signal.",
        "Wichtiger als der Beschluss selbst waren die konkreten Arbeitsaufträge, die daraus folgten.",
        "Seitdem werden Beschlussvorlagen systematisch auf ihre Klimawirkung geprüft.",
        "Mit Vertreterinnen und Vertretern der Bewegung gab es mehrere Gesprächsrunden im Rathaus.",
        "Nicht alle Forderungen ließen sich umsetzen, aber der Dialog hat beiden Seiten geholfen.",
        "Die öffentliche Aufmerksamkeit hat auch verwaltungsintern Türen geöffnet.",
        "Einige Maßnahmen, die lange diskutiert wurden, konnten plötzlich beschlossen werden.",
        "Der Druck von der Straße hat nachgelassen, die Erwartungen an die Kommune sind geblieben.",
        "Ein Jugendklimarat begleitet die Arbeit inzwischen dauerhaft.",
        "Die Verwaltung musste lernen, schneller und transparenter zu kommunizieren.",
        "Rückblickend war diese Zeit ein wichtiger Anstoß für den kommunalen Klimaschutz.",
        "Gleichzeitig wurde deutlich, wie begrenzt die Handlungsmöglichkeiten einer Kommune sind.",
        "Viele junge Menschen engagieren sich heute in Projekten vor Ort.",
    ],
    "personal-finanzen": [
        "Die Haltung der Kämmerei zum Klimaschutz hat sich spürbar verändert.",
        "Früher wurde Klimaschutz vor allem als Kostenfaktor gesehen.",
        "Heute werden auch die Folgekosten unterlassener Maßnahmen in die Betrachtung einbezogen.",
        "Lebenszykluskosten spielen bei Investitionsentscheidungen eine immer größere Rolle.",
        "Die Stelle des Klimaschutzmanagements wurde nach Ende der Förderung verstetigt.",
        "Das war ein wichtiges Signal an die Verwaltung und an die Öffentlichkeit.",
        "Dennoch ist die Personaldecke dünn, und qualifizierte Fachkräfte sind schwer zu finden.",
        "Die Konkurrenz mit der Privatwirtschaft um Ingenieurinnen und Ingenieure ist groß.",
        "Ein eigenes Klimaschutzbudget im Haushalt schafft Planungssicherheit.",
        "Einsparungen aus Energieeffizienzmaßnahmen fließen teilweise in neue Projekte zurück.",
        "Die angespannte Haushaltslage bleibt trotzdem die größte Hürde.",
        "Klimaschutz ist in vielen Ländern noch immer keine Pflichtaufgabe der Kommunen.",
        "Eine Einstufung als Pflichtaufgabe würde die Finanzierung auf eine sichere Grundlage stellen.",
        "Fortbildungen helfen, das Thema in allen Fachbereichen zu verankern.",
        "Auch die Personalentwicklung achtet inzwischen auf Kompetenzen im Klimaschutz.",
        "Kooperationen mit Nachbarkommunen ermöglichen es, Fachwissen gemeinsam zu nutzen.",
    ],
}


def sample_answer(theme_slug, words, rng):
    """Sample text of about ``words`` words, marked as such, as sanitised HTML."""
    pool = SENTENCES[theme_slug]
    paragraphs = []
    count = 0
    previous = []
    while count < words:
        size = rng.randint(3, 5)
        # Never repeat a sentence of the paragraph just before.
        sentences = rng.sample([sentence for sentence in pool if sentence not in previous], size)
        previous = sentences
        text = " ".join(sentences)
        paragraphs.append(text)
        count += len(text.split())
    paragraphs[0] = f"<strong>{SAMPLE_MARK}</strong> " + paragraphs[0]
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def sample_questions(interview, theme_slugs):
    """(theme_slug, question, answer_html, pull_quote) tuples totalling about ``words`` words."""
    rng = random.Random(interview["seed"])
    questions = [(slug, q) for slug in theme_slugs for q in QUESTIONS[slug]]
    per_question = interview["words"] // len(questions)
    result = []
    for index, (slug, question) in enumerate(questions):
        spread = rng.randint(-per_question // 3, per_question // 3)
        answer = sample_answer(slug, max(40, per_question + spread), rng)
        pull_quote = ""
        if index % 3 == 1:
            first = answer.split("</p>")[0].replace(f"<p><strong>{SAMPLE_MARK}</strong> ", "").replace("<p>", "")
            pull_quote = first.split(". ")[0].rstrip(".") + "."
        result.append((slug, question, answer, pull_quote))
    return result


def sample_question_rows(interview, spec, theme_slugs, themes):
    """Unsaved Question rows of sample text for ``interview``.

    ``spec`` holds the "seed" and "words" of ``sample_questions``; ``themes``
    maps theme slugs to Theme objects.
    """
    from interviews.models import Question

    return [
        Question(
            interview=interview,
            theme=themes[slug],
            position=position,
            question=question,
            answer=answer,
            pull_quote=quote,
        )
        for position, (slug, question, answer, quote) in enumerate(sample_questions(spec, theme_slugs), start=1)
    ]
