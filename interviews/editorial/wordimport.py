"""Word import: questions and answers from a .docx transcript (Word or LibreOffice).

Library: python-docx (1.2, MIT, maintained since 2013, pure Python on top of
lxml, which the project already has). It gives the paragraph structure with
style names, runs with bold/italic and hyperlinks with their addresses, which
is what recognising questions needs; mammoth would hand us finished HTML
(with embedded images as data URIs) and hide the style information we decide
on. The package is checked *before* python-docx opens it: size, zip
structure, compression ratio, macros, encryption and external references.

Recognised as a question: a paragraph in a heading or question style
(„Heading 2“, „Überschrift 2“, „Frage“, „Question“ …), a paragraph whose
text is all bold, or one that starts with „Frage:“ or „F:“. A heading that
names a Theme (its title or URL name) sets the theme of the questions below
it. Everything else after a question is its answer: paragraphs, bold,
italic, lists and links, cleaned by the rich-text allow-list
(``core.richtext.sanitize``), so ``<script>`` typed as text stays text and a
``javascript:`` link disappears. Text before the first question is skipped.
"""

import dataclasses
import io
import re
import zipfile

from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from lxml import etree

from core import richtext

MAX_BYTES = 10 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 60 * 1024 * 1024
MAX_RATIO = 200
MAX_ENTRIES = 1000
# Bounds on what a transcript may contain, checked before python-docx parses it (``check_counts``) or while
# reading (questions, text): an interview has about 20 questions on six pages; a long raw transcript a few hundred
# paragraphs. At these limits a file is read in well under 2 s on one core (docs/workflow.md, „Word import“).
MAX_XML_PART_BYTES = 8 * 1024 * 1024
MAX_STYLES = 2000
MAX_PARAGRAPHS = 2000
MAX_QUESTIONS = 300
MAX_TEXT_CHARS = 300_000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTION_MARKER = "EncryptionInfo".encode("utf-16-le")
DOCUMENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
HYPERLINK_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

QUESTION_PREFIX = re.compile(r"^\s*(?:Frage(?:\s*\d+)?|F)\s*[:.]\s*", re.IGNORECASE)
ANSWER_PREFIX = re.compile(r"^\s*(?:Antwort|A)\s*[:.]\s*", re.IGNORECASE)
HEADING_STYLE = re.compile(r"^(?:heading|überschrift|berschrift|titel|title)\s*(\d*)$", re.IGNORECASE)
QUESTION_STYLE = re.compile(r"frage|question|interviewfrage", re.IGNORECASE)
LIST_STYLE = re.compile(r"list|liste|aufzählung|nummerierung", re.IGNORECASE)
NUMBERED_STYLE = re.compile(r"number|nummer|numbering", re.IGNORECASE)


@dataclasses.dataclass
class ImportedQuestion:
    question: str
    answer_html: str = ""
    theme: object = None  # a Theme or None
    heading: str = ""  # the heading text above it (also when it names no Theme)
    guessed: str = ""  # how the theme was guessed when no heading named it (see guess_themes), in German

    @property
    def word_count(self):
        return richtext.word_count(self.answer_html)


def refuse(message):
    raise ValidationError(message, code="bad_docx")


def read_docx(fileobj, themes=None, front=None):
    """The questions of a .docx transcript: a list of ImportedQuestion (question, answer_html, theme).

    ``themes``: the Themes a heading may name (default: all). ``front``: a
    :class:`FrontMatter` to fill with the title, teaser and interviewee found
    before the first question. Raises
    ValidationError (German) for anything that is not a plain, safe .docx,
    reading at most 10 MB and checking the package before parsing it.
    """
    from interviews.models import Theme

    data = fileobj.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        refuse(_("Die Datei ist größer als 10 MB. Bitte speichern Sie das Interview ohne Bilder und laden Sie es neu."))
    check_package(data)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises many kinds of errors for damaged files
        refuse(_("Die Word-Datei ist beschädigt und kann nicht gelesen werden."))
    themes = list(Theme.objects.all() if themes is None else themes)
    reader = Reader(document, themes)
    if front is not None:
        reader.front = front  # filled with what stands before the first question (FrontMatter)
    items = reader.read()
    if not items:
        refuse(
            _(
                "In der Datei wurden keine Fragen gefunden. Fragen werden erkannt, wenn sie fett gesetzt sind, mit "
                "„Frage:“ oder „F:“ beginnen oder als Überschrift bzw. Formatvorlage „Frage“ formatiert sind."
            )
        )
    return items


