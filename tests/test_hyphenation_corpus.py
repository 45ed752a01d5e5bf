"""German breaks over 16,704 words not picked for the hyphenation (issue 19, item 5).

tests/fixtures/hyphenation_words.txt holds every word of 12 letters or more of the demo content, the
review set and the Markdown files of four public repositories of German climate texts (its header
names them). Every break print offers (``hyphenation.hyphenated``) is listed; none may be one of
``BAD_BREAKS``, breaks read and judged wrong (the earlier hyphenation offered 156 of them:
„Date-nerhebung", „Fahrra-dabstellanlagen", „Bundess-tiftung"; the Trennmuster patterns themselves
three: „Klärsch-lamm…", „Flederm-aus…", „Fond-sportfolios").
"""

from pathlib import Path

import pyphen
import pytest

from interviews.pdf import hyphenation

WORDS = Path(__file__).parent / "fixtures" / "hyphenation_words.txt"

# "|" marks a break that must not be offered (the word is in WORDS).
BAD_BREAKS = """
Date|nerhebung
Datener|hebung
Kli|maaktivitäten
Klimaak|tivitäten
Kleinse|enlandschaft
Abluf|terfassung
Abschlus|sergebnisse
Abschlusser|gebnisse
Acke|runkräuter
Al|tablagerungen
Aufrechter|haltung
Aufsch|lüsselung
Ausland|serfahrung
Bah|nindustrie
Ban|kauskunft
Ban|knachbarin
Bargel|derhalt
Bargelder|halt
Basi|sorientierte
Basiso|rientierte
Baugen|ehmigung
Beat|mungsgeräte
Beihilfehöchs|tintensität
Beihilfeo|bergrenzen
Beispie|lantwort
Beobacht|erstatus
Berich|terstattung
Berichter|stattung
Betrieb|sphase
Betrieb|stemperaturen
Bewusstse|insänderung
Bildung|schancen
Biotopp|flege
Brück|entechnologie
Bundess|tiftung
Chemi|ebranche
Chemieb|ranche
Chi|pintegration
Date|neigentums
Datenei|gentums
Dein|stallation
Deponiegass|tröme
Dienstean|bieter
Direk|texemplar
Drosse|leinrichtungen
Druckluf|terzeuger
Durchschnitt|stemperatur
Eigener|klärung
Eigenmitte|lanteil
Eigentüme|rinteressen
Eigentümerin|teressen
Elektroni|kanwenderbranchen
Elternprei|santeil
Empfehlung|scharakter
Ender|gebnisse
Energieeigener|zeugung
Energi|eindustrie
Er|derwärmung
Er|derhitzung
Erfolg|schancen
Erfolg|sindikatoren
Er|stantragsteller
Er|steinreichenden
Erwerb|sphase
Extremwette|rereignisse
Fahrra|dabstellanlagen
Fahrradabstel|lanlagen
Fahrra|dampeln
Fahrrads|tändern
Fahrradt|rassenführung
Fahrzeu|gindustrie
Fel|dexperiment
Fer|nerkundungszentrum
Ferner|kundungszentrum
Finanzberich|terstattung
Finan|zintermediär
Finanzin|termediär
Fi|nanzübersicht
Flederm|ausdetektor
Fledermausex|pertin
Fluch|tursache
Forschungsa|genda
Forschungsex|pertise
Freis|tellung
Freis|tellungsverordnung
Frequen|zumformern
Früher|kennung
Fun|knetzgenerationen
Förderak|tivität
Förde|rentscheidung
Förde|rinstrument
Förderin|strument
Förde|rinteressenten
Ganztag|sexkursion
Ga|serfassungsgrad
Gazast|reifen
Gebiet|stypen
Gebäudeum|feldes
Gesam|terlöse
Gesamter|löse
Gesam|tintegration
Gesam|tradweglänge
Gesam|tumsatz
Gespräch|seinstieg
Gesprächss|toff
Gewin|nerwartung
Gewinner|wartung
Gewinner|zielungsabsicht
Gipss|teilhang
Grun|derwerbsteuer
Grunder|werbsteuer
Grundsat|zurteil
Grundstück|seinfahrten
Hardwa|rekomponenten
Haup|teingang
Hebe|leinsatz
Hilf|saggregat
Hochtechnologieb|ranchen
Hungerb|lümchen
Impor|tabhängigkeit
Indi|enststellung
Industrieb|ranchen
Inhaltss|toffe
Inlandss|pione
Innovationsa|genda
Institut|spartnerschaften
Institutss|trukturen
Interim|sexekutivdirektor
Jahresabsch|lüsse
Karrierech|ancen
Kars|terscheinungen
Kenntniss|tand
Ker|naussagen
Ker|nelemente
Kinderer|nährung
Kinderer|ziehung
Kir|schwanderweg
Kli|maaktivismus
Klimaak|tivismus
Kli|maambitionen
Kli|maausnahmen
Klimaberich|terstattung
Klimaer|hitzung
Klimaer|wärmung
Klimaf|lüchtling
Klimaf|reundliche
Klimanotstand|serklärungen
Klimas|kepsis
Klimas|tabilisierung
Klimas|treiks
Klimaun|gerechtigkeit
Klimawande|lanpassung
Klärsch|lammfaulung
Fond|sportfolios
Aktivismu|serfahrung
Bevo|elkerungsstand
Gebäudebrüterk|artierung
Schriftfor|merfordernis
""".split()  # noqa: SIM905 - one break a line is easier to read and extend


