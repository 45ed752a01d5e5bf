"""Collected PDFs: the series volume („Sammelband“) and theme booklets („Themenheft“).

- Volume: cover and contents (rendered by WeasyPrint, numbered i, ii, …),
  every published part exactly as laid out in its own stored PDF but without
  its back page, then the series' back page once (the parts' design);
  bookmarks per part with the part's own bookmarks (its themes) below; page
  labels that say what the folios print (``3-2`` is „Seite 2“ of part 3);
  PDF 1.7 with PDF/UA-1 identifier and metadata. Parts without a current
  stored PDF are left out until their render (``render_pdf_task``) has stored
  one and queued this again.
- Booklet: one theme of one series, set like the parts (``booklet.py``).

Both are four-colour (device-cmyk only), German, tagged (pdf/ua-1), made by
``render_collections_task`` and stored with a fingerprint of what they show
(``store_collection``); a reader's request only serves the stored file.
``manage.py render_pdfs`` makes missing or outdated ones.
"""

import contextlib
import hashlib
import io
import json
from dataclasses import dataclass
from functools import partial

from django.core.files.storage import default_storage
from django.db.models import Prefetch
from django.dispatch import receiver
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from core import citation, content
from interviews import selectors
from interviews.models import (
    CollectionKind,
    CollectionPdf,
    Interview,
    PdfState,
    Question,
    Series,
    Theme,
)
from interviews.pdf import hyphenation
from interviews.pdf.document import PRINT_DIR, TEMPLATE_DIR, PrintURLFetcher, parse
from municipalities.models import Kommune

STYLESHEET = PRINT_DIR / "collection.css"
# What else the collected PDFs' look depends on (their fingerprint covers these files).
DESIGN_FILES = [STYLESHEET, PRINT_DIR / "print.css", PRINT_DIR / "booklet.css"]
# Raise when the layout of the collected PDFs changes: every stored one is made again.
CODE_VERSION = 6


@dataclass
class Rendered:
    pdf: bytes
    pages: int


# --- What they show -------------------------------------------------------------


def published_parts(series):
    """The series' published interviews with series and Kommune, by part (one query)."""
    return list(
        Interview.objects.published().filter(series=series).select_related("series", "kommune").order_by("part")
    )


def booklet_interviews(theme, series):
    """Published interviews of ``series`` with their questions on ``theme`` (two queries)."""
    questions = Question.objects.filter(theme=theme).order_by("position", "pk")
    return [
        interview
        for interview in Interview.objects.published()
        .filter(series=series)
        .select_related("series", "kommune")
        .prefetch_related(Prefetch("questions", queryset=questions, to_attr="theme_questions"))
        .order_by("part")
        if interview.theme_questions
    ]


def booklet_series(theme):
    """The series that have published answers on ``theme``, newest first (one query)."""
    with_answers = Question.objects.filter(theme=theme, interview__in=Interview.objects.published())
    return list(Series.objects.filter(interviews__questions__in=with_answers).distinct().order_by("-year", "title"))


def _digest(data):
    design = [path.read_text() for path in DESIGN_FILES]
    design += [path.read_text() for path in sorted((TEMPLATE_DIR).rglob("*.html"))]
    payload = {"code": CODE_VERSION, "publication": citation.publication(), "design": design, **data}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def _series_data(series):
    """What the collections show of the series, its back page included (five queries)."""
    parts = [
        [slot["part"], slot["expected"], part and [part.pk, part.title, part.kommune.name, part.published_at]]
        for slot in selectors.part_slots(series)
        for part in [slot["interview"]]
    ]
    return [
        series.title,
        series.subtitle,
        series.year,
        series.planned_parts,
        series.publication_line,
        series.description,
        series.funding_notice,
        series.funding_body,
        series.funding_programme,
        series.funding_project,
        series.grant_number,
        list(series.themes.values_list("pk", "title", "question", "print_color")),
        parts,
        selectors.series_closed(series),
    ]


