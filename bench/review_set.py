"""The review set: fourteen fictional interviews for looking at the PDFs (``python -m bench.review``).

Written for the review of issue 19 (item 10), not for the tests: fictional
Kommunen (every name ends in „(fiktiv)“), fictional interviewees, and answers
that are visibly sample text (``is_sample``, „[Beispieltext]“ before every
answer). The interviews differ in what stresses a layout: 6 to 30 questions,
600 to 3,500 answer words, 3 to 8 pages, questions of 25 words and more,
long Kommune names and compounds, lists, links and web addresses, pull
quotes, portraits upright, landscape and tall or none, project figures.

Answers are composed from the paragraphs below: an interview's own
paragraphs first, then the theme's shared paragraphs in an order seeded by the
interview, sentence by sentence until the answer has its words (``answers``).
"""

import random
import re

from interviews.demo_content import SAMPLE_MARK

# The themes are the demo's 2026 themes (interviews.demo_content.THEMES), by slug.
THEME_SLUGS = ["verankerung", "klimapolitik-arbeitsalltag", "waermeplanung", "personal-finanzen"]

FUNDING = {
    "funding_body": "Bundesministerium für Umwelt, Klimaschutz, Naturschutz und nukleare Sicherheit (fiktiv)",
    "funding_programme": "Nationale Klimaschutzinitiative (NKI)",
    "funding_project": "Prüfreihe: Klimaaktive Kommunen im Gespräch (fiktiv)",
    "funding_notice": (
        "Gefördert durch: Bundesministerium für Umwelt, Klimaschutz, Naturschutz und nukleare Sicherheit "
        "aufgrund eines Beschlusses des Deutschen Bundestages. Diese Prüfreihe ist erfunden; sie dient nur der "
        "Durchsicht des Satzes."
    ),
}

SERIES = [
    {
        "slug": "pruefreihe-2030",
        "title": "Mal nachgefragt!",
        "subtitle": "Prüfreihe: sechs erfundene Kommunen im Gespräch über Klimaschutz",
        "year": 2030,
        "planned_parts": 6,
        "description": (
            "Sechs erfundene Kommunen – vom Landkreis bis zur Samtgemeinde – erzählen, wie sie den Klimaschutz "
            "in der Verwaltung verankern, wie sich die Klimapolitik auf ihren Alltag auswirkt, was die Wärmeplanung "
            "verändert und wie Personal und Finanzen mitziehen. Alle Antworten sind Beispieltext."
        ),
        **FUNDING,
    },
    {
        "slug": "pruefreihe-2031",
        "title": "Mal nachgefragt!",
        "subtitle": "Prüfreihe mit 24 geplanten Teilen (erfundene Kommunen)",
        "year": 2031,
        "planned_parts": 24,
        "description": (
            "Eine lange Reihe mit 24 geplanten Teilen, damit die Rückseite zeigt, wie viele Teile sie fasst. "
            "Acht Teile sind erschienen; alle Kommunen, Personen und Antworten sind erfunden."
        ),
        **FUNDING,
    },
]

