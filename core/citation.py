"""The one source for publisher, place and citation of every publication.

Web pages (the „Zitieren“ box and the ``citation_*`` meta tags), JSON-LD, the
Atom feed, the citation files (BibTeX, RIS, CSL-JSON) and the PDF's imprint and
back-page citation all read the publisher from ``publication()`` and the
citation from ``for_interview()`` / ``for_series()``. The publisher's name,
address, place, responsible person and licence are settings
(``settings.PUBLICATION``, from ``PUBLICATION_*`` environment variables, see
``akk_cms/settings.py``).

The functions read attributes of the objects they are given (interview,
series, Kommune); they run no queries of their own when the caller has
selected ``series`` and ``kommune`` with the interview.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.text import one_line

# Academic titles stand before a name; they are stored apart (``Interview.interviewee_title``) and kept out
# of citation names, where „Dr. Sabine Krüger“ would become the given name „Dr. Sabine“.
TITLE_PREFIXES = ("Prof.", "Dr.", "Dipl.-", "Jun.-Prof.", "Priv.-Doz.", "PD ")
_TITLE_TOKEN = re.compile(r"(Prof|Dr|Jun\.-Prof|Priv\.-Doz|(Dr|Dipl)\.-[^\W\d_]+)\.|PD|[a-z]{1,5}\.(c\.)?")


def split_academic_title(name):
    """ "Prof. Dr. rer. nat. Anna Beispiel" -> ("Prof. Dr. rer. nat.", "Anna Beispiel"); no title: ("", name)."""
    tokens = " ".join(str(name).split()).split(" ")
    count = 0
    while count < len(tokens) - 1 and _TITLE_TOKEN.fullmatch(tokens[count]):
        if tokens[count][0].islower() and count == 0:
            break
        count += 1
    return " ".join(tokens[:count]), " ".join(tokens[count:])


def title_prefix_lookup(field_name):
    """A ``Q`` that matches values of ``field_name`` beginning with an academic title (for a constraint)."""
    from django.db.models import Q

    lookup = Q()
    for prefix in TITLE_PREFIXES:
        lookup |= Q(**{f"{field_name}__startswith": prefix})
    return lookup


def publication():
    """The publisher's data: publisher, address, place, responsible, working_group, licence texts and URL."""
    data = dict(settings.PUBLICATION)
    data["licence"] = _(
        "Texte: %(licence)s (%(url)s). Fotos und Logos sind davon ausgenommen; "
        "ihre Rechte liegen bei den genannten Urheberinnen und Urhebern."
    ) % {"licence": data["licence_name"], "url": data["licence_url"]}
    return data


@dataclass(frozen=True)
class Person:
    """A name split for citation formats: "Dr. Paul Platzhalter (fiktive Person)"."""

    given: str
    family: str
    suffix: str = ""

    @classmethod
    def parse(cls, name):
        name = " ".join(name.split())
        suffix = ""
        match = re.fullmatch(r"(.*?)\s*(\([^()]*\))", name)
        if match and match.group(1):
            name, suffix = match.group(1), match.group(2)
        if "," in name:
            family, given = (part.strip() for part in name.split(",", 1))
        else:
            given, _space, family = name.rpartition(" ")
        return cls(given=given, family=family or given, suffix=suffix)

    @property
    def sorted_name(self):
        """ "Family, Given" (with the suffix after the given name)."""
        name = ", ".join(part for part in (self.family, self.given) if part)
        return f"{name} {self.suffix}" if self.suffix else name


@dataclass(frozen=True)
class Citation:
    """What every citation format of one interview (or one series) says."""

    key: str
    kind: str  # "interview" or "series"
    title: str
    series_title: str
    year: int
    url: str
    publisher: str
    place: str
    issued: date | None = None
    author: Person | None = None
    interviewee_role: str = ""
    interviewer: str = ""
    kommune: str = ""
    kommune_detail: str = ""  # "Landkreis, Thüringen"
    part: int | None = None
    parts: int | None = None
    pdf_url: str = ""
    keywords: list = field(default_factory=list)
    abstract: str = ""

    @property
    def text(self):
        """The citation as German text, identical on the page and in the PDF."""
        if self.kind == "series":
            return _("%(publisher)s (Hrsg.) (%(year)s): %(series)s. %(place)s. %(url)s") % {
                "publisher": self.publisher,
                "year": self.year,
                "series": self.series_title,
                "place": self.place,
                "url": self.url,
            }
        return _(
            "%(author)s (%(year)s): „%(title)s“. Interview, %(kommune)s. In: %(publisher)s (Hrsg.): "
            "%(series)s, Teil %(part)s von %(parts)s. %(place)s. %(url)s"
        ) % {
            "author": self.author.sorted_name,
            "year": self.year,
            "title": self.title,
            "kommune": self.kommune,
            "publisher": self.publisher,
            "series": self.series_title,
            "part": self.part,
            "parts": self.parts,
            "place": self.place,
            "url": self.url,
        }