def volume_fingerprint(series, parts):
    """What the volume shows: the series and each published part's stored PDF."""
    return _digest(
        {"series": _series_data(series), "parts": [[p.pk, p.part, p.title, p.pdf_fingerprint] for p in parts]}
    )


def booklet_fingerprint(theme, series, interviews):
    return _digest(
        {
            "series": _series_data(series),
            "theme": [theme.pk, theme.title, theme.question, theme.print_color],
            "interviews": [
                [
                    i.pk,
                    i.part,
                    i.title,
                    i.interviewee_title,
                    i.interviewee_name,
                    i.interviewee_role,
                    i.is_sample,
                    i.kommune.name,
                    i.kommune.kind,
                    i.kommune.state,
                    i.portrait.name,
                    i.portrait_alt,
                    i.photo_credit,
                    [[q.pk, q.question, q.answer] for q in i.theme_questions],
                ]
                for i in interviews
            ],
        }
    )


# --- Rendering ------------------------------------------------------------------


def _weasy(html):
    """Render collection HTML with the print fonts and collection.css: a WeasyPrint Document."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    hyphenation.install()
    fetcher = PrintURLFetcher()
    font_config = FontConfiguration()
    stylesheet = CSS(filename=str(STYLESHEET), url_fetcher=fetcher, font_config=font_config)
    document = parse(html, fetcher).render(font_config=font_config, stylesheets=[stylesheet], pdf_variant="pdf/ua-1")
    return document


def _write(document, identifier):
    digest = hashlib.md5(identifier.encode()).hexdigest()  # noqa: S324 - an identifier, not security
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=digest.encode())


def _imprint_context(series):
    publisher = citation.publication()
    return {
        "series": series,
        "publisher": publisher,
        "citation": citation.for_series(series).text,
        "date": formats.date_format(timezone.localdate(), "j. F Y"),
    }


def _outline(pdf):
    """The bookmarks of a pikepdf PDF as nested [(title, page index, children)]."""
    pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}

    def walk(items):
        result = []
        for item in items:
            index = None
            destination = item.destination
            if destination is not None and len(destination) and hasattr(destination[0], "objgen"):
                index = pages.get(destination[0].objgen)
            result.append((str(item.title), index, walk(item.children)))
        return result

    with pdf.open_outline() as outline:
        return walk(outline.root)


def render_volume(series, parts):
    """The series volume as PDF bytes: front matter, each part's stored PDF without its back page, one back page.

    Every part keeps its own folios („Seite 2 von 6“); the page labels say
    the same (``3-2``: part 3, page 2), and so do the contents. Front matter
    is numbered i, ii, …; the series' back page closes the volume once.
    """
    import pikepdf

    part_pdfs = []
    for part in parts:
        with default_storage.open(part.pdf_file.name, "rb") as handle:
            part_pdf = pikepdf.open(io.BytesIO(handle.read()))
        drop_last_page(part_pdf)  # the part's back page: the volume has one at its end
        part_pdfs.append(part_pdf)
    with override("de"):
        theme_titles = set(series.themes.values_list("title", flat=True))
        contents = []
        for part, part_pdf in zip(parts, part_pdfs, strict=True):
            themes = [
                (title, _page_label(part, index or 0))
                for title, index, _children in _theme_entries(_outline(part_pdf))
                if title in theme_titles
            ]
            contents.append({"interview": part, "page": _page_label(part, 0), "themes": themes})
        front = render_front(series, contents)
        back = render_series_back(series, parts)
    front_pdf = pikepdf.open(io.BytesIO(_write(front, f"front-{series.pk}")))
    back_pdf = pikepdf.open(io.BytesIO(back))

    volume = pikepdf.new()
    structure = Structure(volume)
    structure.append(front_pdf)
    offsets = []
    for part_pdf in part_pdfs:
        offsets.append(len(volume.pages))
        structure.append(part_pdf)
    back_start = len(volume.pages)
    structure.append(back_pdf)
    structure.finish()

    with volume.open_outline() as outline:
        outline.root.append(pikepdf.OutlineItem(_("Titel"), 0))
        outline.root.append(pikepdf.OutlineItem(_("Inhalt"), 1))
        for part, part_pdf, offset in zip(parts, part_pdfs, offsets, strict=True):
            item = pikepdf.OutlineItem(_part_label(part), offset)
            # Below the part's label (which names its headline): its themes and questions.
            entries = [entry for entry in _theme_entries(_outline(part_pdf)) if entry[0] != part.title]
            item.children.extend(_outline_items(entries, offset))
            outline.root.append(item)
        outline.root.append(pikepdf.OutlineItem(_("Über die Reihe, Impressum und Zitiervorschlag"), back_start))
    labels = [0, pikepdf.Dictionary(S=pikepdf.Name.r)]
    for part, offset in zip(parts, offsets, strict=True):
        labels += [offset, pikepdf.Dictionary(S=pikepdf.Name.D, P=pikepdf.String(f"{part.part}-"), St=1)]
    labels += [back_start, pikepdf.Dictionary(P=pikepdf.String(_("Rückseite")))]
    volume.Root.PageLabels = pikepdf.Dictionary(Nums=pikepdf.Array(labels))
    title = _("Sammelband: %(series)s %(year)s") % {"series": citation.series_title(series), "year": series.year}
    keywords = [series.title, _("Sammelband"), *[part.kommune.name for part in parts], _("Kommunaler Klimaschutz")]
    _describe(
        volume,
        title=title,
        subject=series.description or series.subtitle or title,
        keywords=keywords,
    )
    out = io.BytesIO()
    volume.save(out, min_version="1.7")
    return Rendered(out.getvalue(), len(volume.pages))


def render_front(series, contents):
    """The volume's cover and contents, a WeasyPrint Document.

    ``contents``: per part ``{"interview", "page", "themes": [(title, page label)]}``.
    """
    html = render_to_string(
        "interviews/print/collection/volume_front.html", {**_imprint_context(series), "contents": contents}
    )
    return _weasy(html)


def _page_label(part, index):
    """The label of page ``index`` (0-based) of ``part`` in the volume: what its folio prints."""
    return f"{part.part}-{index + 1}"


def _describe(pdf, title, subject, keywords):
    """Document metadata of a joined PDF: info dictionary and XMP, language, PDF/UA-1 identifier."""
    import pikepdf

    publisher = citation.publication()["publisher"]
    pdf.Root.Lang = pikepdf.String("de-DE")
    pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    pdf.Root.PageMode = pikepdf.Name.UseOutlines
    now = timezone.now().isoformat(timespec="seconds")
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta.register_xml_namespace("http://www.aiim.org/pdfua/ns/id/", "pdfuaid")
        meta["dc:title"] = title
        meta["dc:creator"] = [publisher]
        meta["dc:description"] = subject
        meta["dc:language"] = ["de-DE"]
        meta["pdf:Keywords"] = ", ".join(keywords)
        meta["pdf:Producer"] = "akk-cms (pikepdf, WeasyPrint)"
        meta["xmp:CreatorTool"] = "akk-cms"
        meta["xmp:CreateDate"] = now
        meta["xmp:ModifyDate"] = now
        meta["pdfuaid:part"] = "1"


def drop_last_page(pdf):
    """Remove the last page of a tagged PDF with its structure elements, marked-content and bookmarks."""
    import pikepdf

    page = pdf.pages[-1].obj
    gone = page.objgen

    def on_page(kid, page_ref):
        target = kid.get("/Pg", page_ref) if isinstance(kid, pikepdf.Dictionary) else page_ref
        return target is not None and target.objgen == gone

    def prune(element, page_ref):
        """Keep the kids of ``element`` not on the dropped page; False when none is left."""
        page_ref = element.get("/Pg", page_ref)
        kids = element.get("/K")
        if kids is None:
            return True
        kept = []
        for kid in list(kids) if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                if prune(kid, page_ref):
                    kept.append(kid)
            elif not on_page(kid, page_ref):
                kept.append(kid)
        element.K = pikepdf.Array(kept)
        return bool(kept)

    tree = pdf.Root.get("/StructTreeRoot")
    if tree is not None and "/K" in tree:
        prune(tree, None)
    with pdf.open_outline() as outline:
        _drop_bookmarks(outline.root, gone)
    del pdf.pages[-1]


def _drop_bookmarks(items, gone):
    for item in list(items):
        destination = item.destination
        if destination is not None and len(destination) and getattr(destination[0], "objgen", None) == gone:
            items.remove(item)
        else:
            _drop_bookmarks(item.children, gone)


def render_series_back(series, parts):
    """The series' back page for a collection (as on every part: the parts, themes, AKK, citation, imprint)."""
    from weasyprint import CSS

    from interviews.pdf import document
    from interviews.pdf.fitting import shared_style

    slots = selectors.part_slots(series)
    entries = document.part_entries(slots, selectors.series_closed(series))
    imprint = _imprint_context(series)
    themes = list(series.themes.all())
    context = {
        "interview": None,
        "series": series,
        "groups": [{"theme": theme} for theme in themes],
        "parts": entries,
        "part_columns": document.part_columns(entries),
        "imprint": {**imprint["publisher"], "date": imprint["date"]},
        "citation": imprint["citation"],
        "credits": [
            f"{part.kommune.name}: {part.photo_credit}" for part in parts if part.portrait and part.photo_credit
        ],
    }
    html = render_to_string("interviews/print/collection/series_back.html", context)
    font_config, stylesheet = shared_style()
    fetcher = PrintURLFetcher()
    parsed = parse(html, fetcher)
    for compact in (False, True):
        generated = CSS(string=document.back_css(series, themes, compact), url_fetcher=fetcher, font_config=font_config)
        rendered = parsed.render(font_config=font_config, stylesheets=[stylesheet, generated], pdf_variant="pdf/ua-1")
        if len(rendered.pages) == 1:
            break
    return _write(rendered, f"back-{series.pk}")