# Shared paragraphs per theme. {ort} is the Kommune's short name.
PARAGRAPHS = {
    "verankerung": [
        "Als wir vor acht Jahren anfingen, gab es im Rathaus einen Ordner mit der Aufschrift „Klima“. Darin lagen "
        "ein Konzept aus dem Jahr 2011, ein paar Zeitungsartikel und die Einladung zu einer Tagung. Heute haben "
        "wir ein Team, einen Haushaltstitel, eine Website und vor allem einen Platz in den Abläufen der "
        "Verwaltung, an dem niemand mehr vorbeikommt.",
        "Die wichtigste Veränderung ist unsichtbar. Früher wurden wir gefragt, wenn ein Projekt fertig geplant "
        "war, und durften dann noch Anmerkungen machen. Heute sitzen wir bei der Projektskizze mit am Tisch, und "
        "die Frage nach Energiestandard, Wärmeversorgung und Anbindung an den Radverkehr wird gestellt, bevor der "
        "erste Strich gezeichnet ist.",
        "Natürlich gibt es Rückschläge. Das geplante Nahwärmenetz im Neubaugebiet scheiterte an einem Grundstück, "
        "dessen Eigentümer nicht verkaufen wollte, und die Buslinie in die Ortsteile wurde nach einem Jahr wieder "
        "eingestellt, weil zu wenige Menschen sie nutzten. Aus beidem haben wir gelernt, früher mit den "
        "Betroffenen zu sprechen.",
        "Die Zusammenarbeit mit Schulen und Kitas liegt uns besonders am Herzen. Jedes Jahr treten die "
        "Grundschulen in einem Energiesparwettbewerb gegeneinander an, und die Hälfte der eingesparten Kosten "
        "bekommen sie für eigene Projekte. Die Kinder erklären ihren Eltern dann beim Abendessen, warum das Licht "
        "im Flur nicht brennen muss.",
        "Ein Klimaschutzmanagement kann nicht alles selbst machen. Unsere Rolle ist die einer Drehscheibe: Wir "
        "bringen Fachämter, Stadtwerke, Wohnungsbaugesellschaften, Handwerk und Vereine zusammen und sorgen dafür, "
        "dass die Vorhaben zueinander passen. Manchmal heißt das, drei Termine zu einem zusammenzulegen, damit "
        "sich die Beteiligten überhaupt einmal sehen.",
        "Die Verwaltungsspitze trägt den Klimaschutz mit, und das ist keine Selbstverständlichkeit. Der "
        "Bürgermeister eröffnet die jährliche Klimakonferenz selbst, er fährt mit dem Rad zu Terminen im Ort, und "
        "er verteidigt das Klimaschutzbudget in der Haushaltsdebatte. Diese Rückendeckung ist mehr wert als jede "
        "Dienstanweisung.",
        "Der Klimaschutz hängt bei uns direkt am Büro der Verwaltungsspitze. Das war eine bewusste Entscheidung, "
        "denn als Sachgebiet im Umweltamt hätten wir bei den großen Bauvorhaben kaum mitreden können. Heute "
        "sitzen wir in der wöchentlichen Dezernentenrunde mit am Tisch.",
        "Jede Beschlussvorlage für den Rat enthält seit drei Jahren einen Abschnitt zur Klimawirkung. Anfangs "
        "wurde der oft mit einem knappen „keine Auswirkungen“ ausgefüllt. Inzwischen gibt es eine Checkliste mit "
        "zwölf Fragen, und die Fachämter rufen vorher bei uns an, wenn sie unsicher sind.",
        "Wirkung zeigt sich dort, wo wir selbst Eigentümer sind. Bei den Liegenschaften haben wir den "
        "Wärmeverbrauch seit 2019 um ein Viertel gesenkt, vor allem durch Heizungsoptimierung, neue Regelungstechnik "
        "und zwei Sanierungen von Grundschulen. Das lässt sich Monat für Monat im Energiebericht nachlesen.",
        "Schwieriger ist alles, was wir nur anstoßen können. Ob Hauseigentümerinnen und -eigentümer ihre Dächer "
        "mit Photovoltaik belegen, entscheiden nicht wir. Wir können beraten, Solarpotenzialkataster "
        "veröffentlichen und Sammelbestellungen organisieren, aber die Investition tätigen andere.",
        "Ein Klimaschutzkonzept allein verändert noch nichts. Entscheidend war bei uns der Maßnahmenkatalog mit "
        "Zuständigkeiten, Kosten und Terminen, den der Rat einstimmig beschlossen hat. Einmal im Jahr berichten wir "
        "öffentlich, was erledigt ist und was sich verzögert – auch das Unangenehme.",
        "Die Zusammenarbeit mit den Stadtwerken ist enger geworden. Früher haben wir uns zweimal im Jahr "
        "getroffen, heute gibt es eine gemeinsame Arbeitsgruppe für Netze, Erzeugung und Mobilität. Dort fallen die "
        "Entscheidungen, die wirklich Tonnen bewegen.",
        "Wir haben gelernt, dass Klimaschutz Übersetzungsarbeit ist. Für die Kämmerei rechnen wir in "
        "Lebenszykluskosten, für das Bauamt in Bauabschnitten und für den Bauhof in Fahrzeugen und Routen. Wer "
        "alles in Tonnen CO₂ ausdrückt, wird in der Verwaltung selten verstanden.",
        "Die Ortsteile sind sehr unterschiedlich. Im Kernort gibt es Fernwärme und einen Bahnhof, in den "
        "Dörfern am Rand fährt der Bus zweimal am Tag. Ein Konzept, das überall gleich aussieht, würde dort "
        "niemanden überzeugen, deshalb planen wir nach Quartieren.",
        "Sichtbar wird unsere Arbeit an kleinen Dingen: den Lastenrädern am Rathaus, der Ladesäule am "
        "Dorfgemeinschaftshaus, den Blühstreifen an den Gemeindestraßen. Solche Projekte kosten wenig, sie schaffen "
        "aber Gesprächsanlässe und machen den Klimaschutz im Alltag greifbar.",
        "Beim Klimaschutz-Controlling sind wir ehrlicher geworden. Wir melden nicht mehr nur erfolgreiche "
        "Projekte, sondern auch die Bilanz, und die zeigt im Verkehrssektor seit Jahren kaum Bewegung. Darüber wird "
        "im Ausschuss inzwischen offen gesprochen.",
        "Die Bürgerbeteiligung hat uns anfangs viel Zeit gekostet. Bei den Werkstätten zum Klimaschutzkonzept "
        "kamen über dreihundert Menschen, und jede Anregung wurde dokumentiert und beantwortet. Heute merken wir, "
        "dass diese Mühe Vertrauen geschaffen hat.",
        "Die Vorbildrolle der Verwaltung ist kein Schlagwort. Wenn wir von Betrieben verlangen, ihre Flotten "
        "umzustellen, müssen unsere eigenen Dienstwagen vorangehen. Von den 41 Fahrzeugen des Fuhrparks fahren "
        "inzwischen 23 elektrisch, der Rest folgt beim nächsten Austausch.",
        "Auf Kreisebene arbeiten wir mit den kreisangehörigen Gemeinden in einem Klimaschutznetzwerk. Die "
        "kleinen Gemeinden haben oft niemanden, der sich um Fördermittel kümmern kann. Wir stellen Musteranträge, "
        "Vorlagen für Ratsbeschlüsse und eine gemeinsame Energieberatung bereit.",
        "Was uns fehlt, ist eine belastbare Datengrundlage. Verbrauchsdaten der Netzbetreiber kommen mit zwei "
        "Jahren Verzögerung, die Verkehrszählung ist alt, und für die Gewerbegebiete gibt es nur Schätzungen. Eine "
        "Treibhausgasbilanz ist deshalb immer auch eine Annäherung.",
        "Die Ratsfraktionen streiten über das Tempo, selten über das Ziel. Dass die Kommune bis 2040 "
        "treibhausgasneutral werden soll, ist Konsens; ob dafür ein Windpark am Höhenzug nötig ist, wird dagegen "
        "leidenschaftlich diskutiert. Das gehört zur Demokratie dazu.",
        "Wir messen Wirkung nicht nur in Tonnen. Auch die Zahl der Energieberatungen, der geförderten "
        "Balkonkraftwerke und der sanierten Wohnungen zeigt, ob etwas vorangeht. Diese Kennzahlen sind verständlicher "
        "als jede Bilanz und motivieren die Beteiligten.",
    ],
    "klimapolitik-arbeitsalltag": [
        "Die Unsicherheit über künftige Förderbedingungen ist für uns schwerer zu ertragen als knappe Mittel. Wenn "
        "ein Programm mitten im Jahr gestoppt wird, liegen bei uns fertige Anträge, abgestimmte Ratsbeschlüsse und "
        "Angebote von Handwerksbetrieben auf dem Tisch. Dann beginnt die Suche nach einem anderen Topf, und "
        "manches Projekt verschiebt sich um zwei Jahre.",
        "Wir haben uns angewöhnt, bundespolitische Entscheidungen in kurzen Informationsblättern zu übersetzen. "
        "Auf einer Seite steht, was sich ändert, ab wann es gilt und wen es betrifft, dazu eine Telefonnummer für "
        "Rückfragen. Diese Blätter liegen im Bürgerbüro aus und werden erstaunlich oft mitgenommen, gerade von "
        "älteren Menschen.",
        "Das Land hat die Regionalplanung für Windenergie neu aufgestellt, und plötzlich lagen drei Vorranggebiete "
        "auf unserem Gemeindegebiet. Wir haben früh entschieden, das Verfahren nicht abzuwarten, sondern selbst "
        "mit Projektierern zu sprechen. So konnten wir eine Bürgerbeteiligung und eine Abgabe an die Gemeinde "
        "aushandeln, bevor die Pläne fertig waren.",
        "Manche Vorgaben ändern sich schneller, als wir sie umsetzen können. Die Richtlinie für die Beschaffung "
        "von Fahrzeugen wurde zweimal überarbeitet, während unsere Ausschreibung lief. Am Ende haben wir die "
        "Fahrzeuge zwar bekommen, aber die Kollegin aus der Vergabestelle hat drei Wochenenden an Formularen "
        "gesessen.",
        "Der Klimaschutz hat inzwischen auch in der Lokalzeitung eine eigene Rubrik. Jeden Monat stellt die "
        "Redaktion ein Projekt vor, mal die neue Ladesäule, mal die Energiegenossenschaft, mal eine Familie, die "
        "ihr Haus saniert hat. Diese Geschichten erreichen Menschen, die nie eine Bürgerversammlung besuchen "
        "würden.",
        "Wir merken, dass die Klimapolitik in Wellen kommt. Nach einem Hitzesommer oder einem Hochwasser ist die "
        "Bereitschaft groß, danach folgen Monate, in denen andere Themen wichtiger sind. Unsere Aufgabe ist es, in "
        "den ruhigen Monaten die Projekte so vorzubereiten, dass wir in der nächsten Welle sofort handeln können.",
        "Die Gesetzgebung der letzten Jahre hat unseren Alltag spürbar verändert. Gebäudeenergiegesetz, "
        "Wärmeplanungsgesetz und die Novellen des Erneuerbare-Energien-Gesetzes kamen in kurzer Folge, und jedes "
        "Mal mussten wir erklären, was das für die Menschen vor Ort bedeutet.",
        "Am Bürgertelefon merken wir jede Debatte in Berlin sofort. Als über das Heizungsgesetz gestritten "
        "wurde, riefen täglich Menschen an, die Angst hatten, ihre Ölheizung sofort ausbauen zu müssen. Wir haben "
        "dann eine offene Sprechstunde im Rathaus eingerichtet.",
        "Förderprogramme sind Fluch und Segen zugleich. Ohne die Kommunalrichtlinie hätten wir das "
        "Klimaschutzmanagement nie aufbauen können, aber die Antragsverfahren binden Arbeitszeit, und manche "
        "Programme laufen aus, bevor der Rat überhaupt entscheiden konnte.",
        "Die Förderlandschaft ist für kleine Verwaltungen kaum zu überblicken. Bund, Land und Europäische Union "
        "haben jeweils eigene Programme mit eigenen Fristen und Nachweisen. Wir haben eine Tabelle angelegt, die wir "
        "monatlich pflegen und mit den Nachbargemeinden teilen.",
        "Die Genehmigungsverfahren für Windenergieanlagen sind schneller geworden, seit das Land die "
        "Flächenziele vorgibt. Für uns heißt das aber auch, dass wir in kurzer Zeit Stellungnahmen, Gutachten und "
        "Bürgerversammlungen organisieren müssen, ohne mehr Personal zu haben.",
        "Die Energiepreiskrise war ein Wendepunkt. Plötzlich wollten alle wissen, wie viel die Turnhalle "
        "verbraucht und warum das Schwimmbad so warm ist. Manche Sparmaßnahme von damals haben wir beibehalten, weil "
        "sie niemandem wehtut und Geld spart.",
        "Wir spüren den Fachkräftemangel auch bei den Partnern. Handwerksbetriebe, die Wärmepumpen einbauen, "
        "sind auf Monate ausgebucht, und Planungsbüros nehmen kommunale Aufträge nur noch an, wenn sie gut "
        "vorbereitet sind. Ausschreibungen brauchen deshalb viel mehr Vorlauf.",
        "Die Klimaanpassung ist als zweites großes Thema dazugekommen. Nach dem Starkregen vor zwei Jahren "
        "stand der Keller des Feuerwehrhauses unter Wasser, und seitdem fragt der Rat bei jedem Bauvorhaben auch nach "
        "Versickerung, Verschattung und Hitzevorsorge.",
        "Viele Vorgaben sind sinnvoll, aber sie kommen ohne Geld. Wenn das Land die kommunale Wärmeplanung "
        "verpflichtend macht, muss es auch die Kosten tragen. Dieser Grundsatz der Konnexität ist in der Praxis "
        "leider nicht immer selbstverständlich.",
        "Die Berichtspflichten haben zugenommen. Energieberichte, Nachweise für Fördermittelgeber, Meldungen an "
        "das Land und die Statistik des Bundes verlangen jeweils ähnliche Zahlen in anderem Format. Ein Teil unserer "
        "Arbeitszeit fließt in Tabellen statt in Projekte.",
        "Positiv ist, dass Klimaschutz kein Nischenthema mehr ist. Wer heute eine Kita plant, fragt von selbst "
        "nach Photovoltaik und Wärmepumpe. Vor zehn Jahren mussten wir für jede dieser Fragen einzeln werben.",
        "Bei der Mobilität sind die Hebel der Kommune begrenzt. Den Takt der Regionalbahn bestimmt das Land, "
        "die Bundesstraße gehört dem Bund. Was wir gestalten können, sind Radwege, Parkraum und der Busverkehr im "
        "Ort, und daran arbeiten wir mit Nachdruck.",
        "Die Debatten sind rauer geworden. In Bürgerversammlungen erleben wir manchmal Anfeindungen, die mit "
        "der Sache wenig zu tun haben. Wir setzen dann auf kleine Formate, Hausbesuche und Gespräche am "
        "Marktstand, wo man sich in die Augen schaut.",
        "Europäische Regeln wie die Gebäuderichtlinie kommen bei uns oft erst über Umwege an. Wir lesen sie "
        "selten im Original, sondern in Rundschreiben des kommunalen Spitzenverbands. Das reicht meistens, aber "
        "manchmal wünschte ich mir eine frühere Einbindung der Kommunen.",
        "Digitale Werkzeuge helfen uns im Alltag sehr. Die Verbrauchsdaten der Gebäude laufen automatisch in "
        "eine Datenbank, und Auffälligkeiten meldet das System von selbst. Früher hat der Hausmeister einmal im "
        "Monat die Zähler abgelesen und auf Papier notiert.",
        "Der Austausch im Netzwerk ist unbezahlbar. Wenn wir vor einer neuen Aufgabe stehen, hat meist eine "
        "andere Kommune sie schon gelöst. Eine kurze Mail genügt, und wir bekommen Vorlagen, Erfahrungen und "
        "manchmal auch die Warnung, was man besser anders macht.",
    ],
    "waermeplanung": [
        "Die ersten Gespräche mit den Schornsteinfegern waren zäh, weil niemand wusste, welche Daten weitergegeben "
        "werden dürfen. Inzwischen gibt es eine klare Rechtsgrundlage, und die Zusammenarbeit läuft gut. Die "
        "Kehrbücher sind für die Wärmeplanung eine Goldgrube, denn sie verraten Alter und Art fast jeder Heizung "
        "im Gemeindegebiet.",
        "Für die Menschen ist die wichtigste Frage, was sie tun sollen, wenn ihre Heizung morgen ausfällt. Darauf "
        "gibt die Wärmeplanung keine direkte Antwort, aber sie zeigt, ob in ihrer Straße in den nächsten zehn "
        "Jahren ein Wärmenetz wahrscheinlich ist. Wer in einem Prüfgebiet wohnt, bekommt bei uns eine kostenlose "
        "Erstberatung.",
        "Die Wasserstofffrage haben wir nüchtern betrachtet. Für einzelne Betriebe mit Hochtemperaturprozessen "
        "kann Wasserstoff eine Option sein, für Wohngebäude halten wir ihn in absehbarer Zeit nicht für "
        "realistisch. Das haben wir offen gesagt, auch wenn es einigen Gasnetzbetreibern nicht gefallen hat.",
        "Große Wärmepumpen, die Wärme aus Abwasser, Flusswasser oder dem Grundwasser gewinnen, sind für uns die "
        "spannendste Technik. Am Klärwerk läuft eine Pilotanlage, die das benachbarte Hallenbad versorgt. Wenn sie "
        "sich bewährt, kann sie der Kern eines größeren Netzes für die östlichen Wohngebiete werden.",
        "Die Wärmeplanung hat auch die Stadtplanung verändert. Wenn wir heute ein Baugebiet ausweisen, prüfen wir, "
        "ob es an ein bestehendes oder geplantes Netz angeschlossen werden kann. Und wenn wir eine Straße "
        "aufreißen, um Kanäle zu erneuern, fragen wir die Stadtwerke, ob sie gleich Wärmeleitungen mitverlegen "
        "wollen.",
        "Eine Lehre aus der Planung: Karten allein überzeugen niemanden. Erst als wir in einem Ortsteil drei "
        "Hauseigentümer gefunden hatten, die bereit waren, über ihre Erfahrungen mit der Wärmepumpe zu sprechen, "
        "kam Bewegung in die Sache. Nachbarn glauben Nachbarn mehr als jeder Broschüre aus dem Rathaus.",
        "Die kommunale Wärmeplanung ist für uns die wichtigste Planung seit dem Flächennutzungsplan. Sie "
        "zeigt für jedes Quartier, ob Fernwärme, ein Nahwärmenetz oder die einzelne Wärmepumpe die "
        "wahrscheinlichste Lösung ist, und sie gibt den Menschen Orientierung.",
        "Die Bestandsanalyse war aufwendiger als gedacht. Wir mussten Daten von Schornsteinfegern, "
        "Netzbetreibern und aus dem Liegenschaftskataster zusammenführen, und jeder Datensatz hatte eine andere "
        "Struktur. Ohne das externe Büro hätten wir das nicht geschafft.",
        "Über die Hälfte der Gebäude bei uns ist älter als fünfzig Jahre. Viele werden mit Heizöl beheizt, "
        "manche noch mit Nachtspeicheröfen. Die Wärmewende ist deshalb vor allem eine Frage der Sanierung und der "
        "Beratung, nicht nur der Technik.",
        "Im Kernort prüfen wir ein Wärmenetz, das die Abwärme des Gewerbegebiets und eine große "
        "Flusswasserwärmepumpe nutzt. Die Machbarkeitsstudie ist abgeschlossen, jetzt geht es um die "
        "Wirtschaftlichkeit und um die Frage, wer das Netz betreibt.",
        "In den Dörfern sind Nahwärmegenossenschaften eine echte Option. Ein Ortsteil mit 180 Haushalten hat "
        "sich bereits zusammengeschlossen, die Hackschnitzel kommen aus dem Gemeindewald. Wir unterstützen mit "
        "Beratung, Flächen und einer Bürgschaft.",
        "Die Veröffentlichung der Eignungsgebiete war ein heikler Moment. Wer in einem Gebiet wohnt, das "
        "nicht für Wärmenetze vorgesehen ist, fühlt sich schnell abgehängt. Wir haben deshalb jede Karte mit einer "
        "Erklärung und einem Beratungsangebot verbunden.",
        "Die Stadtwerke sind unser wichtigster Partner bei der Wärmeplanung. Sie kennen die Netze, die "
        "Anschlussdichten und die Investitionskosten. Umgekehrt brauchen sie von uns Planungssicherheit, etwa über "
        "Bebauungspläne und Anschlussgebote.",
        "Bei den Neubaugebieten ist die Sache einfach: Dort schreiben wir seit Jahren einen hohen "
        "Effizienzstandard fest und planen die Wärmeversorgung von Anfang an mit. Die eigentliche Aufgabe liegt im "
        "Bestand, wo jede Straße anders ist.",
        "Die Kosten sind die Frage, die alle bewegt. Niemand kann heute verlässlich sagen, was Fernwärme im "
        "Jahr 2035 kostet. Wir kommunizieren deshalb Spannweiten statt Zahlen und weisen auf die Förderung für "
        "Hausanschlüsse und Heizungstausch hin.",
        "Gewerbe und Industrie spielen eine größere Rolle als erwartet. Eine Molkerei am Ortsrand hat so viel "
        "Abwärme, dass sie rechnerisch ein ganzes Wohngebiet versorgen könnte. Ob das gelingt, hängt an Verträgen, "
        "Leitungstrassen und dem Vertrauen beider Seiten.",
        "Für die Wärmeplanung haben wir einen Beirat gegründet. Dort sitzen Handwerk, Energieversorger, "
        "Wohnungsbaugesellschaften, Verbraucherzentrale und zwei Mitglieder aus der Bürgerschaft. Der Beirat hat "
        "keine Entscheidungsbefugnis, aber er hat viele Fehler früh sichtbar gemacht.",
        "Die Wärmeplanung endet nicht mit dem Ratsbeschluss. Alle fünf Jahre muss sie fortgeschrieben werden, "
        "und dazwischen beginnen Machbarkeitsstudien, Förderanträge und Gespräche mit Grundstückseigentümern. Wir "
        "haben dafür eine Stelle befristet eingerichtet, die wir gern verstetigen würden.",
        "Geothermie ist bei uns ein Thema, weil der Untergrund günstig ist. Eine Probebohrung ist beantragt, die "
        "Ergebnisse erwarten wir im nächsten Jahr. Bis dahin planen wir so, dass ein Wärmenetz auch ohne Tiefenwärme "
        "wirtschaftlich betrieben werden kann.",
        "Die Denkmalpflege haben wir früh eingebunden. In der Altstadt sind Wärmepumpen im Vorgarten und "
        "Solaranlagen auf der Straßenseite schwierig. Gemeinsam mit der unteren Denkmalschutzbehörde haben wir "
        "Leitlinien erarbeitet, die beides ermöglichen, Schutz und Wärmewende.",
        "Mieterinnen und Mieter fragen vor allem nach den Nebenkosten. Deshalb sprechen wir mit den "
        "Wohnungsunternehmen über gemeinsame Sanierungsfahrpläne für ganze Quartiere. Einzelne Gebäude zu sanieren "
        "ist teurer als eine Straße im Zusammenhang.",
        "Die Beteiligung an der Wärmeplanung lief digital und vor Ort. Auf der Online-Karte konnten alle ihre "
        "Straße suchen und Hinweise hinterlassen, in den Ortsteilen gab es Abende im Gemeindesaal. Erstaunlich viele "
        "Menschen haben beides genutzt.",
    ],
    "personal-finanzen": [
        "Wir haben ausgerechnet, was uns das Nichtstun kosten würde. Bleiben die Liegenschaften, wie sie sind, "
        "steigen die Energiekosten bei den erwarteten CO₂-Preisen bis 2035 um rund 1,2 Millionen Euro im Jahr. "
        "Diese Zahl hat im Finanzausschuss mehr bewegt als jede Diskussion über Klimaziele, denn sie steht in "
        "einer Sprache, die dort jeder versteht.",
        "Die Besetzung von Stellen dauert bei uns im Schnitt neun Monate. In dieser Zeit bleiben Projekte liegen, "
        "und die Kolleginnen und Kollegen, die da sind, arbeiten am Limit. Wir haben deshalb begonnen, Studierende "
        "als Werkstudierende einzubinden; einige von ihnen sind nach dem Abschluss geblieben.",
        "Der Personalrat war anfangs skeptisch, als wir das Jobrad und das Deutschlandticket als Zuschuss "
        "einführten. Heute nutzen über vierzig Prozent der Beschäftigten eines der beiden Angebote, und auf dem "
        "Parkplatz vor dem Rathaus ist morgens wieder Platz. Das Angebot hat sich auch bei der Gewinnung neuer "
        "Mitarbeitender als Argument bewährt.",
        "Bei Investitionen schauen wir heute auf dreißig Jahre, nicht auf das nächste Haushaltsjahr. Eine "
        "Wärmepumpe ist in der Anschaffung teurer als ein Gaskessel, aber über die Nutzungsdauer oft günstiger. "
        "Diese Rechnung hat die Kämmerei inzwischen selbst in ihre Vorlagen übernommen, ohne dass wir darum bitten "
        "mussten.",
        "Die Rechnungsprüfung hat unsere Förderprojekte im letzten Jahr genau angesehen. Das war anstrengend, aber "
        "auch hilfreich, denn sie hat Schwachstellen in unseren Verwendungsnachweisen gefunden, bevor es der "
        "Fördermittelgeber tat. Seitdem gibt es eine Checkliste, die jedes Projekt von Anfang an begleitet.",
        "Eine Kommune kann Klimaschutz nicht allein finanzieren. Wir brauchen private Investitionen, Bürgerkapital "
        "und die Unternehmen vor Ort. Unsere Aufgabe ist es, die Rahmenbedingungen zu schaffen: Flächen, "
        "Genehmigungen, verlässliche Planung und manchmal eine Bürgschaft, wenn ein Projekt am Anfang steht.",
        "Die Haltung der Kämmerei hat sich grundlegend verändert. Früher galt Klimaschutz als freiwillige "
        "Leistung, die man in schlechten Jahren zuerst streicht. Heute rechnen wir gemeinsam mit "
        "Lebenszykluskosten, und die Folgekosten unterlassener Maßnahmen stehen mit in der Vorlage.",
        "Ein eigenes Klimaschutzbudget im Haushalt war der Durchbruch. Es ist nicht groß, etwa 380.000 Euro im "
        "Jahr, aber es erlaubt uns, Eigenanteile für Förderprogramme zu stellen, ohne jedes Mal einen "
        "Nachtragshaushalt zu brauchen.",
        "Die Stelle des Klimaschutzmanagements wurde nach dem Ende der Förderung unbefristet übernommen. Das "
        "war ein wichtiges Signal, nach innen wie nach außen. Wer nur befristet beschäftigt ist, sucht sich früher "
        "oder später eine sichere Stelle anderswo.",
        "Wir finden kaum Ingenieurinnen und Ingenieure für die Gebäudetechnik. Die Privatwirtschaft zahlt "
        "besser, und der Tarifvertrag lässt uns wenig Spielraum. Wir werben deshalb mit flexiblen Arbeitszeiten, "
        "Homeoffice und sinnvoller Arbeit, und das zieht tatsächlich.",
        "Klimaschutz ist in unserem Land weiterhin keine Pflichtaufgabe. Das bedeutet, dass jede Stelle und "
        "jeder Euro in der Haushaltsberatung neu verteidigt werden muss. Eine Pflichtaufgabe mit auskömmlicher "
        "Finanzierung würde uns sehr viel Planungssicherheit geben.",
        "Die Personalentwicklung achtet inzwischen auf Klimaschutzkompetenzen. Neue Kolleginnen und Kollegen im "
        "Bauamt durchlaufen eine Einführung in Energiestandards, und für Führungskräfte gibt es eine Fortbildung "
        "zur klimagerechten Beschaffung.",
        "Energieeinsparungen fließen bei uns teilweise in neue Projekte zurück. Ein Intracting-Modell sorgt "
        "dafür, dass die Hälfte der eingesparten Energiekosten einem Fonds gutgeschrieben wird, aus dem die nächste "
        "Maßnahme bezahlt wird. So finanziert sich ein Teil des Klimaschutzes selbst.",
        "Die angespannte Haushaltslage bleibt die größte Hürde. Wenn die Kreisumlage steigt und die "
        "Gewerbesteuer sinkt, geraten alle freiwilligen Aufgaben unter Druck. Wir argumentieren dann mit den "
        "Kosten, die ein Nichthandeln in zehn Jahren verursacht.",
        "Kooperationen sparen Personal. Gemeinsam mit zwei Nachbargemeinden teilen wir uns eine Energieberaterin "
        "und einen Fördermittelmanager. Keine der drei Gemeinden könnte sich diese Stellen allein leisten.",
        "Bei der Beschaffung haben wir umgesteuert. Seit dem Ratsbeschluss gilt bei Fahrzeugen, Computern und "
        "Reinigungsmitteln ein Kriterienkatalog, der Energieverbrauch und Lebensdauer berücksichtigt. Das Angebot "
        "mit dem niedrigsten Preis gewinnt nicht mehr automatisch.",
        "Die Auszubildenden bringen frischen Wind. Sie haben das Energiesparprojekt in den Verwaltungsgebäuden "
        "selbst organisiert und dabei mehr erreicht als manche Kampagne. Einige von ihnen wollen nach der Ausbildung "
        "gezielt im Klimaschutz arbeiten.",
        "Kredite für Klimaschutzinvestitionen werden inzwischen anders bewertet. Die Kommunalaufsicht erkennt an, "
        "dass eine Photovoltaikanlage auf dem Schuldach sich über die Laufzeit rechnet. Das hat die Genehmigung "
        "unserer Investitionsplanung deutlich vereinfacht.",
        "Mit Bürgerenergie haben wir gute Erfahrungen gemacht. Die Energiegenossenschaft hat zwei Freiflächenanlagen "
        "und mehrere Dachanlagen finanziert, und die Rendite bleibt in der Region. Die Kommune stellt Flächen und "
        "Dächer zur Verfügung und ist selbst Mitglied.",
        "Die Zahl der Beschäftigten mit Klimaschutzaufgaben ist gewachsen, von einer halben Stelle im Jahr 2015 "
        "auf heute fünf Vollzeitstellen. Dazu kommen Kolleginnen und Kollegen in den Fachämtern, die einen Teil "
        "ihrer Arbeitszeit für Klimaschutzprojekte einsetzen.",
        "Ohne Fördermittel ginge vieles nicht, aber wir wollen nicht nur Förderprogrammen hinterherlaufen. "
        "Deshalb haben wir eine Prioritätenliste, und wir beantragen nur, was ohnehin auf dieser Liste steht. So "
        "bleibt die Strategie unsere eigene.",
        "Die Finanzverantwortlichen sind heute Verbündete. Unser Kämmerer hat im letzten Haushaltsjahr selbst "
        "vorgeschlagen, die Rücklage für die Sanierung der Sporthalle aufzustocken. Vor fünf Jahren wäre das "
        "undenkbar gewesen.",
    ],
}