def series_title(series):
    """ "Mal nachgefragt! Interviews zu …" (title and subtitle)."""
    return f"{series.title} {series.subtitle}".strip()


def for_interview(interview, keywords=()):
    """The citation of one interview (reads its ``series`` and ``kommune``; no query when they are selected)."""
    series, kommune = interview.series, interview.kommune
    issued = timezone.localtime(interview.published_at).date() if interview.published_at else None
    publisher = publication()
    return Citation(
        key=f"{kommune.slug}-{series.year}-teil-{interview.part}",
        kind="interview",
        title=interview.title,
        series_title=series_title(series),
        year=issued.year if issued else series.year,
        issued=issued,
        url=settings.SITE_URL + interview.get_absolute_url(),
        pdf_url=settings.SITE_URL + interview.get_pdf_url(),
        publisher=publisher["publisher"],
        place=publisher["place"],
        author=Person.parse(interview.interviewee_name),
        interviewee_role=interview.interviewee_role,
        interviewer=interview.interviewer,
        kommune=kommune.name,
        kommune_detail=f"{kommune.get_kind_display()}, {kommune.get_state_display()}",
        part=interview.part,
        parts=series.planned_parts,
        keywords=[kommune.name, *keywords],
    )


def for_series(series):
    """The citation of a whole series (the publisher as editor)."""
    publisher = publication()
    return Citation(
        key=f"{series.slug}",
        kind="series",
        title=series_title(series),
        series_title=series_title(series),
        year=series.year,
        url=settings.SITE_URL + series.get_absolute_url(),
        publisher=publisher["publisher"],
        place=publisher["place"],
        parts=series.planned_parts,
        keywords=[series.publication_line] if series.publication_line else [],
        abstract=series.description,
    )


# --- File formats -------------------------------------------------------------

# Words that mark the interviewer as an organisation (a newsroom, an institute), not a person.
ORGANISATION_WORDS = {"redaktion", "institut", "difu", "akk", "team", "amt", "ggmbh", "gmbh", "e.v.", "verband"}


def is_organisation(name):
    """True for „Redaktion Difu“, „Institut …“: an interviewer that is no person (typed as such in JSON-LD)."""
    return any(word.strip("()").lower() in ORGANISATION_WORDS for word in name.split())


def accessed_today():
    return timezone.localdate()


def _note(citation):
    """A short free-text note for an interview: who, where, which part (the access date has its own field)."""
    with override("de"):
        who = citation.author.sorted_name
        if citation.interviewee_role:
            who = f"{who}, {citation.interviewee_role}"
        note = _("Interview mit %(who)s; %(kommune)s; Teil %(part)s von %(parts)s") % {
            "who": who,
            "kommune": citation.kommune,
            "part": citation.part,
            "parts": citation.parts,
        }
        if citation.interviewer:
            note += ". " + _("Geführt von %(who)s") % {"who": citation.interviewer}
        return one_line(note) + "."


# LaTeX for BibTeX's specials. BibTeX, biber and pybtex count every brace character, escaped or not: a brace
# of the text with a partner becomes "\{" / "\}" (the pair keeps the count balanced), one without a partner
# becomes a command, so a single "}" in a name can never close the field.
_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def _bibtex_text(value):
    """LaTeX specials escaped, on one line; every brace in the result is balanced."""
    text = one_line(str(value))
    paired, opened = set(), []
    for index, char in enumerate(text):
        if char == "{":
            opened.append(index)
        elif char == "}" and opened:
            paired.update((opened.pop(), index))
    return "".join(
        "\\" + char if index in paired else _BIBTEX_SPECIAL.get(char, char) for index, char in enumerate(text)
    )


def _bibtex_value(value):
    return "{" + _bibtex_text(value) + "}"


def _bibtex_protected(value):
    """A title or a corporate name: double braces keep German capitals and keep a name from being split."""
    return "{{" + _bibtex_text(value) + "}}"


def _bibtex_person(person):
    """ "Family, Suffix, Given" (BibTeX's "Last, Jr, First"), braced."""
    parts = [person.family, person.suffix, person.given] if person.suffix else [person.family, person.given]
    return _bibtex_value(", ".join(_bibtex_text(part).replace(",", "{,}") for part in parts if part))


