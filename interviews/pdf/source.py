"""What one PDF shows: the data, loaded with a fixed number of queries, and its fingerprint."""

import hashlib
import json
from dataclasses import dataclass, field

from django.db.models import Prefetch

from core import richtext
from interviews import fields
from interviews.pdf.document import design_digest, imprint_data

# Bump when the code that shapes the PDF changes in a way the templates don't show.
CODE_VERSION = "pdf-2026-12-05.cover"


@dataclass
class Source:
    """Everything one PDF shows, loaded with a fixed number of queries."""

    interview: object
    series: object
    kommune: object
    awards: list
    questions: list
    parts: list  # selectors.part_slots(): public parts only
    series_closed: bool = False
    word_count: int = 0
    groups: list = field(default_factory=list)  # theme sections, each with the "figures" printed after it
    figures: list = field(default_factory=list)

    @property
    def cover_quote(self):
        """The question whose pull quote stands in for a missing portrait on the cover (or None).

        That pull quote is then printed on the cover only, not again in the text.
        """
        if self.interview.portrait:
            return None
        return next((q for q in self.questions if q.pull_quote), None)

    @property
    def reading_order(self):
        """The questions in the order the PDF prints them (theme by theme)."""
        return [q for group in self.groups for q in group["questions"]]

    @property
    def body_quotes(self):
        """The questions whose pull quote may print in the text, in reading order.

        The fit drops quotes from the end of this list when the text needs
        their room (``Setting.quotes_dropped``); the cover's stand-in is not in it.
        """
        on_cover = self.cover_quote
        return [q for q in self.reading_order if q.pull_quote and q is not on_cover]


def load_source(interview):
    """Load what the PDF of ``interview`` as stored shows (7 queries); see :func:`source_for`."""
    from interviews.models import Interview, Question

    interview = (
        Interview.objects.select_related("series", "kommune", "published_by")
        .prefetch_related(
            Prefetch("questions", queryset=Question.objects.select_related("theme").order_by("position", "pk")),
            "kommune__awards",
            "figures",
        )
        .get(pk=interview.pk)
    )
    return source_for(interview)


def source_for(interview):
    """What the PDF of an interview instance shows, as loaded (e.g. a pending version in memory).

    ``interview`` comes with its series, Kommune, the Kommune's awards and
    its questions in reading order (themes loaded) and its figures. The
    series' parts come from ``selectors.part_slots`` (public parts only, as
    on the web's series page); questions are grouped by theme with
    ``selectors.theme_sections`` (the web page's order), with the figures
    after the themes as on the web page (``selectors.with_figures``). Reads the parts (3 queries), writes nothing.
    """
    from interviews.selectors import part_slots, series_closed, theme_sections, with_figures

    questions = list(interview.questions.all())
    source = Source(
        interview=interview,
        series=interview.series,
        kommune=interview.kommune,
        awards=sorted(interview.kommune.awards.all(), key=lambda a: (-a.year, a.category)),
        questions=questions,
        parts=part_slots(interview.series),
        series_closed=series_closed(interview.series),
    )
    source.word_count = sum(richtext.word_count(q.answer) for q in questions)
    source.figures = list(interview.figures.all())
    source.groups = with_figures(theme_sections(questions), source.figures)
    return source


def cover_source(interview):
    """What the cover of ``interview`` shows as a form holds it (unsaved values), for ``fitting.cover_refusal``.

    The stored questions give the themes listed on the cover and the pull quote standing in for a
    missing portrait; a new interview lists all the series' themes. Reads the Kommune's awards and
    the questions (or the series' themes); writes nothing.
    """
    from interviews.selectors import theme_sections

    questions = list(interview.questions.select_related("theme").order_by("position", "pk")) if interview.pk else []
    groups = theme_sections(questions) or [{"theme": theme, "questions": []} for theme in interview.series.themes.all()]
    return Source(
        interview=interview,
        series=interview.series,
        kommune=interview.kommune,
        awards=list(interview.kommune.awards.all()),
        questions=questions,
        parts=[],
        groups=groups,
    )


def fingerprint(source, layout_only=False):
    """SHA-256 of everything the PDF shows; the stored file is re-rendered when it changes.

    ``layout_only`` leaves out what does not move text (status, publication
    date): the key under which a fitted setting is remembered.
    """
    i, s, k = source.interview, source.series, source.kommune
    data = {
        "code": CODE_VERSION,
        "design": design_digest(),
        # What readers see of the interview and its questions (interviews.fields); the status and
        # publication date too, unless only the layout counts.
        "interview": [i.pk, *fields.reader_values(i, shown_workflow=not layout_only)],
        "questions": [[q.pk, *fields.reader_values(q)] for q in source.questions],
        "figures": [[f.pk, *fields.reader_values(f)] for f in source.figures],
        "kommune": [k.name, k.slug, k.kind, k.state, k.population, k.akk_member, k.logo.name, k.logo_alt],
        "awards": [[a.year, a.category] for a in source.awards],
        "series": [
            s.title,
            s.subtitle,
            s.year,
            s.planned_parts,
            s.pages_per_part,
            s.publication_line,
            s.description,
            s.funding_body,
            s.funding_programme,
            s.funding_project,
            s.grant_number,
            s.funding_notice,
        ],
        "themes": [
            [t.pk, t.title, t.question, t.position, t.print_color]
            for t in {q.theme.pk: q.theme for q in source.questions}.values()
        ],
        "parts": [_slot_data(slot) for slot in source.parts],
        "series_closed": source.series_closed,
        "imprint": imprint_data(),
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def _slot_data(slot):
    """The public fields of a part slot (nothing of an unpublished interview)."""
    part = slot["interview"]
    if part is None:
        return [slot["part"], str(slot["expected"])]
    return [slot["part"], part.pk, part.title, part.kommune.name, str(part.published_at)]