QUESTIONS = {
    "verankerung": [
        "Wo ist der Klimaschutz in Ihrer Verwaltung angesiedelt?",
        "Wie kam es zu dieser Organisationsform?",
        "Woran erkennen Sie, dass der Klimaschutz Wirkung zeigt?",
        "Welche Rolle spielt der Rat bei Ihren Klimaschutzzielen?",
        "Wie beteiligen Sie die Bürgerinnen und Bürger?",
        "Was hat Ihr Klimaschutzkonzept konkret verändert?",
        "Wie arbeiten Sie mit den Stadtwerken zusammen?",
        "Wo stoßen Sie an Grenzen?",
        "Welches Projekt zeigen Sie Gästen zuerst?",
        "Wie messen Sie Fortschritte?",
    ],
    "klimapolitik-arbeitsalltag": [
        "Wie hat die Klimapolitik der letzten Jahre Ihren Alltag verändert?",
        "Was bedeuten die neuen Gesetze für Ihre Verwaltung?",
        "Wie kommen Sie mit den Förderprogrammen zurecht?",
        "Was hat die Energiepreiskrise bei Ihnen ausgelöst?",
        "Welche Vorgaben helfen Ihnen, welche behindern Sie?",
        "Wie erleben Sie die öffentliche Debatte vor Ort?",
        "Welche Rolle spielt die Klimaanpassung inzwischen?",
        "Was wünschen Sie sich von Bund und Land?",
        "Wie wichtig ist der Austausch mit anderen Kommunen?",
        "Wo hilft Ihnen die Digitalisierung?",
    ],
    "waermeplanung": [
        "Wo stehen Sie bei der kommunalen Wärmeplanung?",
        "Was hat die Bestandsanalyse ergeben?",
        "Welche Lösungen zeichnen sich für die Ortsteile ab?",
        "Wie reagieren die Menschen auf die Eignungsgebiete?",
        "Welche Rolle spielen die Stadtwerke?",
        "Was kostet die Wärmewende die Haushalte?",
        "Wie binden Sie Gewerbe und Industrie ein?",
        "Wie geht es nach dem Ratsbeschluss weiter?",
        "Welche Wärmequellen nutzen Sie?",
        "Wie beteiligen Sie die Öffentlichkeit an der Planung?",
    ],
    "personal-finanzen": [
        "Hat die Kämmerei ihre Haltung zum Klimaschutz verändert?",
        "Wie finanzieren Sie Ihre Klimaschutzmaßnahmen?",
        "Wie viele Menschen arbeiten bei Ihnen im Klimaschutz?",
        "Finden Sie genug Fachkräfte?",
        "Was würde eine Pflichtaufgabe Klimaschutz ändern?",
        "Welche Rolle spielen Kooperationen?",
        "Wie hat sich die Beschaffung verändert?",
        "Was leisten Bürgerenergieprojekte?",
        "Wie gehen Sie mit knappen Haushalten um?",
        "Was geben Sie anderen Kommunen mit auf den Weg?",
    ],
}