def check_package(data):
    """Refuse what is not a plain .docx: raises ValidationError (German); reads the zip directory and small parts."""
    if data.startswith(OLE_MAGIC):
        if ENCRYPTION_MARKER in data:
            refuse(_("Die Word-Datei ist mit einem Kennwort verschlüsselt. Bitte speichern Sie sie ohne Kennwort."))
        refuse(_("Das ist eine Datei im alten Word-Format (.doc). Bitte speichern Sie sie als .docx."))
    if not zipfile.is_zipfile(io.BytesIO(data)):
        refuse(_("Das ist keine Word-Datei (.docx)."))
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        entries = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        refuse(_("Das ist keine Word-Datei (.docx)."))
    if len(entries) > MAX_ENTRIES:
        refuse(_("Die Datei enthält ungewöhnlich viele Teile und wird nicht gelesen."))
    total = 0
    for entry in entries:
        if entry.flag_bits & 0x1:
            refuse(_("Die Word-Datei ist verschlüsselt. Bitte speichern Sie sie ohne Kennwort."))
        total += entry.file_size
        if entry.file_size > 1024 * 1024 and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            refuse(_("Die Datei ist ungewöhnlich stark gepackt (mögliche „Zip-Bombe“) und wird nicht gelesen."))
        if entry.filename.lower().endswith("vbaproject.bin"):
            refuse(_("Die Datei enthält Makros (.docm). Bitte speichern Sie sie als normales Word-Dokument (.docx)."))
    if total > MAX_UNCOMPRESSED_BYTES:
        refuse(_("Die Datei ist entpackt zu groß (mögliche „Zip-Bombe“) und wird nicht gelesen."))
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        refuse(_("Das ist keine Word-Datei (.docx)."))
    content_types = _xml(package, "[Content_Types].xml")
    types = {element.get("ContentType", "") for element in content_types.iter()}
    if any("macroEnabled" in content_type for content_type in types):
        refuse(_("Die Datei enthält Makros (.docm). Bitte speichern Sie sie als normales Word-Dokument (.docx)."))
    if DOCUMENT_TYPE not in types:
        refuse(_("Das ist keine Word-Datei (.docx)."))
    parsed = check_xml_parts(package, content_types)
    check_counts(parsed)
    for name, root in parsed.items():
        if not name.endswith(".rels"):
            continue
        for relation in root.iter():
            external = relation.get("TargetMode", "").lower() == "external"
            if external and relation.get("Type") != HYPERLINK_TYPE:
                refuse(
                    _(
                        "Die Datei verweist auf externe Dateien oder Bilder (z. B. verknüpfte Bilder oder eine "
                        "Dokumentvorlage im Netz). Bitte betten Sie Bilder ein oder entfernen Sie sie."
                    )
                )


def xml_part_names(package, content_types):
    """The package's XML parts: [Content_Types].xml, relationships, and every part with an XML content type."""
    names = [entry.filename for entry in package.infolist() if not entry.is_dir()]
    defaults, overrides = {}, {}
    for element in content_types.iter():
        if element.get("Extension") is not None:
            defaults[element.get("Extension").lower()] = element.get("ContentType", "")
        elif element.get("PartName") is not None:
            overrides[element.get("PartName").lstrip("/")] = element.get("ContentType", "")
    xml = []
    for name in names:
        content_type = overrides.get(name, defaults.get(name.rsplit(".", 1)[-1].lower(), ""))
        if name == "[Content_Types].xml" or name.endswith((".xml", ".rels")) or "xml" in content_type.lower():
            xml.append(name)
    return xml


def check_xml_parts(package, content_types):
    """Every XML part read and parsed once, refusing DTDs in any encoding: {name: root element}."""
    return {name: _xml(package, name) for name in xml_part_names(package, content_types)}


def check_counts(parsed):
    """Refuse (German) a transcript with more styles or paragraphs than any interview needs, before python-docx."""
    document = parsed.get("word/document.xml")
    styles = next((root for name, root in parsed.items() if name.endswith("/styles.xml")), None)
    style_count = 0 if styles is None else sum(1 for _element in styles.iter(f"{W}style"))
    if style_count > MAX_STYLES:
        refuse(
            _(
                "Die Datei enthält %(count)s Formatvorlagen (höchstens %(max)s). Bitte kopieren Sie den Text in ein "
                "neues, leeres Word-Dokument und speichern Sie es neu."
            )
            % {"count": style_count, "max": MAX_STYLES}
        )
    paragraphs = 0 if document is None else sum(1 for _element in document.iter(f"{W}p"))
    if paragraphs > MAX_PARAGRAPHS:
        refuse(
            _("Die Datei enthält %(count)s Absätze (höchstens %(max)s). Bitte teilen Sie das Interview auf.")
            % {"count": paragraphs, "max": MAX_PARAGRAPHS}
        )


