"""The page budget on the interview form: the live meter, the check on save, „Satzspiegel prüfen“.

The rules (how many answer words fit a PDF of n pages) live in
``interviews.pdf.fitting``; this module hands their numbers to the form (the
meter computes in the browser only with numbers the server sent), refuses a
save that breaks a live interview's budget, and runs a real layout in the
task backend on the editor's request.
"""

from adminsortable2.admin import CustomInlineFormSet
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.tasks import task
from django.tasks.exceptions import TaskResultDoesNotExist
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core import richtext
from interviews import fields, pdf
from interviews.models import PAGE_COUNTS, Interview, Series, Status, part_pages

# --- Numbers for the meter ------------------------------------------------------------


def meter_numbers(interview):
    """What the meter needs, as JSON-able numbers: page counts and the word range of each.

    ``interview`` may be unsaved (no series yet: the series' default page
    count is used). The form may change the series and the page count before
    it is saved: ``pagesByChoice[series id][page_count]`` ("" for none) is
    the part's page count for every choice, computed here by
    ``models.part_pages``, so the browser looks it up and never computes it.
    The browser estimates the pages from the range alone: cover and back page
    plus the body, whose words fill ``pages - 2`` pages at the middle of the range.
    """
    default_pages = Series._meta.get_field("pages_per_part").default
    series_pages = interview.series.pages_per_part if interview.series_id else default_pages
    # The series select may change while the editor writes: each series' page count (one query).
    by_series = {"": default_pages, **{str(pk): n for pk, n in Series.objects.values_list("pk", "pages_per_part")}}
    return {
        "pages": part_pages(interview.page_count, series_pages),
        "series": str(interview.series_id or ""),
        "pagesByChoice": {
            series: {str(count or ""): part_pages(count, pages) for count in [None, *PAGE_COUNTS]}
            for series, pages in by_series.items()
        },
        # The word range for every page count an interview may have, so the meter follows the page_count field.
        "ranges": {str(n): budget_of(n) for n in PAGE_COUNTS},
        # How the page budget counts (interviews.pdf.fitting.text_units).
        "questionSpace": pdf.fitting.QUESTION_SPACE_WORDS,
        "charsPerWord": pdf.fitting.CHARS_PER_WORD,
        "longWordsFactor": pdf.fitting.LONG_WORDS_FACTOR,
        "listItemWords": pdf.fitting.LIST_ITEM_WORDS,
        "paragraphWords": pdf.fitting.PARAGRAPH_WORDS,
        # Against the bottom of the range: what each kind of block takes at the largest body size.
        "paragraphShortWords": pdf.fitting.PARAGRAPH_SHORT_WORDS,
        "listItemShortWords": pdf.fitting.LIST_ITEM_SHORT_WORDS,
        "questionCharsShort": pdf.fitting.QUESTION_CHARS_SHORT,
        "questionSpaceShort": pdf.fitting.QUESTION_SPACE_SHORT_WORDS,
        "themeShortWords": pdf.fitting.THEME_SHORT_WORDS,
        "rangeThemes": pdf.fitting.RANGE_THEMES,
        "figureWords": pdf.fitting.FIGURE_WORDS_LONG,
        "figureShortWords": pdf.fitting.FIGURE_WORDS_SHORT,
        "quoteFactor": pdf.fitting.QUOTE_WORD_FACTOR,
        "quoteSpace": pdf.fitting.QUOTE_SPACE_WORDS,
        # Whether the saved interview has a portrait (the form may choose or remove one), and what its
        # absence leaves to the text on the cover.
        "portrait": bool(interview.portrait),
        "noPortraitWords": pdf.fitting.NO_PORTRAIT_WORDS,
    }


def budget_of(pages):
    """The word range of a PDF of ``pages`` pages and its number of body pages (cover and back page excluded)."""
    low, high = pdf.word_range(pages)
    return {"low": low, "high": high, "bodyPages": pages - 2}


def meter_html(interview, check_url=""):
    """The meter's markup for the admin form (static; ``static/admin-extra/page-budget.js`` brings it to life)."""
    return mark_safe(  # noqa: S308 - a template with autoescaping
        render_to_string(
            "admin/interviews/interview/page_budget_meter.html",
            {"numbers": meter_numbers(interview), "check_url": check_url},
        )
    )


# --- The check when a live interview's change is saved ------------------------------------


