"""German hyphenation for print: the Trennmuster patterns, compound joints preferred, at the dictionary level.

WeasyPrint 70 hyphenates with ``pyphen.Pyphen(lang=...)``, which takes its
dictionary from ``pyphen.hdcache``. ``install()`` puts a ``PrintHyphenation``
there for the German language tags, so every German print document (part,
Themenheft, Sammelband) gets these breaks and the text itself stays free of
soft hyphens (a soft hyphen anywhere in a paragraph switches WeasyPrint's
automatic hyphenation off for the rest of it: loose lines).

Syllables come from ``DICTIONARY``, the Trennmuster project's patterns for the
reformed spelling (generated from its hand-checked list of German words), not
from pyphen's own de_DE patterns, which split „Da-te-ner-hebung",
„Mitar-bei-ten-der", „Rü-ck-fra-gen", „Fort-s-chrei-bung" and hundreds of
compounds at false joints („Fahrra-dabstellanlagen", „Bundess-tiftung").
It is read at the first German word hyphenated, once per process.

Where a word may break:

1. Compounds: words that split into known parts (``COMPONENTS`` with the
   usual joining letters and endings), or into known parts and one part the
   list does not know, before or after them, joined where the patterns break
   („Zusammen-arbeit", „Beratungs-nachfrage", „Daten-erhebung"; never
   „Red-aktion", „Finanz-ierung"). They break at their joints, and inside a
   part of five letters or more at the word's syllables, so that no piece of
   a later part shorter than three letters stands at the start or end of a
   line: at least three letters after a later part's start and before its
   end. The first part breaks like a word (two letters), but not two letters
   before a joint where its last vowel meets the same vowel („Kli-maanpassung"
   reads as a long „maan"). So „Ener-gie-effi-zi-enz-maß-nah-men",
   „Be-schluss-vor-lage", „Mus-ter-anträge", „Klima-anpas-sung", „Da-ten-erhe-bung",
   never „Energieef-fizienz…", „Musteranträ-ge", „Datener-hebung". Which of the
   allowed breaks a line takes is WeasyPrint's choice (the last one that fits; an
   earlier one where that spares a loose line, ``lookahead``): the dictionary
   prefers joints by offering fewer syllables next to them.
2. Other words: the patterns' syllables.

Both are corrected where readers stumble: ``STEMS`` at the start of a word or
part („Ener-gie", not „En-er-gie"), no break between two vowels before a word's
last two letters („Kommunika-tion", not „Kommunikati-on"), and no piece of one
letter or without a vowel (it joins a neighbour).
"""

import contextlib
import threading
from pathlib import Path

import pyphen