XML_DECLARATION = re.compile(rb"^<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")


def refuse_dtd():
    refuse(_("Die Word-Datei enthält unzulässige XML-Angaben (DTD) und wird nicht gelesen."))


def _xml_text(raw):
    """The part decoded as OOXML allows it (UTF-8 or UTF-16, BOM or not); refuses other encodings."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")) or raw[:4] in (b"<\x00\x00\x00", b"\x00\x00\x00<"):
        refuse(_("Die Word-Datei verwendet eine unzulässige Zeichenkodierung und wird nicht gelesen."))
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif raw.startswith(b"<\x00"):
        encoding = "utf-16-le"
    elif raw.startswith(b"\x00<"):
        encoding = "utf-16-be"
    else:
        declared = XML_DECLARATION.match(raw.removeprefix(b"\xef\xbb\xbf"))
        if declared and declared.group(1).lower().replace(b"_", b"-") not in (b"utf-8", b"utf8"):
            refuse(_("Die Word-Datei verwendet eine unzulässige Zeichenkodierung und wird nicht gelesen."))
        encoding = "utf-8-sig"
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        refuse(_("Die Word-Datei ist beschädigt und kann nicht gelesen werden."))


def _xml(package, name):
    """One part parsed without DTDs: the text is checked for declarations before and the tree after parsing."""
    with package.open(name) as part:
        raw = part.read(MAX_XML_PART_BYTES + 1)
    if len(raw) > MAX_XML_PART_BYTES:
        refuse(_("Die Datei enthält ungewöhnlich große Teile und wird nicht gelesen."))
    text = _xml_text(raw)
    lowered = text.lower()
    if "<!doctype" in lowered or "<!entity" in lowered:
        refuse_dtd()
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError:
        refuse(_("Die Word-Datei ist beschädigt und kann nicht gelesen werden."))
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
        refuse_dtd()
    return root


class Reader:
    """Walks the paragraphs of a python-docx Document and groups them into questions."""

    def __init__(self, document, themes):
        self.document = document
        self.themes = {}
        for theme in themes:
            self.themes[_key(theme.title)] = theme
            self.themes[_key(theme.slug)] = theme
        self.numbering = _numbering_formats(document)
        self.styles = paragraph_styles(document)
        self.characters = 0
        self.items = []
        self.theme = None
        self.heading = ""
        self.blocks = []  # the current answer: ("p", html) or ("ul"/"ol", [html, …])
        self.front = FrontMatter()  # title, teaser and interviewee before the first question

    def read(self):
        for paragraph in self.document.paragraphs:
            self.paragraph(paragraph)
        self.finish()
        return self.items

    def paragraph(self, paragraph):
        text = paragraph.text.strip()
        if not text:
            return
        self.characters += len(text)
        if self.characters > MAX_TEXT_CHARS:
            refuse(
                _("Die Datei enthält mehr als %(max)s Zeichen Text. Bitte teilen Sie das Interview auf.")
                % {"max": f"{MAX_TEXT_CHARS:,}".replace(",", ".")}
            )
        style, style_bold = self.styles.get(paragraph._p.style, self.styles[None])
        heading = HEADING_STYLE.match(style.strip())
        theme = self.themes.get(_key(QUESTION_PREFIX.sub("", text)))
        if heading or QUESTION_STYLE.search(style):
            if theme is not None:
                self.start_theme(theme, text)
                return
            level = int(heading.group(1) or 1) if heading else 9
            if heading and level <= 1 and not text.endswith("?") and not QUESTION_PREFIX.match(text):
                if self.front.is_title(style, text, self):
                    return  # the document's title line: never a theme
                self.start_theme(None, text)
                return
            self.start_question(text)
            return
        if QUESTION_PREFIX.match(text) or _all_bold(paragraph, style_bold):
            if theme is not None and not text.endswith("?"):
                self.start_theme(theme, text)
                return
            self.start_question(text)
            return
        if not self.items:
            self.front.introduction(paragraph)  # before the first question: teaser, interviewee
            return
        self.add_answer(paragraph, style)

    def start_theme(self, theme, text):
        self.finish()
        self.theme, self.heading = theme, text

    def start_question(self, text):
        self.finish()
        if len(self.items) >= MAX_QUESTIONS:
            refuse(
                _("Die Datei enthält mehr als %(max)s Fragen. Bitte teilen Sie das Interview auf.")
                % {"max": MAX_QUESTIONS}
            )
        question = " ".join(QUESTION_PREFIX.sub("", text, count=1).split())
        self.items.append(ImportedQuestion(question=question, theme=self.theme, heading=self.heading))

    def add_answer(self, paragraph, style):
        html = _runs_html(paragraph)
        if not self.blocks and ANSWER_PREFIX.match(paragraph.text):
            html = ANSWER_PREFIX.sub("", html, count=1)
        list_kind = self.list_kind(paragraph, style)
        if list_kind:
            if self.blocks and self.blocks[-1][0] == list_kind:
                self.blocks[-1][1].append(html)
            else:
                self.blocks.append((list_kind, [html]))
        else:
            self.blocks.append(("p", html))

    def list_kind(self, paragraph, style):
        properties = paragraph._p.pPr
        numbering = properties.numPr if properties is not None else None
        if numbering is not None and numbering.numId is not None:
            level = numbering.ilvl.val if numbering.ilvl is not None else 0
            return "ul" if self.numbering.get((numbering.numId.val, level), "bullet") == "bullet" else "ol"
        if LIST_STYLE.search(style):
            return "ol" if NUMBERED_STYLE.search(style) else "ul"
        return None

    def finish(self):
        if self.items and self.blocks:
            parts = []
            for kind, content in self.blocks:
                if kind == "p":
                    parts.append(f"<p>{content}</p>")
                else:
                    parts.append(f"<{kind}>" + "".join(f"<li>{item}</li>" for item in content) + f"</{kind}>")
            self.items[-1].answer_html = richtext.sanitize("".join(parts))
        self.blocks = []


def _key(text):
    return slugify(" ".join(str(text).split()).rstrip(":").replace("ß", "ss"))


def paragraph_styles(document):
    """Paragraph style id -> (name, bold), read once; key None: the default paragraph style.

    python-docx's ``paragraph.style`` scans every style of the document on each
    call (and the default style through all of them when a paragraph has none),
    which made a file with thousands of styles or paragraphs take minutes.
    """
    from docx.styles import BabelFish

    styles, default = {}, ("", False)
    for element in document.styles.element.iter(f"{W}style"):
        if element.get(f"{W}type") != "paragraph":
            continue
        name = element.find(f"{W}name")
        bold = element.find(f"{W}rPr/{W}b")
        value = (
            BabelFish.internal2ui(name.get(f"{W}val", "")) if name is not None else "",
            bold is not None and bold.get(f"{W}val", "true").lower() not in ("0", "false", "off"),
        )
        styles.setdefault(element.get(f"{W}styleId"), value)
        if element.get(f"{W}default") in ("1", "true", "on"):
            default = value  # as python-docx: the last one marked default
    styles[None] = default
    return styles


def _all_bold(paragraph, style_bold):
    runs = [run for run in paragraph.runs if run.text.strip()]
    if not runs:
        return False
    return all(run.bold or (run.bold is None and style_bold) for run in runs)


def _run_html(run):
    text = escape(run.text)
    if not text:
        return ""
    if run.bold:
        text = f"<strong>{text}</strong>"
    if run.italic:
        text = f"<em>{text}</em>"
    return text


def _runs_html(paragraph):
    from docx.text.hyperlink import Hyperlink

    parts = []
    for item in paragraph.iter_inner_content():
        if isinstance(item, Hyperlink):
            inner = "".join(_run_html(run) for run in item.runs)
            address = item.address or ""
            if item.fragment:
                address = f"{address}#{item.fragment}" if address else ""
            parts.append(f'<a href="{escape(address)}">{inner}</a>' if address else inner)
        else:
            parts.append(_run_html(item))
    return "".join(parts).strip()


def _numbering_formats(document):
    """(numId, level) -> numFmt ("bullet", "decimal", …) from the document's numbering part."""
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return {}
    abstract = {}
    for definition in numbering.findall(f"{W}abstractNum"):
        levels = {}
        for level in definition.findall(f"{W}lvl"):
            fmt = level.find(f"{W}numFmt")
            levels[int(level.get(f"{W}ilvl", "0"))] = fmt.get(f"{W}val") if fmt is not None else "bullet"
        abstract[definition.get(f"{W}abstractNumId")] = levels
    formats = {}
    for num in numbering.findall(f"{W}num"):
        reference = num.find(f"{W}abstractNumId")
        if reference is None:
            continue
        for level, fmt in abstract.get(reference.get(f"{W}val"), {}).items():
            formats[(int(num.get(f"{W}numId")), level)] = fmt
    return formats