class PageBudgetFormSet(CustomInlineFormSet):
    """The questions of the interview form; refuses a save that takes a live interview out of its word range.

    Only a change that breaks a budget that held is refused (an interview already
    outside its range can be mended step by step). Nothing is saved then. The
    figures counted are those the same form posts (added and deleted rows of
    its figure formset, one of ``siblings``: the admin sets them), else the saved ones.
    """

    siblings = ()
    # Set by the admin for a save that goes live at once (a LayoutGate): the text going live must lay out.
    layout_gate = None
    layout_passed = False

    def clean(self):
        super().clean()
        interview = self.instance
        if interview.pk is None or any(self.errors):
            return
        if interview.status == Status.PUBLISHED:  # (a restore's form holds the restored version's status)
            self.check_word_budget(interview)
        gate = self.layout_gate
        if gate is None or not gate():
            return  # an error in the interview form stops the save anyway
        if gate.refused is not None:  # found before the form ran (a restore from history): shown, never saved
            raise ValidationError(refusal_message(gate.refused), code="layout")
        others = [formset for formset in self.siblings if formset is not self]
        if not all(f.is_valid() for f in others):
            return  # an error elsewhere stops the save anyway
        reason = gate.refusal(posted_source(interview, [self, *others], live=gate.live_source))
        if reason is None:
            self.layout_passed = True
        elif gate.live_lays_out():
            raise ValidationError(refusal_message(reason), code="layout")

    def check_word_budget(self, interview):
        saved = Interview.objects.select_related("series").get(pk=interview.pk)
        saved_rows = saved.questions.values_list("question", "answer", "pull_quote", "theme")
        saved_figures = list(saved.figures.values_list("caption", "credit"))
        saved_units = pdf.text_units(
            [row[:3] for row in saved_rows], saved_figures, bool(saved.portrait), len({row[3] for row in saved_rows})
        )
        if pdf.word_budget_error(saved.pages, *saved_units) is not None:
            return
        figures = self.posted_figures()
        if figures is None:
            figures = saved_figures
        kept = [form.cleaned_data for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        items = [(data.get("question", ""), data.get("answer", ""), data.get("pull_quote")) for data in kept]
        themes = len({data.get("theme") for data in kept})
        units = pdf.text_units(items, figures, bool(interview.portrait), themes)
        error = pdf.word_budget_error(interview.pages, *units, figures=len(figures))
        if error is not None:
            raise ValidationError(
                _("%(reason)s Das veröffentlichte Interview und sein PDF bleiben unverändert.")
                % {"reason": error.messages[0]},
                code="page_budget",
            )

    def posted_figures(self):
        """(caption, credit) of the figures the form keeps (posted rows not deleted), or None without a valid
        figure formset among ``siblings`` (its own errors stop the save anyway)."""
        from interviews.models import Figure

        for formset in self.siblings:
            if formset.model is Figure and formset.is_bound:
                if not formset.is_valid():
                    return None
                return [
                    (form.cleaned_data.get("caption", ""), form.cleaned_data.get("credit", ""))
                    for form in formset.forms
                    if form.cleaned_data and not form.cleaned_data.get("DELETE")
                ]
        return None


# --- The layout of a live interview's direct change ----------------------------------------------


class LayoutGate:
    """A save that goes live at once (someone who may publish, a live interview): the text going live must lay out.

    The admin gives one to the question formset (``PageBudgetFormSet.layout_gate``); the formset builds the posted
    version in memory (``posted_source``) and lays it out unless the recorded layout of exactly that text answers
    (``pdf.source_refusal``), or it was laid out earlier in this request (``known``: a restore from history is laid
    out before django-reversion's transaction writes the old version). Nothing is recorded before the save (a
    refused form changes nothing; a saved one records its layout with ``pdf.record_fit``). A change is refused only
    when it would take away a PDF: a live text that cannot be laid out itself may be mended step by step.
    """

    def __init__(self, live_source, form_valid):
        self.live_source = live_source  # what the live PDF shows, loaded before the form ran
        self.form_valid = form_valid
        self.known = {}  # layout fingerprint -> why it cannot be laid out (None: it fits), laid out in this request
        self.refused = None  # why the text going live was refused before the form ran: the form is never saved

    def __call__(self):
        """Whether the gate applies now: the interview form itself validated."""
        return self.form_valid()

    def refusal(self, source):
        """Why ``source`` cannot be laid out (German) or None: known in this request, recorded, or laid out now
        (nothing recorded)."""
        digest = pdf.layout_fingerprint(source)
        if digest not in self.known:
            self.known[digest] = pdf.source_refusal(source.interview.pk, source, record=False)
        return self.known[digest]

    def live_lays_out(self):
        """Whether the live text lays out (its recorded layout, or one made now; nothing recorded)."""
        return self.refusal(self.live_source) is None


def refusal_message(reason):
    """The German refusal of a direct change of a live text that cannot be laid out (``reason``: why)."""
    return _(
        "Das PDF dieses Textes lässt sich nicht setzen: %(reason)s Es wurde nichts gespeichert; Leser sehen weiter "
        "die veröffentlichte Fassung und ihr PDF. Bitte kürzen oder ändern Sie den Text und speichern Sie erneut."
    ) % {"reason": reason}


def posted_source(interview, formsets, live):
    """What the PDF would show once the posted form is saved: built in memory from the form's unsaved objects.

    The questions and figures are the rows the formsets keep (added ones
    included, deleted ones left out; new rows after the others, as saving
    places them); a formset that is not posted keeps the saved rows. A newly
    chosen portrait or figure photo is read from the upload (a copy: the
    upload itself is saved later). ``live``: the live PDF's source, loaded
    before the form ran: a direct save (a restore too) keeps its status and
    publication, and the series' parts as readers see them. Reads only.
    """
    from interviews.editorial import pending
    from interviews.models import Figure, Question

    kept = {Question: None, Figure: None}
    for formset in formsets:
        if formset.model in kept and formset.is_bound:
            kept[formset.model] = [
                form.instance for form in formset.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")
            ]
    questions = kept[Question]
    if questions is None:
        questions = list(Question.objects.filter(interview_id=interview.pk).order_by("position", "pk"))
    data = pending.data_of(interview, {"questions": questions})
    _place_new_rows(data["questions"])
    figures = kept[Figure]
    if figures is not None:
        figures = sorted((_readable(figure, "image") for figure in figures), key=_position_key)
    source = screen_source(interview, data, figures=figures)
    shown = source.interview
    for name in fields.SHOWN_WORKFLOW:
        attname = Interview._meta.get_field(name).attname
        setattr(shown, attname, getattr(live.interview, attname))
    if shown.series_id == live.series.pk:
        source.series_closed = live.series_closed
        source.parts = [
            {**slot, "interview": shown} if slot["interview"] is not None and slot["interview"].pk == shown.pk else slot
            for slot in live.parts
        ]
    if interview.portrait and not interview.portrait._committed:
        source.interview.portrait = _upload_copy(interview.portrait)
    return source


def _place_new_rows(rows):
    """Rows without a place (added in the form) go after the others, in the form's order, as saving places them."""
    last = max((row.get("position") or 0 for row in rows), default=0)
    for row in rows:
        if not row.get("position") or row["position"] <= 0:
            last += 1
            row["position"] = last


def _position_key(row):
    return (row.position if row.position and row.position > 0 else 10**9, row.pk or 0)


def _readable(instance, name):
    """``instance`` itself, or – when its file ``name`` is a new upload – an unsaved copy reading a copy of it."""
    field_file = getattr(instance, name)
    if not field_file or field_file._committed:
        return instance
    copy = type(instance)(**{f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields})
    setattr(copy, name, _upload_copy(field_file))
    return copy


def _upload_copy(field_file):
    """A new upload as a file the layout may open and close (the PDF renderer does; the upload is saved later)."""
    from django.core.files.base import ContentFile

    upload = field_file.file
    position = upload.tell()
    upload.seek(0)
    data = upload.read()
    upload.seek(position)
    copy = type(field_file)(field_file.instance, field_file.field, field_file.name)
    copy.file = ContentFile(data, name=field_file.name)
    copy._committed = False
    return copy


# --- A change of a series, theme or Kommune that live PDFs show ------------------------------------------


def shown_change_refusal(sender, instance, children, **kwargs):
    """Receiver of ``core.content.change_refusals``: may ``instance`` (a series, theme or Kommune with its new values in
    memory; ``children``: the inline rows its form keeps, e.g. a Kommune's awards) be saved? German reason or None.

    Every live part whose PDF shows the row (``tasks.shown_by``: its own series, Kommune, themes, and the back pages
    naming its Kommune) is built in memory with the new values (``changed_source``). Which fields matter is what the
    PDF's source reads: a part whose layout fingerprint stays the same is not touched (a Kommune's description, its
    map position …); the others are laid out unless a recorded layout of exactly that text answers. Refused when a
    part whose live text lays out could no longer be set (a part that cannot be set already may be mended). Reads
    only, nothing recorded.
    """
    from interviews import tasks
    from interviews.models import Interview

    if instance.pk is None:
        return None
    parts = Interview.objects.filter(pk__in=tasks.shown_by(sender, instance, "save")).select_related("series")
    refused = []
    for part in parts.order_by("series__year", "series__title", "part"):
        live = pdf.load_source(part)
        changed = changed_source(pdf.load_source(part), instance, children)
        if pdf.layout_fingerprint(changed) == pdf.layout_fingerprint(live):
            continue
        reason = pdf.source_refusal(part.pk, changed, record=False)
        if reason and pdf.source_refusal(part.pk, live, record=False) is None:
            refused.append(
                _("Teil %(part)s der Reihe „%(series)s“ („%(title)s“): %(reason)s")
                % {"part": part.part, "series": part.series.title, "title": part.title, "reason": reason}
            )
    if not refused:
        return None
    return _(
        "Diese Änderung wird nicht gespeichert: das PDF dieser veröffentlichten oder geplanten Interviews ließe sich "
        "damit nicht mehr setzen. %(parts)s Es wurde nichts gespeichert; Leser sehen weiter die bisherigen PDFs."
    ) % {"parts": " ".join(refused)}


def changed_source(source, instance, children):
    """``source`` (a part's PDF as loaded) showing ``instance`` – a series, theme or Kommune with unsaved values –
    wherever it shows that row: the part's own series or Kommune (and the Kommune's awards from ``children``), its
    questions' themes, and the parts named on its back page. Changes ``source`` in memory; reads nothing."""
    from interviews.models import Series, Theme
    from interviews.selectors import theme_sections, with_figures
    from municipalities.models import Award, Kommune

    model = type(instance)
    shown = source.interview
    if model is Series and source.series.pk == instance.pk:
        source.series = shown.series = instance
    if model is Kommune and source.kommune.pk == instance.pk:
        source.kommune = shown.kommune = instance
        if Award in children:
            source.awards = sorted(children[Award], key=lambda award: (-award.year, award.category))
    if model is Theme:
        for question in source.questions:
            if question.theme_id == instance.pk:
                question.theme = instance
        source.groups = with_figures(theme_sections(source.questions), source.figures)
    for slot in source.parts:
        part = slot["interview"]
        if part is not None and model is Kommune and part.kommune_id == instance.pk:
            part.kommune = instance
        if part is not None and model is Series and part.series_id == instance.pk:
            part.series = instance
    return source


# --- „Satzspiegel prüfen“ -----------------------------------------------------------------


@task
def check_layout_task(interview_id, data=None):
    """Lay out the interview as the form showed it (``data``, a pending-version dict) and remember the outcome.

    Without ``data``: the saved interview (its pending version, if any). The
    interview and its questions are built in memory from ``data``
    (:func:`screen_source`); no content is written and no PDF stored. The
    outcome is remembered for exactly that text (``pdf.record_layout``:
    pdf_layout_* by update(), no signals): publishing reuses it when that
    text goes live. Returns a dict for the form: {"ok": True, "pages",
    "target", "fontSize", "lastFill"} or {"ok": False, "message"} (German).
    """
    from interviews.editorial import pending

    interview = Interview.objects.filter(pk=interview_id).first()
    if interview is None:
        return {"ok": False, "message": _("Das Interview gibt es nicht mehr.")}
    if data is None:
        data = pending.current_data(interview)
    source = screen_source(interview, data)
    try:
        result = pdf.fit(source, write=False)
    except pdf.PageBudgetError as error:
        pdf.record_layout(interview.pk, pdf.layout_fingerprint(source), pdf.layout_reason(error))
        return {"ok": False, "message": " ".join(error.messages)}
    except pdf.RenderTimeout as error:
        return {"ok": False, "message": str(error)}
    pdf.record_layout(interview.pk, pdf.layout_fingerprint(source))
    return {
        "ok": True,
        "pages": result.measure.pages,
        "target": source.interview.pages,
        "fontSize": formats.number_format(result.setting.font_size, 1),
        "lastFill": round(result.measure.last_fill * 100),
    }


def screen_source(interview, data, figures=None):
    """What the PDF of ``interview`` would show with ``data`` (a pending-version dict): built in memory, reads only.

    The saved interview is loaded as the PDF loads it (``pdf.load_source``);
    its fields and questions are then replaced by ``data`` on the unsaved
    objects in memory. Series and Kommune follow a changed choice.
    ``figures``: the figures of that version (Figure instances, saved or
    not); None keeps the saved ones.
    """
    from interviews.editorial import pending
    from interviews.models import Kommune, Question, Theme
    from interviews.pdf.source import load_source
    from interviews.selectors import part_slots, series_closed, theme_sections, with_figures

    source = load_source(interview)
    shown = source.interview
    pending.set_fields(shown, data["interview"], pending.content_fields())
    if shown.series_id != source.series.pk:
        source.series = shown.series = Series.objects.get(pk=shown.series_id)
        source.parts, source.series_closed = part_slots(source.series), series_closed(source.series)
    if shown.kommune_id != source.kommune.pk:
        source.kommune = shown.kommune = Kommune.objects.get(pk=shown.kommune_id)
        source.awards = sorted(source.kommune.awards.all(), key=lambda a: (-a.year, a.category))
    # The back page lists the series' public parts: this one with its shown title and Kommune.
    source.parts = [
        {**slot, "interview": shown} if slot["interview"] is not None and slot["interview"].pk == shown.pk else slot
        for slot in source.parts
    ]
    themes = Theme.objects.in_bulk({row["theme_id"] for row in data["questions"]})
    questions = []
    for row in sorted(data["questions"], key=lambda row: row.get("position") or 0):
        question = Question(interview=shown, pk=row.get("id"))
        pending.set_fields(question, row, pending.child_fields(Question))
        question.answer = richtext.sanitize(question.answer)
        question.theme = themes[question.theme_id]
        questions.append(question)
    source.questions = questions
    source.word_count = sum(richtext.word_count(question.answer) for question in questions)
    if figures is not None:
        source.figures = list(figures)
    source.groups = with_figures(theme_sections(questions), source.figures)
    return source


def screen_data(model_admin, request, interview):
    """The interview as the posted form shows it (unsaved changes included), as a pending-version dict.

    The admin's own form and question forms clean the posted values (Office
    paste cleaning, allow-list); a value that does not validate keeps the
    saved one. Reads only: nothing is saved, the version check is not asked.
    """
    from interviews.editorial import pending
    from interviews.editorial.admin import QuestionForm

    posted = request.POST.copy()
    form = model_admin.get_form(request, interview, change=True)(posted, instance=interview)
    form.is_valid()  # fills form.instance (in memory) with every value that validated
    prefix = "questions"
    try:
        total = min(int(posted.get(f"{prefix}-TOTAL_FORMS", 0)), 1000)
    except ValueError:
        total = 0
    questions = []
    for index in range(total):
        row_prefix = f"{prefix}-{index}"
        if posted.get(f"{row_prefix}-DELETE") or not posted.get(f"{row_prefix}-question", "").strip():
            continue
        question_form = QuestionForm(posted, prefix=row_prefix)
        if not question_form.is_valid():
            continue
        question = question_form.instance
        question.pk = _int_or_none(posted.get(f"{row_prefix}-id"))
        question.position = _int_or_none(posted.get(f"{row_prefix}-position")) or index + 1
        questions.append(question)
    return pending.data_of(form.instance, {"questions": questions})


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def result_payload(result):
    """The JSON answer for a task result: finished (with its outcome) or still waiting."""
    if result.is_finished:
        if result.status == "SUCCESSFUL":
            return {"done": True, **result.return_value}
        return {"done": True, "ok": False, "message": _("Die Prüfung ist fehlgeschlagen.")}
    return {"done": False, "id": str(result.id)}


@staff_member_required
@require_http_methods(["POST"])
def queue_layout_check(request, object_id):
    """Queue „Satzspiegel prüfen“ for what the form shows (posted, unsaved); JSON (immediate backend: the result)."""
    from django.contrib import admin

    interview = get_object_or_404(Interview, pk=object_id)
    if not request.user.has_perm("interviews.change_interview"):
        raise PermissionDenied
    data = screen_data(admin.site.get_model_admin(Interview), request, interview) if request.POST else None
    result = check_layout_task.enqueue(interview.pk, data)
    payload = result_payload(result)
    if not payload["done"]:
        payload["poll"] = reverse("admin:interviews_interview_layout_check_result", args=[interview.pk, result.id])
    return JsonResponse(payload)


@staff_member_required
@require_http_methods(["GET"])
def layout_check_result(request, object_id, result_id):
    """The state of one queued „Satzspiegel prüfen“ (JSON)."""
    if not request.user.has_perm("interviews.change_interview"):
        raise PermissionDenied
    try:
        result = check_layout_task.get_result(result_id)
    except (TaskResultDoesNotExist, ValueError) as error:
        raise Http404 from error
    if list(result.args[:1]) != [int(object_id)]:
        raise Http404
    return JsonResponse(result_payload(result))


def admin_urls(admin_site):
    """The staff-only JSON endpoints, for InterviewAdmin.get_urls()."""
    from django.urls import path

    return [
        path(
            "<int:object_id>/satzspiegel/",
            admin_site.admin_view(queue_layout_check),
            name="interviews_interview_layout_check",
        ),
        path(
            "<int:object_id>/satzspiegel/<str:result_id>/",
            admin_site.admin_view(layout_check_result),
            name="interviews_interview_layout_check_result",
        ),
    ]