# Questions of 25 words and more (six per theme), for the interview that asks at length.
LONG_QUESTIONS = {
    "verankerung": [
        "Wenn Sie auf die vergangenen zehn Jahre zurückblicken: Welche Entscheidung in der Organisation Ihrer "
        "Verwaltung hat dem Klimaschutz am meisten geholfen, und welche würden Sie heute anders treffen?",
        "Viele Kommunen berichten, dass Klimaschutzkonzepte in der Schublade landen, sobald der Ratsbeschluss "
        "gefasst ist. Was haben Sie unternommen, damit Ihr Konzept im Alltag der Fachämter tatsächlich ankommt?",
        "Wie gehen Sie damit um, dass die Treibhausgasbilanz auf unvollständigen Daten beruht, und wie erklären "
        "Sie dem Rat und der Öffentlichkeit, was die Zahlen aussagen und was nicht?",
        "Welche Rolle spielen die Ortsteile und Quartiere in Ihrer Strategie, wenn die Ausgangslage im Kernort "
        "und in den kleinen Dörfern am Rand so unterschiedlich ist, wie Sie es beschreiben?",
        "Was hat die Bürgerbeteiligung beim Klimaschutzkonzept gekostet, an Zeit, an Geld und an Nerven, und "
        "würden Sie diesen Aufwand anderen Kommunen in vergleichbarer Lage empfehlen?",
        "Wie stellen Sie sicher, dass die Verwaltung selbst Vorbild ist, etwa beim Fuhrpark, bei den "
        "Liegenschaften und bei der Beschaffung, und wo gelingt Ihnen das noch nicht?",
    ],
    "klimapolitik-arbeitsalltag": [
        "Gebäudeenergiegesetz, Wärmeplanungsgesetz, Novellen des Erneuerbare-Energien-Gesetzes: Wie behalten Sie "
        "in einer kleinen Verwaltung den Überblick, und was davon kommt tatsächlich bei Ihnen im Alltag an?",
        "Die Debatte über das Heizungsgesetz hat viele Menschen verunsichert. Wie hat Ihre Verwaltung darauf "
        "reagiert, und was haben Sie aus dieser Zeit für die Kommunikation gelernt?",
        "Förderprogramme gelten als Rückgrat des kommunalen Klimaschutzes, zugleich klagen viele über den "
        "Aufwand. Wie viel Arbeitszeit fließt bei Ihnen in Anträge, Nachweise und Verwendungsnachweise?",
        "Die Genehmigung von Windenergieanlagen soll schneller werden. Was bedeutet das für Ihre Verwaltung, die "
        "Stellungnahmen schreiben, Versammlungen organisieren und Fragen beantworten muss, ohne mehr Personal zu "
        "haben?",
        "Seit dem Starkregen vor zwei Jahren ist die Klimaanpassung bei Ihnen ein großes Thema. Wie verbinden Sie "
        "Klimaschutz und Klimaanpassung, ohne dass beide um dieselben knappen Mittel konkurrieren?",
        "Wenn Sie einen Wunsch an Bund und Land frei hätten, der Ihre tägliche Arbeit im Klimaschutz wirklich "
        "erleichtern würde: Welcher wäre das, und warum gerade dieser?",
    ],
    "waermeplanung": [
        "Die kommunale Wärmeplanung soll für jedes Quartier zeigen, welche Versorgung wahrscheinlich ist. Wie weit "
        "sind Sie damit, und welche Überraschungen hat die Bestandsanalyse für Sie bereitgehalten?",
        "Wer in einem Gebiet wohnt, das nicht für ein Wärmenetz vorgesehen ist, fühlt sich schnell allein "
        "gelassen. Wie haben Sie die Veröffentlichung der Eignungsgebiete vorbereitet und begleitet?",
        "Nahwärmegenossenschaften in den Dörfern, ein großes Netz im Kernort, Abwärme aus dem Gewerbe: Welche "
        "dieser Lösungen halten Sie für die aussichtsreichste, und woran könnte sie noch scheitern?",
        "Niemand kann heute sagen, was Fernwärme in zehn Jahren kostet. Wie sprechen Sie mit Hauseigentümerinnen, "
        "Hauseigentümern und Mietern über Kosten, ohne falsche Versprechen zu machen?",
        "In der Altstadt stoßen Wärmepumpen und Solaranlagen auf die Belange der Denkmalpflege. Wie haben Sie "
        "diesen Konflikt gelöst, und was können andere Kommunen mit historischen Ortskernen daraus lernen?",
        "Die Wärmeplanung muss alle fünf Jahre fortgeschrieben werden. Wer kümmert sich bei Ihnen darum, wie ist "
        "das finanziert, und was passiert zwischen zwei Fortschreibungen konkret?",
    ],
    "personal-finanzen": [
        "Früher galt der Klimaschutz als freiwillige Leistung, die in schlechten Haushaltsjahren zuerst gestrichen "
        "wird. Hat sich diese Sicht in Ihrer Kämmerei verändert, und woran machen Sie das fest?",
        "Ein eigenes Klimaschutzbudget im Haushalt gibt Planungssicherheit, bindet aber auch Mittel. Wie hoch ist "
        "es bei Ihnen, wer entscheidet über seine Verwendung, und wie wird es im Rat begründet?",
        "Viele Kommunen finden keine Ingenieurinnen und Ingenieure für die Gebäudetechnik. Wie gewinnen und halten "
        "Sie Fachkräfte, wenn die Privatwirtschaft besser zahlt und der Tarifvertrag wenig Spielraum lässt?",
        "Was würde sich in Ihrer Verwaltung konkret ändern, wenn der Klimaschutz eine kommunale Pflichtaufgabe "
        "mit auskömmlicher Finanzierung durch das Land wäre, und welche Risiken sähen Sie dabei?",
        "Mit einem Intracting-Modell fließen eingesparte Energiekosten in neue Maßnahmen. Wie funktioniert das bei "
        "Ihnen genau, und welche Summen sind auf diesem Weg bisher zusammengekommen?",
        "Was raten Sie einer Kommune, die heute mit einer halben Stelle im Klimaschutz beginnt, was Personal, "
        "Haushalt und die Zusammenarbeit mit Kämmerei und Personalamt angeht?",
    ],
}