INTERVIEWEE_LINE = re.compile(
    r"^\s*(?:Interviewpartner(?:in)?|Gesprächspartner(?:in)?|Interviewte(?:r)?(?: Person)?|Im Gespräch mit|"
    r"Interview mit)\s*[:–-]?\s*(?P<who>.+)$",
    re.IGNORECASE,
)
NOT_TEASER = re.compile(
    r"^\s*(?:Das Gespräch führte|Die Fragen stellte|Interview(?: geführt)? von|Datum|Stand)\b", re.IGNORECASE
)
TITLE_STYLE = re.compile(r"^(?:title|titel)$", re.IGNORECASE)


class FrontMatter:
    """What a transcript says before its first question: title line, teaser paragraphs, interviewee line."""

    def __init__(self):
        self.title = ""
        self.lead = []  # paragraphs (inline HTML)
        self.interviewee_name = ""
        self.interviewee_role = ""

    def is_title(self, style, text, reader):
        """Take ``text`` as the document's title line if it is one (Title style, or the first top heading)."""
        if reader.items or self.title:
            return False
        if TITLE_STYLE.match(style.strip()) or reader.theme is None and not reader.heading:
            self.title = " ".join(text.split())
            return True
        return False

    def introduction(self, paragraph):
        text = " ".join(paragraph.text.split())
        match = INTERVIEWEE_LINE.match(text)
        if match and not self.interviewee_name:
            who = match.group("who").strip()
            name, _comma, role = who.partition(",")
            self.interviewee_name, self.interviewee_role = name.strip(), role.strip()
        elif not NOT_TEASER.match(text):
            self.lead.append(_runs_html(paragraph))

    def fields(self):
        """{Interview field: value} of what was found (teaser as sanitised HTML, academic title apart)."""
        from core.citation import split_academic_title

        academic_title, name = split_academic_title(self.interviewee_name)
        found = {
            "title": self.title[:200],
            "lead": richtext.sanitize("".join(f"<p>{paragraph}</p>" for paragraph in self.lead)),
            "interviewee_title": academic_title[:40],
            "interviewee_name": name[:200],
            "interviewee_role": self.interviewee_role[:300],
        }
        return {name: value for name, value in found.items() if value}