class Structure:
    """Pages and tags of several tagged PDFs joined into one (each source's document becomes a /Part).

    Pages keep their marked content; their /StructParents keys (and the
    parent tree that maps them to structure elements) are renumbered so the
    keys of the joined sources do not collide.
    """

    def __init__(self, target):
        self.target = target
        self.kids = []
        self.nums = []
        self.next_key = 0

    def append(self, source):
        import pikepdf

        start = len(self.target.pages)
        self.target.pages.extend(source.pages)
        tree = source.Root.get("/StructTreeRoot")
        if tree is None:
            return
        offset, used = self.next_key, set()
        for page in self.target.pages[start:]:
            if "/StructParents" in page.obj:
                used.add(int(page.obj.StructParents))
                page.obj.StructParents = int(page.obj.StructParents) + offset
            for annotation in page.obj.get("/Annots") or []:
                if "/StructParent" in annotation:
                    used.add(int(annotation.StructParent))
                    annotation.StructParent = int(annotation.StructParent) + offset
        # Only the keys of the pages taken (a dropped page's entry would copy its elements).
        for key, value in _number_tree(tree.get("/ParentTree")):
            if key in used:
                self.nums.append((key + offset, self.copy(value)))
        highest = max(used, default=-1)
        top = tree.get("/K")
        for element in list(top) if isinstance(top, pikepdf.Array) else [top] if top is not None else []:
            copied = self.copy(element)
            if copied.get("/S") == "/Document":
                copied.S = pikepdf.Name.Part
            self.kids.append(copied)
        self.next_key = offset + highest + 1

    def copy(self, value):
        """``value`` of a source PDF in the target: indirect objects through pikepdf's copier (same copies as
        the pages' references), direct arrays and dictionaries item by item."""
        import pikepdf

        if isinstance(value, pikepdf.Object) and value.is_indirect:
            return self.target.copy_foreign(value)
        if isinstance(value, pikepdf.Array):
            return pikepdf.Array([self.copy(item) for item in value])
        if isinstance(value, pikepdf.Dictionary):
            return pikepdf.Dictionary({key: self.copy(item) for key, item in value.items()})
        return value

    def finish(self):
        import pikepdf

        root = self.target.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
        document = self.target.make_indirect(
            pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document, P=root, K=self.kids)
        )
        for kid in self.kids:
            kid.P = document
        nums = []
        for key, value in sorted(self.nums, key=lambda pair: pair[0]):
            nums += [key, value]
        root.K = pikepdf.Array([document])
        root.ParentTree = self.target.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(nums)))
        root.ParentTreeNextKey = self.next_key
        self.target.Root.StructTreeRoot = root