# List items per theme (some answers end with a list).
LISTS = {
    "verankerung": (
        "Drei Dinge haben bei uns den Unterschied gemacht:",
        [
            "eine Stabsstelle mit direktem Zugang zur Verwaltungsspitze,",
            "die Klimawirkungsprüfung in jeder Beschlussvorlage,",
            "ein jährlicher öffentlicher Bericht mit Ampelbewertung aller Maßnahmen.",
        ],
    ),
    "klimapolitik-arbeitsalltag": (
        "Was uns im Alltag am meisten Zeit kostet:",
        [
            "Förderanträge mit unterschiedlichen Fristen und Formularen,",
            "Verwendungsnachweise, die oft länger sind als der Antrag,",
            "Stellungnahmen in Genehmigungsverfahren für Wind- und Solarparks,",
            "Anfragen aus der Bürgerschaft nach jeder bundespolitischen Debatte.",
        ],
    ),
    "waermeplanung": (
        "Die Wärmeplanung teilt das Gemeindegebiet in vier Arten von Gebieten:",
        [
            "Wärmenetzgebiete, in denen ein Netz wirtschaftlich erscheint,",
            "Prüfgebiete, in denen die Entscheidung von einer Machbarkeitsstudie abhängt,",
            "Gebiete für dezentrale Versorgung, vor allem mit Wärmepumpen,",
            "Wasserstoffprüfgebiete, die wir bewusst klein gehalten haben.",
        ],
    ),
    "personal-finanzen": (
        "Finanziert wird der Klimaschutz bei uns aus mehreren Quellen:",
        [
            "dem Klimaschutzbudget im Ergebnishaushalt,",
            "Fördermitteln von Bund, Land und Europäischer Union,",
            "dem Intracting-Fonds aus eingesparten Energiekosten,",
            "Beteiligungen der Energiegenossenschaft an Solaranlagen auf kommunalen Dächern.",
        ],
    ),
}