WORD = re.compile(r"[a-zäöüß]{5,}")


def _stems(text):
    return {word[:6] for word in WORD.findall(str(text).lower())}


def guess_themes(items, themes):
    """Give every question without a theme heading a sensible guess (a person would do the same).

    Keywords first: the theme whose title and question share the most words
    (first six letters) with the question and the heading above it. Then
    order: the theme of the question before. The first question without
    either gets the series' first theme. ``item.guessed`` says which, in German.
    """
    themes = list(themes)
    words = {theme.pk: _stems(f"{theme.title} {getattr(theme, 'question', '')}") for theme in themes}
    previous = None
    for item in items:
        if item.theme is None and themes:
            asked = _stems(f"{item.question} {item.heading}")
            score, best = max(((len(asked & words[theme.pk]), theme) for theme in themes), key=lambda pair: pair[0])
            if score:
                item.theme, item.guessed = best, _("vermutet nach Stichworten")
            elif previous is not None:
                item.theme, item.guessed = previous, _("vermutet: wie die Frage davor")
            else:
                item.theme, item.guessed = themes[0], _("vermutet: erstes Thema der Reihe")
        previous = item.theme
    return items


def _refuse_overfull_cover(interview, fields):
    """The interview form's check for the front matter taken over: a teaser the PDF's cover cannot hold beside
    the other fields (``pdf.cover_refusal``) raises a ValidationError in German; nothing is written."""
    import copy

    from interviews import pdf

    if not fields:
        return
    candidate = copy.copy(interview)
    for name, value in fields.items():
        setattr(candidate, name, value)
    refusal = pdf.cover_refusal(pdf.cover_source(candidate))
    if refusal is not None:
        raise ValidationError(pdf.layout_reason(refusal) + " " + _("Es wurde nichts importiert."))