def _number_tree(node):
    """(key, value) pairs of a PDF number tree."""
    if node is None:
        return []
    pairs = []
    nums = node.get("/Nums")
    if nums is not None:
        pairs += [(int(nums[index]), nums[index + 1]) for index in range(0, len(nums), 2)]
    for kid in node.get("/Kids") or []:
        pairs += _number_tree(kid)
    return pairs


def _theme_entries(outline):
    """A part's bookmarks below its title: the part PDF's headings for its themes (flattened one level)."""
    if len(outline) == 1 and outline[0][2]:
        return outline[0][2]
    return outline


def _outline_items(entries, offset):
    import pikepdf

    items = []
    for title, index, children in entries:
        item = pikepdf.OutlineItem(title, offset + (index or 0))
        item.children.extend(_outline_items(children, offset))
        items.append(item)
    return items


def _part_label(interview):
    return _("Teil %(part)s: %(kommune)s – %(title)s") % {
        "part": interview.part,
        "kommune": interview.kommune.name,
        "title": interview.title,
    }


def render_booklet(theme, series, interviews):
    """The theme booklet as PDF bytes (``interviews.pdf.booklet``)."""
    from interviews.pdf import booklet

    result = booklet.render_booklet(theme, series, interviews)
    return Rendered(result.pdf, result.pages)


