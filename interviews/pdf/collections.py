"""Collected PDFs: the series volume („Sammelband“) and theme booklets („Themenheft“).

- Volume: cover and contents (rendered by WeasyPrint), every published part
  exactly as laid out in its own stored PDF, a back page with imprint and
  citation; bookmarks per part with the part's own bookmarks (its themes)
  below. Parts without a current stored PDF are left out until their render
  (``render_pdf_task``) has stored one and queued this again.
- Booklet: one theme of one series: every published Kommune's answers to that
  theme, rendered by WeasyPrint as one tagged document.

Both are four-colour (device-cmyk only), German, tagged (pdf/ua-1 for what
WeasyPrint renders), made by ``render_collections_task`` and stored with a
fingerprint of what they show (``store_collection``); a reader's request only
serves the stored file. ``manage.py render_pdfs`` makes missing or outdated ones.
"""

import contextlib
import hashlib
import io
import json
import logging
from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Prefetch
from django.dispatch import receiver
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from core import citation, content, richtext
from interviews.models import (
    CollectionKind,
    CollectionPdf,
    Interview,
    PdfState,
    Question,
    Series,
    Theme,
)
from interviews.pdf.document import PRINT_DIR, PrintURLFetcher
from municipalities.models import Kommune

logger = logging.getLogger(__name__)

STYLESHEET = PRINT_DIR / "collection.css"
# Raise when the layout of the collected PDFs changes: every stored one is made again.
CODE_VERSION = 1


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
    payload = {"code": CODE_VERSION, "publication": citation.publication(), "css": STYLESHEET.read_text(), **data}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def _series_data(series):
    return [series.title, series.subtitle, series.year, series.planned_parts, series.funding_notice, series.description]


def volume_fingerprint(series, parts):
    """What the volume shows: the series and each published part's stored PDF."""
    return _digest(
        {"series": _series_data(series), "parts": [[p.pk, p.part, p.title, p.pdf_fingerprint] for p in parts]}
    )


def booklet_fingerprint(theme, series, interviews):
    return _digest(
        {
            "series": _series_data(series),
            "theme": [theme.title, theme.question, theme.print_color],
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
                    [[q.pk, q.question, q.answer] for q in i.theme_questions],
                ]
                for i in interviews
            ],
        }
    )


# --- Rendering ------------------------------------------------------------------