# Portraits and figures are generated (bench/review.py, Pillow): "upright" 3:4, "landscape" 3:2, "tall" 9:16.
INTERVIEWS = [
    {
        "key": "a1-loreley",
        "series": "pruefreihe-2030",
        "part": 1,
        "kommune": {
            "name": "Verbandsgemeinde Sankt Goarshausen-Loreley-Weinbergblick am Mittelrhein (fiktiv)",
            "slug": "vg-loreley-weinbergblick-fiktiv",
            "kind": "gemeinde",
            "state": "RP",
            "population": 14300,
        },
        "ort": "Loreley-Weinbergblick",
        "title": "Klimaschutz zwischen Weinbergen und Welterbe",
        "lead": (
            "Steile Hänge, ein Welterbetal und dreißig Ortsgemeinden: Die Verbandsgemeinde am Mittelrhein zeigt, wie "
            "Klimaschutz gelingt, wenn jede Solaranlage mit dem Denkmalschutz abgestimmt werden muss."
        ),
        "interviewee_name": "Katharina Wendelstein-Oberhauser (fiktiv)",
        "interviewee_role": "Klimaschutzmanagerin der Verbandsgemeinde",
        "wording": "w",
        "pages": None,
        "questions": 14,
        "words": 2600,
        "portrait": "upright",
        "quotes": 3,
        "links": True,
        "figures": [
            (
                "landscape",
                "Photovoltaik auf dem Dach der Grundschule im Ortsteil Weinbergblick, 2029 eingeweiht.",
                "Foto: Beispielbild, erzeugt für die Prüfreihe (fiktiv)",
                "Ein Schuldach mit dunklen Solarmodulen vor Weinbergen und blauem Himmel (erzeugtes Beispielbild)",
            ),
            (
                "upright",
                "Der sanierte Turm des alten Rathauses, heute Sitz des Klimaschutzmanagements.",
                "Foto: Beispielbild, erzeugt für die Prüfreihe (fiktiv)",
                "Ein hohes Gebäude mit Fensterreihen vor hellem Himmel (erzeugtes Beispielbild)",
            ),
        ],
        "own": {
            "verankerung": "Dreißig Ortsgemeinden mit eigenen Räten, eigenen Haushalten und eigenen Vorstellungen – "
            "das ist unsere Ausgangslage. Klimaschutz heißt bei uns zuerst, dreißigmal zu erklären, warum eine "
            "gemeinsame Strategie allen nützt. Die Verbandsgemeindeverwaltung bietet dafür Musterbeschlüsse, "
            "Beratung und eine gemeinsame Ausschreibung für Straßenbeleuchtung an.",
            "waermeplanung": "Im Welterbetal gelten besondere Regeln. Eine Solaranlage, die vom Rhein aus zu sehen "
            "ist, braucht eine Abstimmung mit der Denkmalpflege und manchmal mit der Welterbekoordination. Wir haben "
            "deshalb ein Solarkataster, das neben dem Ertrag auch die Sichtbarkeit vom Fluss zeigt.",
        },
    },
    {
        "key": "a2-kleinwasserburg",
        "series": "pruefreihe-2030",
        "part": 2,
        "kommune": {
            "name": "Stadt Kleinwasserburg (fiktiv)",
            "slug": "kleinwasserburg-fiktiv",
            "kind": "stadt",
            "state": "BY",
            "population": 8900,
        },
        "ort": "Kleinwasserburg",
        "title": "Kleine Stadt, kurze Wege",
        "lead": (
            "In Kleinwasserburg kennt man sich. Das hilft beim Klimaschutz, sagt der Erste Bürgermeister, und "
            "manchmal macht es ihn auch schwieriger."
        ),
        "interviewee_name": "Florian Gschwendtner (fiktiv)",
        "interviewee_role": "Erster Bürgermeister",
        "wording": "m",
        "pages": 5,
        "questions": 8,
        "words": 1750,
        "portrait": "landscape",
        "quotes": 2,
        "links": False,
        "figures": [],
        "own": {
            "verankerung": "Bei uns gibt es keine Stabsstelle, sondern einen Bürgermeister, der den Klimaschutz "
            "zur Chefsache gemacht hat, und eine Kollegin im Bauamt mit einer halben Stelle. Das klingt wenig, aber "
            "die Wege sind kurz: Was morgens im Rathaus besprochen wird, steht abends im Ausschuss.",
        },
    },
    {
        "key": "a3-saale-orla",
        "series": "pruefreihe-2030",
        "part": 3,
        "kommune": {
            "name": "Landkreis Oberes Saale-Orla-Hügelland (fiktiv)",
            "slug": "lk-oberes-saale-orla-huegelland-fiktiv",
            "kind": "landkreis",
            "state": "TH",
            "population": 126000,
        },
        "ort": "Saale-Orla-Hügelland",
        "title": "Dreißig Fragen an einen Flächenkreis",
        "lead": (
            "Der Landkreis hat 54 Gemeinden, drei Talsperren und eine lange Tradition im Holzbau. Im ausführlichen "
            "Gespräch geht es um Netzwerke, Wärmeplanung für Dörfer und die Frage, wie ein Kreis Klimaschutz "
            "organisiert, der ihn selbst kaum umsetzen kann."
        ),
        "interviewee_title": "Dr.",
        "interviewee_name": "Henrike Zschoppelt-Marbach (fiktiv)",
        "interviewee_role": "Leiterin der Stabsstelle Klimaschutz und Nachhaltigkeit im Landratsamt",
        "wording": "w",
        "pages": 8,
        "questions": 30,
        "words": 3150,
        "portrait": "upright",
        "quotes": 4,
        "lists": True,
        "links": True,
        "figures": [
            (
                "landscape",
                "Hackschnitzelheizwerk der Nahwärmegenossenschaft im Ortsteil Lichtenhain.",
                "Foto: Beispielbild, erzeugt für die Prüfreihe (fiktiv)",
                "Ein flaches Gebäude mit Schornstein vor einem Waldrand (erzeugtes Beispielbild)",
            ),
            (
                "landscape",
                "Freiflächenanlage am Rand der Talsperre, gebaut von der Bürgerenergiegenossenschaft.",
                "Foto: Beispielbild, erzeugt für die Prüfreihe (fiktiv)",
                "Reihen von Solarmodulen auf einer Wiese unter blauem Himmel (erzeugtes Beispielbild)",
            ),
            (
                "upright",
                "Holzbau mit Gründach: das neue Kreisarchiv.",
                "Foto: Beispielbild, erzeugt für die Prüfreihe (fiktiv)",
                "Ein mehrstöckiger Holzbau mit vielen Fenstern (erzeugtes Beispielbild)",
            ),
        ],
        "own": {
            "verankerung": "Ein Landkreis ist für vieles zuständig, aber nicht für die Bauleitplanung, nicht für "
            "die Stadtwerke und nicht für die meisten Gebäude im Kreisgebiet. Unsere Aufgabe ist deshalb vor allem "
            "die des Netzwerkers: Wir bringen die 54 Gemeinden zusammen, beraten und bündeln Förderanträge.",
            "waermeplanung": "Für die kleinen Gemeinden hat der Kreis eine gemeinsame Wärmeplanung im "
            "Konvoiverfahren ausgeschrieben. Zwanzig Gemeinden unter 10.000 Einwohnern haben mitgemacht; das spart "
            "Kosten und sorgt dafür, dass die Pläne an den Gemeindegrenzen zusammenpassen.",
            "personal-finanzen": "Im Landratsamt arbeiten heute elf Menschen in der Stabsstelle, davon vier in "
            "Projekten mit Fördermitteln. Die Hälfte des Teams ist jünger als fünfunddreißig, viele kommen aus der "
            "Region zurück, weil sie hier eine sinnvolle Aufgabe sehen.",
        },
    },
    {
        "key": "a4-tiefenbrunn",
        "series": "pruefreihe-2030",
        "part": 4,
        "kommune": {
            "name": "Gemeinde Tiefenbrunn (fiktiv)",
            "slug": "tiefenbrunn-fiktiv",
            "kind": "gemeinde",
            "state": "BW",
            "population": 4100,
        },
        "ort": "Tiefenbrunn",
        "title": "Sechs Fragen, lange Antworten",
        "lead": (
            "Tiefenbrunn hat kein Porträt geschickt, dafür ausführliche Antworten: Die Gemeinde auf der Alb "
            "erzählt von ihrem Nahwärmenetz, vom Gemeindewald und vom Mut, klein anzufangen."
        ),
        "interviewee_name": "Dorothea Kienzle-Raichle (fiktiv)",
        "interviewee_role": "Bürgermeisterin",
        "wording": "w",
        "pages": None,
        "questions": 6,
        "words": 2900,
        "portrait": None,
        "quotes": 3,
        "links": False,
        "figures": [],
        "own": {
            "waermeplanung": "Unser Nahwärmenetz versorgt heute 212 Gebäude, darunter Schule, Halle, Rathaus und "
            "die beiden Kirchen. Die Hackschnitzel stammen aus dem Gemeindewald, der Förster liefert sie mit dem "
            "eigenen Schlepper. Im Sommer übernimmt eine Solarthermieanlage auf der ehemaligen Deponie.",
        },
    },
    {
        "key": "a5-hafenstedt",
        "series": "pruefreihe-2030",
        "part": 5,
        "kommune": {
            "name": "Hansestadt Hafenstedt an der Unterweser (fiktiv)",
            "slug": "hafenstedt-fiktiv",
            "kind": "kreisfreie_stadt",
            "state": "NI",
            "population": 212000,
        },
        "ort": "Hafenstedt",
        "title": "Hafen, Wärme, Wasserstoff",
        "lead": (
            "Eine Großstadt mit Industriehafen stellt andere Fragen als ein Dorf. Vierundzwanzig ausführliche "
            "Fragen an den Leiter des Klimaschutzamts – und seine Antworten über Abwärme, Netze und Geduld."
        ),
        "interviewee_title": "Prof. Dr.",
        "interviewee_name": "Jan-Hendrik Oltmanns-Terheyden (fiktiv)",
        "interviewee_role": "Leiter des Amts für Klimaschutz, Energie und Stadtentwicklung",
        "wording": "m",
        "pages": None,
        "questions": 24,
        "long_questions": True,
        "words": 2800,
        "portrait": "tall",
        "quotes": 0,
        "links": True,
        "figures": [
            (
                "landscape",
                "Die Fernwärmetrasse am Industriehafen; sie soll ab 2032 Abwärme der Raffinerie nutzen.",
                "Foto: Beispielbild, erzeugt für die Prüfreihe (fiktiv)",
                "Rohrleitungen am Hafenbecken, im Hintergrund Kräne (erzeugtes Beispielbild)",
            ),
        ],
        "own": {
            "klimapolitik-arbeitsalltag": "Im Hafen treffen Bundesrecht, Landesrecht und europäische Regeln "
            "aufeinander, und jedes Projekt hat mindestens drei Genehmigungsbehörden. Unser Amt versteht sich dort "
            "als Lotse, der die Verfahren koordiniert, nicht als zusätzliche Hürde.",
            "waermeplanung": "Die Abwärme der Raffinerie und des Stahlwerks könnte rechnerisch ein Drittel des "
            "städtischen Wärmebedarfs decken. Dafür brauchen wir eine Trasse durch den Hafen, Verträge über zwanzig "
            "Jahre und eine Absicherung für den Fall, dass ein Betrieb schließt.",
        },
    },
    {
        "key": "a6-heidmoor",
        "series": "pruefreihe-2030",
        "part": 6,
        "kommune": {
            "name": "Samtgemeinde Heidmoor-Wümmeniederung (fiktiv)",
            "slug": "sg-heidmoor-wuemmeniederung-fiktiv",
            "kind": "gemeinde",
            "state": "NI",
            "population": 21700,
        },
        "ort": "Heidmoor-Wümmeniederung",
        "title": "Moore schützen, Wärme planen",
        "lead": (
            "Die Samtgemeinde liegt zwischen Heide und Moor. Kurze Antworten, viele Bilder: ein Gespräch über "
            "Wiedervernässung, Bürgerwind und die erste Wärmeplanung."
        ),
        "interviewee_name": "Merle Bockelmann-Hinrichs (fiktiv)",
        "interviewee_role": "Fachbereichsleiterin Planen, Bauen und Klimaschutz",
        "wording": "w",
        "pages": None,
        "questions": 16,
        "words": 2150,
        "portrait": "landscape",
        "quotes": 5,
        "links": False,
        "figures": [
            (
                "landscape",
                "Wiedervernässte Moorfläche bei Heidmoor: Torfmoose statt Maisacker.",
                "Foto: Beispielbild, erzeugt für die Prüfreihe (fiktiv)",
                "Eine flache, feuchte Landschaft unter weitem Himmel (erzeugtes Beispielbild)",
            ),
            (
                "landscape",
                "Der Bürgerwindpark mit fünf Anlagen, betrieben von einer Genossenschaft.",
                "Foto: Beispielbild, erzeugt für die Prüfreihe (fiktiv)",
                "Windräder über einem Feld (erzeugtes Beispielbild)",
            ),
        ],
        "own": {
            "verankerung": "Moorschutz ist bei uns Klimaschutz. Entwässerte Moore stoßen mehr Treibhausgase aus "
            "als der gesamte Verkehr in der Samtgemeinde. Gemeinsam mit dem Landkreis und den Landwirten vernässen "
            "wir Flächen wieder, Schritt für Schritt und mit Ausgleichszahlungen.",
        },
    },
    {
        "key": "b1-birkenhain",
        "series": "pruefreihe-2031",
        "part": 1,
        "kommune": {
            "name": "Ortsgemeinde Birkenhain (fiktiv)",
            "slug": "birkenhain-fiktiv",
            "kind": "gemeinde",
            "state": "RP",
            "population": 640,
        },
        "ort": "Birkenhain",
        "title": "Ein Dorf, ein Dach, ein Anfang",
        "lead": "Das kürzeste Interview der Reihe: Ein ehrenamtlicher Ortsbürgermeister über das erste Solardach.",
        "interviewee_name": "Bernd Stoltzenberg (fiktiv)",
        "interviewee_role": "Ortsbürgermeister (ehrenamtlich)",
        "wording": "m",
        "pages": 3,
        "questions": 6,
        "words": 620,
        "portrait": "upright",
        "quotes": 1,
        "links": False,
        "figures": [],
        "own": {},
    },
    {
        "key": "b2-oberweiler",
        "series": "pruefreihe-2031",
        "part": 2,
        "kommune": {
            "name": "Markt Oberweiler im Spessart (fiktiv)",
            "slug": "markt-oberweiler-fiktiv",
            "kind": "gemeinde",
            "state": "BY",
            "population": 3300,
        },
        "ort": "Oberweiler",
        "title": "Vier Seiten über einen Dorfladen mit Ladesäule",
        "lead": "Ein Markt im Spessart hat Mobilität und Nahversorgung zusammengedacht.",
        "interviewee_name": "Theresa Amrhein (fiktiv)",
        "interviewee_role": "Geschäftsleiterin der Marktverwaltung",
        "wording": "w",
        "pages": 4,
        "questions": 10,
        "words": 1200,
        "portrait": "landscape",
        "quotes": 1,
        "links": True,
        "figures": [
            (
                "landscape",
                "Der Dorfladen mit Ladesäule und Carsharing-Stellplatz am Marktplatz.",
                "Foto: Beispielbild, erzeugt für die Prüfreihe (fiktiv)",
                "Ein kleines Ladengeschäft mit Parkplatz davor (erzeugtes Beispielbild)",
            ),
        ],
        "own": {
            "verankerung": "Unser Dorfladen war vor fünf Jahren fast geschlossen. Heute betreibt ihn eine "
            "Genossenschaft, und vor der Tür stehen eine Ladesäule, ein Carsharing-Auto und ein Lastenrad. Wer "
            "einkauft, lädt, und wer lädt, kauft ein.",
        },
    },
    {
        "key": "b3-rheinauen",
        "series": "pruefreihe-2031",
        "part": 3,
        "kommune": {
            "name": "Kreisstadt Neuenburg-Rheinauen (fiktiv)",
            "slug": "neuenburg-rheinauen-fiktiv",
            "kind": "stadt",
            "state": "BW",
            "population": 38500,
        },
        "ort": "Neuenburg-Rheinauen",
        "title": "Acht Seiten Stadtklima",
        "lead": (
            "Hitze im Sommer, Hochwasser im Winter: Neuenburg-Rheinauen verbindet Klimaschutz und Klimaanpassung. "
            "Ein langes Gespräch mit vielen Bildern und Verweisen auf die Pläne der Stadt."
        ),
        "interviewee_name": "Aylin Demirtaş-Vögele (fiktiv)",
        "interviewee_role": "Klimaschutz- und Klimaanpassungsmanagerin",
        "wording": "w",
        "pages": 8,
        "questions": 20,
        "words": 3300,
        "portrait": "upright",
        "quotes": 5,
        "links": True,
        "lists": True,
        "figures": [
            (
                "landscape",
                "Entsiegelter Schulhof mit Baumrigolen: Regenwasser bleibt vor Ort.",
                "Foto: Beispielbild, erzeugt für die Prüfreihe (fiktiv)",
                "Ein Hof mit jungen Bäumen und Pflasterflächen (erzeugtes Beispielbild)",
            ),
            (
                "upright",
                "Fassadenbegrünung am Technischen Rathaus.",
                "Foto: Beispielbild, erzeugt für die Prüfreihe (fiktiv)",
                "Eine grün bewachsene Hauswand mit Fenstern (erzeugtes Beispielbild)",
            ),
            (
                "landscape",
                "Der Rheinauenpark bei Hochwasser im Februar.",
                "Foto: Beispielbild, erzeugt für die Prüfreihe (fiktiv)",
                "Eine überflutete Wiese mit Bäumen (erzeugtes Beispielbild)",
            ),
        ],
        "own": {
            "klimapolitik-arbeitsalltag": "Seit dem Hitzesommer haben wir einen Hitzeaktionsplan. Er regelt, wer "
            "ältere Menschen anruft, welche Räume als kühle Orte geöffnet werden und wie Trinkbrunnen gewartet "
            "werden. Das ist Klimaanpassung, aber die Menschen nehmen es als Klimapolitik wahr.",
            "verankerung": "Klimaschutz und Klimaanpassung sind bei uns in einer Stelle vereint. Das ist "
            "ungewöhnlich, aber es verhindert, dass zwei Konzepte nebeneinander entstehen, die um dieselben Flächen "
            "konkurrieren: Das Gründach kühlt und trägt zugleich Photovoltaik.",
        },
    },
    {
        "key": "b4-altmuehl",
        "series": "pruefreihe-2031",
        "part": 4,
        "kommune": {
            "name": "Zweckverband Energieagentur Mittelfranken-Altmühltal-Hahnenkamm (fiktiv)",
            "slug": "zv-energieagentur-altmuehltal-fiktiv",
            "kind": "region",
            "state": "BY",
            "population": 97000,
        },
        "ort": "Altmühltal-Hahnenkamm",
        "title": "Energieeffizienzberatungsangebote für Kleinstgemeinden",
        "lead": (
            "Ein Zweckverband berät 27 Gemeinden. Das Gespräch ist reich an Fachwörtern – von der "
            "Straßenbeleuchtungsmodernisierung bis zur Treibhausgasminderungsquote."
        ),
        "interviewee_name": "Wolfgang Pfahlmeier-Schwarzenbacher (fiktiv)",
        "interviewee_role": "Geschäftsführer des Zweckverbands",
        "wording": "m",
        "pages": 5,
        "questions": 12,
        "words": 1900,
        "portrait": None,
        "quotes": 2,
        "compounds": True,
        "links": False,
        "figures": [],
        "own": {
            "verankerung": "Die Liegenschaftsenergiemanagementberatung ist unser meistgefragtes Angebot. Dazu "
            "kommen die Straßenbeleuchtungsmodernisierungsprogramme, die Fördermittelantragsbegleitung und die "
            "Photovoltaikfreiflächenanlagenstandortanalyse für Gemeinderäte, die zum ersten Mal darüber entscheiden.",
            "personal-finanzen": "Die Verbandsumlage richtet sich nach der Einwohnerzahl. Für Kleinstgemeinden "
            "mit wenigen hundert Einwohnern sind das oft nur einige tausend Euro im Jahr, für die sie Zugang zu "
            "Energieeffizienzberatung, Wirtschaftlichkeitsuntersuchungen und Ausschreibungsunterstützung bekommen.",
        },
    },
    {
        "key": "b5-lindental",
        "series": "pruefreihe-2031",
        "part": 5,
        "kommune": {
            "name": "Stadt Lindental (fiktiv)",
            "slug": "lindental-fiktiv",
            "kind": "stadt",
            "state": "SN",
            "population": 27400,
        },
        "ort": "Lindental",
        "title": "Listen, Links und lange Adressen",
        "lead": (
            "Lindental veröffentlicht alles: Energieberichte, Wärmepläne, Sitzungsunterlagen. Die Klimaschutzmanagerin "
            "erklärt, wo man was findet und was die Offenheit gebracht hat."
        ),
        "interviewee_name": "Sophie Wünsche (fiktiv)",
        "interviewee_role": "Klimaschutzmanagerin",
        "wording": "w",
        "pages": None,
        "questions": 10,
        "words": 2500,
        "portrait": "upright",
        "quotes": 2,
        "lists": True,
        "links": True,
        "urls": True,
        "figures": [
            (
                "landscape",
                "Die Online-Karte der Wärmeplanung: jedes Baugebiet mit seiner wahrscheinlichen Versorgung.",
                "Abbildung: Beispielbild, erzeugt für die Prüfreihe (fiktiv)",
                "Eine farbige Karte mit Flächen in Grün, Gelb und Rot (erzeugtes Beispielbild)",
            ),
        ],
        "own": {},
    },
    {
        "key": "b6-sonnenberg",
        "series": "pruefreihe-2031",
        "part": 6,
        "kommune": {
            "name": "Landkreis Sonnenberg-Vogtland (fiktiv)",
            "slug": "lk-sonnenberg-vogtland-fiktiv",
            "kind": "landkreis",
            "state": "SN",
            "population": 154000,
        },
        "ort": "Sonnenberg-Vogtland",
        "title": "Zwölf Fragen, viele Zitate",
        "lead": (
            "Der Landkreis hat sich ein Ziel gesetzt, das er allein nicht erreichen kann. Der Landrat über "
            "Partnerschaften, Kreisumlage und die Kunst, Bürgermeister zu überzeugen."
        ),
        "interviewee_name": "Reinhard Fickenscher (fiktiv)",
        "interviewee_role": "Landrat",
        "wording": "m",
        "pages": 8,
        "questions": 12,
        "words": 3300,
        "portrait": "landscape",
        "quotes": 6,
        "links": False,
        "figures": [
            (
                "upright",
                "Das Kreishaus nach der energetischen Sanierung.",
                "Foto: Beispielbild, erzeugt für die Prüfreihe (fiktiv)",
                "Ein mehrstöckiges Verwaltungsgebäude mit neuer Fassade (erzeugtes Beispielbild)",
            ),
            (
                "landscape",
                "Der Radschnellweg zwischen Kreisstadt und Bahnhof, 2029 eröffnet.",
                "Foto: Beispielbild, erzeugt für die Prüfreihe (fiktiv)",
                "Ein breiter Radweg durch eine grüne Landschaft (erzeugtes Beispielbild)",
            ),
        ],
        "own": {},
    },
    {
        "key": "b7-wiesental",
        "series": "pruefreihe-2031",
        "part": 7,
        "kommune": {
            "name": "Gemeinde Wiesental (fiktiv)",
            "slug": "wiesental-fiktiv",
            "kind": "gemeinde",
            "state": "HE",
            "population": 6200,
        },
        "ort": "Wiesental",
        "title": "Wenige Fragen, fünf Seiten",
        "lead": "Sechs Fragen an eine Gemeinde, die ihren Klimaschutz mit Ehrenamt und Genossenschaft trägt.",
        "interviewee_name": "Annegret Schmittberger (fiktiv)",
        "interviewee_role": "Beigeordnete für Umwelt und Energie",
        "wording": "w",
        "pages": 5,
        "questions": 6,
        "words": 1750,
        "portrait": "upright",
        "quotes": 1,
        "links": False,
        "figures": [],
        "own": {},
    },
    {
        "key": "b8-am-see",
        "series": "pruefreihe-2031",
        "part": 8,
        "kommune": {
            "name": "Amt Seenplatte-Mecklenburgische Kleinseenlandschaft (fiktiv)",
            "slug": "amt-kleinseenlandschaft-fiktiv",
            "kind": "gemeinde",
            "state": "MV",
            "population": 11800,
        },
        "ort": "Kleinseenlandschaft",
        "title": "Achtzehn Fragen aus dem Amt",
        "lead": (
            "Ein Amt mit neun Gemeinden, vielen Seen und wenig Personal. Die Leitende Verwaltungsbeamtin über "
            "Tourismus, Wärme und die Frage, was ein Amt überhaupt entscheiden darf."
        ),
        "interviewee_name": "Ulrike Wendt-Prignitz (fiktiv)",
        "interviewee_role": "Leitende Verwaltungsbeamtin",
        "wording": "w",
        "pages": None,
        "questions": 18,
        "words": 2400,
        "portrait": "tall",
        "quotes": 2,
        "links": True,
        "figures": [
            (
                "upright",
                "Steg am Kleinen Pälitzsee (fiktiv): Hier endet der neue Rad- und Wanderweg.",
                "Foto: Beispielbild, erzeugt für die Prüfreihe (fiktiv)",
                "Ein Holzsteg, der in einen ruhigen See führt (erzeugtes Beispielbild)",
            ),
        ],
        "own": {},
    },
]