# --- Storage ----------------------------------------------------------------------


def _stored_name(kind, series, theme, digest):
    name = f"sammelband-{series.slug}" if kind == CollectionKind.VOLUME else f"themenheft-{theme.slug}-{series.slug}"
    return f"collections/{name}-{digest[:16]}.pdf"


def stored(kind, series, theme=None):
    """The stored collected PDF (with a file) or None, for links on the series and theme pages (one query)."""
    return CollectionPdf.objects.filter(kind=kind, series=series, theme=theme).exclude(file="").first()


def download_name(collection):
    if collection.kind == CollectionKind.VOLUME:
        return f"mal-nachgefragt-{collection.series.year}-sammelband.pdf"
    return f"mal-nachgefragt-{collection.series.year}-themenheft-{collection.theme.slug}.pdf"


def store_collection(kind, series, theme=None, force=False):
    """Make and store one collected PDF if what it shows changed.

    Returns "rendered", "unchanged", "busy" (another worker renders it),
    "empty" (nothing published to collect: any stored file is removed) or
    "failed" (error kept on the row, last good file kept). The render is
    claimed in the database like a part's (``storage.store``), so two workers
    never make the same file. Touches: the CollectionPdf row (created if
    missing) and its stored-PDF fields, its file in ``MEDIA_ROOT/collections/``
    (the previous one is deleted).
    """
    from interviews.pdf import storage
    from interviews.pdf.fitting import deadline, render_timeout

    if kind == CollectionKind.VOLUME:
        # The parts as stored by their own renders (render_pdf_task queues this task after each one).
        parts = [p for p in published_parts(series) if p.pdf_file and p.pdf_state == PdfState.CURRENT]
        digest = volume_fingerprint(series, parts)
        render = lambda: render_volume(series, parts)  # noqa: E731
    else:
        parts = booklet_interviews(theme, series)
        digest = booklet_fingerprint(theme, series, parts)
        render = lambda: render_booklet(theme, series, parts)  # noqa: E731
    row, _created = CollectionPdf.objects.get_or_create(kind=kind, series=series, theme=theme)
    if not parts:
        _remove_file(row)
        CollectionPdf.objects.filter(pk=row.pk).update(
            file="", fingerprint="", state=PdfState.MISSING, pages=None, attempt_fingerprint=""
        )
        return "empty"
    if row.file and not default_storage.exists(row.file.name):
        force = True  # the row says "current" but its file is gone

    def make():
        # Bounded like a part's render: a claim older than the limit may be taken over (storage.stale_before).
        with deadline(render_timeout()):
            result = render()
        return result.pdf, {"pages": result.pages}

    rows = CollectionPdf.objects.filter(pk=row.pk)
    return storage.store(rows, digest, make, _stored_name(kind, series, theme, digest), force=force)


