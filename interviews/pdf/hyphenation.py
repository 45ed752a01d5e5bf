"""German hyphenation for print: pyphen's patterns, corrected at the dictionary level.

WeasyPrint 70 hyphenates with ``pyphen.Pyphen(lang=...)``, which reads its
patterns from ``pyphen.hdcache``. ``install()`` puts a ``PrintHyphenation``
there for the German dictionaries, so every German print document (part,
Themenheft, Sammelband) gets these breaks and the text itself stays free of
soft hyphens (a soft hyphen anywhere in a paragraph switches WeasyPrint's
automatic hyphenation off for the rest of it: loose lines).

Where a word may break:

1. Words of ``EXCEPTIONS``: only at the listed places.
2. Compounds: words that split into known parts (``COMPONENTS`` with the
   usual joining letters and endings), or into known parts and one part the
   list does not know, before them („Zusammen-arbeit") or after them
   („Beratungs-nachfrage", where pyphen has a syllable there or a joining
   „s" precedes it). They break at their joints, and inside a part of five
   letters or more at its syllables (the part's own exceptions first), so
   that no piece of a later part shorter than three letters stands at the
   start or end of a line: at least three letters after a later part's
   start and before its end. The first part breaks like a word (two
   letters), but not two letters before a joint where its last vowel meets
   the same vowel („Kli-maanpassung" reads as a long „maan"). So
   „Ener-gie-effi-zi-enz-maß-nah-men", „Be-schluss-vor-lage",
   „Mus-ter-anträge", „Klima-anpas-sung", never „Energieef-fizienz…",
   „Photovoltaikfreifläche-nanlagen", „Musteranträ-ge", „Kli-maanpassung" or
   „Zusammenar-beit". Which of the allowed breaks a
   line takes is WeasyPrint's choice (the last one that fits): the
   dictionary prefers joints only by offering fewer syllables next to them.
3. Other words: pyphen's syllables.

pyphen's de_DE patterns follow the old rules in places („Rü-ck-fra-gen",
„Deut-sch-land", „Fort-s-chrei-bung", „vers-te-ti-gen"), so every syllable
break is corrected (not the listed exceptions, not the joints of known parts):

- never inside „ck" or „sch" (the break moves before them; „Häus-chen" stays),
- never one letter after a prefix when a consonant follows its „s"
  („ver-ste-ti-gen", „Grund-stück", not „vers-te-ti-gen", „Grunds-tück"),
- no piece of one letter or without a vowel: it joins the piece before it
  („Bio-mas-se", „Rück-fra-gen", „Deutsch-land"), or the one after it when
  that makes a syllable start („Treib-haus", „Grund-stück", „Fort-schritt").
"""

import contextlib
import threading

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
    "Carsharing": "Car-sha-ring",
    # Also the syllables of a compound's part („Haus-anschlüsse", never „Hausansch-lüsse").
    "Anschluss": "An-schluss",
    "Anschlüsse": "An-schlüs-se",
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

    A chain of known parts; else one unknown part (not beginning with a known one) before known parts, or
    after them where the joint is one of the word's ``syllables`` (pyphen's
    breaks) or follows a joining „s" („Verbands-umlage"; never „Finanz-ierung").
    Of several such splits the one with a known word or a syllable at the
    joint, then the one with more known letters.
    """
    parts = _known(word)
    if parts:
        return parts if len(parts) > 1 else None
    candidates = []
    for cut in range(UNKNOWN_HEAD, len(word) - 2):
        head, tail = word[:cut], word[cut:]
        tail_parts = _known(tail)
        if tail_parts and _PARTS[tail_parts[0]] >= KNOWN_NEXT and VOWELS & set(head) and not _known_start(head):
            candidates.append(((True, len(tail)), [head, *tail_parts]))
        head_parts = _known(head) if len(tail) >= UNKNOWN_TAIL and VOWELS & set(tail) else None
        if head_parts and _PARTS[head_parts[-1]] >= KNOWN_NEXT:
            joining_s = head_parts[-1].endswith("s") and not head_parts[-1].endswith("ss")
            if cut in syllables or joining_s:
                candidates.append(((cut in syllables, len(head)), [*head_parts, tail]))
    return max(candidates, key=lambda candidate: candidate[0])[1] if candidates else None


VOWELS = frozenset("aeiouyäöü")
# Prefixes after which the patterns break one letter late before „st"/„sp"/„sch" („vers-te-ti-gen").
PREFIXES = ("ver", "zer", "vor", "ent", "fort", "grund")


def _moved(word, point):
    """A syllable break of ``word`` moved out of „ck"/„sch" and back to the end of a prefix."""
    if not 0 < point < len(word):
        return point
    if word[point - 1 : point + 1] == "ck":
        return point - 1
    if point >= 2 and word[point - 2 : point + 1] == "sch":
        return point - 2
    if word[point - 1 : point + 2] == "sch" and not word.startswith("chen", point):
        return point - 1
    after_prefix = any(word.startswith(prefix) and point == len(prefix) + 1 for prefix in PREFIXES)
    if after_prefix and word[point - 1] == "s" and word[point] not in VOWELS:
        return point - 1
    return point


def _joins_next(pieces, index):
    """Whether the bad piece ``pieces[index]`` joins the piece after it (else the one before)."""
    if index == 0:
        return True
    if index == len(pieces) - 1 or VOWELS & set(pieces[index]):
        return False
    before, after = pieces[index - 1], pieces[index + 1]
    if pieces[index] == "s" and after[0] in "tpc":
        return True  # „Grund-stück", „Infra-struk-tur"
    if pieces[index] == "ck" and after[0] in VOWELS:
        return True  # „Ti-cket-nut-zung", as „Zu-cker"
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
    """A pyphen dictionary whose ``positions`` consult the exceptions and compound parts first."""

    def __init__(self, base):
        # Shares the parsed patterns of ``base`` (super().__init__ would parse the file again).
        self.patterns = base.patterns
        self.maxlen = base.maxlen
        self.cache = {}
        self.base = base
        self.exceptions = {word.lower(): _breaks(spelled) for word, spelled in EXCEPTIONS.items()}

    def positions(self, word):
        if getattr(_suspended, "active", False):
            return []
        lower = word.lower()
        points = self.cache.get(lower)
        if points is None:
            points = self.cache[lower] = [pyphen.DataInt(p) for p in self._points(lower)]
        return points

    def _syllables(self, word):
        return [_moved(word, int(p)) for p in self.base.positions(word) if not getattr(p, "data", None)]

    def _points(self, word):
        if word in self.exceptions:
            return self.exceptions[word]
        if not word.isalpha():
            return _clean(self._syllables(word), word)
        syllables = self._syllables(word)
        parts = split_compound(word, syllables)
        if parts is None:
            return _clean(syllables, word)
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
                syllables = self.exceptions.get(part) or self._syllables(part)
                points += [offset + p for p in syllables if start <= p <= end]
            offset += len(part)
        return _clean(points, word)


def _breaks(spelled):
    """Break positions of a word written with hyphens at its allowed breaks („Über-gang" -> [4])."""
    points, length = [], 0
    for piece in spelled.split("-")[:-1]:
        length += len(piece)
        points.append(length)
    return points


_suspended = threading.local()


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