# Compounds for the interview that is rich in them (sentences appended to its answers).
COMPOUND_SENTENCES = [
    "Die Treibhausgasminderungsquote steht im Klimaschutzinvestitionsprogramm ganz oben.",
    "Die Straßenbeleuchtungsmodernisierung spart in Kleinstgemeinden überproportional viel Strom.",
    "Photovoltaikfreiflächenanlagen und die Fernwärmeausbaustrategie ergänzen einander.",
    "Die Wirtschaftlichkeitsuntersuchung gehört zu jeder Bundesförderungsrichtlinie.",
    "Energieeffizienzmaßnahmen im Verwaltungsgebäudebestand senken die Betriebskosten dauerhaft.",
    "Die Wärmeplanungsgesetzesnovelle hat die Fortschreibungsfristen verkürzt.",
]

_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+(?=[A-ZÄÖÜ„])")


def _sentences(paragraph):
    return _SENTENCE_END.split(paragraph)


def link_for(spec, theme):
    """A link on a word and the page's address for ``theme`` (fictional .example domains)."""
    host = f"www.{spec['kommune']['slug'].removesuffix('-fiktiv')}.example"
    paths = {
        "verankerung": "klimaschutz/konzept-und-massnahmen/jahresbericht",
        "klimapolitik-arbeitsalltag": "foerdermittel/uebersicht-bund-land-eu",
        "waermeplanung": "waermeplanung/karte-der-eignungsgebiete",
        "personal-finanzen": "haushalt/klimaschutzbudget-und-intracting",
    }
    return f"https://{host}/{paths[theme]}"