def bibtex(citations, accessed=None):
    """BibTeX (UTF-8) for a list of citations: ``@book`` for a series, ``@misc`` for interviews.

    Both types are plain BibTeX's own, so classic styles, pybtex and biblatex read the file; the biblatex fields
    (``date``, ``urldate``, ``location``, ``titleaddon``, ``langid``) are ignored by the first two.
    """
    entries = []
    for citation in citations:
        fields = {}
        if citation.kind == "series":
            entry_type = "book"
            fields["editor"] = _bibtex_protected(citation.publisher)
            fields["title"] = _bibtex_protected(citation.title)
        else:
            entry_type = "misc"
            fields["author"] = _bibtex_person(citation.author)
            fields["title"] = _bibtex_protected(citation.title)
            fields["titleaddon"] = _bibtex_value(_("Interview, %(kommune)s") % {"kommune": citation.kommune})
            fields["howpublished"] = _bibtex_value(_("Interview, %(kommune)s") % {"kommune": citation.kommune})
            fields["series"] = _bibtex_protected(citation.series_title)
            fields["number"] = _bibtex_value(citation.part)
            fields["note"] = _bibtex_value(_note(citation))
        fields["publisher"] = _bibtex_protected(citation.publisher)
        fields["address"] = _bibtex_value(citation.place)
        fields["location"] = _bibtex_value(citation.place)
        fields["year"] = _bibtex_value(citation.year)
        if citation.issued:
            fields["date"] = _bibtex_value(citation.issued.isoformat())
        fields["url"] = _bibtex_value(citation.url)
        if accessed:
            fields["urldate"] = _bibtex_value(accessed.isoformat())
        if citation.keywords:
            fields["keywords"] = _bibtex_value(", ".join(citation.keywords))
        fields["langid"] = "{ngerman}"
        body = ",\n".join(f"  {name} = {value}" for name, value in fields.items())
        entries.append(f"@{entry_type}{{{citation.key},\n{body}\n}}\n")
    return "\n".join(entries)


def _ris_person(person):
    return ", ".join(part for part in (person.family, person.given, person.suffix) if part)


def ris(citations, accessed=None):
    """RIS (UTF-8, CRLF line ends) for a list of citations; every value on one line (``core.text.one_line``)."""
    lines = []
    for citation in citations:
        if citation.kind == "series":
            lines += [("TY", "EDBOOK"), ("A2", citation.publisher), ("TI", citation.title)]
        else:
            lines += [
                ("TY", "GEN"),
                ("AU", _ris_person(citation.author)),
                ("TI", citation.title),
                ("T2", citation.series_title),
                ("IS", citation.part),
                ("M3", "Interview"),
            ]
            if citation.interviewer:
                lines.append(("A3", citation.interviewer))
            lines.append(("N1", _note(citation)))
        lines += [("PY", citation.year), ("PB", citation.publisher), ("CY", citation.place)]
        if citation.issued:
            lines.append(("DA", f"{citation.issued:%Y/%m/%d}"))
        lines.append(("UR", citation.url))
        if citation.pdf_url:
            lines.append(("L1", citation.pdf_url))
        if accessed:
            lines.append(("Y2", f"{accessed:%Y/%m/%d}"))
        lines += [("KW", keyword) for keyword in citation.keywords]
        if citation.abstract:
            lines.append(("AB", citation.abstract))
        lines += [("LA", "de"), ("ID", citation.key), ("ER", "")]
    return "".join(f"{tag}  - {one_line(str(value))}\r\n" for tag, value in lines)


def _csl_date(value):
    return {"date-parts": [[value.year, value.month, value.day]]}


def _csl_name(name):
    """A CSL name: a person split into family and given name, an organisation as a literal."""
    if is_organisation(name):
        return {"literal": one_line(name)}
    person = Person.parse(one_line(name))
    data = {"family": person.family, "given": person.given}
    if person.suffix:
        data["suffix"] = person.suffix
    return data


def csl_json(citations, accessed=None):
    """CSL-JSON (a list of items) for a list of citations, as a string."""
    items = []
    for citation in citations:
        item = {
            "id": citation.key,
            "type": "book" if citation.kind == "series" else "interview",
            "title": one_line(citation.title),
            "publisher": citation.publisher,
            "publisher-place": citation.place,
            "issued": _csl_date(citation.issued) if citation.issued else {"date-parts": [[citation.year]]},
            "URL": citation.url,
            "language": "de",
        }
        if citation.kind == "series":
            item["editor"] = [{"literal": citation.publisher}]
        else:
            person = citation.author
            author = {"family": person.family, "given": person.given}
            if person.suffix:
                author["suffix"] = person.suffix
            item["author"] = [author]
            if citation.interviewer:
                item["interviewer"] = [_csl_name(citation.interviewer)]
            item["collection-title"] = one_line(citation.series_title)
            item["collection-number"] = str(citation.part)
            item["genre"] = "Interview"
            item["note"] = _note(citation)
            item["custom"] = {
                "kommune": citation.kommune,
                "kommune_detail": citation.kommune_detail,
                "part": citation.part,
                "parts": citation.parts,
                "pdf_url": citation.pdf_url,
            }
        if citation.keywords:
            item["keyword"] = one_line(", ".join(citation.keywords))
        if citation.abstract:
            item["abstract"] = one_line(citation.abstract)
        if accessed:
            item["accessed"] = _csl_date(accessed)
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2)