def save_questions(interview, items, user, fields=None):
    """Add imported questions after the interview's own ones (items: dicts with question, answer_html, theme_id).

    ``fields``: interview fields taken from the file's front matter ({name: value}, confirmed by the editor).
    For a live interview edited by someone without the publish permission (or
    one with a pending change) the questions join the pending version;
    otherwise they are saved at once with a history entry – for a live
    interview only once the text with them lays out (ValidationError in German
    otherwise, nothing written; its layout is then recorded). A teaser (or headline, name, role) taken over that
    the cover cannot hold is refused as the form refuses it (``_refuse_overfull_cover``). Touches: Question
    rows or the PendingChange, the interview's version, a WorkflowEvent, the
    approval status (back to pending).
    """
    from django.db import transaction

    from interviews import pdf
    from interviews.editorial import pending, publishing
    from interviews.models import Interview, PendingChange, Question, WorkflowAction

    comment = _("%(n)s Fragen aus Word importiert") % {"n": len(items)}
    _refuse_overfull_cover(interview, fields or {})
    # A live text that goes live at once is laid out before the transaction (on SQLite it holds the write lock).
    interview = Interview.objects.get(pk=interview.pk)
    base = pending.current_data(interview)
    laid_out = _goes_live(interview, user) and _refuse_unless_laid_out(interview, _with_imported(base, items, fields))
    with transaction.atomic():
        interview = Interview.objects.select_for_update().get(pk=interview.pk)
        if pending.current_data(interview) != base or _goes_live(interview, user) != laid_out:
            raise ValidationError(
                _(
                    "Das Interview wurde während des Imports geändert. Es wurde nichts importiert; bitte laden Sie "
                    "die Datei erneut hoch."
                )
            )
        data = _with_imported(base, items, fields)
        start = _next_position(base)
        if publishing.changes_need_review(interview, user) or publishing.has_pending(interview):
            change = PendingChange.objects.filter(interview=interview).first()
            version = max(interview.version, change.version if change else 0) + 1
            publishing.save_pending(interview, data, user, version, comment=comment)
            return "pending"
        live = laid_out
        for index, item in enumerate(items):
            Question.objects.create(
                interview=interview,
                theme_id=item["theme_id"],
                position=start + index,
                question=item["question"],
                answer=item["answer_html"],
            )
        for name, value in (fields or {}).items():
            setattr(interview, name, value)
        publishing.save_with_history(interview, user, comment, list(fields or {}))
        publishing.record(interview, WorkflowAction.IMPORTED, user, data={"questions": len(items)})
        publishing.approval_follows_text(interview, user)
        if live:
            pdf.record_fit(interview)
        return "saved"


def _goes_live(interview, user):
    """Whether an import into ``interview`` by ``user`` is live at once (no pending version takes it)."""
    from interviews.editorial import publishing

    return (
        publishing.is_live(interview)
        and not publishing.changes_need_review(interview, user)
        and not publishing.has_pending(interview)
    )


def _with_imported(data, items, fields):
    """``data`` (a pending-version dict) with the imported questions after its own and the taken ``fields``."""
    start = _next_position(data)
    imported = [
        {
            "id": None,
            "theme_id": item["theme_id"],
            "position": start + index,
            "question": item["question"],
            "answer": item["answer_html"],
            "pull_quote": "",
        }
        for index, item in enumerate(items)
    ]
    return {**data, "interview": {**data["interview"], **(fields or {})}, "questions": [*data["questions"], *imported]}


def _next_position(data):
    return max((row["position"] or 0 for row in data["questions"]), default=0) + 1


def _refuse_unless_laid_out(interview, data):
    """Lay out ``interview`` with ``data`` going live (in memory; a recorded layout of that text answers); raise the
    German refusal when it cannot be set. True when it can."""
    from interviews import pdf
    from interviews.editorial import budget

    reason = pdf.source_refusal(interview.pk, budget.screen_source(interview, data), record=False)
    if reason:
        raise ValidationError(
            _(
                "Das PDF des Textes mit den importierten Fragen lässt sich nicht setzen: %(reason)s Es wurde "
                "nichts importiert; Leser sehen weiter die veröffentlichte Fassung."
            )
            % {"reason": reason}
        )
    return True