def answers(spec):
    """The questions of ``spec``: [(theme slug, question, answer HTML, pull quote)], deterministic.

    Questions are spread over the four themes in order (the first themes get
    one more when they do not divide evenly); each answer gets about
    ``words / questions`` words (±35 %, seeded) of sentences from the
    interview's own paragraph and then the theme's shared paragraphs, each
    answer from a paragraph's start, repeating a paragraph inside one
    interview only when the theme's pool is used up (the eight-page ones).
    """
    rng = random.Random(spec["key"])
    count = spec["questions"]
    per_theme = [count // 4 + (1 if index < count % 4 else 0) for index in range(4)]
    weights = [rng.uniform(0.65, 1.35) for _ in range(count)]
    scale = spec["words"] / sum(weights)
    quotes_left = spec.get("quotes", 0)
    quote_every = max(1, count // quotes_left) if quotes_left else 0
    rows = []
    index = 0
    for theme, n in zip(THEME_SLUGS, per_theme, strict=True):
        pool = list(PARAGRAPHS[theme])
        rng.shuffle(pool)
        if spec.get("own", {}).get(theme):
            pool.insert(0, spec["own"][theme])
        stream = [(sentence, i) for i, paragraph in enumerate(pool) for sentence in _sentences(paragraph)]
        position = 0
        question_pool = LONG_QUESTIONS[theme] if spec.get("long_questions") else QUESTIONS[theme]
        questions = rng.sample(question_pool, min(n, len(question_pool)))
        while len(questions) < n:  # more questions than the pool: the long pool tops up
            questions.append(rng.choice(LONG_QUESTIONS[theme] + QUESTIONS[theme]))
        for question in questions:
            target = max(25, round(weights[index] * scale))
            while position % len(stream) and stream[position % len(stream)][1] == stream[position % len(stream) - 1][1]:
                position += 1  # an answer begins with a paragraph's first sentence
            paragraphs, current, words, current_source = [], [], 0, None
            while words < target:
                sentence, source = stream[position % len(stream)]
                if words and words + len(sentence.split()) / 2 > target:
                    break  # closer to the target without this sentence
                position += 1
                if current and source != current_source:
                    paragraphs.append(current)
                    current = []
                current_source = source
                current.append(sentence.replace("{ort}", spec["ort"]))
                words += len(sentence.split())
            paragraphs.append(current)
            quote = ""
            if quote_every and quotes_left and index % quote_every == quote_every // 2:
                candidates = [s for p in paragraphs for s in p if 8 <= len(s.split()) <= 22]
                if candidates:
                    quote = candidates[0]
                    quotes_left -= 1
            if spec.get("compounds") and index % 2 == 0:
                paragraphs[-1].append(COMPOUND_SENTENCES[index // 2 % len(COMPOUND_SENTENCES)])
            html = [" ".join(p) for p in paragraphs]
            if spec.get("links") and index % 3 == 1:
                url = link_for(spec, theme)
                html[-1] += f' Mehr dazu steht im <a href="{url}">Jahresbericht</a> der Verwaltung.'
            if spec.get("urls") and index % 3 == 2:
                html[-1] += f" Die Unterlagen sind öffentlich abrufbar unter {link_for(spec, theme)}."
            body = "".join(f"<p>{p}</p>" for p in html)
            if spec.get("lists") and index % 4 == 3:
                intro, items = LISTS[theme]
                body += f"<p>{intro}</p><ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"
            body = body.replace("<p>", f"<p><strong>{SAMPLE_MARK}</strong> ", 1)
            rows.append((theme, question, body, quote))
            index += 1
    return rows
