"""German hyphenation for print: pyphen's patterns, corrected at the dictionary level.

WeasyPrint 70 hyphenates with ``pyphen.Pyphen(lang=...)``, which reads its
patterns from ``pyphen.hdcache``. ``install()`` puts a ``PrintHyphenation``
there for the German dictionaries, so every German print document (part,
Themenheft, Sammelband) gets these breaks and the text itself stays free of
soft hyphens (a soft hyphen anywhere in a paragraph switches WeasyPrint's
automatic hyphenation off for the rest of it: loose lines).

Where a word may break:

1. Words of ``EXCEPTIONS``: only at the listed places.
2. Compounds that split into known parts (``COMPONENTS`` with the usual
   joining letters and endings): at the joints, and inside a part of five
   letters or more at its syllables at least three letters after the part's
   start (two in the first part, as in any word) and two before its end.
   So „Ener-gie-effi-zi-enz-maß-nah-men", „Be-schluss-vor-la-ge", never
   „Energieef-fizienz…" or „Photovoltaikfreifläche-nanlagen".
3. Other words: pyphen's syllables, but never a one-letter piece: a single
   letter joins the piece before it („Bio-mas-se", not „Bi-o-mas-se").
"""

import pyphen

# Words the patterns split badly: the allowed breaks.
EXCEPTIONS = {
    "Übergang": "Über-gang",
    "Übergänge": "Über-gänge",
    "Klimaaktive": "Klima-aktive",
    "Klimaaktiven": "Klima-aktiven",
    "Machbarkeitsstudie": "Mach-bar-keits-studie",
    "Machbarkeitsstudien": "Mach-bar-keits-studien",
    "Endenergieverbrauch": "End-energie-ver-brauch",
    "Urbanistik": "Urba-nistik",
    "auszutauschen": "aus-zu-tau-schen",
    "Beauftragter": "Beauf-trag-ter",
    "Beauftragte": "Beauf-tragte",
}

# Parts of the compounds of municipal climate policy (lower case, base form). A word that
# is a chain of these (with joining letters, see FORMS) breaks at its joints first.
COMPONENTS = frozenset(
    """
abfall abwasser agentur akteur aktion alltag amt anlage antrag anreiz arbeit arbeits ausbau ausgleich
austausch auto bahn bau bauleit bedarf beirat bereich beratung bericht beschaffung beschluss bestand
beteiligung betrieb bewertung bezirk bilanz biomasse boden budget bund bundes bürger bus dach daten
dezernat dienst effizienz eigentümer einsparung einspar emission energie entwicklung erneuerbar erzeugung
fach fahrrad fahrzeug fern fernwärme finanz fläche flotte fonds förder förderung forst frei fuß gas
gebäude gemeinde gemeinschaft genossenschaft gesellschaft gesetz gewerbe grün grund gruppe haus haushalt
heiz heizung hitze hof holz infrastruktur initiative investition jahr jugend kampagne kataster kinder
klima kohle kommune kommunal konzept kosten kraft kreis kreislauf ladesäule land landes landkreis lade
leit leitung licht liegenschaft management manager maßnahme mieter minderung mittel mobilität
modernisierung monitoring nachhaltigkeit nah netz netzwerk neubau neutralität novelle nutzung
öffentlichkeit ort papier park partner pendler personal pflicht photovoltaik plan planung politik
potenzial preis programm projekt prozess prüfung pumpe quartier quote rad rahmen rat rathaus raum
recht regen region richtlinie sanierung satzung schule schutz schwerpunkt senkung sicherheit solar
speicher stadt stadtwerk standard stab stabs stätte stelle steuer strategie straße strom studie
system tag tages team technik umwelt unternehmen untersuchung verband verbrauch verein verfahren
verkehr versorgung vertrag verwaltung vorhaben vorlage wald wärme wasser wende werk wettbewerb
wind wirkung wirtschaft wirtschaftlichkeit wohn wohnung zeit ziel zukunft zuschuss
treib treibhaus beleuchtung umsetzung schritt verbräuch querschnitt aufgabe privat kläranlage
""".split()  # noqa: SIM905 - a word list is easier to read and extend as text
)