def _remove_file(row):
    if row.file:
        with contextlib.suppress(OSError):
            default_storage.delete(row.file.name)


def store_series_collections(series, force=False):
    """The volume of ``series`` and a booklet per theme with published answers: {label: outcome}."""
    outcomes = {f"Sammelband {series.slug}": store_collection(CollectionKind.VOLUME, series, force=force)}
    themes = Theme.objects.filter(
        questions__interview__in=Interview.objects.published().filter(series=series)
    ).distinct()
    for theme in themes:
        outcomes[f"Themenheft {theme.slug} {series.slug}"] = store_collection(
            CollectionKind.BOOKLET, series, theme, force=force
        )
    # Booklets of themes without published answers any more: emptied.
    for row in CollectionPdf.objects.filter(series=series, kind=CollectionKind.BOOKLET).exclude(theme__in=themes):
        outcomes[f"Themenheft {row.theme.slug} {series.slug}"] = store_collection(
            CollectionKind.BOOKLET, series, row.theme
        )
    return outcomes


# --- The task and what queues it ---------------------------------------------------


@task
def render_collections_task(series_id, create=False):
    """Make the volume and booklets of one series when what they show changed.

    A content change re-makes the collected PDFs a series has; the first ones
    are made with ``create=True``: by ``render_pdfs``, and after a part's own
    PDF was stored (see ``queue_series``).
    """
    series = Series.objects.filter(pk=series_id).first()
    if series is None:
        return {}
    return store_series_collections(series)


def queue_series(series_ids, create=False):
    """Queue the collections of these series once the transaction commits, each series once per transaction.

    Without ``create`` only series that have stored collected PDFs are queued
    (``core.content.on_commit_once``: a form that saves an interview and its
    questions queues its series once). Touches: the task queue.
    """
    for series_id in set(series_ids):
        key = ("interviews.pdf.collections:render", series_id, create)
        content.on_commit_once(key, partial(_enqueue_series, series_id, create))


def _enqueue_series(series_id, create):
    if create or CollectionPdf.objects.filter(series_id=series_id).exclude(file="").exists():
        render_collections_task.enqueue(series_id, create=create)


def series_ids_shown_by(sender, instance):
    """The series whose collected PDFs show ``instance`` (None: any may have changed)."""
    if instance is None:
        return None
    if sender is Series:
        return [instance.pk]
    if sender is Interview:
        return [instance.series_id]
    if sender is Question:
        return list(Interview.objects.filter(pk=instance.interview_id).values_list("series_id", flat=True))
    if sender is Theme:
        return list(Interview.objects.filter(questions__theme=instance).values_list("series_id", flat=True))
    if sender is Kommune:
        return list(Interview.objects.filter(kommune=instance).values_list("series_id", flat=True))
    return []


@receiver(content.content_changed, dispatch_uid="interviews.pdf.collections")
def _content_changed(sender, instance=None, **kwargs):
    series_ids = series_ids_shown_by(sender, instance)
    if series_ids is None:
        series_ids = CollectionPdf.objects.values_list("series_id", flat=True)
    queue_series(series_ids)