# Beginnings of words (and of a compound's parts) that break only where spelled here. The patterns
# follow the origin in „En-er-gie" (Greek en-) and split the vowels of „Pho-to-vol-ta-ik", where
# readers (and Duden) know „Ener-gie", „Pho-to-vol-taik"; and they miss a few joints: „Klärsch-lamm",
# „Fle-derm-aus", „Fond-sport-folio" (found reading the breaks of 16,000 words of public German
# climate texts, tests/fixtures/hyphenation_words.txt).
STEMS = {
    "ener": "ener",
    "photovoltaik": "pho-to-vol-taik",
    "klärschlamm": "klär-schlamm",
    "fledermaus": "fle-der-maus",
    "fondsport": "fonds-port",
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
muster anträg anpassung mangel kräfte anschluss anschlüsse partei grenze
""".split()  # noqa: SIM905 - a word list is easier to read and extend as text
)

# Joining letters and endings a part may carry inside a compound (Planung-s-, Fläche-n-, Gesetz-es-).
FORMS = ("", "s", "es", "n", "en", "e", "er", "ern", "in", "innen", "ungs")

# Each form a part may take, with the length of its base („verbands": 7).
_PARTS = {}
for _component in sorted(COMPONENTS, key=len):
    for _ending in FORMS:
        _PARTS[_component + _ending] = len(_component)
_LONGEST = max(map(len, _PARTS))
# A compound's part this long or longer may also break at its syllables, at least
# PART_START letters after its start (no „Energieef-") and PART_END before its end
# (no „Musteranträ-ge"): no piece of a later part shorter than three letters at the
# start or end of a line.
LONG_PART = 5
PART_START = 3
# The first part breaks like a word of its own („Be-schluss-vor-lage", „Kli-ma-schutz").
FIRST_PART_START = 2
PART_END = 3
FIRST_PART_END = 2
# One part of a compound may be a word the list does not know: at its start, of three letters or
# more, before known parts („Zusammen-arbeit", „End-energie-"), or at its end, of four or more,
# after them („Beratungs-nachfrage"); the known part next to it needs a base of four letters or
# more (so no „insges-amt", „Appa-rat", „Kom-fort").
UNKNOWN_HEAD = 3
UNKNOWN_TAIL = 4
KNOWN_NEXT = 4


def _known(word):
    """The fewest known parts that make up ``word`` (a list), or None."""
    best = [None] * (len(word) + 1)  # best[i]: fewest parts covering word[:i]
    best[0] = []
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - _LONGEST), end):
            if best[start] is None or word[start:end] not in _PARTS or end - start < 3:
                continue
            candidate = [*best[start], word[start:end]]
            if best[end] is None or len(candidate) < len(best[end]):
                best[end] = candidate
    return best[len(word)]


def _known_start(word):
    """Whether ``word`` begins with a known part („Netz-betreiber" then, not „Netzbe-treiber")."""
    return any(word[:end] in _PARTS for end in range(3, len(word)))


def split_compound(word, syllables=()):
    """The parts of a lower-case compound (a list of strings), or None when it is none.

    A chain of known parts; else known parts with one unknown part before them (not beginning with a
    known one) or after them, joined where the patterns break the word (``syllables``: „Da-ten-er-he-bung"
    gives „daten|erhebung"; never „red|aktion" or „finanz|ierung", which the patterns do not break).
    Of several such splits the one with more known letters, then the one whose known parts carry
    fewer joining letters („projekt|erfolg", not „projekter|folg").
    """
    parts = _known(word)
    if parts:
        return parts if len(parts) > 1 else None
    candidates = []
    for cut in syllables:
        if not UNKNOWN_HEAD <= cut <= len(word) - 3:
            continue
        head, tail = word[:cut], word[cut:]
        tail_parts = _known(tail)
        if tail_parts and _PARTS[tail_parts[0]] >= KNOWN_NEXT and VOWELS & set(head) and not _known_start(head):
            candidates.append((_weight(tail_parts), [head, *tail_parts]))
        head_parts = _known(head) if len(tail) >= UNKNOWN_TAIL and VOWELS & set(tail) else None
        if head_parts and _PARTS[head_parts[-1]] >= KNOWN_NEXT:
            candidates.append((_weight(head_parts), [*head_parts, tail]))
    return max(candidates, key=lambda candidate: candidate[0])[1] if candidates else None


def _weight(parts):
    """(known letters, minus joining letters) of known ``parts``."""
    base = sum(_PARTS[part] for part in parts)
    return base, base - sum(map(len, parts))


VOWELS = frozenset("aeiouyäöü")


def _joins_next(pieces, index):
    """Whether the bad piece ``pieces[index]`` joins the piece after it (else the one before)."""
    if index == 0:
        return True
    if index == len(pieces) - 1 or VOWELS & set(pieces[index]):
        return False
    before, after = pieces[index - 1], pieces[index + 1]
    if pieces[index] == "s" and after[0] in "tpc":
        return True  # „Grund-stück", „Infra-struk-tur"
    if before[-1] in VOWELS:
        return False  # closes the syllable before it: „Rück-", „Bür-ger-ent-scheid"
    return after[0] in VOWELS  # „Treib-haus"


def _clean(points, word):
    """The breaks minus those that leave a piece of one letter or without a vowel."""
    points = sorted({p for p in points if 0 < p < len(word)})
    while points:
        bounds = [0, *points, len(word)]
        pieces = [word[start:end] for start, end in zip(bounds, bounds[1:], strict=False)]
        bad = next((i for i, piece in enumerate(pieces) if len(piece) < 2 or not VOWELS & set(piece)), None)
        if bad is None:
            break
        points.remove(bounds[bad + 1] if _joins_next(pieces, bad) else bounds[bad])
    return points


class PrintHyphenation(pyphen.HyphDict):
    """A pyphen dictionary whose ``positions`` consult the exceptions and compound parts first.

    Its syllables come from ``DICTIONARY``, read at the first word asked (not when installed): a
    process that sets no German text reads no patterns, and one that does reads one file, not
    pyphen's three German ones.
    """

    def __init__(self, path=None):
        # Not super().__init__(): that would parse the patterns now.
        self.path = path or DICTIONARY
        self.cache = {}
        self._patterns = None
        self._lock = threading.Lock()

    @property
    def base(self):
        """The plain pattern dictionary (parsed once, at first use)."""
        if self._patterns is None:
            with self._lock:
                if self._patterns is None:
                    self._patterns = pyphen.HyphDict(self.path)
        return self._patterns

    def positions(self, word):
        if is_suspended():
            return []
        lower = word.lower()
        points = self.cache.get(lower)
        if points is None:
            points = self.cache[lower] = [pyphen.DataInt(p) for p in self._points(lower)]
        return points

    def _syllables(self, word):
        """The patterns' breaks of ``word`` (a word or a compound), corrected before a last hiatus."""
        points = [int(p) for p in self.base.positions(word) if 0 < p < len(word)]
        # No break between two vowels before a word's last two letters („Kommunikati-on", „Famili-en").
        end = len(word) - 2
        return [p for p in points if not (p == end and word[p - 1] in VOWELS and word[p] in VOWELS)]

    def _points(self, word):
        syllables = self._syllables(word)
        parts = split_compound(word, syllables) if word.isalpha() else None
        if parts is None:
            return _clean(_stems(word, syllables), word)
        points, offset = [], 0
        for index, part in enumerate(parts):
            if offset:
                points.append(offset)
            if len(part) >= LONG_PART:
                start = PART_START if offset else FIRST_PART_START
                # The first part may end like a word („Kli-ma-schutz"), not where its last letter meets the
                # same vowel across the joint: „Kli-maanpassung" reads as a long „maan".
                tight = offset or (part[-1] in VOWELS and parts[index + 1][0] == part[-1])
                end = len(part) - (PART_END if tight else FIRST_PART_END)
                # The whole word's syllables inside the part (a part alone can read as another word:
                # „generationenge" as „generation-enge").
                inside = _stems(part, [p - offset for p in syllables if offset < p < offset + len(part)])
                points += [offset + p for p in inside if start <= p <= end]
            offset += len(part)
        return _clean(points, word)


def _stems(word, points):
    """``points`` of ``word`` with the breaks ``STEMS`` spells at its start (and no others there)."""
    for stem, spelled in STEMS.items():
        if word.startswith(stem):
            points = sorted({*_breaks(spelled), *(p for p in points if p >= len(stem))})
    return points


def _breaks(spelled):
    """Break positions of a word written with hyphens at its allowed breaks („Über-gang" -> [4])."""
    points, length = [], 0
    for piece in spelled.split("-")[:-1]:
        length += len(piece)
        points.append(length)
    return points


_suspended = threading.local()


def is_suspended():
    """Whether hyphenation is suspended in this thread (``suspended``)."""
    return getattr(_suspended, "active", False)


@contextlib.contextmanager
def suspended():
    """Inside this block no German word is hyphenated in this thread (``turns``: a page's last line)."""
    previous = getattr(_suspended, "active", False)
    _suspended.active = True
    try:
        yield
    finally:
        _suspended.active = previous


GERMAN = ("de", "de_DE", "de_AT", "de_CH")
# The Trennmuster project's patterns for the reformed spelling (dehyph-exptl, MIT licence, see the
# file's header): trained on its hand-checked word list, they break „Da-ten-er-he-bung",
# „Mit-ar-bei-ten-der", „Rück-fra-gen" where pyphen's own de_DE patterns give „Da-te-ner-hebung",
# „Mitar-bei-ten-der", „Rü-ck-fra-gen".
DICTIONARY = Path(__file__).parent / "dictionaries" / "hyph_de_1996.dic"
_installed = PrintHyphenation()


def install():
    """Make ``PrintHyphenation`` pyphen's dictionary for every German language tag (cheap, idempotent).

    One instance serves de, de_DE, de_AT and de_CH (WeasyPrint asks for the file ``lang="de"`` maps
    to, de_AT's); it reads its patterns when the first German word is hyphenated.
    """
    for language in GERMAN:
        if language in pyphen.LANGUAGES:
            pyphen.hdcache[pyphen.LANGUAGES[language]] = _installed


def hyphenated(word, hyphen="-"):
    """``word`` with ``hyphen`` at every place print may break it (for tests and the docs)."""
    install()
    return pyphen.Pyphen(lang="de", left=2, right=2).inserted(word, hyphen)