# Joining letters and endings a part may carry inside a compound (Planung-s-, Fläche-n-, Gesetz-es-).
FORMS = ("", "s", "es", "n", "en", "e", "er", "ern", "in", "innen", "ungs")

_PARTS = {component + ending for component in COMPONENTS for ending in FORMS}
_LONGEST = max(map(len, _PARTS))
# A compound's part this long or longer may also break at its syllables, at least
# PART_START letters after its start (no „Energieef-") and PART_END before its end.
LONG_PART = 5
PART_START = 3
# The first part breaks like a word of its own („Be-schluss-vor-la-ge", „An-trags-ver-fah-ren").
FIRST_PART_START = 2
PART_END = 2


def split_compound(word):
    """The parts of a lower-case compound (a list of strings), or None when it is no chain of known parts."""
    best = [None] * (len(word) + 1)  # best[i]: fewest parts covering word[:i]
    best[0] = []
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - _LONGEST), end):
            if best[start] is None or word[start:end] not in _PARTS or end - start < 3:
                continue
            candidate = [*best[start], word[start:end]]
            if best[end] is None or len(candidate) < len(best[end]):
                best[end] = candidate
    parts = best[len(word)]
    return parts if parts and len(parts) > 1 else None


def _clean(points, length):
    """The breaks minus those that leave a one-letter piece (it joins the piece before it)."""
    points = sorted({p for p in points if 0 < p < length})
    while True:
        bounds = [0, *points, length]
        short = next((i for i in range(1, len(bounds)) if bounds[i] - bounds[i - 1] < 2), None)
        if short is None:
            return points
        # The break before the one-letter piece goes; for a first piece, the break after it.
        points.remove(bounds[short - 1] if short > 1 else bounds[short])


class PrintHyphenation(pyphen.HyphDict):
    """A pyphen dictionary whose ``positions`` consult the exceptions and compound parts first."""

    def __init__(self, base):
        # Shares the parsed patterns of ``base`` (super().__init__ would parse the file again).
        self.patterns = base.patterns
        self.maxlen = base.maxlen
        self.cache = {}
        self.base = base
        self.exceptions = {word.lower(): _breaks(spelled) for word, spelled in EXCEPTIONS.items()}

    def positions(self, word):
        lower = word.lower()
        points = self.cache.get(lower)
        if points is None:
            points = self.cache[lower] = [pyphen.DataInt(p) for p in self._points(lower)]
        return points

    def _syllables(self, word):
        return [int(p) for p in self.base.positions(word) if not getattr(p, "data", None)]

    def _points(self, word):
        if word in self.exceptions:
            return self.exceptions[word]
        if not word.isalpha():
            return _clean(self._syllables(word), len(word))
        parts = split_compound(word)
        if parts is None:
            return _clean(self._syllables(word), len(word))
        points, offset = [], 0
        for part in parts:
            if offset:
                points.append(offset)
            if len(part) >= LONG_PART:
                start = PART_START if offset else FIRST_PART_START
                points += [offset + p for p in self._syllables(part) if start <= p <= len(part) - PART_END]
            offset += len(part)
        return _clean(points, len(word))


def _breaks(spelled):
    """Break positions of a word written with hyphens at its allowed breaks („Über-gang" -> [4])."""
    points, length = [], 0
    for piece in spelled.split("-")[:-1]:
        length += len(piece)
        points.append(length)
    return points


GERMAN = ("de", "de_DE", "de_AT", "de_CH")


def install():
    """Put ``PrintHyphenation`` in pyphen's cache for the German dictionaries (once per process)."""
    for language in GERMAN:
        if language not in pyphen.LANGUAGES:
            continue
        path = pyphen.LANGUAGES[language]
        current = pyphen.hdcache.get(path)
        if isinstance(current, PrintHyphenation):
            continue
        pyphen.hdcache[path] = PrintHyphenation(current or pyphen.HyphDict(path))


def hyphenated(word, hyphen="-"):
    """``word`` with ``hyphen`` at every place print may break it (for tests and the docs)."""
    install()
    return pyphen.Pyphen(lang="de", left=2, right=2).inserted(word, hyphen)