def _words():
    return [line for line in WORDS.read_text().splitlines() if line and not line.startswith("#")]


def _offered(word):
    spelled = hyphenation.hyphenated(word)
    assert spelled.replace("-", "") == word, spelled
    points, length = set(), 0
    for piece in spelled.split("-")[:-1]:
        length += len(piece)
        points.add(length)
    return spelled, points


def test_no_bad_break_in_sixteen_thousand_words_of_german_climate_texts():
    words = _words()
    assert len(words) > 16000
    listed = {word: _offered(word) for word in words}
    bad = []
    for entry in BAD_BREAKS:
        word, point = entry.replace("|", ""), entry.index("|")
        assert word in listed, entry
        spelled, points = listed[word]
        if point in points:
            bad.append((entry, spelled))
    assert bad == []
    # Every piece has two letters or more (hyphenate-limit-chars: 5 2 2).
    short = [spelled for spelled, _points in listed.values() if min(map(len, spelled.split("-"))) < 2]
    assert short == []


@pytest.mark.parametrize(
    ("word", "breaks"),
    [
        # The closing note of issue 19 („Not met"): pyphen's de_DE patterns gave „Da-te-ner-hebung",
        # „Mitar-bei-ten-der".
        ("Datenerhebung", "Da-ten-erhe-bung"),
        ("Mitarbeitender", "Mit-ar-bei-ten-der"),
        ("Datenerhebungen", "Da-ten-erhe-bun-gen"),
        # Joints the patterns know, unknown parts after a known one: the bare part, not „Projekter-folg".
        ("Projekterfolg", "Pro-jekt-erfolg"),
        ("Energieintensive", "Ener-gie-inten-sive"),
        # No joint where the patterns have no syllable („Re-dak-ti-ons…", never „Red-aktion").
        ("Redaktionsgruppe", "Re-dak-ti-ons-gruppe"),
        ("verschwinden", "ver-schwin-den"),
        # No hiatus break before the last two letters.
        ("Kommunikation", "Kom-mu-ni-ka-tion"),
        ("Familien", "Fa-mi-lien"),
    ],
)
def test_breaks_of_words_the_compound_list_does_not_know(word, breaks):
    assert hyphenation.hyphenated(word) == breaks


def test_only_the_print_dictionary_is_parsed(monkeypatch):
    """pyphen's three German files (de_DE, de_AT, de_CH, about 0.4 CPU-s each) are never read."""
    parsed = []
    original = pyphen.HyphDict.__init__

    def recording(self, path):
        parsed.append(Path(path))
        original(self, path)

    monkeypatch.setattr(pyphen.HyphDict, "__init__", recording)
    monkeypatch.setattr(pyphen, "hdcache", {})
    fresh = hyphenation.PrintHyphenation()
    monkeypatch.setattr(hyphenation, "_installed", fresh)

    hyphenation.install()
    assert parsed == []  # installing reads nothing
    assert {pyphen.hdcache[pyphen.LANGUAGES[tag]] for tag in ("de", "de_DE", "de_AT", "de_CH")} == {fresh}
    assert pyphen.Pyphen(lang="de-DE").inserted("Klimaschutzkonzept") == "Kli-ma-schutz-kon-zept"
    assert pyphen.Pyphen(lang="de").inserted("Wärmeplanung") == "Wär-me-pla-nung"
    assert parsed == [hyphenation.DICTIONARY]