def _weasy(html):
    """Render collection HTML with the print fonts and collection.css: a WeasyPrint Document."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fetcher = PrintURLFetcher()
    font_config = FontConfiguration()
    stylesheet = CSS(filename=str(STYLESHEET), url_fetcher=fetcher, font_config=font_config)
    document = HTML(string=html, base_url=PRINT_DIR.as_uri() + "/", url_fetcher=fetcher).render(
        font_config=font_config, stylesheets=[stylesheet], pdf_variant="pdf/ua-1"
    )
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
    """The series volume as PDF bytes: front matter, each part's stored PDF, back page."""
    import pikepdf

    part_pdfs = []
    for part in parts:
        with default_storage.open(part.pdf_file.name, "rb") as handle:
            part_pdfs.append(pikepdf.open(io.BytesIO(handle.read())))
    with override("de"):
        theme_titles = set(series.themes.values_list("title", flat=True))
        front_pages = 2
        for _attempt in range(3):
            start = front_pages + 1
            contents = []
            for part, part_pdf in zip(parts, part_pdfs, strict=True):
                themes = [
                    (title, start + (index or 0))
                    for title, index, _children in _theme_entries(_outline(part_pdf))
                    if title in theme_titles
                ]
                contents.append({"interview": part, "page": start, "themes": themes})
                start += len(part_pdf.pages)
            front = _weasy(
                render_to_string(
                    "interviews/print/collection/volume_front.html",
                    {**_imprint_context(series), "contents": contents, "back_page": start},
                )
            )
            if len(front.pages) == front_pages:
                break
            front_pages = len(front.pages)
        back = _weasy(render_to_string("interviews/print/collection/volume_back.html", _imprint_context(series)))
    front_pdf = pikepdf.open(io.BytesIO(_write(front, f"front-{series.pk}")))
    back_pdf = pikepdf.open(io.BytesIO(_write(back, f"back-{series.pk}")))

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
            item.children.extend(_outline_items(_theme_entries(_outline(part_pdf)), offset))
            outline.root.append(item)
        outline.root.append(pikepdf.OutlineItem(_("Impressum und Zitiervorschlag"), back_start))
    volume.Root.Lang = pikepdf.String("de-DE")
    volume.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    volume.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    volume.Root.PageMode = pikepdf.Name.UseOutlines
    with volume.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:title"] = _("Sammelband: %(series)s %(year)s") % {
            "series": citation.series_title(series),
            "year": series.year,
        }
        meta["dc:creator"] = [citation.publication()["publisher"]]
        meta["dc:language"] = ["de-DE"]
    out = io.BytesIO()
    volume.save(out)
    return Rendered(out.getvalue(), len(volume.pages))


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
        offset, highest = self.next_key, -1
        for page in self.target.pages[start:]:
            if "/StructParents" in page.obj:
                highest = max(highest, int(page.obj.StructParents))
                page.obj.StructParents = int(page.obj.StructParents) + offset
            for annotation in page.obj.get("/Annots") or []:
                if "/StructParent" in annotation:
                    highest = max(highest, int(annotation.StructParent))
                    annotation.StructParent = int(annotation.StructParent) + offset
        for key, value in _number_tree(tree.get("/ParentTree")):
            highest = max(highest, key)
            self.nums.append((key + offset, self.copy(value)))
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
    """The theme booklet as PDF bytes (one tagged WeasyPrint document)."""
    with override("de"):
        entries = [
            {
                "interview": interview,
                "questions": [
                    {"question": q.question, "answer_html": richtext.render(q.answer)}
                    for q in interview.theme_questions
                ],
            }
            for interview in interviews
        ]
        html = render_to_string(
            "interviews/print/collection/booklet.html",
            {
                **_imprint_context(series),
                "theme": theme,
                "entries": entries,
                "title": _("Themenheft „%(theme)s“ – %(series)s %(year)s")
                % {"theme": theme.title, "series": series.title, "year": series.year},
            },
        )
        document = _weasy(html)
    return Rendered(_write(document, f"booklet-{theme.pk}-{series.pk}"), len(document.pages))


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

    Returns "rendered", "unchanged", "empty" (nothing published to collect:
    any stored file is removed) or "failed" (error kept on the row, last good
    file kept). Touches: the CollectionPdf row (created if missing), its file
    in ``MEDIA_ROOT/pdf/`` (the previous one is deleted), the part PDFs of a
    volume (made by ``store_pdf`` when missing or outdated).
    """
    from interviews.pdf.storage import write_atomically

    if kind == CollectionKind.VOLUME:
        # The parts as stored by their own renders (render_pdf_task queues this task after each one).
        parts = [p for p in published_parts(series) if p.pdf_file and p.pdf_state == PdfState.CURRENT]
        digest = volume_fingerprint(series, parts)
        make = lambda: render_volume(series, parts)  # noqa: E731
    else:
        parts = booklet_interviews(theme, series)
        digest = booklet_fingerprint(theme, series, parts)
        make = lambda: render_booklet(theme, series, parts)  # noqa: E731
    row, _created = CollectionPdf.objects.get_or_create(kind=kind, series=series, theme=theme)
    if not parts:
        _replace_file(row, "")
        CollectionPdf.objects.filter(pk=row.pk).update(file="", fingerprint="", state=PdfState.MISSING, pages=None)
        return "empty"
    if not force and row.fingerprint == digest and row.file and default_storage.exists(row.file.name):
        return "unchanged"
    CollectionPdf.objects.filter(pk=row.pk).update(state=PdfState.RENDERING)
    try:
        result = make()
    except Exception as error:
        logger.exception("Collected PDF %s failed", row)
        message = _("Die Erstellung ist fehlgeschlagen: %(error)s") % {"error": str(error)[:300] or type(error)}
        CollectionPdf.objects.filter(pk=row.pk).update(state=PdfState.FAILED, error=message)
        return "failed"
    name = _stored_name(kind, series, theme, digest)
    write_atomically(name, result.pdf)
    _replace_file(row, name)
    CollectionPdf.objects.filter(pk=row.pk).update(
        file=name,
        fingerprint=digest,
        state=PdfState.CURRENT,
        error="",
        pages=result.pages,
        size=len(result.pdf),
        rendered_at=timezone.now(),
    )
    return "rendered"


def _replace_file(row, new_name):
    if row.file and row.file.name != new_name:
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
    """Queue the collections of these series once the transaction commits.

    Without ``create`` only series that have stored collected PDFs are queued.
    Touches: the task queue.
    """

    ids = set(series_ids)

    def enqueue():
        wanted = ids
        if not create:
            wanted &= set(
                CollectionPdf.objects.filter(series_id__in=wanted).exclude(file="").values_list("series_id", flat=True)
            )
        for series_id in wanted:
            render_collections_task.enqueue(series_id, create=create)

    transaction.on_commit(enqueue)


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
